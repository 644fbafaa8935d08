"""Public fact-check pages, their index, the methodology and corrections-policy pages,
and the ClaimReview feed: no login, published verdicts only.

Also the editor's preview of a fact-check before it is published.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.flatpages.models import FlatPage
from django.contrib.flatpages.views import render_flatpage
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from claims.access import get_claim_for_user
from claims.forms import PublishForm
from claims.models import Claim, VerdictRevision
from claims.pagination import max_page, page_number

from . import claimreview


def _public_url(request, claim):
    return request.build_absolute_uri(reverse("public:factcheck", args=[claim.pk]))


def _factcheck_context(request, claim, revisions, *, preview=False):
    """What the public page shows of `claim`: its latest publication in `revisions`."""
    current = revisions[-1]
    as_of, checked_at = claimreview.last_checked(claim, current)
    return {
        "as_of": as_of,
        "checked_at": checked_at,
        "claim": claim,
        "organisation": settings.FACTCHECK_ORGANISATION,
        "published": current,
        "paragraph": current.appearance.get("paragraph") or {},
        "rating": current.rating_level,
        "first_published_at": revisions[0].published_at,
        "corrections": claimreview.corrections(claim, revisions),
        # Reopened: the verdict shown stands until a corrected one is published.
        "under_review": not preview and claimreview.under_review(claim),
        "claim_review": claimreview.claim_review(
            claim, _public_url(request, claim), revisions, preview=preview
        ),
    }


INDEX_PAGE_SIZE = 20


@require_GET
def index(request):
    """Every published fact-check, the most recently published first, 20 a page.

    The page's keys are found first, off the index on the verdict's publication
    date, and only those rows are read with their publications: two queries
    at any depth. No count: a page links to the next when there is one.
    """
    page = page_number(request.GET.get("page"), maximum=max_page())
    start = (page - 1) * INDEX_PAGE_SIZE
    keys = claimreview.newest_first(Claim.objects.public()).values("pk")
    rows = list(
        claimreview.newest_first(claimreview.public_claims()).filter(
            pk__in=keys[start : start + INDEX_PAGE_SIZE + 1]
        )
    )
    if not rows and page > 1:
        raise Http404(_("There is no page %(page)s of fact-checks.") % {"page": page})
    factchecks = [_index_entry(claim) for claim in rows[:INDEX_PAGE_SIZE]]
    context = {
        "factchecks": factchecks,
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if len(rows) > INDEX_PAGE_SIZE and page < max_page() else None,
    }
    return render(request, "publishing/index.html", context)


def _index_entry(claim):
    revisions = list(claim.verdict_revisions.all())
    return {
        "claim": claim,
        "published": revisions[-1],
        "rating": revisions[-1].rating_level,
        "first_published_at": revisions[0].published_at,
        "corrected": len(revisions) > 1,
        "under_review": claimreview.under_review(claim),
    }


def _flatpage(url):
    @require_GET
    def view(request):
        page = get_object_or_404(FlatPage, url=url, sites=settings.SITE_ID)
        return render_flatpage(request, page)

    return view


# Flat pages an admin edits in the admin (Flat pages); the text they start with
# comes from publishing's migration 0001.
methodology = _flatpage("/methodology/")
corrections_policy = _flatpage("/corrections/")


@require_GET
def factcheck(request, pk):
    claim = get_object_or_404(claimreview.public_claims(), pk=pk)
    context = _factcheck_context(request, claim, list(claim.verdict_revisions.all()))
    context["claim_review_json"] = claimreview.json_for_script(context["claim_review"])
    return render(request, "publishing/factcheck.html", context)


@require_safe
@login_required
def preview(request, pk):
    """The public page and ClaimReview as they will be once the settled verdict is published."""
    claims = Claim.objects.for_publication()
    claim = get_claim_for_user(request.user, pk, "claims.publish_claim", queryset=claims)
    missing = claim.publish_blockers() if claim.can_publish() else [_("a settled verdict")]
    if missing:
        messages.error(
            request,
            _("The verdict cannot be published yet: %(missing)s.")
            % {"missing": "; ".join(str(m) for m in missing)},
        )
        return redirect(claim)
    upcoming = VerdictRevision.of(claim, editor=request.user)
    revisions = [*claim.verdict_revisions.all(), upcoming]
    context = _factcheck_context(request, claim, revisions, preview=True)
    context["claim_review_text"] = json.dumps(context["claim_review"], ensure_ascii=False, indent=2)
    context["publish_form"] = PublishForm(initial={"version": claim.version})
    return render(request, "publishing/preview.html", context)


FEED_PAGE_SIZE = 500
FEED_MAX_PAGE = 10_000  # five million fact-checks; past it, a number no partner follows to


@require_GET
def claimreview_feed(request):
    """Published ClaimReviews, the most recently published first, 500 a page.

    `?page=2` and on give the older ones; a response that has a next page
    names it in a `Link: <...>; rel="next"` header (RFC 8288), so a partner
    follows the links to the end without the server ever building the whole
    archive in one response.
    """
    page = page_number(request.GET.get("page"), maximum=FEED_MAX_PAGE)
    start = (page - 1) * FEED_PAGE_SIZE
    order = ("-verdict__published_at", "-pk")
    keys = Claim.objects.public().order_by(*order).values("pk")[start : start + FEED_PAGE_SIZE + 1]
    claims = list(claimreview.public_claims().filter(pk__in=keys).order_by(*order))
    if not claims and page > 1:
        raise Http404("No such page of the feed.")
    reviews = []
    for claim in claims[:FEED_PAGE_SIZE]:
        review = claimreview.claim_review(claim, _public_url(request, claim))
        del review["@context"]
        reviews.append(review)
    response = JsonResponse(
        {"@context": "https://schema.org", "@graph": reviews},
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    if len(claims) > FEED_PAGE_SIZE:
        next_url = request.build_absolute_uri(f"{request.path}?page={page + 1}")
        response["Link"] = f'<{next_url}>; rel="next"'
    return response
