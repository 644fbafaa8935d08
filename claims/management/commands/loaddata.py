"""Django's loaddata, checked: a fixture that breaks factcheck's rules loads nothing.

loaddata writes rows raw, skipping model validation and save(). This version
validates every field of factcheck's own records before writing them, the
non-editable ones (a claim's status and version) included, so a `javascript:`
link, an unknown rating or an unknown status is refused. Once everything is
written it checks that each article's hash fits its text, each claim's quote is
the article text at its offsets, and each claim the fixture touches is in a
state the workflow can produce (ClaimQuerySet.impossible_states). Any failure
raises inside loaddata's transaction, so the database is left exactly as it
was, and the message names the record at fault and the rule it breaks.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError
from django.db.models import F

from claims.models import Article, Claim, RatingLevel, Review, ReviewDraft, Verdict, VerdictRevision
from claims.models.ratings import forget_scale

RATED_MODELS = (Review, ReviewDraft, Verdict, VerdictRevision)


def _describe(obj):
    return f"{obj._meta.label}(pk={obj.pk})"


def _validate_fields(instance):
    """Every field's problems, {name: [messages]}, the non-editable fields included.

    Model.clean_fields runs each field's validators (lengths, ranges) but
    Field.validate skips the choices and null checks of non-editable fields
    such as Claim.status; those are made here with Django's own messages.
    """
    problems = {}
    relations = {f.name for f in instance._meta.fields if f.is_relation}
    try:
        instance.clean_fields(exclude=relations)
    except ValidationError as error:
        problems.update(error.message_dict)
    for name in ("rating", "blind_rating"):
        # A rating is a level's id (no choices on the field, the scale is data).
        value = getattr(instance, name, None)
        if (
            isinstance(instance, RATED_MODELS)
            and value is not None
            and not RatingLevel.objects.filter(pk=value).exists()
        ):
            problems[name] = [f"{value!r} is not a level of the rating scale."]
    for field in instance._meta.concrete_fields:
        if field.editable or field.is_relation or field.generated or field.name in problems:
            continue
        value = getattr(instance, field.attname)
        choices = {choice for choice, _label in field.flatchoices}
        if value is None and not field.null:
            problems[field.name] = [str(field.error_messages["null"])]
        elif value is not None and choices and value not in choices:
            message = field.error_messages["invalid_choice"] % {"value": value}
            problems[field.name] = [str(message)]
    return problems


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        self.checked_articles = []
        self.checked_claims = []
        self.touched_claims = set()
        try:
            super().loaddata(fixture_labels)
        except DeserializationError as error:
            # Django's message names the file but drops the parser's reason.
            reason = error.__cause__ or error.__context__
            raise CommandError(f"{error} {reason}".strip()) from None
        except DatabaseError as error:
            # Deferred foreign keys are checked at the end, naming table and row.
            raise CommandError(f"Could not load the fixture: {error}") from None
        self.check_articles()
        self.check_claims()
        self.check_workflow_states()
        # Rows are written raw, past RatingLevel.save: a loaded level must not wait
        # for the cached scale to expire.
        forget_scale()

    def save_obj(self, obj):
        instance = obj.object
        if instance._meta.app_label == "claims":
            problems = _validate_fields(instance)
            if problems:
                problems = "; ".join(
                    f"{field}: {' '.join(messages)}" for field, messages in problems.items()
                )
                raise CommandError(f"Could not load {_describe(instance)}: {problems}") from None
            if isinstance(instance, Article):
                self.checked_articles.append(instance.pk)
            elif isinstance(instance, Claim):
                if instance.end - instance.start != len(instance.quote):
                    raise CommandError(
                        f"Could not load {_describe(instance)}: its offsets {instance.start}-"
                        f"{instance.end} do not span its quote of {len(instance.quote)} characters."
                    )
                self.checked_claims.append(instance.pk)
                self.touched_claims.add(instance.pk)
            elif getattr(instance, "claim_id", None) is not None:
                # A workflow record: its claim's state is checked with it.
                self.touched_claims.add(instance.claim_id)
            # Fixtures are not edits: keep them out of the change history.
            instance.skip_history_when_saving = True
        try:
            return super().save_obj(obj)
        except DatabaseError as error:
            raise CommandError(f"Could not load {_describe(instance)}: {error}") from None
        finally:
            instance.__dict__.pop("skip_history_when_saving", None)

    def check_articles(self):
        articles = Article.objects.using(self.using).filter(pk__in=self.checked_articles)
        for pk, body, content_hash in articles.values_list("pk", "body", "content_hash"):
            if Article.hash_body(body) != content_hash:
                raise CommandError(
                    f"Could not load claims.Article(pk={pk}): content_hash is not the SHA-256 "
                    f"of its body (expected {Article.hash_body(body)})."
                )

    def check_claims(self):
        misnamed = (
            Claim.objects.using(self.using)
            .filter(pk__in=self.checked_claims)
            .exclude(claimant_name=F("claimant__name"))
            .values_list("pk", "claimant_name", "claimant__name")
            .first()
        )
        if misnamed:
            pk, text, name = misnamed
            raise CommandError(
                f"Could not load claims.Claim(pk={pk}): its claimant_name {text!r} is not "
                f"its claimant's name {name!r}."
            )
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

    def check_workflow_states(self):
        claims = Claim.objects.using(self.using).filter(pk__in=self.touched_claims)
        broken = claims.impossible_states()
        if broken:
            lines = [
                f"claims.Claim(pk={pk}) breaks {invariant.name}: {invariant.rule}."
                for pk, invariant in broken
            ]
            raise CommandError(
                "Could not load the fixture: a claim is in a state the workflow cannot produce.\n"
                + "\n".join(lines)
            )
