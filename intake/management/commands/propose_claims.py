from django.core.management.base import BaseCommand, CommandError

from claims.models import Article
from intake.services import candidates_propose


class Command(BaseCommand):
    help = (
        "Proposes candidate claims for the given articles (all articles if none is given). "
        "Sentences that already hold a claim or a rejected candidate are not proposed again."
    )

    def add_arguments(self, parser):
        parser.add_argument("article_ids", nargs="*", type=int, metavar="ARTICLE_ID")

    def handle(self, *args, article_ids, **options):
        articles = Article.objects.order_by("pk")
        if article_ids:
            articles = articles.filter(pk__in=article_ids)
            missing = set(article_ids) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
        for article in articles.select_related("outlet"):
            count = len(candidates_propose(article=article))
            self.stdout.write(f"Article {article.pk}: {count} new candidate claims.")
