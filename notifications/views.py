"""The inbox (a person's notifications, newest first, marked read one by one or all at once)
and the page where each person chooses which notifications are mailed to them, and how."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from claims.pagination import configure_table, counted_pages, page_number
from claims.views.prg import SeeOther

from .access import get_notification_for_user
from .forms import PreferencesForm
from .models import Notification, Preference
from .tables import InboxTable

PER_PAGE = 25


def _post_only(view):
    """POST only; a GET (a reload, a bookmark) is sent to the inbox, never a 405."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return HttpResponseRedirect(reverse("notifications:inbox"))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return wrapper


def _inbox_page(request):
    """Where to send the browser after a mark: the inbox page the form was sent from.

    Read before anything is marked, so a page number that is not one (a 404) marks nothing.
    """
    url = reverse("notifications:inbox")
    page = page_number(request.POST.get("page"))
    return url if page == 1 else f"{url}?page={page}"


@require_safe
@login_required
def inbox(request):
    table = InboxTable(Notification.objects.for_inbox(request.user))
    configure_table(request, table, counted_pages(PER_PAGE))
    return render(request, "notifications/inbox.html", {"table": table})


@_post_only
@login_required
def mark_read(request, pk):
    back = _inbox_page(request)
    notification = get_notification_for_user(request.user, pk)
    Notification.objects.filter(pk=notification.pk).mark_read()
    return SeeOther(back)


@_post_only
@login_required
def mark_all_read(request):
    back = _inbox_page(request)
    marked = Notification.objects.for_user(request.user).mark_read()
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked read.", "%(count)s notifications marked read.", marked
        )
        % {"count": marked},
    )
    return SeeOther(back)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request):
    current = Preference.objects.choices_for(request.user)
    if request.method != "POST":
        form = PreferencesForm(user=request.user, current=current)
        return render(request, "notifications/settings.html", {"form": form})
    form = PreferencesForm(request.POST, user=request.user, current=current)
    if not form.is_valid():
        return render(request, "notifications/settings.html", {"form": form}, status=400)
    Preference.save_choices(request.user, form.choices())
    messages.success(request, _("Your choices are saved."))
    return SeeOther(reverse("notifications:settings"))
