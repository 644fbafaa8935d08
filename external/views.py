"""The desk's page of other organisations' fact-checks, and an editor's word on a match."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from claims import roles
from claims.access import MAX_ID, get_claim_for_user
from claims.jobs import enqueue_on_commit
from claims.pagination import page_number
from claims.views.prg import SeeOther, failed_data, forget_failed, keep_failed, post_only

from .claimreview import Unreadable
from .forms import ImportForm
from .models import ExternalFactCheck, Feed, MatchDecision, url_key
from .services import import_data
from .tasks import read_claimreview_feed

PAGE_SIZE = 50
FORM = "import"


@require_safe
@login_required
def index(request):
    roles.require_editor(request.user)
    url = reverse("external:index")
    data = failed_data(request, url, FORM)
    form = ImportForm(data) if data is not None else ImportForm()
    if data is not None:
        form.is_valid()
    page = page_number(request.GET.get("page"), maximum=10_000)
    start = (page - 1) * PAGE_SIZE
    rows = list(ExternalFactCheck.objects.all()[start : start + PAGE_SIZE + 1])
    if not rows and page > 1:
        raise Http404(_("There is no page %(page)s.") % {"page": page})
    context = {
        "form": form,
        "feeds": Feed.objects.select_related("added_by")[:50],
        "factchecks": rows[:PAGE_SIZE],
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if len(rows) > PAGE_SIZE else None,
    }
    return render(request, "external/index.html", context, status=200 if data is None else 400)


@login_required
def import_factchecks(request):
    if request.method != "POST":
        return redirect("external:index")
    roles.require_editor(request.user)
    url = reverse("external:index")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return keep_failed(request, url, FORM)
    forget_failed(request, url, FORM)
    upload = form.cleaned_data["file"]
    if upload:
        try:
            outcome = import_data(upload.read(), media_type=upload.content_type or "")
        except Unreadable as error:
            messages.error(
                request,
                _("%(name)s was not read: %(error)s.") % {"name": upload.name, "error": error},
            )
        else:
            messages.success(
                request, _("%(name)s: %(outcome)s.") % {"name": upload.name, "outcome": outcome}
            )
        return SeeOther(url)
    address = form.cleaned_data["url"]
    feed = Feed.objects.get_or_create(
        url_key=url_key(address), defaults={"url": address, "added_by": request.user}
    )[0]
    if form.cleaned_data["follow"] and not feed.followed:
        Feed.objects.filter(pk=feed.pk).update(followed=True)
    enqueue_on_commit(read_claimreview_feed, feed.pk)
    messages.success(
        request,
        _("Reading %(url)s. Its fact-checks appear here when it has been read.")
        % {"url": feed.url},
    )
    return SeeOther(url)


@login_required
def feed_action(request, pk):
    if request.method != "POST":
        return redirect("external:index")
    roles.require_editor(request.user)
    if not 0 < pk <= MAX_ID:
        raise Http404
    feed = get_object_or_404(Feed, pk=pk)
    action = request.POST.get("action")
    if action == "read":
        enqueue_on_commit(read_claimreview_feed, feed.pk)
        messages.success(request, _("Reading %(url)s again.") % {"url": feed.url})
    elif action in ("follow", "unfollow"):
        Feed.objects.filter(pk=feed.pk).update(followed=action == "follow")
        text = _("Following %(url)s.") if action == "follow" else _("No longer following %(url)s.")
        messages.success(request, text % {"url": feed.url})
    else:
        messages.error(request, _("Choose to read, follow or stop following the address."))
    return SeeOther(reverse("external:index"))


@post_only("claims:claim")
@login_required
def decide(request, pk):
    """An editor links a suggested fact-check to the claim, or dismisses it."""
    claim = get_claim_for_user(request.user, pk)
    roles.require_editor(request.user)
    action = request.POST.get("action", "")
    external_id = request.POST.get("external", "")
    if action not in ("link", "dismiss", "undo") or not external_id.isdigit():
        messages.error(request, _("Choose a fact-check, then link or dismiss it."))
        return redirect(claim)
    external = ExternalFactCheck.objects.filter(pk=min(int(external_id), MAX_ID)).first()
    if external is None:
        messages.error(request, _("That fact-check is no longer known."))
        return redirect(claim)
    if action == "undo":
        MatchDecision.objects.filter(claim=claim, external=external).delete()
        messages.success(request, _("The match is a suggestion again."))
    else:
        MatchDecision.objects.update_or_create(
            claim=claim,
            external=external,
            defaults={"linked": action == "link", "decided_by": request.user},
        )
        text = (
            _("Linked as checked before.")
            if action == "link"
            else _("Dismissed: it is not offered again.")
        )
        messages.success(request, text)
    return redirect(f"{claim.get_absolute_url()}#checked-before")
