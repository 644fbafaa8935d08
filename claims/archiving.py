"""Asking the Internet Archive's Wayback Machine for a copy of a cited page (Save Page Now).

A small client over claims.fetching rather than the `savepagenow` package: that package
fetches with `requests`, around our fetch guard, timeouts and size cap, and its endpoint
is fixed. Here the request is one GET on FACTCHECK_INTERNET_ARCHIVE_ENDPOINT followed by
the page's address (https://web.archive.org/save/<url>); the Wayback Machine answers with
a redirect to the copy (/web/<timestamp>/<url>), or with the copy and its address in
Content-Location. The redirect is not followed: the address is all we keep.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .fetching import FetchFailed, FetchRefused, fetch


class ArchiveFailed(Exception):
    """The Internet Archive made no copy; the message says why."""


def is_enabled():
    return settings.FACTCHECK_INTERNET_ARCHIVE


def save_page_now(url):
    """The address of a fresh Wayback Machine copy of `url`; raises ArchiveFailed."""
    endpoint = settings.FACTCHECK_INTERNET_ARCHIVE_ENDPOINT
    try:
        answer = fetch(endpoint + url, follow_redirects=False)
    except (FetchRefused, FetchFailed) as error:
        raise ArchiveFailed(str(error)) from None
    place = answer.headers.get("location") or answer.headers.get("content-location")
    if answer.status >= 400 or not place:
        raise ArchiveFailed(
            _("the Internet Archive answered HTTP %(status)d without the address of a copy")
            % {"status": answer.status}
        )
    copy = urljoin(answer.final_url, place.strip())
    if urlsplit(copy).scheme not in ("http", "https") or "/web/" not in urlsplit(copy).path:
        raise ArchiveFailed(
            _("the Internet Archive gave %(place)s, which is not a copy's address")
            % {"place": place[:200]}
        )
    return copy
