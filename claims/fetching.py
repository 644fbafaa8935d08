"""Fetching a web page for factcheck: an article imported from a link, a cited page archived.

Every fetch goes through `fetch`, which keeps to a few rules a server fetching on a
user's behalf needs:

- only http and https, on any port;
- the host's name is resolved here, every address it resolves to is checked, and the
  connection goes to a checked address (so a name cannot resolve to a public address
  for the check and a private one for the connection). Private, loopback, link-local,
  multicast and reserved addresses are refused, unless FACTCHECK_FETCH_ALLOW_PRIVATE
  allows them (1 for all; or a comma-separated list of networks, e.g. 127.0.0.0/8);
- redirects are followed here, at most FACTCHECK_FETCH_MAX_REDIRECTS, each new address
  checked as the first;
- a connect and read timeout, an overall deadline, and a cap on the bytes read
  (FACTCHECK_FETCH_MAX_BYTES) whatever the server says its length is.

A fetch that may not or cannot succeed raises `FetchRefused` (a permanent reason, in
words a person can act on); one that failed on the way (no answer, a lost connection,
a timeout) raises `FetchFailed`, an OSError, which the job queue retries
(claims.jobs.TRANSIENT). Any HTTP answer, 404 and 500 included, is returned with its status.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from .validators import is_web_url

DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECTS = (301, 302, 303, 307, 308)


class FetchRefused(Exception):
    """A URL that may not, or cannot, be fetched; the message says why."""


class FetchFailed(OSError):
    """A fetch that failed on the way (no answer, a timeout); worth another try later."""


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    redirects: list = field(default_factory=list)  # the URLs redirected through
    headers: dict = field(default_factory=dict)  # the last response's, names in lower case

    @property
    def ok(self):
        return 200 <= self.status < 300

    @property
    def media_type(self):
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def charset(self):
        for part in self.content_type.split(";")[1:]:
            name, _sep, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


def _allowed_networks():
    value = settings.FACTCHECK_FETCH_ALLOW_PRIVATE
    if value in (True, False):
        return value
    return [ipaddress.ip_network(item, strict=False) for item in value]


def _kind(address):
    """What makes `address` no place for a fetch, or None for a public address."""
    if address.is_loopback:
        return _("a loopback address")
    if address.is_link_local:
        return _("a link-local address")
    if address.is_multicast:
        return _("a multicast address")
    if address.is_unspecified or address.is_reserved:
        return _("a reserved address")
    if address.is_private or not address.is_global:
        return _("a private address")
    return None


def check_address(host, address):
    """Raise FetchRefused if `host`'s `address` (an ip_address) is not a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    kind = _kind(address)
    if kind is None:
        return
    allowed = _allowed_networks()
    if allowed is True or (allowed and any(address in network for network in allowed)):
        return
    raise FetchRefused(
        _("%(host)s resolves to %(address)s, %(kind)s, which factcheck does not fetch from")
        % {"host": host, "address": address, "kind": kind}
    )


def resolve(host, port):
    """The checked addresses of `host`, in the resolver's order; raises FetchRefused."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(_("the name %(host)s could not be found") % {"host": host}) from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    # Every address is checked: a name with one public and one private address is refused.
    for address in addresses:
        check_address(host, address)
    return addresses


def _pool(scheme, host, address, port, timeout):
    common = {"port": port, "timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address),
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **common,
        )
    return urllib3.HTTPConnectionPool(str(address), **common)


def _target(parts):
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _read(response, url, limit, deadline):
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        raise FetchRefused(_too_big(url, limit))
    chunks, size = [], 0
    for chunk in response.stream(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > limit:
            raise FetchRefused(_too_big(url, limit))
        if time.monotonic() > deadline:
            raise FetchFailed(_("%(url)s took too long to send its page") % {"url": url})
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(url, limit):
    return _("%(url)s is over the %(limit)s limit") % {"url": url, "limit": filesizeformat(limit)}


def _get(url, limit, deadline):
    """One GET of `url`, to a checked address: the urllib3 response and its body."""
    return _request("GET", url, limit, deadline)


def _request(method, url, limit, deadline, body=None, extra_headers=None):
    """One request to `url`, to a checked address: the urllib3 response and its body."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), parts.hostname
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise FetchRefused(_("%(url)s has no valid port") % {"url": url}) from None
    timeout = urllib3.Timeout(
        connect=settings.FACTCHECK_FETCH_TIMEOUT, read=settings.FACTCHECK_FETCH_TIMEOUT
    )
    headers = {
        "Host": parts.netloc.rsplit("@", 1)[-1],
        "User-Agent": settings.FACTCHECK_FETCH_USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8",
        "Accept-Encoding": "gzip, deflate",
        **(extra_headers or {}),
    }
    last_error = None
    for address in resolve(host, port):
        pool = _pool(scheme, host, address, port, timeout)
        try:
            response = pool.urlopen(
                method,
                _target(parts),
                body=body,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
            )
        except urllib3.exceptions.SSLError as error:
            raise FetchRefused(
                _("%(host)s's certificate could not be trusted (%(error)s)")
                % {"host": host, "error": error}
            ) from None
        except urllib3.exceptions.HTTPError as error:
            last_error = error
            continue
        try:
            body = b"" if response.status in REDIRECTS else _read(response, url, limit, deadline)
        except (urllib3.exceptions.HTTPError, OSError) as error:
            if isinstance(error, FetchFailed):
                raise
            raise FetchFailed(
                _("%(url)s stopped sending its page (%(error)s)") % {"url": url, "error": error}
            ) from None
        finally:
            response.release_conn()
            pool.close()
        return response, body
    raise FetchFailed(
        _("%(host)s did not answer (%(error)s)") % {"host": host, "error": last_error}
    )


def fetch(url, *, max_bytes=None, follow_redirects=True):
    """GET `url` under the rules above, following redirects (or, with follow_redirects
    False, returning the redirect itself); a Fetched, or raises FetchRefused (never to
    be tried again as it is) or FetchFailed (try later)."""
    if not is_web_url(url):
        raise FetchRefused(_("only http:// and https:// addresses can be fetched"))
    limit = max_bytes or settings.FACTCHECK_FETCH_MAX_BYTES
    deadline = time.monotonic() + settings.FACTCHECK_FETCH_DEADLINE
    current, redirects = url.strip(), []
    while True:
        response, body = _get(current, limit, deadline)
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location or not follow_redirects:
            return Fetched(
                url=url,
                final_url=current,
                status=response.status,
                content_type=response.headers.get("Content-Type", ""),
                body=body,
                fetched_at=timezone.now(),
                redirects=redirects,
                headers={name.lower(): value for name, value in response.headers.items()},
            )
        if len(redirects) >= settings.FACTCHECK_FETCH_MAX_REDIRECTS:
            raise FetchRefused(
                _("%(url)s redirects more than %(count)d times")
                % {"url": url, "count": settings.FACTCHECK_FETCH_MAX_REDIRECTS}
            )
        redirects.append(current)
        current = urljoin(current, location.strip())
        if not is_web_url(current):
            raise FetchRefused(
                _("%(url)s redirects to %(location)s, which is not a web address")
                % {"url": url, "location": current[:200]}
            )


@dataclass
class Posted:
    status: int
    milliseconds: int
    body: bytes  # the start of the answer, for the record


def post(url, body, *, headers, max_bytes=1024 * 1024):
    """POST `body` (bytes) to `url` under the same rules as fetch, redirects not followed
    (a redirect is the answer); a Posted, or raises FetchRefused or FetchFailed."""
    if not is_web_url(url):
        raise FetchRefused(_("only http:// and https:// addresses can be sent to"))
    started = time.monotonic()
    deadline = started + settings.FACTCHECK_FETCH_DEADLINE
    response, answer = _request("POST", url, max_bytes, deadline, body=body, extra_headers=headers)
    return Posted(response.status, round((time.monotonic() - started) * 1000), answer[:2000])
