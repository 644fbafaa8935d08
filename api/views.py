"""The API's views: thin, each reading through the same querysets, filters and access
functions as the pages (claims.access, ClaimQuerySet.for_list / for_page, ClaimFilter)."""

import copy
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from claims import roles
from claims.access import (
    get_article_for_user,
    get_claim_for_user,
    get_evidence_for_user,
    get_note_for_user,
)
from claims.filters import ClaimFilter
from claims.forms import ClaimForm, EvidenceForm, NoteEditForm, RetractEvidenceForm
from claims.models import Article, Claim, Evidence, Note
from claims.models.evidence import CORRECTABLE_FIELDS
from claims.models.reporting import Reporting
from claims.moves import MOVES
from intake.access import get_batch_for_user
from intake.forms import ImportForm
from intake.models import batch_summary
from intake.services import batch_create
from publishing import claimreview
from reports import views as report_views
from reports.queries import DIMENSIONS

from .pagination import NewestChangedFirst, NewestFirst
from .serializers import (
    ArticleListSerializer,
    ArticleSerializer,
    ClaimListSerializer,
    ClaimSerializer,
    EvidenceSerializer,
    MeSerializer,
    NoteSerializer,
)


@extend_schema(responses=MeSerializer, summary="Who the API takes you to be")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user, context={"request": request}).data)


def _require(user, perm):
    if not user.has_perm(perm):
        raise exceptions.PermissionDenied(_("Your role may not do that."))


FILTERS = [
    OpenApiParameter("q", str, description="Words of the statement, quote or claimant."),
    OpenApiParameter("status", str, enum=Claim.Status.values),
    OpenApiParameter("rating", int, description="The verdict's rating, among those you may see."),
    OpenApiParameter("article", str, description="An article's number or title."),
    OpenApiParameter("outlet", str, description="An outlet's number or name."),
    OpenApiParameter("claimant", str, description="A claimant's number or name."),
    OpenApiParameter("kind", str, enum=Claim.Kind.values),
    OpenApiParameter(
        "priority",
        int,
        enum=Claim.Priority.values,
        description="1 urgent, 2 high, 3 normal, 4 low.",
    ),
    OpenApiParameter("reviewer", str, description="An assigned reviewer's username."),
    OpenApiParameter("tag", str, description="A tag's number or name (any case)."),
]


@extend_schema(parameters=FILTERS, summary="Claims, filtered as the claims list filters them")
class ClaimList(generics.ListAPIView):
    serializer_class = ClaimListSerializer
    pagination_class = NewestChangedFirst

    def get_queryset(self):
        user = self.request.user
        _require(user, "claims.view_claim")
        filters = ClaimFilter(
            self.request.query_params,
            queryset=Claim.objects.for_list(user).select_related("claimant"),
            request=self.request,
        )
        if not filters.is_valid():
            raise exceptions.ValidationError(filters.errors)
        return filters.qs


@extend_schema(summary="A claim, with what you may see of its evidence, reviews and verdict")
class ClaimDetail(generics.RetrieveAPIView):
    serializer_class = ClaimSerializer

    def get_object(self):
        user = self.request.user
        queryset = Claim.objects.for_page(user).select_related("claimant")
        return get_claim_for_user(user, self.kwargs["pk"], queryset=queryset)


# The workflow's moves (claims.moves.MOVES), each a POST on the claim that answers with the
# claim as it then stands.


def _form_data(data):
    """A JSON body as the move's form reads it: numbers, booleans and lists as strings."""
    if not isinstance(data, dict):
        raise exceptions.ParseError(_("Send a JSON object of the move's fields."))
    form = {}
    for name, value in data.items():
        if isinstance(value, list):
            form[name] = [str(v) for v in value]
        elif value is None:
            form[name] = ""
        elif isinstance(value, bool):
            form[name] = "on" if value else ""
        else:
            form[name] = str(value)
    return form


def _form_errors(form):
    return {
        "non_field_errors" if field == "__all__" else field: [e["message"] for e in errors]
        for field, errors in form.errors.get_json_data().items()
    }


class ClaimMove(generics.GenericAPIView):
    """A move on the claim, checked and made as the claim page makes it."""

    move = ""
    success_status = 200
    serializer_class = ClaimSerializer

    def prepare(self, data):
        return data

    def claim(self, pk):
        queryset = Claim.objects.for_page(self.request.user).select_related("claimant")
        return get_claim_for_user(self.request.user, pk, *self.perms, queryset=queryset)

    @property
    def perms(self):
        return (MOVES[self.move].perm,)

    def post(self, request, pk):
        step = MOVES[self.move]
        claim = self.claim(pk)
        self.current = claim  # what prepare() may fill in from
        form = step.form(claim, request.user, self.prepare(_form_data(request.data)))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        step.run(claim, request.user, form)  # a refused move is a 409 (api.exceptions)
        claim = self.claim(pk)
        data = ClaimSerializer(claim, context={"request": request}).data
        return Response(data, status=self.success_status)


class AssignMove(ClaimMove):
    def prepare(self, data):
        """Reviewers are named by username here; the form takes their numbers."""
        names = data.get("reviewers", [])
        names = [names] if isinstance(names, str) else names
        found = dict(roles.reviewers().filter(username__in=names).values_list("username", "pk"))
        unknown = [name for name in names if name not in found]
        if unknown:
            raise exceptions.ValidationError(
                {"reviewers": [_("%(name)s is not a reviewer.") % {"name": unknown[0]}]}
            )
        return {**data, "reviewers": [str(found[name]) for name in names]}


class PlanMove(ClaimMove):
    def prepare(self, data):
        """A field left out keeps the claim's value; a due of null clears it."""
        due = self.current.due.isoformat() if self.current.due else ""
        return {"priority": str(self.current.priority), "due": due, **data}


class PublishMove(ClaimMove):
    def prepare(self, data):
        # The page publishes from its preview; a program has read the claim instead.
        return {**data, "previewed": "on"}


VERSION = {
    "version": serializers.IntegerField(
        required=False,
        help_text="The claim's version as you read it: the move is refused (409) if the claim "
        "has moved on since.",
    )
}


def move_view(move, fields, summary, base=ClaimMove, status=200):
    name = "".join(part.title() for part in move.split("_")) + "Move"
    view = type(name, (base,), {"move": move, "success_status": status})
    body = inline_serializer(name, fields=fields)
    schema = extend_schema(request=body, responses={status: ClaimSerializer}, summary=summary)
    return schema(view).as_view()


# A rating level's id; the move's form checks it is an active level of the desk's scale
# (the scale is data, so the schema cannot list it).
RATING = serializers.IntegerField(help_text="The id of an active rating level.")

add_evidence = move_view(
    "evidence",
    {
        "medium": serializers.ChoiceField(choices=Evidence.Medium.choices, required=False),
        "url": serializers.URLField(required=False),
        "description": serializers.CharField(required=False),
        "title": serializers.CharField(),
        "publisher": serializers.CharField(required=False),
        "stance": serializers.ChoiceField(choices=Evidence.Stance.choices),
        "source_type": serializers.ChoiceField(choices=Evidence.SourceType.choices),
        "excerpt": serializers.CharField(required=False),
        "accessed_on": serializers.DateField(required=False),
    },
    "Add evidence to the claim",
    status=201,
)
REPORTING = serializers.ChoiceField(
    choices=Reporting.choices,
    required=False,
    help_text="For a reported claim (someone else's statement the article reports), required: "
    "did the article report it faithfully? 3 faithfully, 2 partly, 1 misreported, 0 cannot tell. "
    "Left out for the article's own claims.",
)
submit_review = move_view(
    "review",
    {
        "rating": RATING,
        "confidence": serializers.IntegerField(min_value=1, max_value=5),
        "rationale": serializers.CharField(),
        "evidence": serializers.ListField(child=serializers.IntegerField(), required=False),
        "reason": serializers.CharField(
            required=False, help_text="Why, when revising a review already submitted."
        ),
        "reporting": REPORTING,
    },
    "Submit your review of the claim, or revise it",
)
DUE = serializers.DateField(
    required=False,
    allow_null=True,
    help_text="A day, today or later (YYYY-MM-DD); null for none.",
)
assign = move_view(
    "assign",
    {
        "reviewers": serializers.ListField(child=serializers.CharField()),
        "due": serializers.DateField(
            required=False,
            help_text="When their reviews are due (YYYY-MM-DD); left out, the claim's due date.",
        ),
        **VERSION,
    },
    "Assign reviewers (by username)",
    base=AssignMove,
)
plan = move_view(
    "plan",
    {
        "priority": serializers.ChoiceField(
            choices=Claim.Priority.choices,
            required=False,
            help_text="1 urgent, 2 high, 3 normal, 4 low; left out, it stays.",
        ),
        "due": DUE,
        **VERSION,
    },
    "Set the claim's priority and due date (editors)",
    base=PlanMove,
)
settle = move_view(
    "settle",
    {
        "rating": RATING,
        "summary": serializers.CharField(),
        "reporting": REPORTING,
        "as_of": serializers.DateField(
            required=False, help_text="The day the verdict holds as of (today or before); today."
        ),
        **VERSION,
    },
    "Settle the verdict on a reviewed claim",
)
publish = move_view("publish", VERSION, "Publish the settled verdict", base=PublishMove)
reopen = move_view(
    "reopen", {"reason": serializers.CharField(), **VERSION}, "Send the claim back to review"
)
recheck = move_view(
    "recheck",
    {"recheck_on": DUE, **VERSION},
    "Set when a settled or published verdict is checked again (editors)",
)
confirm_recheck = move_view(
    "confirm_recheck",
    {
        "note": serializers.CharField(help_text="What was checked again, and what it says now."),
        "as_of": serializers.DateField(
            required=False, help_text="The day the verdict now holds as of; today."
        ),
        "next_on": DUE,
        **VERSION,
    },
    "Record that the verdict, checked again, still holds (editors)",
)

TAG_NAMES = {
    "tags": serializers.ListField(
        child=serializers.CharField(),
        help_text="Tag names (a list, or one string separated by commas); any case.",
    )
}
add_tags = move_view("add_tags", TAG_NAMES, "Tag the claim (editors); new names make new tags")
remove_tags = move_view("remove_tags", TAG_NAMES, "Take tags off the claim (editors)")


# Articles, and claims made on them by quote.


class ArticleList(generics.ListAPIView):
    """Articles, the newest first; a POST imports one (from text, HTML or an address)."""

    serializer_class = ArticleListSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        _require(self.request.user, "claims.view_article")
        return Article.objects.for_list()

    @extend_schema(summary="Articles, the newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        methods=["POST"],
        request=inline_serializer(
            "ArticleImport",
            fields={
                "text": serializers.CharField(
                    required=False, help_text="Plain text; its first line is the title."
                ),
                "html": serializers.CharField(
                    required=False, help_text="A web page; its article text is kept."
                ),
                "url": serializers.URLField(required=False, help_text="An address to fetch."),
                "outlet": serializers.CharField(required=False),
                "original_url": serializers.URLField(
                    required=False, help_text="Where a text or HTML article was published."
                ),
                "published_on": serializers.DateField(required=False),
            },
        ),
        responses={202: dict},
        summary="Import an article from text, HTML or an address; a worker imports it",
    )
    def post(self, request):
        _require(request.user, "claims.add_article")
        data = _form_data(request.data)
        given = [name for name in ARTICLE_SOURCES if data.get(name)]
        if len(given) != 1:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Send one of text, html or url.")]}
            )
        fields = {
            "outlet": data.get("outlet", ""),
            "url": data.get("original_url", ""),
            "published_on": data.get("published_on", ""),
        }
        files = MultiValueDict()
        if given == ["url"]:
            fields["links"] = data["url"]
        else:
            name = "article.txt" if given == ["text"] else "article.html"
            upload = SimpleUploadedFile(name, data[given[0]].encode(), "text/plain")
            files.setlist("files", [upload])
        form = ImportForm(fields, files)
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        cleaned = form.cleaned_data
        batch = batch_create(
            by=request.user,
            files=cleaned["files"],
            links=cleaned["links"],
            outlet=cleaned["outlet"],
            url=cleaned["url"],
            published_on=cleaned["published_on"],
        )
        status_url = reverse("api:import", args=[batch.pk])
        response = Response(
            {"import": batch.pk, "status": request.build_absolute_uri(status_url)}, status=202
        )
        response["Location"] = status_url
        return response


@extend_schema(summary="An article, its text and its claims")
class ArticleDetail(generics.RetrieveAPIView):
    serializer_class = ArticleSerializer

    def get_object(self):
        user = self.request.user
        article = get_article_for_user(
            user, self.kwargs["pk"], queryset=Article.objects.select_related("outlet")
        )
        article.api_claims = list(article.claims.worked_on().for_list(user).order_by("start", "pk"))
        return article


@extend_schema(
    request=inline_serializer(
        "ClaimCreate",
        fields={
            "quote": serializers.CharField(
                help_text="The article's words; case and spacing do not matter."
            ),
            "start": serializers.IntegerField(
                required=False, help_text="Where the quote starts, where its words stand twice."
            ),
            "end": serializers.IntegerField(required=False),
            "statement": serializers.CharField(required=False),
            "claimant": serializers.CharField(
                required=False, help_text="A claimant's number or name."
            ),
            "new_claimant": serializers.CharField(required=False),
            "kind": serializers.ChoiceField(choices=Claim.Kind.choices, required=False),
            "value": serializers.DecimalField(max_digits=20, decimal_places=4, required=False),
            "unit": serializers.CharField(required=False),
            "period": serializers.CharField(required=False),
        },
    ),
    responses={201: ClaimSerializer},
    summary="Make a draft claim from the article's words",
)
class ClaimCreate(generics.GenericAPIView):
    serializer_class = ClaimSerializer

    def post(self, request, pk):
        user = request.user
        article = get_article_for_user(user, pk, "claims.add_claim")
        data = {"kind": Claim.Kind.OTHER, **_form_data(request.data)}
        form = ClaimForm(data, article=article)
        if not form.is_valid():
            errors = _form_errors(form)
            if form.offered:
                # The words stand in several places, or nowhere: the places to send back
                # as start and end, the passage itself, and a little on either side.
                errors["places"] = [
                    {
                        "start": p.start,
                        "end": p.end,
                        "text": p.text,
                        "before": p.before,
                        "after": p.after,
                    }
                    for p in form.offered
                ]
            return Response(errors, status=400)
        form.instance.created_by = user
        claim = form.save()
        claim = Claim.objects.for_page(user).select_related("claimant").get(pk=claim.pk)
        return Response(ClaimSerializer(claim, context={"request": request}).data, status=201)


# An item of evidence: corrected, or retracted with a reason (the item's own rules).


def _changeable_evidence(request, pk, evidence_pk):
    item = get_evidence_for_user(request.user, pk, evidence_pk)
    if not item.can_be_changed_by(request.user):
        raise exceptions.PermissionDenied(_("Only its author or an editor may change it."))
    return item


@extend_schema(
    request=inline_serializer(
        "EvidenceCorrection",
        fields={name: serializers.CharField(required=False) for name in CORRECTABLE_FIELDS},
    ),
    responses={200: EvidenceSerializer},
    summary="Correct an item of evidence (send only what changes)",
)
class EvidenceCorrect(generics.GenericAPIView):
    serializer_class = EvidenceSerializer

    def patch(self, request, pk, evidence_pk):
        item = _changeable_evidence(request, pk, evidence_pk)
        current = {name: getattr(item, name) for name in CORRECTABLE_FIELDS}
        current = {k: "" if v is None else v for k, v in current.items()}
        form = EvidenceForm({**current, **_form_data(request.data)}, instance=copy.copy(item))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        item.correct(by=request.user, **{f: form.cleaned_data[f] for f in CORRECTABLE_FIELDS})
        return Response(EvidenceSerializer(item).data)


@extend_schema(
    request=inline_serializer("EvidenceRetraction", fields={"reason": serializers.CharField()}),
    responses={200: EvidenceSerializer},
    summary="Retract an item of evidence; it stays on the record",
)
class EvidenceRetract(generics.GenericAPIView):
    serializer_class = EvidenceSerializer

    def post(self, request, pk, evidence_pk):
        item = _changeable_evidence(request, pk, evidence_pk)
        form = RetractEvidenceForm(_form_data(request.data))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        item.retract(by=request.user, reason=form.cleaned_data["reason"])
        return Response(EvidenceSerializer(item).data)


# Notes on a claim: read through Note.objects.visible_to, posted through the claim page's
# form (claims.moves.MOVES["note"]), edited, resolved and reopened by the note's methods.

MENTIONS = inline_serializer(
    "NoteMentions",
    fields={
        "notified": serializers.ListField(child=serializers.CharField()),
        "refused": serializers.ListField(
            child=inline_serializer(
                "RefusedMention",
                fields={"name": serializers.CharField(), "reason": serializers.CharField()},
            )
        ),
    },
)


def _note_data(data):
    """A note's JSON body as its form reads it; every field of a note is one value."""
    form = _form_data(data)
    lists = sorted(name for name, value in form.items() if isinstance(value, list))
    if lists:
        raise exceptions.ValidationError(
            {name: [_("Send one value, not a list.")] for name in lists}
        )
    return form


def _note_answer(note, mentions, status=200):
    """The note as it stands, and whom its mentions told (and why each other name did not)."""
    note = Note.objects.for_page().get(pk=note.pk)
    return Response(
        {
            **NoteSerializer(note).data,
            "mentions": {
                "notified": [user.get_username() for user in mentions.notified],
                "refused": [{"name": n, "reason": str(r)} for n, r in mentions.refused],
            },
        },
        status=status,
    )


class NoteList(generics.ListAPIView):
    """The notes on the claim you may read, oldest first; a POST adds one."""

    serializer_class = NoteSerializer
    pagination_class = None  # a claim's thread is read whole, as its page shows it

    def get_queryset(self):
        claim = get_claim_for_user(self.request.user, self.kwargs["pk"])
        return Note.objects.visible_to(self.request.user, claim).for_page()

    @extend_schema(
        request=inline_serializer(
            "NoteNew",
            fields={
                "body": serializers.CharField(help_text="@username tells that person."),
                "passage": serializers.CharField(
                    required=False, help_text="Words of the quote or article the note is about."
                ),
                "anchor_on": serializers.ChoiceField(choices=Note.Anchor.choices, required=False),
                "anchor_start": serializers.IntegerField(required=False, min_value=0),
                "anchor_end": serializers.IntegerField(required=False, min_value=0),
            },
        ),
        responses={201: NoteSerializer},
        summary="Post a note on the claim (internal to the desk)",
    )
    def post(self, request, pk):
        step = MOVES["note"]
        claim = get_claim_for_user(
            request.user, pk, step.perm, queryset=Claim.objects.select_related("article")
        )
        form = step.form(claim, request.user, _note_data(request.data))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        note, mentions = step.run(claim, request.user, form)
        return _note_answer(note, mentions, status=201)


@extend_schema(summary="A note on the claim you may read")
class NoteDetail(generics.RetrieveAPIView):
    serializer_class = NoteSerializer

    def get_object(self):
        note = get_note_for_user(self.request.user, self.kwargs["pk"], self.kwargs["note_pk"])
        return Note.objects.for_page().get(pk=note.pk)

    @extend_schema(
        request=inline_serializer("NoteEdit", fields={"body": serializers.CharField()}),
        responses={200: NoteSerializer},
        summary="Change your note's wording; the earlier wording is kept",
    )
    def patch(self, request, pk, note_pk):
        note = get_note_for_user(request.user, pk, note_pk)
        if not note.can_be_edited_by(request.user):
            raise exceptions.PermissionDenied(_("Only its author may change a note."))
        form = NoteEditForm(_note_data(request.data))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        mentions = note.edit(by=request.user, body=form.cleaned_data["body"])
        return _note_answer(note, mentions)


def _resolution(move, summary):
    @extend_schema(request=None, responses={200: NoteSerializer}, summary=summary)
    class View(generics.GenericAPIView):
        serializer_class = NoteSerializer

        def post(self, request, pk, note_pk):
            note = get_note_for_user(request.user, pk, note_pk)
            getattr(note, move)(by=request.user)  # twice is a 409 (api.exceptions)
            return Response(NoteSerializer(Note.objects.for_page().get(pk=note.pk)).data)

    View.__name__ = View.__qualname__ = f"Note{move.title()}"
    return View.as_view()


note_resolve = _resolution("resolve", "Resolve a note on the claim")
note_reopen = _resolution("reopen", "Reopen a resolved note on the claim")


# Reports' figures: the report pages' own JSON (reports.views, ?format=json), for a token.

REPORTS = {
    "overview": report_views.overview,
    "agreement": report_views.agreement,
    "scorecard": report_views.scorecard,
}


@extend_schema(
    summary="A report's figures, as its page's JSON download gives them (editors)",
    parameters=[
        OpenApiParameter(
            "report", str, OpenApiParameter.PATH, enum=[*REPORTS, *(f"by-{d}" for d in DIMENSIONS)]
        ),
    ],
    responses={200: dict},
)
@api_view(["GET"])
def report(request, report):
    """The same figures as the report's page, filtered by the same parameters."""
    if not roles.is_editor(request.user):  # admins too: they hold every permission
        raise exceptions.PermissionDenied(_("Reports are for editors."))
    if report.startswith("by-") and report.removeprefix("by-") in DIMENSIONS:
        view, kwargs = report_views.breakdown, {"dimension": report.removeprefix("by-")}
    elif report == "scorecard" and not request.query_params.get("article"):
        raise exceptions.ValidationError(
            {"article": [_("The scorecard is of one article: send ?article=<its number>.")]}
        )
    elif report in REPORTS:
        view, kwargs = REPORTS[report], {}
    else:
        raise exceptions.NotFound(_("There is no report %(name)s.") % {"name": report})
    page_request = request._request
    page_request.GET = page_request.GET.copy()
    page_request.GET["format"] = "json"
    try:
        answer = view(page_request, **kwargs)
    except Http404:
        raise exceptions.NotFound(_("That report has nothing for those filters.")) from None
    if answer.get("Content-Type", "").startswith("application/json"):
        return Response(json.loads(answer.content), status=answer.status_code)
    raise exceptions.ValidationError(_("The report's filters are not valid."))


# Published fact-checks: ClaimReview, as the public pages publish it, for anyone.


class NewestPublishedFirst(NewestChangedFirst):
    ordering = ("-published_at", "-pk")


@extend_schema(
    summary="Published fact-checks as schema.org ClaimReview, the most recently published first",
    responses={200: dict},
)
class FactCheckList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    pagination_class = NewestPublishedFirst

    def get_queryset(self):
        return claimreview.public_claims().annotate(published_at=F("verdict__published_at"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        reviews = [
            claimreview.claim_review(
                claim, request.build_absolute_uri(reverse("public:factcheck", args=[claim.pk]))
            )
            for claim in page
        ]
        return self.get_paginated_response(reviews)


# Articles sent in by a program: the upload form's checks, then a job, and a status to poll.


ARTICLE_SOURCES = ("text", "html", "url")


@extend_schema(responses={200: dict}, summary="How an import is going: each item's status")
@api_view(["GET"])
def import_status(request, pk):
    batch = get_batch_for_user(request.user, pk)
    items = list(batch.items.for_page())
    summary, done = batch_summary(items)
    return Response(
        {
            "import": batch.pk,
            "done": done,
            "summary": summary,
            "items": [
                {
                    "name": item.name,
                    "status": item.status,
                    "article": item.article_id,
                    "candidates": item.candidate_count,
                    "reason": item.reason,
                    "left_out": item.notes,
                }
                for item in items
            ],
        }
    )
