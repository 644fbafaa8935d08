import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.renderers import Jinja2
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import (
    NOTE_MAX_LENGTH,
    REVISION_NEEDS_REASON,
    Claim,
    Claimant,
    Evidence,
    Note,
    Priority,
    SavedView,
    WorkflowError,
    clean_tag_names,
    offered_ratings,
    scheduling,
)
from .models.evidence import CORRECTABLE_FIELDS
from .models.quoting import QuoteAmbiguous, QuoteNotFound
from .models.reporting import REPORTING_QUESTION, Reporting
from .models.saved_views import NAME_MAX_LENGTH, QUERY_MAX_LENGTH
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


def reporting_field(help_text=""):
    """The reported claim's first question, as a form asks it (claims.models.reporting)."""
    return forms.TypedChoiceField(
        label=REPORTING_QUESTION,
        choices=Reporting.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=offered_ratings, coerce=int, widget=forms.RadioSelect
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
        if claim.is_reported():
            # Placed first: how the article reported the words comes before their truth.
            self.fields["reporting"] = reporting_field(
                _(
                    "The article reports %(claimant)s's words. Compare it with what was "
                    "actually said; the rating below is for the statement itself."
                )
                % {"claimant": claim.claimant_name}
            )
            self.order_fields(["reporting", *self.fields])
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
        values["reporting"] = cleaned.get("reporting")
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
        if "reporting" in self.fields:
            self.fields["reporting"].empty_value = None


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


class VerdictFields(forms.Form):
    """A verdict's rating and summary: the claim page's settle form, and the claims list's
    settle in bulk (claims.bulk), where every claim chosen gets the same."""

    rating = forms.TypedChoiceField(
        label=_("Verdict"), choices=offered_ratings, coerce=int, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The public explanation of the verdict."),
    )


class AsOfField(forms.DateField):
    """The day a verdict holds as of: today or before (claims.models.scheduling.as_of_refusal);
    left blank, today."""

    widget = forms.DateInput(attrs={"type": "date"})
    default_error_messages = {"invalid": _("Enter a date as YYYY-MM-DD, such as 2023-05-26.")}

    def validate(self, value):
        super().validate(value)
        refusal = None if value is None else scheduling.as_of_refusal(value)
        if refusal is not None:
            raise ValidationError(refusal, code="future")


class SettleForm(VersionedForm, VerdictFields):
    """The editor's verdict; for a reported claim, on how it was reported too."""

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        if claim.is_reported():
            self.fields["reporting"] = reporting_field(
                _("Published beside the verdict, which rates the statement itself.")
            )
            self.order_fields(["reporting", *self.fields])

    as_of = AsOfField(
        label=_("Holds as of"),
        required=False,
        help_text=_(
            "The day the verdict holds: when the facts were checked, or the date of the figures "
            "it rests on. Left blank, today."
        ),
    )


class RecheckForm(VersionedForm):
    """When an editor wants a decided verdict checked again (Claim.schedule_recheck)."""

    recheck_on = DueDateField(
        label=_("Re-check on"),
        required=False,
        help_text=_(
            "For a fact that can go stale (a count, a ranking, a running total). On that day "
            "the claim comes back to the editors' queue. Leave blank for no re-check."
        ),
    )

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recheck_on"].keeps = claim.recheck_on


class ConfirmRecheckForm(VersionedForm):
    """An editor's finding that the verdict, checked again, still holds (Claim.confirm_recheck)."""

    note = forms.CharField(
        label=_("What you checked"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sources you read again and what they say now. Kept in the record."),
    )
    as_of = AsOfField(
        label=_("Holds as of"),
        required=False,
        help_text=_("The day the verdict now holds as of. Left blank, today."),
    )
    next_on = DueDateField(
        label=_("Next re-check"),
        required=False,
        help_text=_("When to check it again. Leave blank for no further re-check."),
    )


class ReopenReasonFields(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the claim's history."),
    )


class ReopenForm(VersionedForm, ReopenReasonFields):
    pass


class BulkAssignForm(forms.Form):
    reviewers = UserChoiceField(
        label=_("Reviewers"),
        queryset=roles.reviewers(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each claim gets those of them not assigned to it yet."),
    )


class BulkPriorityForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )


class BulkDueForm(forms.Form):
    due = DueDateField(
        label=_("Due date"),
        required=False,
        help_text=_(
            "Each claim's reviews still waiting that were due when the claim was move with it. "
            "Leave blank for no due date."
        ),
    )


class BulkPublishForm(forms.Form):
    """Publishing in bulk has nothing to fill in: each claim's verdict passes the publish
    gate or is refused, with what it lacks."""


class SelectionField(forms.Field):
    """Claims ticked in a list, each sent as "<number>:<version>" (the version the list
    showed) or a bare number; cleaned to {number: version or None}.

    A number no claim can have (not a number, zero, past a bigint) is refused by name
    before the database is asked.
    """

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("%(value)s is not a claim's number."),
        "too_many": _("Choose at most %(limit)s claims at once; %(count)s were sent."),
    }

    def __init__(self, *, limit, **kwargs):
        self.limit = limit
        super().__init__(**kwargs)

    def to_python(self, value):
        from .access import MAX_ID

        if value in self.empty_values:
            return {}
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > self.limit:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": self.limit, "count": len(values)},
            )
        chosen = {}
        for item in values:
            number, _colon, version = str(item).strip().partition(":")
            if not (number.isdigit() and 0 < int(number) <= MAX_ID) or not (
                version == "" or (version.isdigit() and int(version) < 2**31)
            ):
                raise ValidationError(
                    self.error_messages["invalid"],
                    code="invalid",
                    params={"value": f"\u201c{str(item)[:40]}\u201d"},
                )
            chosen.setdefault(int(number), int(version) if version else None)
        return chosen


class PublishForm(VersionedForm):
    # Sent by the preview page's button: publishing starts from the preview.
    previewed = forms.BooleanField(
        widget=forms.HiddenInput,
        initial=True,
        error_messages={"required": _("Open the preview and publish from there.")},
    )


class TagNamesField(forms.Field):
    """Tag names: one text of names separated by commas (a page), or a list of them (the API).

    Cleans to the list Claim.add_tags takes, with the model's own reasons for a name refused.
    """

    widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        if value in (None, "", []):
            return []
        try:
            return clean_tag_names(value if isinstance(value, (str, list)) else str(value))
        except WorkflowError as error:
            raise ValidationError(str(error), code="tag_name") from error


class TagsForm(forms.Form):
    tags = TagNamesField(
        label=_("Add tags"), help_text=_("Topics, separated by commas: trade, health.")
    )


class RemoveTagForm(forms.Form):
    tags = TagNamesField(label=_("Tag to remove"), widget=forms.HiddenInput)


class BulkRemoveTagsForm(forms.Form):
    tags = TagNamesField(
        label=_("Remove tags"), help_text=_("Topics, separated by commas: trade, health.")
    )


class TagRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)


class TagMergeForm(forms.Form):
    into = PickerField(label=_("Merge into"), lookup="tags")

    def __init__(self, *args, tag, **kwargs):
        super().__init__(*args, **kwargs)
        self.tag = tag

    def clean_into(self):
        into = self.cleaned_data["into"]
        if into is None:
            raise ValidationError(_("Choose the tag to merge into."), code="required")
        if into.pk == self.tag.pk:
            raise ValidationError(_("A tag cannot be merged into itself."), code="same")
        return into


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


class NoteForm(forms.Form):
    """A note on a claim, and the passage it is about: typed or selected on the page (the
    text is located here), or given as offsets (anchor_start, anchor_end) by the API."""

    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the desk sees notes. Write @username to tell someone."),
    )
    passage = forms.CharField(
        label=_("About the passage (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "Words of the quote or the article, as they stand; or select them in the quote."
        ),
    )
    anchor_on = forms.ChoiceField(
        label=_("The passage is in"),
        choices=Note.Anchor.choices,
        initial=Note.Anchor.QUOTE,
        required=False,
    )
    anchor_start = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    anchor_end = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim

    def clean(self):
        data = super().clean()
        on = data.get("anchor_on") or ""
        start, end, passage = data.get("anchor_start"), data.get("anchor_end"), data.get("passage")
        if passage and (start is None or end is None):
            on = on or Note.Anchor.QUOTE
            start, end = self._locate(passage, on)
        elif start is None and end is None:
            on = ""
        elif not on:
            raise ValidationError(_("Say whether the passage is in the quote or the article."))
        data.update(anchor_on=on, anchor_start=start, anchor_end=end)
        Note.passage_at(self.claim, on, start, end)
        return data

    def _locate(self, passage, on):
        """The offsets of `passage` in the quote or the article; in the article, the place
        nearest the claim's quote where it stands more than once."""
        text = self.claim.quote if on == Note.Anchor.QUOTE else self.claim.article.body
        places = [m.start() for m in re.finditer(re.escape(passage), text)]
        if not places:
            raise ValidationError(
                {
                    "passage": _("“%(passage)s” is not in %(text)s.")
                    % {"passage": passage, "text": Note.Anchor(on).label}
                }
            )
        near = self.claim.start if on == Note.Anchor.ARTICLE else 0
        start = min(places, key=lambda at: abs(at - near))
        return start, start + len(passage)

    def post(self, user):
        """Post the note (Note.post): (note, Mentions)."""
        data = self.cleaned_data
        return Note.post(
            claim=self.claim,
            author=user,
            body=data["body"],
            anchor_on=data["anchor_on"],
            anchor_start=data["anchor_start"],
            anchor_end=data["anchor_end"],
        )


class NoteEditForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The wording it replaces is kept, for everyone who reads the note."),
    )


class SavedViewForm(forms.Form):
    """A name for the claims list's filters and sort, private or shared with the desk.

    The query string is the list's own; only the list's filters and sorts are kept, each
    checked as the list checks it (claims.filters.saved_view_query), so a saved view
    carries no junk and opens to the list its owner saw.
    """

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    shared = forms.BooleanField(
        label=_("Share with the desk"),
        required=False,
        help_text=_("Everyone on the desk sees a shared view; only you can change it."),
    )
    query = forms.CharField(
        required=False, max_length=QUERY_MAX_LENGTH, widget=forms.HiddenInput, strip=False
    )

    def __init__(self, *args, owner, request, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner, self.request, self.instance = owner, request, instance
        if instance is not None:  # renaming: the filters stay as saved
            del self.fields["query"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = SavedView.objects.filter(owner=self.owner, name=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("You already have a view named %(name)s."),
                params={"name": f"\u201c{name}\u201d"},
                code="taken",
            )
        return name

    def clean_query(self):
        from .filters import saved_view_query

        return saved_view_query(self.cleaned_data["query"], self.request)

    def save(self):
        if self.instance is not None:
            self.instance.rename(name=self.cleaned_data["name"], shared=self.cleaned_data["shared"])
            return self.instance
        return SavedView.objects.create(owner=self.owner, **self.cleaned_data)
