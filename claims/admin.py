"""The back office: every model in Django's admin.

Claims move through the workflow only by the methods on Claim, here called by
admin actions exactly as the workbench views call them. The rows those methods
write (assignments, reviews, verdicts, status changes) are read-only here, so
the admin cannot put a claim in a state the workflow would not reach.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.db.models.functions import Length
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as UnusedTaggitTag

from . import roles
from .models import (
    EVIDENCE_CLOSED,
    Article,
    Assignment,
    Claim,
    Claimant,
    ClaimantMerge,
    Evidence,
    Measure,
    Outlet,
    RatingLevel,
    Review,
    SavedView,
    Snapshot,
    SourceFigure,
    StatusChange,
    ToleranceRule,
    Verdict,
    VerdictRevision,
    WorkflowError,
    count_of,
    offered_ratings,
)
from .models.evidence import CORRECTABLE_FIELDS
from .models.quoting import QuoteAmbiguous

# Forms for the actions' confirmation pages.


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.get_username()})" if full_name else obj.get_username()


class AssignReviewersForm(forms.Form):
    reviewers = ReviewerChoiceField(
        label=_("Reviewers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the Reviewer group. Reviewers already assigned are skipped."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=roles.REVIEWER)
            .order_by("username")
        )


class SettleClaimsForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Verdict"), choices=offered_ratings, coerce=int, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("The public explanation of the verdict, the same for every selected claim."),
    )


class ClaimAdminForm(forms.ModelForm):
    """The offsets follow from the quote (Article.locate_quote); the start only picks a place.

    The quote is stored as the article writes it, whatever case and spacing
    were typed. The start is needed only when the words stand in several places.
    """

    class Meta:
        model = Claim
        fields = [
            "article",
            "quote",
            "start",
            "statement",
            "claimant",
            "kind",
            "value",
            "unit",
            "period",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "start" in self.fields:  # read-only once the quote is frozen
            self.fields["start"].required = False
            self.fields["start"].help_text = _(
                "Found from the quote; give it only when the words appear more than once."
            )

    def clean(self):
        cleaned = super().clean()
        article, quote, start = (cleaned.get(f) for f in ("article", "quote", "start"))
        if article and quote:
            self.instance.article, self.instance.quote = article, quote
            try:
                self.instance.place_quote(start)
            except QuoteAmbiguous as error:
                starts = ", ".join(str(p.start) for p in error.occurrences)
                self.add_error(
                    "start",
                    _("The words appear %(count)s times, starting at %(starts)s: give one.")
                    % {"count": error.count, "starts": starts},
                )
            except ValidationError as error:
                self.add_error(None, error)
            else:
                cleaned.update(quote=self.instance.quote, start=self.instance.start)
        return cleaned


class EvidenceAdminForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["claim", *CORRECTABLE_FIELDS]

    def clean_claim(self):
        claim = self.cleaned_data["claim"]
        if not claim.can_add_evidence():
            # Claim.add_evidence refuses it too; said here before saving.
            raise ValidationError(EVIDENCE_CLOSED % {"status": claim.get_status_display().lower()})
        return claim


# Shared behaviour.


def _correct(evidence, user):
    """An admin's change to evidence, made as the workbench makes it (Evidence.correct)."""
    stored = Evidence.objects.select_related("claim").get(pk=evidence.pk)
    stored.correct(by=user, **{f: getattr(evidence, f) for f in CORRECTABLE_FIELDS})


class WorkflowRecordMixin:
    """Rows written by the workflow: viewable, never added or edited by hand.

    Deleting one can leave a claim in a state the workflow would not produce,
    so only superusers may, knowingly.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def claim_label(claim):
    return _("Claim %(pk)s “%(text)s”") % {
        "pk": claim.pk,
        "text": Truncator(str(claim)).chars(60),
    }


# Outlets and articles.


class VerdictRatingFilter(admin.SimpleListFilter):
    """The verdict's rating, offered from the scale (retired levels too) rather than
    from a look at every verdict."""

    title = _("verdict")
    parameter_name = "verdict__rating"

    def lookups(self, request, model_admin):
        return RatingLevel.objects.scale().all_choices()

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        try:
            return queryset.filter(verdict__rating=int(value))
        except ValueError:
            return queryset.none()


@admin.register(RatingLevel)
class RatingLevelAdmin(admin.ModelAdmin):
    """The desk's rating scale. A level some rating holds is retired, never deleted."""

    list_display = [
        "label",
        "position",
        "claimreview_rating_value",
        "public_name",
        "colour",
        "retired",
    ]
    list_filter = ["retired"]
    prepopulated_fields = {"slug": ["label"]}
    fields = [
        "label",
        "slug",
        "description",
        "position",
        "colour",
        "claimreview_rating_value",
        "alternate_name",
        "retired",
    ]
    actions = ["retire_levels"]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Deleting many at once would skip the in-use check each delete makes.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("ClaimReview alternateName"))
    def public_name(self, obj):
        return obj.public_name

    @admin.action(description=_("Retire selected levels"), permissions=["change"])
    def retire_levels(self, request, queryset):
        levels = list(queryset)
        for level in levels:
            level.retire()
        self.message_user(
            request,
            _("Retired: %(levels)s. Ratings already given keep them.")
            % {"levels": ", ".join(str(level) for level in levels)},
            messages.SUCCESS,
        )

    def delete_view(self, request, object_id, extra_context=None):
        level = self.get_object(request, object_id)
        if level is not None and level.in_use():
            self.message_user(
                request,
                _("“%(level)s” is in use, so it cannot be deleted; retire it instead.")
                % {"level": level},
                messages.ERROR,
            )
            return redirect(reverse("admin:claims_ratinglevel_change", args=[level.pk]))
        return super().delete_view(request, object_id, extra_context)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage", "article_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


class ClaimantMergeInline(admin.TabularInline):
    model = ClaimantMerge
    fields = ["merged_name", "merged_by", "merged_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    """Renaming a claimant here renames it on every claim (Claimant.save); duplicates are
    merged from the claimant's page in the workbench (Claimant.merge_into)."""

    list_display = ["name", "kind", "description", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "description"]
    fields = ["name", "kind", "description", "same_as", "aliases", "created_at"]
    readonly_fields = ["created_at"]
    inlines = [ClaimantMergeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=count_of(Claim, "claimant"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "author", "published_on", "body_length", "claim_count"]
    list_filter = ["outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "author", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    readonly_fields = ["content_hash", "created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(body_length=Length("body"), claim_count=Count("claims"))
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.claims.exists():
            # Claims point into the body by character offsets; editing it would break them.
            fields.append("body")
        return fields

    @admin.display(description=_("body length"), ordering="body_length")
    def body_length(self, obj):
        return obj.body_length

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


# Claims and their inlines.


class EvidenceInline(admin.StackedInline):
    model = Evidence
    fields = [*CORRECTABLE_FIELDS, "added_by", "primary_confirmed_by", "retracted_at"]
    readonly_fields = ["added_by", "primary_confirmed_by", "retracted_at"]
    extra = 0
    # Evidence is retracted, never deleted: the record keeps what was cited.
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("added_by")

    def has_add_permission(self, request, obj=None):
        if obj is not None and not obj.can_add_evidence():
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.can_add_evidence():
            return False
        return super().has_change_permission(request, obj)


class ReviewInline(WorkflowRecordMixin, admin.StackedInline):
    model = Review
    fields = [
        "reviewer",
        "rating",
        "confidence",
        "rationale",
        "blind_rating",
        "blind_rationale",
        "revised_after_reveal",
        "revised_at",
        "revision_reason",
        "submitted_at",
        "updated_at",
    ]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")


class AssignmentInline(WorkflowRecordMixin, admin.TabularInline):
    model = Assignment
    fk_name = "claim"
    fields = ["reviewer", "assigned_by", "assigned_at"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("assignments (add reviewers with the “Assign reviewers” action)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer", "assigned_by")


class VerdictInline(WorkflowRecordMixin, admin.StackedInline):
    model = Verdict
    fields = ["rating", "summary", "editor", "settled_at", "published_at"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("editor")


class StatusChangeInline(WorkflowRecordMixin, admin.TabularInline):
    model = StatusChange
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = [
        "pk",
        "short_text",
        "article",
        "outlet",
        "status",
        "kind",
        "claimant_name",
        "review_count",
        "verdict_rating",
        "created_at",
    ]
    list_display_links = ["pk", "short_text"]
    list_filter = ["status", "kind", VerdictRatingFilter, "article__outlet"]
    list_select_related = ["article__outlet", "verdict"]
    search_fields = ["quote", "statement", "claimant_name", "article__title"]
    # Indexed (claim_updated), so the first page of a million claims is a short walk;
    # no date hierarchy, whose year list is a scan of every claim on every page view.
    ordering = ["-updated_at", "-pk"]
    show_full_result_count = False
    autocomplete_fields = ["article", "claimant"]
    fieldsets = [
        (None, {"fields": ["article", "quote", "start", "end", "statement", "claimant", "kind"]}),
        (_("Quantity"), {"fields": ["value", "unit", "period"]}),
        (_("Record"), {"fields": ["status", "score", "created_by", "created_at", "updated_at"]}),
    ]
    readonly_fields = ["end", "status", "score", "created_by", "created_at", "updated_at"]
    inlines = [EvidenceInline, AssignmentInline, ReviewInline, VerdictInline, StatusChangeInline]
    actions = ["assign_reviewers", "settle_claims", "publish_claims"]

    class Media:
        css = {"all": ["css/admin_claims.css"]}

    def get_queryset(self, request):
        # Counted for the page's rows only, not by grouping every claim with its reviews.
        return super().get_queryset(request).annotate(review_count=count_of(Review))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.quote_frozen():
            fields += [f for f in Claim.QUOTE_FIELDS if f not in fields]
        if obj is not None and obj.wording_frozen():
            fields += Claim.WORDING_FIELDS
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Evidence:
            super().save_formset(request, form, formset, change)
            return
        for evidence in formset.save(commit=False):
            if evidence.pk is None:
                form.instance.add_evidence(evidence, by=request.user)
            else:
                _correct(evidence, request.user)

    @admin.display(description=_("claim"), ordering="statement")
    def short_text(self, obj):
        return Truncator(str(obj)).chars(80)

    @admin.display(description=_("outlet"), ordering="article__outlet__name")
    def outlet(self, obj):
        return obj.article.outlet

    @admin.display(description=_("reviews"), ordering="review_count")
    def review_count(self, obj):
        return obj.review_count

    @admin.display(description=_("verdict"), ordering="verdict__rating")
    def verdict_rating(self, obj):
        verdict = getattr(obj, "verdict", None)
        return verdict.get_rating_display() if verdict else None

    # Workflow actions. Each claim moves on its own through the model's method,
    # which is atomic: a refused claim is left exactly as it was.

    def has_assign_permission(self, request):
        return request.user.has_perm("claims.assign_claim")

    def has_settle_permission(self, request):
        return request.user.has_perm("claims.settle_claim")

    def has_publish_permission(self, request):
        return request.user.has_perm("claims.publish_claim")

    @admin.action(description=_("Assign reviewers to selected claims"), permissions=["assign"])
    def assign_reviewers(self, request, queryset):
        form = AssignReviewersForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._action_page(
                request,
                queryset,
                form,
                action="assign_reviewers",
                title=_("Assign reviewers"),
                submit=_("Assign"),
            )
        reviewers = list(form.cleaned_data["reviewers"])
        self._move_each(
            request,
            queryset,
            lambda claim: claim.assign(reviewers, by=request.user),
            lambda new: (
                _("assigned %(names)s.") % {"names": ", ".join(roles.display_name(u) for u in new)}
            ),
        )
        return None

    @admin.action(description=_("Settle selected reviewed claims"), permissions=["settle"])
    def settle_claims(self, request, queryset):
        form = SettleClaimsForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._action_page(
                request,
                queryset,
                form,
                action="settle_claims",
                title=_("Settle claims"),
                submit=_("Settle"),
            )
        rating, summary = form.cleaned_data["rating"], form.cleaned_data["summary"]
        self._move_each(
            request,
            queryset,
            lambda claim: claim.settle(editor=request.user, rating=rating, summary=summary),
            lambda verdict: _("settled as %(rating)s.") % {"rating": verdict.get_rating_display()},
        )
        return None

    @admin.action(description=_("Publish selected settled claims"), permissions=["publish"])
    def publish_claims(self, request, queryset):
        self._move_each(
            request,
            queryset,
            lambda claim: claim.publish(editor=request.user),
            lambda verdict: _("published."),
        )

    def _move_each(self, request, queryset, move, describe):
        """Apply `move` to each claim, reporting per claim what was done or refused."""
        for claim in queryset:
            try:
                result = move(claim)
            except (WorkflowError, PermissionDenied) as refusal:
                self.message_user(request, f"{claim_label(claim)}: {refusal}", messages.ERROR)
            else:
                self.message_user(
                    request, f"{claim_label(claim)}: {describe(result)}", messages.SUCCESS
                )

    def _action_page(self, request, queryset, form, *, action, title, submit):
        """The intermediate page where an action asks for its input."""
        claims = queryset.prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer")),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        )
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "claims": claims,
            "form": form,
            "action": action,
            "submit": submit,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/claims/claim/workflow_action.html", context)


# Evidence, and the records of the workflow (read-only).


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    form = EvidenceAdminForm
    list_display = ["title", "claim", "stance", "source_type", "publisher", "added_by", "added_at"]
    list_filter = ["stance", "source_type"]
    list_select_related = ["claim", "added_by"]
    search_fields = ["title", "publisher", "url", "excerpt"]
    date_hierarchy = "added_at"
    autocomplete_fields = ["claim"]
    readonly_fields = ["added_by", "added_at", "primary_confirmed_by", "retracted_at"]

    def has_delete_permission(self, request, obj=None):
        # Evidence is retracted, never deleted: the record keeps what was cited.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            _correct(obj, request.user)
        else:
            obj.claim.add_evidence(obj, by=request.user)


@admin.register(Assignment)
class AssignmentAdmin(WorkflowRecordMixin, admin.ModelAdmin):
    list_display = ["claim", "reviewer", "assigned_by", "assigned_at"]
    list_filter = [("reviewer", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["claim", "reviewer", "assigned_by"]
    search_fields = ["reviewer__username", "claim__quote", "claim__statement"]
    date_hierarchy = "assigned_at"


@admin.register(Review)
class ReviewAdmin(WorkflowRecordMixin, admin.ModelAdmin):
    list_display = [
        "claim",
        "reviewer",
        "rating",
        "blind_rating",
        "revised_after_reveal",
        "confidence",
        "submitted_at",
        "updated_at",
    ]
    list_filter = [
        "rating",
        "blind_rating",
        "revised_after_reveal",
        "confidence",
        ("reviewer", admin.RelatedOnlyFieldListFilter),
    ]
    # Not form fields (never edited), so shown only when named here.
    readonly_fields = ["blind_rating", "blind_rationale", "revised_after_reveal", "revised_at"]
    list_select_related = ["claim", "reviewer"]
    search_fields = ["rationale", "reviewer__username", "claim__quote", "claim__statement"]
    date_hierarchy = "submitted_at"


@admin.register(Verdict)
class VerdictAdmin(WorkflowRecordMixin, admin.ModelAdmin):
    list_display = ["claim", "rating", "editor", "settled_at", "published_at"]
    list_filter = ["rating", ("editor", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["claim", "editor"]
    search_fields = ["summary", "claim__quote", "claim__statement"]
    date_hierarchy = "settled_at"


@admin.register(VerdictRevision)
class VerdictRevisionAdmin(WorkflowRecordMixin, admin.ModelAdmin):
    list_display = ["claim", "rating", "editor", "published_at"]
    list_filter = ["rating"]
    list_select_related = ["claim", "editor"]
    search_fields = ["summary", "claim__statement"]
    date_hierarchy = "published_at"


@admin.register(StatusChange)
class StatusChangeAdmin(WorkflowRecordMixin, admin.ModelAdmin):
    list_display = ["claim", "from_status", "to_status", "actor", "note", "created_at"]
    list_filter = ["to_status", "from_status", ("actor", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["claim", "actor"]
    search_fields = ["note", "claim__quote", "claim__statement"]
    date_hierarchy = "created_at"


@admin.register(Snapshot)
class SnapshotAdmin(WorkflowRecordMixin, admin.ModelAdmin):
    """Archived copies of cited pages, written by the snapshot job; asked for again from
    the claim page."""

    list_display = ["evidence", "status", "http_status", "asked_at", "fetched_at", "url"]
    list_filter = ["status", "http_status"]
    list_select_related = ["evidence"]
    search_fields = ["url", "final_url", "sha256", "evidence__title"]
    date_hierarchy = "asked_at"
    # The copy is linked through the view that checks who asks, never through MEDIA_URL.
    fields = [
        "evidence",
        "status",
        "asked_by",
        "asked_at",
        "fetched_at",
        "url",
        "final_url",
        "http_status",
        "content_type",
        "size",
        "sha256",
        "stored_copy",
        "error",
        "archive_url",
        "archive_error",
    ]
    readonly_fields = ["stored_copy"]

    @admin.display(description=_("stored copy"))
    def stored_copy(self, snapshot):
        if not (snapshot.is_archived() and snapshot.copy):
            return "—"
        href = reverse(
            "claims:stored_copy",
            args=[snapshot.evidence.claim_id, snapshot.evidence_id, snapshot.pk],
        )
        return format_html('<a href="{}">{}</a>', href, snapshot.copy_filename())


# django-taggit's own Tag table stays empty (claims.models.tags has the desk's tags, managed by
# editors on /tags/), so its admin page would only mislead.
if admin.site.is_registered(UnusedTaggitTag):
    admin.site.unregister(UnusedTaggitTag)


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "shared", "created_at"]
    list_filter = ["shared"]
    search_fields = ["name", "owner__username"]
    raw_id_fields = ["owner"]


# Numbers (claims/models/figures.py): the desk's tolerance rules are edited here, by
# editors too; a claim's structure and figures are recorded on its page and shown here.
@admin.register(ToleranceRule)
class ToleranceRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "max_relative_gap", "rating"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The rating is a level of the desk's scale, which is data: offer its active levels.
        if db_field.name == "rating":
            return forms.TypedChoiceField(
                label=db_field.verbose_name, choices=offered_ratings, coerce=int
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    list_filter = ["kind"]
    list_editable = ["max_relative_gap", "rating"]
    list_display_links = ["kind"]


class SourceFigureInline(admin.TabularInline):
    model = SourceFigure
    fields = ["series", "period", "value", "unit", "rate", "evidence", "entered_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["claim", "measured", "kind", "value", "unit", "chosen_series"]
    list_select_related = ["claim"]
    # Recorded on the claim page, through Measure's methods (who may, and until when).
    readonly_fields = [
        "claim",
        *Measure.STRUCTURE_FIELDS,
        "chosen_series",
        "choice_reason",
        "confirmed_by",
        "confirmed_at",
    ]
    inlines = [SourceFigureInline]

    def has_add_permission(self, request):
        return False
