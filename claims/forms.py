from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.renderers import Jinja2
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import REVISION_NEEDS_REASON, Claim, Claimant, Evidence, Priority, Rating, scheduling
from .models.evidence import CORRECTABLE_FIELDS
from .models.quoting import QuoteAmbiguous, QuoteNotFound
from .widgets import PickerField


class FilterForm(forms.Form):
    """The form of a list's filters, drawn with Django's own Jinja2 widget templates.

    The same markup as the Django-template widgets, three times faster: a filter
    form of selects with dozens of options is drawn on every list page view.
    """

    default_renderer = Jinja2()


class RowsField(forms.ModelMultipleChoiceField):
    """Rows chosen by number; a number no row can have (over a bigint, say) is refused as
    not a valid choice before the database is asked, where it would overflow."""

    def _check_values(self, value):
        from .access import MAX_ID

        for pk in value if isinstance(value, list | tuple) else [value]:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and not 0 < int(text) <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class UserChoiceField(RowsField):
    def label_from_instance(self, obj):
        return roles.display_name(obj)


class NoPlaceholderRadios:
    """Radio buttons offer only real choices.

    A model field with choices gets a blank "---------" choice in its form
    field; drawn as radio buttons, that blank one comes pre-checked, so the
    browser's own check of a required group never fires. Required radios lose it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required and isinstance(field.widget, forms.RadioSelect):
                field.choices = [(v, label) for v, label in field.choices if v not in ("", None)]


class EvidenceForm(NoPlaceholderRadios, forms.ModelForm):
    """A new item of evidence, or a correction of one."""

    class Meta:
        model = Evidence
        fields = CORRECTABLE_FIELDS
        widgets = {
            "stance": forms.RadioSelect,
            "source_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 2}),
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "accessed_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "url": _("For a web page: its address, starting with http:// or https://."),
            "excerpt": _("The passage that matters, quoted from the source."),
            "source_type": _(
                "A primary source is the original record (a statistics office's table, "
                "a law, a transcript). An editor confirms it before it counts for publishing."
            ),
        }


class RetractEvidenceForm(forms.Form):
    reason = forms.CharField(
        label=_("Why retract it?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the item; editors still see it, struck through."),
    )


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=Rating.choices, coerce=int, widget=forms.RadioSelect
    )
    confidence = forms.TypedChoiceField(
        label=_("Confidence"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is a guess, 5 is certain."),
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you checked and why it leads to this rating."),
    )
    evidence = RowsField(
        label=_("Evidence this review relies on"),
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, claim, evidence=None, revising=None, **kwargs):
        """`revising`: the reviewer's submitted review, which this form would revise."""
        super().__init__(*args, **kwargs)
        # Only this claim's evidence can be cited; a forged id is "not a valid choice".
        self.fields["evidence"].queryset = claim.evidence.live()
        if evidence is not None:
            self.fields["evidence"].choices = [
                (e.pk, e.title) for e in evidence if not e.is_retracted()
            ]
        self.revising = revising
        if revising is not None:
            # Required only for a real change: Review.would_change decides (clean).
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the revision"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "Required to change your review. Shown beside it, with the rating "
                    "you first submitted, which is kept."
                ),
            )

    def clean(self):
        cleaned = super().clean()
        if self.revising is None or self.errors or cleaned.get("reason", "").strip():
            return cleaned
        values = {k: cleaned[k] for k in ("rating", "confidence", "rationale", "evidence")}
        if self.revising.would_change(**values):
            self.add_error("reason", REVISION_NEEDS_REASON)
        return cleaned


class ReviewDraftForm(ReviewForm):
    """The review form as a draft: any field may still be blank."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["rating"].empty_value = None
        self.fields["confidence"].empty_value = None


class VersionedForm(forms.Form):
    """An editor's form that carries the claim's version as the editor saw it.

    The workflow method refuses the move if the claim has moved on since, so
    two editors acting at once cannot silently overwrite each other. Left
    blank (an old page, a script), no check is made.
    """

    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)


class DueDateField(forms.DateField):
    """A day for work to be due: today or later (claims.models.scheduling.due_refusal)."""

    widget = forms.DateInput(attrs={"type": "date"})
    default_error_messages = {"invalid": _("Enter a date as YYYY-MM-DD, such as 2026-12-31.")}

    def __init__(self, *args, keeps=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keeps = keeps  # a date already set, which may stay though it has passed

    def validate(self, value):
        super().validate(value)
        if value is not None and value == self.keeps:
            return
        refusal = scheduling.due_refusal(value)
        if refusal is not None:
            raise ValidationError(refusal, code="past")


class AssignForm(VersionedForm):
    reviewers = UserChoiceField(
        label=_("Reviewers"), queryset=roles.reviewers(), widget=forms.CheckboxSelectMultiple
    )
    due = DueDateField(
        label=_("Due date"),
        required=False,
        help_text=_("When their reviews are due; left blank, the claim's due date."),
    )

    def __init__(self, *args, claim, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = roles.reviewers().exclude(assignments__claim=claim)
        self.fields["reviewers"].queryset = queryset
        if choices is not None:
            field = self.fields["reviewers"]
            field.choices = [(u.pk, field.label_from_instance(u)) for u in choices]


class PlanForm(VersionedForm):
    """An editor's priority and due date for a claim (Claim.set_priority, Claim.set_due)."""

    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    due = DueDateField(
        label=_("Due date"),
        required=False,
        help_text=_(
            "When the verdict is wanted; reviewers assigned from now on are due then too. "
            "Leave blank for none."
        ),
    )

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due"].keeps = claim.due


class SettleForm(VersionedForm):
    rating = forms.TypedChoiceField(
        label=_("Verdict"), choices=Rating.choices, coerce=int, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The public explanation of the verdict."),
    )


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the claim's history."),
    )


class PublishForm(VersionedForm):
    # Sent by the preview page's button: publishing starts from the preview.
    previewed = forms.BooleanField(
        widget=forms.HiddenInput,
        initial=True,
        error_messages={"required": _("Open the preview and publish from there.")},
    )


class ClaimantPickerMixin(forms.Form):
    """The claimant picked by name, or a new one typed in.

    A name that is already a claimant's (or was, before a merge) picks that
    claimant rather than making a second one.
    """

    claimant = PickerField(lookup="claimants", label=_("Claimant"), required=False)
    new_claimant = forms.CharField(
        label=_("Or a new claimant"),
        required=False,
        max_length=200,
        help_text=_("Their name, if no claimant matches when you type it above."),
    )
    new_claimant_kind = forms.ChoiceField(
        label=_("New claimant is a"),
        choices=Claimant.Kind.choices,
        initial=Claimant.Kind.PERSON,
        required=False,
    )

    def setup_claimant_field(self):
        names = [n for n in self.fields if n not in ("new_claimant", "new_claimant_kind")]
        at = names.index("claimant") + 1
        names[at:at] = ["new_claimant", "new_claimant_kind"]
        self.order_fields(names)

    def clean_claimant_choice(self, cleaned):
        chosen, name = cleaned.get("claimant"), (cleaned.get("new_claimant") or "").strip()
        if chosen and name:
            self.add_error("new_claimant", _("Choose a claimant or type a new one, not both."))
        elif not chosen and not name:
            self.add_error("claimant", _("Choose who makes the claim, or type a new name."))
        elif name:
            known = Claimant.objects.named(name)
            if known is not None:
                cleaned["claimant"] = known
            else:  # made in save(), with the claim
                kind = cleaned.get("new_claimant_kind") or Claimant.Kind.PERSON
                self._new_claimant = Claimant(name=name, kind=kind)

    def save(self, commit=True):
        new = getattr(self, "_new_claimant", None)
        if new is None or new.pk is not None:
            return super().save(commit)
        if not commit:
            raise ValueError("A new claimant is saved with its claim: call save() with commit.")
        with transaction.atomic():
            new.save()
            self.instance.claimant = new
            return super().save(commit)


class ClaimantMergeForm(forms.Form):
    into = PickerField(
        lookup="claimants",
        label=_("Merge into"),
        help_text=_(
            "The claimant who stays. Their claims and names move there; this one is deleted."
        ),
    )

    def __init__(self, *args, claimant, **kwargs):
        super().__init__(*args, **kwargs)
        self.claimant = claimant

    def clean_into(self):
        into = self.cleaned_data["into"]
        if into is not None and into.pk == self.claimant.pk:
            raise ValidationError(_("Choose another claimant: one cannot be merged into itself."))
        return into


class ClaimForm(ClaimantPickerMixin, forms.ModelForm):
    """A claim from an article's words: selected on the page, or typed in.

    Nobody types an offset. A selection fills the hidden start and end; typed
    words are found by Article.locate_quote, forgiving of case and spacing.
    When they stand in several places, or nowhere, the form comes back with
    the places, or the nearest passages, to choose from (`place`). Every
    place is checked against the article's text here, never taken on trust.
    """

    quote = forms.CharField(
        label=_("Quote"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Select the words in the article's text, or type them here: case and spacing "
            "do not matter."
        ),
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Shown only when the typed words need a choice (see clean).
    place = forms.CharField(label=_("Which passage?"), required=False, widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = ["quote", "statement", "claimant", "kind", "value", "unit", "period"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.offered = []  # the passages offered when the typed words need a choice
        self.instance.article = article
        self.setup_claimant_field()
        names = [n for n in self.fields if n not in ("start", "end", "place")]
        self.order_fields(names[:1] + ["place", "start", "end"] + names[1:])

    def clean(self):
        cleaned = super().clean()
        self.clean_claimant_choice(cleaned)
        quote = cleaned.get("quote")
        if not quote:
            return cleaned
        try:
            passage = self._locate(quote, cleaned)
        except QuoteNotFound as error:
            self._offer(error.suggestions, _("Did you mean:"))
            self.add_error(None, error)
            return cleaned
        except QuoteAmbiguous as error:
            self._offer(error.occurrences, _("Which place do you mean?"))
            self.add_error(None, error)
            return cleaned
        except ValidationError as error:
            self.add_error(None, error)
            return cleaned
        self.instance.quote, self.instance.start, self.instance.end = (
            passage.text,
            passage.start,
            passage.end,
        )
        cleaned.update(quote=passage.text, start=passage.start, end=passage.end)
        if not cleaned.get("statement"):
            cleaned["statement"] = passage.text
        return cleaned

    def _locate(self, quote, cleaned):
        """The passage meant: the selection, a place chosen from those offered, or the words."""
        start, end, place = cleaned.get("start"), cleaned.get("end"), cleaned.get("place")
        if start is not None:
            return self.article.locate_quote(quote, start, end)
        try:
            return self.article.locate_quote(quote)
        except (QuoteNotFound, QuoteAmbiguous) as error:
            offered = getattr(error, "suggestions", None) or getattr(error, "occurrences", [])
            chosen = next((p for p in offered if p.key == place), None)
            if chosen is None:
                if place:
                    # A forged or stale choice: offer the places again.
                    self.add_error("place", _("Choose one of the passages offered."))
                raise
            return chosen

    def _offer(self, passages, label):
        """Show `passages` as radio choices, each in its context, the passage marked."""
        self.offered = passages
        if not passages:
            return
        field = self.fields["place"]
        field.label, field.label_suffix = label, ""
        field.widget = forms.RadioSelect(
            choices=[
                (
                    p.key,
                    format_html(
                        '<span class="passage">{}<mark>{}</mark>{}</span>',
                        p.before,
                        p.text,
                        p.after,
                    ),
                )
                for p in passages
            ]
        )
        field.widget.attrs["class"] = "quote-places"
        self._bound_fields_cache.pop("place", None)  # drawn anew, with the new label


class ClaimEditForm(ClaimantPickerMixin, forms.ModelForm):
    """An editor's corrections to how a claim is stated; the quote itself stays as found."""

    class Meta:
        model = Claim
        fields = Claim.WORDING_FIELDS
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_claimant_field()

    def clean(self):
        cleaned = super().clean()
        self.clean_claimant_choice(cleaned)
        return cleaned
