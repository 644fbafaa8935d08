"""Public fact-check pages and the ClaimReview feed: no login, published verdicts only."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import publishing
from .models import Rating


def _public_url(request, claim):
    return request.build_absolute_uri(reverse("public:factcheck", args=[claim.pk]))


@require_GET
def factcheck(request, pk):
    claim = get_object_or_404(publishing.public_claims(), pk=pk)
    revisions = list(claim.verdict_revisions.all())
    current = revisions[-1]
    context = {
        "claim": claim,
        "publisher_name": settings.FACTCHECK_PUBLISHER_NAME,
        "article": claim.article,
        "published": current,
        "rating": Rating(current.rating),
        "first_published_at": revisions[0].published_at,
        "corrections": publishing.corrections(claim),
        # Reopened: the verdict above stands until a corrected one is published.
        "under_review": claim.status != claim.Status.PUBLISHED,
        "evidence": list(claim.evidence.all()),
        "claim_review_json": publishing.json_for_script(
            publishing.claim_review(claim, _public_url(request, claim))
        ),
    }
    return render(request, "claims/public_factcheck.html", context)


@require_GET
def claimreview_feed(request):
    """Every published ClaimReview, newest first, for partners and aggregators."""
    claims = publishing.public_claims().order_by("-last_published_at", "-pk")
    reviews = []
    for claim in claims:
        review = publishing.claim_review(claim, _public_url(request, claim))
        del review["@context"]
        reviews.append(review)
    return JsonResponse(
        {"@context": "https://schema.org", "@graph": reviews},
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
