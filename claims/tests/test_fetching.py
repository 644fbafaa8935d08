"""claims.fetching against a real server on 127.0.0.1: redirects, size caps, and the
guard that keeps fetches off private, loopback and link-local addresses."""

import gzip

import pytest

from claims.fetching import FetchFailed, FetchRefused, fetch

HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_fetches_a_page_with_its_status_type_and_final_address(page_server):
    page_server.routes["/a"] = (301, {"Location": "/b"}, b"")
    page_server.routes["/b"] = (302, {"Location": page_server.url("/c?x=1")}, b"")
    page_server.routes["/c"] = (200, HTML, b"<p>Hello</p>")
    fetched = fetch(page_server.url("/a"))
    assert fetched.ok
    assert fetched.status == 200
    assert fetched.body == b"<p>Hello</p>"
    assert fetched.final_url == page_server.url("/c?x=1")
    assert fetched.redirects == [page_server.url("/a"), page_server.url("/b")]
    assert fetched.media_type == "text/html"
    assert fetched.charset == "utf-8"
    assert page_server.requests == ["/a", "/b", "/c?x=1"]


def test_an_error_page_is_returned_with_its_status(page_server):
    fetched = fetch(page_server.url("/missing"))
    assert fetched.status == 404
    assert not fetched.ok


def test_a_compressed_page_is_read_decompressed(page_server):
    body = gzip.compress(b"<p>" + b"word " * 1000 + b"</p>")
    page_server.routes["/gz"] = (200, {**HTML, "Content-Encoding": "gzip"}, body)
    assert fetch(page_server.url("/gz")).body.startswith(b"<p>word word")


def test_a_page_over_the_cap_is_refused_whatever_its_length_says(page_server, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1000
    page_server.routes["/big"] = (200, HTML, b"x" * 1001)
    with pytest.raises(FetchRefused, match="over the 1000"):
        fetch(page_server.url("/big"))
    # A compressed page is measured as it unpacks: a small bomb is refused too.
    bomb = gzip.compress(b"x" * 100_000)
    page_server.routes["/bomb"] = (200, {**HTML, "Content-Encoding": "gzip"}, bomb)
    assert len(bomb) < 1000
    with pytest.raises(FetchRefused, match="over the 1000"):
        fetch(page_server.url("/bomb"))


def test_a_redirect_loop_is_cut_short(page_server, settings):
    settings.FACTCHECK_FETCH_MAX_REDIRECTS = 3
    page_server.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    with pytest.raises(FetchRefused, match="redirects more than 3 times"):
        fetch(page_server.url("/loop"))
    assert len(page_server.requests) == 4


def test_a_redirect_to_another_scheme_is_refused(page_server):
    page_server.routes["/js"] = (302, {"Location": "javascript:alert(1)"}, b"")
    with pytest.raises(FetchRefused, match="not a web address"):
        fetch(page_server.url("/js"))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/"])
def test_only_web_addresses_are_fetched(url):
    with pytest.raises(FetchRefused, match="only http:// and https://"):
        fetch(url)


def test_a_private_address_given_by_name_is_refused(page_server, settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchRefused, match=r"localhost resolves to 127\.0\.0\.1, a loopback"):
        fetch(page_server.url("/", host="localhost"))
    assert page_server.requests == []  # refused before any connection


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("[::1]", "a loopback address"),
        ("[::ffff:127.0.0.1]", "a loopback address"),
        ("0.0.0.0", "a reserved address"),  # noqa: S104
    ],
)
def test_private_addresses_are_refused(host, kind, settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchRefused, match=kind):
        fetch(f"http://{host}:9/")


def test_a_redirect_to_a_private_address_is_refused(page_server, settings):
    # Loopback is allowed for the test server; the cloud metadata address is not.
    page_server.routes["/r"] = (302, {"Location": "http://169.254.169.254/latest/"}, b"")
    with pytest.raises(FetchRefused, match=r"169\.254\.169\.254, a link-local address"):
        fetch(page_server.url("/r"))


def test_allowing_private_addresses_allows_them_all(page_server, settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    page_server.routes["/"] = (200, HTML, b"ok")
    assert fetch(page_server.url("/", host="localhost")).body == b"ok"


def test_an_unknown_name_is_refused():
    with pytest.raises(FetchRefused, match="could not be found"):
        fetch("http://no-such-host.invalid/")


def test_a_server_that_does_not_answer_is_a_transient_failure(page_server):
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(FetchFailed, match="did not answer"):
        fetch(f"http://127.0.0.1:{port}/")
    assert issubclass(FetchFailed, OSError)  # so claims.jobs retries it


def test_a_slow_server_times_out(page_server, settings):
    import time

    settings.FACTCHECK_FETCH_TIMEOUT = 1

    def slow(handler):
        time.sleep(2)
        return 200, HTML, b"late"

    page_server.routes["/slow"] = slow
    with pytest.raises(FetchFailed):
        fetch(page_server.url("/slow"))


def test_the_allow_private_setting_is_read_from_the_environment():
    from django.core.exceptions import ImproperlyConfigured

    from factcheck.settings import _fetch_allow_private

    assert _fetch_allow_private(None) is False
    assert _fetch_allow_private("0") is False
    assert _fetch_allow_private("1") is True
    assert _fetch_allow_private("127.0.0.0/8, 10.0.0.0/8") == ["127.0.0.0/8", "10.0.0.0/8"]
    with pytest.raises(ImproperlyConfigured, match="comma-separated list of networks"):
        _fetch_allow_private("localhost")


def test_a_redirect_can_be_returned_instead_of_followed(page_server):
    page_server.routes["/a"] = (302, {"Location": "/b", "X-Kind": "moved"}, b"")
    fetched = fetch(page_server.url("/a"), follow_redirects=False)
    assert fetched.status == 302
    assert fetched.headers["location"] == "/b"
    assert fetched.headers["x-kind"] == "moved"
    assert page_server.requests == ["/a"]
