from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.fetching import FetchRefused
from claims.validators import is_web_url
from external.claimreview import Unreadable
from external.models import Feed, url_key
from external.services import import_data, read_feed


class Command(BaseCommand):
    help = (
        "Imports other organisations' fact-checks (ClaimReview) from an address or a file: a "
        "page with ClaimReview markup, a JSON feed, or the Data Commons feed format. Runs here, "
        "without a worker. --follow reads the address again each time "
        "refresh_claimreview_feeds runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="An http(s) address, or a file's path.")
        parser.add_argument("--follow", action="store_true", help="Follow the address.")

    def handle(self, *args, source, follow, **options):
        try:
            if is_web_url(source):
                feed = Feed.objects.get_or_create(
                    url_key=url_key(source), defaults={"url": source}
                )[0]
                if follow and not feed.followed:
                    Feed.objects.filter(pk=feed.pk).update(followed=True)
                outcome = read_feed(feed)
            else:
                if follow:
                    raise CommandError("--follow is for addresses; a file is read once.")
                path = Path(source)
                if not path.is_file():
                    raise CommandError(f"There is no file {source}.")
                outcome = import_data(path.read_bytes())
        except (FetchRefused, Unreadable) as error:
            raise CommandError(f"{source} was not read: {error}.") from None
        except OSError as error:
            raise CommandError(
                f"{source} could not be read now ({error}); try again later."
            ) from None
        self.stdout.write(f"{source}: {outcome}.")
