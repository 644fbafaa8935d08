from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intake.quality import LABELS, measure


class Command(BaseCommand):
    help = "Prints recall and precision of the candidate claims against the labelled seed articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            default=str(settings.FACTCHECK_SEED_ARTICLES),
            help="Folder of the seed article .txt files.",
        )
        parser.add_argument("--labels", default=str(LABELS), help="The labelled set (JSON).")

    def handle(self, *args, articles, labels, **options):
        try:
            q = measure(articles, labels)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Labelled claims: {q.labels} ({q.number_labels} with a number or date)\n"
            f"Candidates: {q.candidates}\n"
            f"Recall: {q.recall:.2f} ({q.found_labels}/{q.labels})\n"
            f"Recall of number-bearing claims: {q.number_recall:.2f} "
            f"({q.found_number_labels}/{q.number_labels})\n"
            f"Precision: {q.precision:.2f} ({q.matching_candidates}/{q.candidates})"
        )
        for name, quote in q.missed:
            self.stdout.write(f"Missed in {name}: {quote}")
