from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.access import get_article_for_user
from claims.models import Article, WorkflowError
from claims.views.prg import post_only

from .forms import ImportForm
from .services import articles_import_uploads, candidate_accept, candidates_propose


@login_required
@permission_required("claims.add_article", raise_exception=True)
def import_articles(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    summary = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            summary = articles_import_uploads(
                data["files"],
                outlet=data["outlet"],
                url=data["url"],
                published_on=data["published_on"],
                by=request.user,
            )
            status = 200 if summary.ok else 400
            form = ImportForm()
        else:
            status = 400
    return render(request, "intake/import.html", {"form": form, "summary": summary}, status=status)


@post_only("claims:article")
@login_required
def propose(request, pk):
    article = get_article_for_user(
        request.user, pk, "claims.add_claim", queryset=Article.objects.select_related("outlet")
    )
    count = len(candidates_propose(article=article, by=request.user))
    messages.success(
        request,
        ngettext("%(count)s new candidate claim.", "%(count)s new candidate claims.", count)
        % {"count": count},
    )
    return redirect(article)


def _chosen(request, article):
    """The candidates a review form acts on: one (its own button) or the ticked ones."""
    action, _sep, one = request.POST.get("action", "").partition(":")
    if action not in ("accept", "reject"):
        return None, []
    ids = [one] if one else request.POST.getlist("candidate")
    ids = [int(i) for i in ids if i.isdigit()]
    return action, list(
        article.claims.candidates().filter(pk__in=ids).select_related("article__outlet")
    )


@post_only("claims:article")
@login_required
def review_candidates(request, pk):
    article = get_article_for_user(request.user, pk, "claims.triage_candidates")
    action, chosen = _chosen(request, article)
    if action is None or not chosen:
        messages.error(request, _("Choose at least one candidate, then accept or reject."))
        return redirect(article)
    done = 0
    for claim in chosen:
        try:
            if action == "accept":
                statement = request.POST.get(f"statement-{claim.pk}", "")
                candidate_accept(claim=claim, statement=statement, by=request.user)
            else:
                claim.reject(by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            done += 1
    if action == "accept":
        text = ngettext(
            "%(count)s candidate accepted as a draft claim.",
            "%(count)s candidates accepted as draft claims.",
            done,
        )
    else:
        text = ngettext("%(count)s candidate rejected.", "%(count)s candidates rejected.", done)
    messages.success(request, text % {"count": done})
    if action == "accept" and done == 1:
        return redirect(chosen[0])
    return redirect(article)
