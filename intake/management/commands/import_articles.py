from datetime import date

from django.core.management.base import BaseCommand, CommandError

from claims.validators import is_web_url
from intake.services import articles_import_paths


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date written YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Imports .txt and .html article files (or folders of them) and web pages (http:// or "
        "https:// links, fetched under FACTCHECK_FETCH_* rules) and proposes their candidate "
        "claims. Runs here and now, not on the job queue: no worker is needed. Exits with "
        "status 1 if any file or link was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or http(s) links to import.")
        parser.add_argument("--outlet", default="", help="Outlet name for every article.")
        parser.add_argument(
            "--url",
            default="",
            help="Address of the original (http or https), for a single file.",
        )
        parser.add_argument("--date", type=_date, default=None, help="Publication date.")

    def handle(self, *args, paths, outlet, url, date, **options):
        if url and not is_web_url(url):
            raise CommandError("--url must be a web address that starts with http:// or https://.")
        summary = articles_import_paths(paths, outlet=outlet, url=url, published_on=date)
        for name, article, count in summary.imported:
            self.stdout.write(
                self.style.SUCCESS(f"Imported {name}: article {article.pk} “{article.title}”")
                + f", {count} candidate claim{'s' if count != 1 else ''}."
            )
        for name, note in summary.notes:
            self.stdout.write(self.style.WARNING(f"Note on {name}: {note}."))
        for name, article in summary.present:
            self.stdout.write(f"Skipped {name}: already present as article {article.pk}.")
        for name, reason in summary.refused:
            self.stderr.write(self.style.ERROR(f"Refused {name}: {reason}."))
        self.stdout.write(
            f"{len(summary.imported)} imported, {len(summary.present)} already present, "
            f"{len(summary.refused)} refused."
        )
        if not summary.ok:
            raise SystemExit(1)
