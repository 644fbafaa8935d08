"""Webhooks told of the workflow's moves (claims.signals) and of imported articles
(intake.signals); connected in ApiConfig.ready."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse

from claims.models import Article, Claim
from claims.signals import claim_moved
from intake.signals import article_imported
from publishing import claimreview

from .models import WebhookEvent
from .webhooks import announce


def _absolute(path):
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path


@receiver(claim_moved, sender=Claim, dispatch_uid="api.webhooks.claim_moved")
def claim_moved_webhooks(sender, claim, from_status, to_status, **kwargs):
    published = Claim.Status.PUBLISHED
    if to_status != published and from_status != published:
        return  # nothing the public has read, so nothing for a partner
    url = _absolute(reverse("public:factcheck", args=[claim.pk]))
    if to_status == published:
        revisions = list(claim.verdict_revisions.order_by("pk"))
        event = WebhookEvent.CLAIM_PUBLISHED
        if len(revisions) > 1:
            event = WebhookEvent.CORRECTION_PUBLISHED
        review = claimreview.claim_review(claim, url, revisions)
        announce(event, {"claim": claim.pk, "url": url, "claimReview": review})
    else:
        # A published claim sent back to review: its page says so. The reason stays inside.
        announce(WebhookEvent.CLAIM_REOPENED, {"claim": claim.pk, "url": url})


@receiver(article_imported, sender=Article, dispatch_uid="api.webhooks.article_imported")
def article_imported_webhooks(sender, article, candidates, **kwargs):
    announce(
        WebhookEvent.ARTICLE_IMPORTED,
        {
            "article": article.pk,
            "title": article.title,
            "url": article.url,
            "outlet": article.outlet.name if article.outlet_id else None,
            "candidates": candidates,
            "page": _absolute(article.get_absolute_url()),
        },
    )
