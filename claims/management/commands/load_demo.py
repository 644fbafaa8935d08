from django.core.management import call_command
from django.core.management.base import BaseCommand

from claims.models import Article


class Command(BaseCommand):
    help = (
        "Loads the seed articles and claims (fixtures/articles.json) and the demo users, "
        "reviews and verdicts (fixtures/demo.json), and the desk's tags on claims "
        "(fixtures/tags.json) into a database that has no articles yet."
    )

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("The database already has articles, so the demo data was not loaded.")
            return
        call_command("loaddata", "articles", "demo", "tags", verbosity=options["verbosity"])
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded. Log in as reviewer, reviewer2, editor or admin "
                "(password: factcheck-demo). These accounts are for the demo only."
            )
        )
