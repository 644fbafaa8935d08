"""Agreement on the other question of a reported claim: did the article report it faithfully?

Alpha over the reviewers' blind answers (Review.blind_reporting), on the order
misreported < partly faithful < faithful; "cannot tell" has no place on it, as
"unverifiable" has none on the rating scale. Counted live: only reported claims
have answers, and they are few beside the claims the report tables sum.
"""

from django.db.models import Count, Q

from claims.models import Review
from claims.models.reporting import Reporting

from .agreement import alpha
from .scope import as_scope


def reporting_alpha(scope):
    """(alpha or None, claims answered twice or more) for the reported claims in `scope`.
    One query."""
    claims = as_scope(scope).claims
    order = Reporting.ordered()
    counts = {
        f"s{step}": Count("pk", filter=Q(blind_reporting=answer))
        for step, answer in enumerate(order)
    }
    rows = (
        Review.objects.filter(claim__in=claims.order_by().values("pk"), blind_reporting__in=order)
        .order_by()
        .values("claim")
        .annotate(**counts)
    )
    tallies = {}
    for row in rows:
        unit = tuple(row[f"s{step}"] for step in range(len(order)))
        if sum(unit) >= 2:
            tallies[unit] = tallies.get(unit, 0) + 1
    return alpha(list(tallies), list(tallies.values())), sum(tallies.values())
