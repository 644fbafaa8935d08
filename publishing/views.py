"""Public fact-check pages and the ClaimReview feed: no login, published verdicts only."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from claims.models import Claim, Rating

from . import claimreview


def _public_url(request, claim):
    return request.build_absolute_uri(reverse("public:factcheck", args=[claim.pk]))


@require_GET
def factcheck(request, pk):
    claim = get_object_or_404(claimreview.public_claims(), pk=pk)
    revisions = list(claim.verdict_revisions.all())
    current = revisions[-1]
    context = {
        "claim": claim,
        "publisher_name": settings.FACTCHECK_PUBLISHER_NAME,
        "article": claim.article,
        "published": current,
        "rating": Rating(current.rating),
        "first_published_at": revisions[0].published_at,
        "corrections": claimreview.corrections(claim),
        # Reopened: the verdict above stands until a corrected one is published.
        "under_review": claim.status != claim.Status.PUBLISHED,
        "evidence": list(claim.evidence.all()),
        "claim_review_json": claimreview.json_for_script(
            claimreview.claim_review(claim, _public_url(request, claim))
        ),
    }
    return render(request, "publishing/factcheck.html", context)


FEED_PAGE_SIZE = 500


@require_GET
def claimreview_feed(request):
    """Published ClaimReviews, the most recently published first, 500 a page.

    `?page=2` and on give the older ones; a response that has a next page
    names it in a `Link: <...>; rel="next"` header (RFC 8288), so a partner
    follows the links to the end without the server ever building the whole
    archive in one response.
    """
    page = request.GET.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        raise Http404("No such page of the feed.")
    page = int(page)
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
