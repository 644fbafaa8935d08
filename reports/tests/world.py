"""A small world of claims with known numbers, for the reports' tests to import."""

import datetime

from claims.models import Article, Assignment, Claim, Outlet, Rating, Review, Verdict
from factcheck.testing import make_claimant

T0 = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def days(n):
    return datetime.timedelta(days=n)


def add_claim(article, sentence, *, claimant, kind=Claim.Kind.OTHER, created=T0):
    start = article.body.index(sentence)
    claim = Claim.objects.create(
        article=article,
        quote=sentence,
        start=start,
        end=start + len(sentence),
        claimant=make_claimant(claimant) if isinstance(claimant, str) else claimant,
        kind=kind,
    )
    Claim.objects.filter(pk=claim.pk).update(created_at=created)
    claim.created_at = created
    return claim


def give_verdict(claim, rating, editor, after, status=Claim.Status.SETTLED):
    Verdict.objects.create(
        claim=claim, rating=rating, summary="s", editor=editor, settled_at=claim.created_at + after
    )
    Claim.objects.filter(pk=claim.pk).update(status=status)


def give_review(claim, reviewer, rating, after_assignment):
    assigned_at = claim.created_at
    Assignment.objects.create(claim=claim, reviewer=reviewer, assigned_at=assigned_at)
    review = Review.objects.create(
        claim=claim, reviewer=reviewer, rating=rating, confidence=3, rationale="r"
    )
    Review.objects.filter(pk=review.pk).update(submitted_at=assigned_at + after_assignment)


def build_world(editor, reviewer, reviewer2, prefix=""):
    """Two outlets, two articles, six claims.

    Article "Harbour figures" (Daily Ledger):
      h1 False (minister, quantity)         verdict 2 days after creation
      h2 Mostly false (minister, quantity)  verdict 4 days after
      h3 True (Daily Ledger, event)         verdict 10 days after
      h4 draft, no verdict (minister, event), created 20 days after T0
    Article "School budgets" (Evening Post):
      s1 True (mayor, quantity)             verdict 1 day after, published
      s2 Unverifiable (mayor, other)        verdict 3 days after
    Median time to verdict: 1, 2, 3, 4, 10 days -> 3 days.
    Reviews (assignment to submission): 1, 2, 6 days -> median 2 days.
    """
    ledger = Outlet.objects.create(name=f"{prefix}Daily Ledger")
    post = Outlet.objects.create(name=f"{prefix}Evening Post")
    harbour = Article.objects.create(
        title=f"{prefix}Harbour figures",
        outlet=ledger,
        body=f"{prefix}H one. H two. H three. H four.",
    )
    schools = Article.objects.create(
        title=f"{prefix}School budgets", outlet=post, body=f"{prefix}S one. S two."
    )
    q, e, o = Claim.Kind.QUANTITY, Claim.Kind.EVENT, Claim.Kind.OTHER
    h1 = add_claim(harbour, "H one.", claimant="The minister", kind=q)
    h2 = add_claim(harbour, "H two.", claimant="The minister", kind=q)
    h3 = add_claim(harbour, "H three.", claimant="Daily Ledger", kind=e)
    h4 = add_claim(harbour, "H four.", claimant="The minister", kind=e, created=T0 + days(20))
    s1 = add_claim(schools, "S one.", claimant="The mayor", kind=q)
    s2 = add_claim(schools, "S two.", claimant="The mayor", kind=o)
    give_verdict(h1, Rating.FALSE, editor, days(2))
    give_verdict(h2, Rating.MOSTLY_FALSE, editor, days(4))
    give_verdict(h3, Rating.TRUE, editor, days(10))
    give_verdict(s1, Rating.TRUE, editor, days(1), status=Claim.Status.PUBLISHED)
    give_verdict(s2, Rating.UNVERIFIABLE, editor, days(3))
    give_review(h1, reviewer, Rating.FALSE, days(1))
    give_review(h1, reviewer2, Rating.MOSTLY_FALSE, days(2))
    give_review(h2, reviewer, Rating.MOSTLY_FALSE, days(6))
    return {"ledger": ledger, "post": post, "harbour": harbour, "schools": schools, "h4": h4}
