"""What the API says of each record, as the caller may see it.

The rules of who sees what are the pages' own: other reviewers' ratings and the verdict
only where `verdict_visible` (ClaimQuerySet.verdict_visible_to) is true, retracted
evidence for editors only (Evidence.is_shown_to), a reviewer's draft never, and notes
only as Note.objects.visible_to lets the caller read them (the independent-review rule).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import roles
from claims.models import (
    Article,
    Claim,
    Evidence,
    Note,
    NoteRevision,
    RatingLevel,
    Review,
    Verdict,
    WorkflowError,
)
from claims.models.evidence import CORRECTABLE_FIELDS


class MeSerializer(serializers.Serializer):
    """Who the API takes the caller to be, and the token they came with."""

    username = serializers.CharField(source="get_username")
    name = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    token = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return roles.display_name(user)

    def get_role(self, user) -> str:
        return str(roles.role_name(user))

    def get_token(self, user) -> dict | None:
        token = self.context["request"].auth
        if not hasattr(token, "prefix"):
            return None
        return {"name": token.name, "prefix": token.prefix, "expires_at": token.expires_at}


class RatingField(serializers.Field):
    """A rating as its level's number (the seeded 5 True … 1 False, 0 Unverifiable, and
    any level the desk added) and its label. Input must be an active level."""

    def to_representation(self, value):
        level = RatingLevel.objects.scale().get(value)
        return {"value": level.pk, "label": str(level.label)}

    def to_internal_value(self, data):
        scale = RatingLevel.objects.scale()
        try:
            return scale.require_offered(int(data)).pk
        except (TypeError, ValueError, WorkflowError):
            choices = ", ".join(f"{pk} ({label})" for pk, label in scale.choices())
            raise serializers.ValidationError(f"A rating is one of {choices}.") from None


RatingField = extend_schema_field(
    {
        "type": "object",
        "properties": {"value": {"type": "integer"}, "label": {"type": "string"}},
    }
)(RatingField)


def person(user):
    return (
        None
        if user is None
        else {"username": user.get_username(), "name": roles.display_name(user)}
    )


class ArticleBriefSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", default=None)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "outlet", "published_on"]


class VerdictSerializer(serializers.ModelSerializer):
    rating = RatingField()

    class Meta:
        model = Verdict
        fields = ["rating", "reporting", "summary", "as_of", "settled_at", "published_at"]


class ClaimListSerializer(serializers.ModelSerializer):
    """A row of the claims list."""

    article = ArticleBriefSerializer()
    page = serializers.SerializerMethodField(help_text="The claim's page in the workbench.")
    reviews_submitted = serializers.IntegerField(source="review_count")
    reviewers_assigned = serializers.IntegerField(source="assignment_count")
    verdict = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField(
        help_text="The desk's tags on the claim, by name (internal: not on the public pages)."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "statement",
            "status",
            "kind",
            "priority",
            "due",
            "claimant_name",
            "tags",
            "article",
            "reviews_submitted",
            "reviewers_assigned",
            "verdict",
            "version",
            "updated_at",
            "page",
        ]

    def get_page(self, claim) -> str:
        return self.context["request"].build_absolute_uri(claim.get_absolute_url())

    def get_tags(self, claim) -> list[str]:
        # From the tag_list annotation of the list's (and the claim's) one query.
        return [name for _pk, name in claim.tag_pairs()]

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim):
        verdict = getattr(claim, "verdict", None)
        if verdict is None or not claim.verdict_visible:
            return None
        return VerdictSerializer(verdict).data


class EvidenceSerializer(serializers.ModelSerializer):
    added_by = serializers.SerializerMethodField()
    primary_confirmed = serializers.SerializerMethodField()
    retracted = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        # What a correction may change, then who added it and what became of it.
        fields = [
            "id",
            *CORRECTABLE_FIELDS,
            "added_by",
            "added_at",
            "primary_confirmed",
            "retracted",
        ]

    def get_added_by(self, item) -> dict | None:
        return person(item.added_by)

    def get_primary_confirmed(self, item) -> bool:
        return item.is_confirmed_primary()

    def get_retracted(self, item) -> dict | None:
        if not item.is_retracted():
            return None
        return {"at": item.retracted_at, "reason": item.retraction_reason}


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.SerializerMethodField()
    rating = RatingField()
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "reviewer",
            "rating",
            "reporting",
            "confidence",
            "rationale",
            "evidence",
            "submitted_at",
            "revised_at",
            "revision_reason",
        ]

    def get_reviewer(self, review) -> dict:
        return person(review.reviewer)


class ClaimSerializer(ClaimListSerializer):
    """A claim with its quote, evidence, reviews and verdict, as the caller may see them."""

    claimant = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    reviewers = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    # Counted from the rows the claim's queryset fetched (for_page), not counted again.
    reviews_submitted = serializers.SerializerMethodField()
    reviewers_assigned = serializers.SerializerMethodField()

    class Meta(ClaimListSerializer.Meta):
        fields = [
            *ClaimListSerializer.Meta.fields,
            "quote",
            "start",
            "end",
            "claimant",
            "value",
            "unit",
            "period",
            "evidence",
            "reviewers",
            "reviews",
        ]

    def get_reviews_submitted(self, claim) -> int:
        return len(claim.reviews.all())

    def get_reviewers_assigned(self, claim) -> int:
        return len(claim.assignments.all())

    def get_claimant(self, claim) -> dict | None:
        claimant = claim.claimant
        return None if claimant is None else {"id": claimant.pk, "name": claimant.name}

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, claim):
        user = self.context["request"].user
        return EvidenceSerializer(
            [e for e in claim.evidence.all() if e.is_shown_to(user)], many=True
        ).data

    def get_reviewers(self, claim) -> list[dict]:
        submitted = {r.reviewer_id for r in claim.reviews.all()}
        return [
            {**person(a.reviewer), "submitted": a.reviewer_id in submitted}
            for a in claim.assignments.all()
        ]

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, claim):
        """Every review once the caller may see ratings; before that, their own alone."""
        user = self.context["request"].user
        reviews = claim.reviews.all()
        if not claim.verdict_visible:
            reviews = [r for r in reviews if r.reviewer_id == user.pk]
        return ReviewSerializer(reviews, many=True).data


class ArticleListSerializer(ArticleBriefSerializer):
    claims = serializers.IntegerField(source="claim_count", help_text="Claims worked on.")
    published = serializers.IntegerField(source="published_count")
    page = serializers.SerializerMethodField()

    class Meta(ArticleBriefSerializer.Meta):
        fields = [
            *ArticleBriefSerializer.Meta.fields,
            "author",
            "created_at",
            "claims",
            "published",
            "page",
        ]

    def get_page(self, article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())


class ArticleSerializer(ArticleListSerializer):
    """An article with its text exactly as imported (claims' offsets count in it)."""

    claims = serializers.SerializerMethodField()
    published = None

    class Meta(ArticleBriefSerializer.Meta):
        fields = [
            *ArticleBriefSerializer.Meta.fields,
            "author",
            "created_at",
            "body",
            "claims",
            "page",
        ]

    @extend_schema_field(ClaimListSerializer(many=True))
    def get_claims(self, article):
        return ClaimListSerializer(article.api_claims, many=True, context=self.context).data


class NoteRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoteRevision
        fields = ["body", "written_at", "replaced_at"]


class NoteSerializer(serializers.ModelSerializer):
    """A note on a claim, its passage and its earlier wordings; the API's only door to notes
    is Note.objects.visible_to, so a note here is one the caller may read."""

    author = serializers.SerializerMethodField()
    anchor = serializers.SerializerMethodField()
    resolved = serializers.SerializerMethodField()
    revisions = NoteRevisionSerializer(many=True, read_only=True)

    class Meta:
        model = Note
        fields = [
            "id",
            "body",
            "author",
            "by_editor",
            "anchor",
            "created_at",
            "edited_at",
            "resolved",
            "revisions",
        ]

    def get_author(self, note) -> dict | None:
        return person(note.author)

    def get_anchor(self, note) -> dict | None:
        if not note.is_anchored():
            return None
        return {
            "on": note.anchor_on,
            "start": note.anchor_start,
            "end": note.anchor_end,
            "text": note.anchor_text,
        }

    def get_resolved(self, note) -> dict | None:
        if not note.is_resolved():
            return None
        return {"at": note.resolved_at, "by": person(note.resolved_by)}
