"""Pages kept for reuse until the desk changes.

The desk reads the same few pages all day (the queue, the claims list, a
claim, the articles, the reports) far more often than anyone writes. A page made for one
user is kept, and served again to the same user in the same browser session,
for as long as nothing the desk holds has been written since: the key carries
the desk's revision (claims.models.revision), which every write to every
table but the untracked few moves, in the writer's own transaction. So a
review, a verdict, an assignment, a change of someone's role or a bulk load
makes every later request a new page, and what a kept page shows is never
older than what a page made afresh would show.

Also in the key: the user; the browser session's CSRF secret, since the page's
forms carry a token made from it; the full address with its query; the
language and time zone the page is drawn in; and the day (or minute), since
a page says what is due or overdue as of today, and a report counts its
periods up to now. What is never kept: anything but a plain 200 page, a page
made while messages wait to be shown (drawing it shows them once), a page for
someone not signed in, and a page made inside a transaction. A kept page
leaves out the access checks, which ran when it was made: any change to who
may see what is a write, and so a new revision.

FACTCHECK_PAGE_CACHE_SECONDS (PAGE_CACHE_SECONDS; 0 turns keeping off) is how
long a page is kept at most; the "pages" cache holds them: each server
process's memory, or Redis with PAGE_CACHE_URL. A cache that fails (Redis
down) is logged, and the page is made as if nothing were kept.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone, translation

from .models import DeskRevision

PAGES = "pages"
logger = logging.getLogger(__name__)
EVERY = {
    "day": lambda now: timezone.localdate(now).isoformat(),
    "minute": lambda now: timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"),
}


def page_key(request, every="day"):
    """The key this request's page is kept under, or None when it may not be kept."""
    seconds = settings.FACTCHECK_PAGE_CACHE_SECONDS
    if request.method not in ("GET", "HEAD") or not seconds:
        return None
    if not request.user.is_authenticated or len(messages.get_messages(request)):
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    revision = DeskRevision.current()
    if revision is None:
        return None
    parts = [
        str(request.user.pk),
        secret,
        request.get_full_path(),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        EVERY[every](timezone.now()),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{revision}:{digest}"


def _keepable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and set(response.headers) == {"Content-Type"}
    )


def _cache(operation, *args):
    """`operation` on the pages' cache; None, and a warning in the log, if the cache is down
    (Redis stopped, say): the page is then made as if nothing were kept."""
    try:
        return getattr(caches[PAGES], operation)(*args)
    except Exception:  # whatever the backend raises, the page is still served
        logger.warning("The pages' cache failed; the page is made afresh.", exc_info=True)
        return None


def kept_until_the_desk_changes(view=None, *, every="day", unless=None):
    """Keep `view`'s pages (see the module's docstring); put it above the access checks.

    `every`: "day" or "minute", how often the page changes with the clock alone.
    `unless(request)`: true for requests whose page is never kept.
    """
    if every not in EVERY:
        raise ValueError(f"every must be one of {sorted(EVERY)}, not {every!r}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = None if unless and unless(request) else page_key(request, every)
            if key is None:
                return view(request, *args, **kwargs)
            kept = _cache("get", key)
            if kept is not None:
                content_type, content = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _keepable(response):
                kept = (response["Content-Type"], response.content)
                _cache("set", key, kept, settings.FACTCHECK_PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator if view is None else decorator(view)
