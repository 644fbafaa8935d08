"""The articles list, an article's page, and claims added by hand on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..access import get_article_for_user
from ..forms import ClaimForm
from ..models import Article
from ..pagecache import kept_until_the_desk_changes
from ..pagination import configure_table, counted_pages
from ..tables import ArticleTable
from ..text import mark_claims
from .prg import failed_data, forget_failed, keep_failed, post_only, shows_failed_form

# The name the article page's claim form is kept under when it fails (claims.views.prg).
CLAIM_FORM = "claim"


@require_safe
@kept_until_the_desk_changes
@login_required
@permission_required("claims.view_article", raise_exception=True)
def article_list(request):
    table = ArticleTable(Article.objects.for_list())
    configure_table(request, table, counted_pages(25))
    return render(request, "claims/article_list.html", {"table": table})


def render_article_page(request, article, claim_form=None):
    """The article's text with its claims and candidates; `claim_form` bound, with errors."""
    user = request.user
    claims = list(article.claims.worked_on().for_list(user).annotate(rating=F("verdict__rating")))
    candidates = list(article.claims.candidates())
    if claim_form is None and user.has_perm("claims.add_claim"):
        claim_form = ClaimForm(article=article)
    context = {
        "article": article,
        "claims": claims,
        "paragraphs": mark_claims(article.body, claims + candidates),
        "claim_form": claim_form,
        "candidates": candidates,
        "can_review_candidates": user.has_perm("claims.triage_candidates"),
        "can_propose": user.has_perm("claims.add_claim"),
    }
    return render(request, "claims/article_detail.html", context)


@require_safe
@kept_until_the_desk_changes(unless=shows_failed_form)
@login_required
def article_detail(request, pk):
    article = get_article_for_user(
        request.user, pk, queryset=Article.objects.select_related("outlet")
    )
    claim_form = None
    data = failed_data(request, article.get_absolute_url(), CLAIM_FORM)
    if data is not None and request.user.has_perm("claims.add_claim"):
        claim_form = ClaimForm(data, article=article)
    return render_article_page(request, article, claim_form=claim_form)


@post_only("claims:article")
@login_required
def claim_create(request, pk):
    article = get_article_for_user(
        request.user, pk, "claims.add_claim", queryset=Article.objects.select_related("outlet")
    )
    page = article.get_absolute_url()
    form = ClaimForm(request.POST, article=article)
    if not form.is_valid():
        return keep_failed(request, page, CLAIM_FORM)
    forget_failed(request, page, CLAIM_FORM)
    form.instance.created_by = request.user
    claim = form.save()
    messages.success(request, _("Claim added as a draft."))
    return redirect(claim)
