"""The articles list, an article's page, and claims added by hand on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_tables2 import RequestConfig

from intake.views import candidates_for_article_page

from ..forms import (
    ClaimForm,
)
from ..models import (
    Article,
    Claim,
    count_of,
)
from ..pagination import counted_pages
from ..tables import ArticleTable
from ..text import mark_claims


@require_safe
@login_required
@permission_required("claims.view_article", raise_exception=True)
def article_list(request):
    # The counts are subqueries, computed for the page's articles only.
    articles = (
        Article.objects.select_related("outlet")
        .defer("body")
        .annotate(
            claim_count=count_of(Claim, "article", status__in=Claim.WORKED_ON),
            published_count=count_of(Claim, "article", status=Claim.Status.PUBLISHED),
        )
    )
    table = ArticleTable(articles)
    RequestConfig(request, paginate=counted_pages(25)).configure(table)
    return render(request, "claims/article_list.html", {"table": table})


def _article_page(request, pk, claim_form=None, status=200):
    if not request.user.has_perm("claims.view_article"):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    claims = list(
        article.claims.worked_on().for_list(request.user).annotate(rating=F("verdict__rating"))
    )
    candidates = candidates_for_article_page(request, article)
    if claim_form is None and request.user.has_perm("claims.add_claim"):
        claim_form = ClaimForm(article=article)
    context = {
        "article": article,
        "claims": claims,
        "paragraphs": mark_claims(article.body, claims + candidates["candidates"]),
        "claim_form": claim_form,
        **candidates,
    }
    return render(request, "claims/article_detail.html", context, status=status)


@require_safe
@login_required
def article_detail(request, pk):
    return _article_page(request, pk)


@require_POST
@login_required
@permission_required("claims.add_claim", raise_exception=True)
def claim_create(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = ClaimForm(request.POST, article=article)
    if not form.is_valid():
        return _article_page(request, pk, claim_form=form, status=400)
    claim = form.save(commit=False)
    claim.created_by = request.user
    claim.save()
    messages.success(request, _("Claim added as a draft."))
    return redirect(claim)
