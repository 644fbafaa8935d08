"""The pages where a person makes and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from claims import roles
from claims.access import MAX_ID
from claims.views.prg import SeeOther, failed_data, forget_failed, keep_failed

from .forms import TokenForm, WebhookForm
from .models import ApiToken, Webhook
from .webhooks import announce_ping

FORM = "token"
NEW_KEY = "api:new-token"


def get_own_token(user, pk):
    """One of `user`'s own tokens; anyone else's, or none, is 404."""
    if not 0 < pk <= MAX_ID:
        raise Http404("No such token.")
    return get_object_or_404(ApiToken.objects.filter(user=user), pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request):
    url = reverse("api:tokens")
    if request.method == "POST":
        form = TokenForm(request.POST)
        if not form.is_valid():
            return keep_failed(request, url, FORM)
        forget_failed(request, url, FORM)
        token, key = ApiToken.objects.issue(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_in_days=form.cleaned_data["expires_in_days"],
        )
        # Shown on the next page only: after that no one can read the key again.
        request.session[NEW_KEY] = {"pk": token.pk, "key": key}
        return SeeOther(url)
    data = failed_data(request, url, FORM)
    form = TokenForm(data) if data is not None else TokenForm()
    new = request.session.pop(NEW_KEY, None) or {}
    context = {
        "form": form,
        "tokens": request.user.api_tokens.all(),
        "new_key": new.get("key"),
        "new_pk": new.get("pk"),
    }
    return render(request, "api/tokens.html", context, status=400 if data is not None else 200)


@login_required
def token_revoke(request, pk):
    if request.method in ("GET", "HEAD"):
        return HttpResponseRedirect(reverse("api:tokens"))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    token = get_own_token(request.user, pk)
    token.revoke()
    messages.success(
        request,
        _("“%(name)s” is revoked: it no longer opens the API.") % {"name": token.name},
    )
    return SeeOther(reverse("api:tokens"))


# Webhooks: an editor's own, or every one for an admin.

WEBHOOK_FORM = "webhook"


def get_webhook_for_user(user, pk):
    """A webhook `user` may manage: their own, or any for an admin; else 403 or 404."""
    roles.require_editor(user)
    if not 0 < pk <= MAX_ID:
        raise Http404("No such webhook.")
    return get_object_or_404(Webhook.objects.visible_to(user), pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def webhook_list(request):
    roles.require_editor(request.user)
    url = reverse("api:webhooks")
    if request.method == "POST":
        form = WebhookForm(request.POST)
        if not form.is_valid():
            return keep_failed(request, url, WEBHOOK_FORM)
        forget_failed(request, url, WEBHOOK_FORM)
        form.instance.owner = request.user
        hook = form.save()
        messages.success(
            request, _("Webhook added: %(url)s is told of the events chosen.") % {"url": hook.url}
        )
        return SeeOther(reverse("api:webhook", args=[hook.pk]))
    data = failed_data(request, url, WEBHOOK_FORM)
    form = WebhookForm(data) if data is not None else WebhookForm()
    hooks = Webhook.objects.visible_to(request.user).select_related("owner")
    context = {"form": form, "webhooks": hooks}
    return render(request, "api/webhooks.html", context, status=400 if data is not None else 200)


DELIVERIES_SHOWN = 50


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def webhook_detail(request, pk):
    hook = get_webhook_for_user(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "ping":
            announce_ping(hook)
            messages.success(request, _("A test delivery is on its way."))
        elif action in ("on", "off"):
            hook.switch(on=action == "on")
            messages.success(request, _("Switched on.") if action == "on" else _("Switched off."))
        elif action == "delete":
            hook.delete()
            messages.success(request, _("Webhook deleted."))
            return SeeOther(reverse("api:webhooks"))
        else:
            messages.error(request, _("Choose to send a test, switch on or off, or delete."))
        return SeeOther(reverse("api:webhook", args=[hook.pk]))
    deliveries = list(hook.deliveries.prefetch_related("attempts")[:DELIVERIES_SHOWN])
    return render(request, "api/webhook_detail.html", {"webhook": hook, "deliveries": deliveries})
