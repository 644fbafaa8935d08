"""The desk's tags, for editors: each tag with its number of claims; rename and merge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import roles
from ..access import get_tag_for_user
from ..forms import TagMergeForm, TagRenameForm
from ..models import Tag, WorkflowError
from ..pagination import page_number
from .prg import failed_data, forget_failed, keep_failed, post_only

TAGS_PER_PAGE = 100


@require_safe
@login_required
def tag_list(request):
    roles.require_editor(request.user)
    tags = Tag.objects.with_claim_counts()
    paginator = Paginator(tags, TAGS_PER_PAGE)
    number = page_number(request.GET.get("page"))
    if number > paginator.num_pages:
        raise Http404(_("There is no page %(page)s of this list.") % {"page": number})
    page = paginator.page(number)
    return render(request, "claims/tag_list.html", {"page": page, "tags": page.object_list})


def _tag_page(request, tag, rename_form=None, merge_form=None):
    url = reverse("claims:tag", args=[tag.pk])
    if rename_form is None:
        data = failed_data(request, url, "rename")
        rename_form = TagRenameForm(data, initial={"name": tag.name})
        if data is not None:
            rename_form.is_valid()
    if merge_form is None:
        data = failed_data(request, url, "merge")
        merge_form = TagMergeForm(data, tag=tag)
        if data is not None:
            merge_form.is_valid()
    context = {"tag": tag, "rename_form": rename_form, "merge_form": merge_form}
    return render(request, "claims/tag_detail.html", context)


@require_safe
@login_required
def tag_detail(request, pk):
    tag = get_tag_for_user(request.user, pk, queryset=Tag.objects.with_claim_counts())
    return _tag_page(request, tag)


@post_only("claims:tag")
@login_required
def tag_rename(request, pk):
    tag = get_tag_for_user(request.user, pk)
    form = TagRenameForm(request.POST)
    url = reverse("claims:tag", args=[tag.pk])
    if not form.is_valid():
        return keep_failed(request, url, "rename")
    forget_failed(request, url, "rename")
    old = tag.name
    try:
        tag.rename(form.cleaned_data["name"], by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(old)s is now %(new)s.") % {"old": old, "new": tag.name})
    return redirect(url)


@post_only("claims:tag")
@login_required
def tag_merge(request, pk):
    tag = get_tag_for_user(request.user, pk)
    form = TagMergeForm(request.POST, tag=tag)
    url = reverse("claims:tag", args=[tag.pk])
    if not form.is_valid():
        return keep_failed(request, url, "merge")
    forget_failed(request, url, "merge")
    into = form.cleaned_data["into"]
    try:
        moved = tag.merge_into(into, by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(url)
    messages.success(
        request,
        _("%(old)s was merged into %(new)s; %(count)s claims gained %(new)s.")
        % {"old": tag.name, "new": into.name, "count": moved},
    )
    return redirect("claims:tag", into.pk)
