"""Post/redirect/get for the forms that post to a URL of their own.

A POST-only URL answers a GET (a reload, a bookmark, a pasted address) with a
redirect to the page its form lives on, never a 405. A form that fails is not
drawn at the POST's URL: its data is kept in the session and the browser is
sent (303) to its page with `?failed=<form>`, which binds the data again and
shows the errors. That page answers GET, so reloading it shows the same errors
again instead of asking to resend the form; the kept data is dropped once the
same form succeeds.
"""

from functools import wraps

from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

FAILED = "failed"
_KEY = "prg:{path}:{name}"


class SeeOther(HttpResponseRedirect):
    """303: the answer to a POST is fetched with GET, whatever the POST was."""

    status_code = 303


def post_only(back_to):
    """Accept POST; send GET and HEAD to the page `back_to` of the same `pk`; refuse the rest.

    The redirect reads nothing: the page it leads to makes its own access check.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return HttpResponseRedirect(reverse(back_to, kwargs={"pk": kwargs["pk"]}))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _key(url, name):
    return _KEY.format(path=url.split("?", 1)[0].split("#", 1)[0], name=name)


def keep_failed(request, url, name):
    """Keep the POST's data for form `name` of the page at `url`, and send the browser there.

    No #fragment: the form's error summary has autofocus, which brings it into
    view, and a browser skips autofocus on a page opened at a fragment.
    """
    data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
    request.session[_key(url, name)] = data
    return SeeOther(f"{url}?{FAILED}={name}")


def shows_failed_form(request):
    """Whether this GET asks to show a form that failed (`?failed=<form>`): such a page
    draws the kept data and its errors, so it is never served from the page cache."""
    return bool(request.GET.get(FAILED))


def failed_data(request, url, name):
    """The data kept for form `name` of the page at `url`, when this GET asks for it."""
    if request.GET.get(FAILED) != name:
        return None
    data = request.session.get(_key(url, name))
    return None if data is None else MultiValueDict(data)


def forget_failed(request, url, name):
    request.session.pop(_key(url, name), None)
