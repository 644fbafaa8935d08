from django.core.management import call_command
from django.core.management.base import BaseCommand

from claims.models import Article


class Command(BaseCommand):
    help = (
        "Loads the seed articles and claims (fixtures/articles.json) and the demo users, "
        "reviews and verdicts (fixtures/demo.json, with a numeric claim's figures in "
        "fixtures/demo_numbers.json) into a database that has no articles yet."
    )

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("The database already has articles, so the demo data was not loaded.")
            return
        call_command("loaddata", "articles", "demo", "demo_numbers", verbosity=options["verbosity"])
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded. Log in as reviewer, reviewer2, editor or admin "
                "(password: factcheck-demo). These accounts are for the demo only."
            )
        )
