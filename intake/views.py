from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from claims.access import get_article_for_user
from claims.models import Article, WorkflowError
from claims.views.prg import SeeOther, post_only

from .access import get_batch_for_user
from .forms import ImportForm
from .models import ImportBatch, batch_summary
from .services import batch_create, candidate_accept, candidates_queue

RECENT_BATCHES = 5


@login_required
@permission_required("claims.add_article", raise_exception=True)
def import_articles(request):
    """The upload form. A valid upload is saved and left to a worker, and the answer, at
    once, is its batch's page; a forged or bad one is shown again with its errors (400)."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        batch = batch_create(
            by=request.user,
            files=data["files"],
            links=data["links"],
            outlet=data["outlet"],
            url=data["url"],
            published_on=data["published_on"],
        )
        return SeeOther(batch.get_absolute_url())
    recent = ImportBatch.objects.visible_to(request.user).with_counts()[:RECENT_BATCHES]
    return render(
        request,
        "intake/import.html",
        {"form": form, "recent": recent},
        status=400 if form.is_bound else 200,
    )


def _batch_items(request, pk):
    batch = get_batch_for_user(request.user, pk)
    items = list(batch.items.for_page())
    summary, done = batch_summary(items)
    return batch, items, summary, done


@require_safe
@login_required
def batch_detail(request, pk):
    """An upload's page: each file's and link's progress and outcome."""
    batch, items, summary, done = _batch_items(request, pk)
    context = {"batch": batch, "items": items, "summary": summary, "done": done}
    return render(request, "intake/batch.html", context)


@require_safe
@login_required
def batch_status(request, pk):
    """The batch page's rows as they stand, for its script (static/js/import_status.js)."""
    _batch, items, summary, done = _batch_items(request, pk)
    rows = [
        {
            "id": item.pk,
            "status": item.status,
            "finished": item.is_finished(),
            "announce": f"{item.name}: {item.get_status_display()}",
            "html": render_to_string("intake/_batch_item.html", {"item": item}),
        }
        for item in items
    ]
    return JsonResponse({"done": done, "summary": summary, "items": rows})


@post_only("claims:article")
@login_required
def propose(request, pk):
    article = get_article_for_user(
        request.user, pk, "claims.add_claim", queryset=Article.objects.select_related("outlet")
    )
    candidates_queue(article=article, by=request.user)
    messages.success(
        request,
        _(
            "Looking for candidate claims: a worker is reading the article. Reload this page "
            "in a moment to see what it found."
        ),
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
