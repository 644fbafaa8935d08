"""Saved views of the claims list: save the list's filters and sort, open, rename, delete.

Anyone on the desk saves their own; a shared one is opened by everyone, changed only by
its owner (SavedView.can_be_changed_by, asked through claims.access).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..access import get_saved_view_for_user
from ..filters import describe_query
from ..forms import SavedViewForm
from ..models import SavedView
from .prg import SeeOther, post_only


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@permission_required("claims.view_claim", raise_exception=True)
def saved_views(request):
    """GET: my views and the desk's, to open or change. POST: save the list's filters."""
    form = None
    if request.method == "POST":
        form = SavedViewForm(request.POST, owner=request.user, request=request)
        if form.is_valid():
            view = form.save()
            messages.success(request, _("Saved the view \u201c%(name)s\u201d.") % {"name": view})
            return SeeOther(view.get_absolute_url())
    return _page(request, new_form=form, status=400 if form is not None else 200)


def _page(request, *, new_form=None, failed=None, error=None, status=200):
    views = list(SavedView.objects.visible_to(request.user))
    mine = [
        (
            view,
            failed[1] if failed and failed[0] == view.pk else _rename_form(request, view),
            describe_query(view.query),
        )
        for view in views
        if view.can_be_changed_by(request.user)
    ]
    shared = [
        (view, describe_query(view.query))
        for view in views
        if not view.can_be_changed_by(request.user)
    ]
    context = {"mine": mine, "shared": shared, "new_form": new_form, "error": error}
    return render(request, "claims/saved_views.html", context, status=status)


def _rename_form(request, view, data=None):
    initial = {"name": view.name, "shared": view.shared}
    return SavedViewForm(
        data,
        owner=request.user,
        request=request,
        instance=view,
        initial=initial,
        prefix=f"view-{view.pk}",  # one page draws a form per view: each its own ids
    )


@require_safe
@login_required
def open_saved_view(request, pk):
    return redirect(get_saved_view_for_user(request.user, pk).get_absolute_url())


@post_only("claims:saved_view")
@login_required
def change_saved_view(request, pk):
    """Rename (and share or unshare) or delete one of my views."""
    view = get_saved_view_for_user(request.user, pk, to_change=True)
    what = request.POST.get("do")
    if what == "delete":
        view.delete()
        messages.success(request, _("Deleted the view \u201c%(name)s\u201d.") % {"name": view})
        return SeeOther(_list_url())
    if what != "rename":
        return _page(request, error=_("Choose to rename or to delete the view."), status=400)
    form = _rename_form(request, view, request.POST)
    if not form.is_valid():
        return _page(request, failed=(view.pk, form), status=400)
    form.save()
    messages.success(request, _("Saved the view \u201c%(name)s\u201d.") % {"name": view})
    return SeeOther(_list_url())


def _list_url():
    return reverse("claims:saved_views")
