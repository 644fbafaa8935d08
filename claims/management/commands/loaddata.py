"""Django's loaddata, checked: a fixture that breaks factcheck's rules loads nothing.

loaddata writes rows raw, skipping model validation and save(). This version
validates every field of factcheck's own records before writing them (so a
`javascript:` link or an unknown rating is refused) and, once everything is
written, checks that each article's hash fits its text and each claim's quote
is the article text at its offsets. Any failure raises inside loaddata's
transaction, so the database is left exactly as it was, and the message names
the record at fault.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata

from claims.models import Article, Claim


def _describe(obj):
    return f"{obj._meta.label}(pk={obj.pk})"


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        self.checked_articles = []
        self.checked_claims = []
        super().loaddata(fixture_labels)
        self.check_articles()
        self.check_claims()

    def save_obj(self, obj):
        instance = obj.object
        if instance._meta.app_label == "claims":
            relations = [f.name for f in instance._meta.fields if f.is_relation]
            try:
                instance.clean_fields(exclude=relations)
            except ValidationError as error:
                problems = "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
                raise CommandError(f"Could not load {_describe(instance)}: {problems}") from None
            if isinstance(instance, Article):
                self.checked_articles.append(instance.pk)
            elif isinstance(instance, Claim):
                self.checked_claims.append(instance.pk)
        return super().save_obj(obj)

    def check_articles(self):
        articles = Article.objects.using(self.using).filter(pk__in=self.checked_articles)
        for pk, body, content_hash in articles.values_list("pk", "body", "content_hash"):
            if Article.hash_body(body) != content_hash:
                raise CommandError(
                    f"Could not load claims.Article(pk={pk}): content_hash is not the SHA-256 "
                    f"of its body (expected {Article.hash_body(body)})."
                )

    def check_claims(self):
        wrong = (
            Claim.objects.using(self.using)
            .filter(pk__in=self.checked_claims)
            .with_quote_mismatch()
            .values_list("pk", "article_id", "start", "end", "text_at_offsets")
            .first()
        )
        if wrong:
            pk, article_id, start, end, actual = wrong
            raise CommandError(
                f"Could not load claims.Claim(pk={pk}): its quote is not the text of "
                f"claims.Article(pk={article_id}) at {start}-{end}, which reads {actual!r}."
            )
