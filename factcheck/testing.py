"""Helpers the tests build their data with; the fixtures that use them are in /conftest.py.

A plain module, so any test or conftest can import them by name
(`from factcheck.testing import make_claim`); pytest's conftest files are not meant
to be imported.
"""

import importlib

from django.contrib.auth.models import Group, Permission, User
from django.core.management.color import no_style
from django.db import connection

from claims import roles
from claims.models import Claim, Claimant, Evidence, Measure, RatingLevel
from claims.models.ratings import forget_scale

PASSWORD = "correct-horse-battery-staple"

ARTICLE_BODY = (
    "Trade between the two countries grew by 35% over the last two years.\n"
    "Kyrgyzstan is home to four Confucius Institutes, the minister said.\n"
    "The shared border spans over a thousand kilometers."
)


def restore_role_groups():
    """The Reviewer and Editor groups, as the data migration made them.

    A transactional test ends by flushing every table; the permissions come back
    (post_migrate recreates them) but the groups do not.
    """
    for name, codenames in (
        (roles.REVIEWER, roles.REVIEWER_PERMISSIONS),
        (roles.EDITOR, roles.EDITOR_PERMISSIONS),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )
    restore_rating_scale()
    restore_tolerance_rules()


def restore_tolerance_rules():
    """The desk's first tolerance rules, as migration 0029_numbers seeded them (a transactional
    test's flush empties them too); restore_role_groups calls this."""
    from claims.models import ToleranceRule

    if ToleranceRule.objects.exists():
        return
    migration = importlib.import_module("claims.migrations.0029_numbers")
    ToleranceRule.objects.bulk_create(
        ToleranceRule(kind=kind, max_relative_gap=limit, rating=rating)
        for kind in migration.KINDS
        for limit, rating in migration.RULES
    )


def restore_rating_scale():
    """The six seeded rating levels, as migration 0024_rating_scale made them.

    A transactional test's flush empties the scale too; restore_role_groups calls this.
    """
    seeded = importlib.import_module("claims.migrations.0024_rating_scale").SEEDED
    for pk, label, slug, description, value, colour in seeded:
        RatingLevel.objects.update_or_create(
            pk=pk,
            defaults={
                "label": label,
                "slug": slug,
                "description": description,
                "position": None if value is None else value * 10,
                "claimreview_rating_value": value,
                "colour": colour,
                "alternate_name": "",
                "retired": False,
            },
        )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [RatingLevel]):
            cursor.execute(sql)
    forget_scale()


def make_user(username, group=None, **extra):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **extra)
    if group:
        if not Group.objects.filter(name=group).exists():
            restore_role_groups()  # a transactional test before this one flushed them
        user.groups.add(Group.objects.get(name=group))
    return user


def make_claimant(name, **extra):
    """The claimant called `name`, made (with `extra`) if there is none."""
    return Claimant.objects.get_or_create(name=name, defaults=extra)[0]


def make_claim(article, quote, **extra):
    """A claim of `quote` in `article`; `claimant` may be a Claimant or a name."""
    start = article.body.index(quote)
    # By default the outlet of the tests' article speaks, as an organisation.
    claimant = extra.pop("claimant", None) or make_claimant(
        "Example Times", kind=Claimant.Kind.ORGANISATION
    )
    return Claim.objects.create(
        article=article,
        quote=quote,
        start=start,
        end=start + len(quote),
        claimant=make_claimant(claimant) if isinstance(claimant, str) else claimant,
        **extra,
    )


def add_primary_evidence(claim, by, *, confirmed=True, **extra):
    """A primary source, which publishing requires; confirmed by `by` if an editor, as asked."""
    fields = {
        "url": "https://stats.example.org/trade",
        "title": "Trade statistics",
        "stance": Evidence.Stance.SUPPORTS,
        "source_type": Evidence.SourceType.PRIMARY,
        **extra,
    }
    evidence = claim.add_evidence(Evidence(**fields), by=by)
    if (
        confirmed
        and evidence.source_type == Evidence.SourceType.PRIMARY
        and by.has_perm("claims.confirm_evidence")
    ):
        evidence.confirm_primary(by=by)
    return evidence


def numeric_structure(claim, **fields):
    """`claim`'s numeric structure (claims.models.figures), made if there is none: by default
    "grew by 35% from 2021 to 2023"."""
    defaults = {
        "measured": "Trade turnover",
        "kind": "change",
        "value": 35,
        "unit": "%",
        "direction": "increase",
        "base_period": "2021",
        "comparison_period": "2023",
        **fields,
    }
    return Measure.objects.get_or_create(claim=claim, defaults=defaults)[0]


def archived_snapshot(evidence, body=b"<p>Trade grew.</p>", **fields):
    """A snapshot of `evidence`'s page as the job leaves it, its copy stored (under MEDIA_ROOT)."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    snapshot = evidence.snapshots.create(
        url=evidence.url,
        final_url=evidence.url,
        status="archived",
        fetched_at=timezone.now(),
        http_status=200,
        content_type="text/html",
        size=len(body),
        sha256=hashlib.sha256(body).hexdigest(),
        **fields,
    )
    snapshot.copy.save(f"snapshots/test-{snapshot.pk}.html", ContentFile(body))
    return snapshot


def post_failing(client, url, data):
    """POST a form that must fail, and follow it to the page that shows its errors.

    A failed form is sent back (303) to the page it lives on, which binds the
    kept data again (claims/views/prg.py): that page's response, a 200.
    """
    response = client.post(url, data)
    assert response.status_code == 303, (url, response.status_code)
    page = client.get(response.url)
    assert page.status_code == 200, (response.url, page.status_code)
    return page


class PageServer:
    """A web server on 127.0.0.1 for tests that fetch pages or receive POSTs: `routes` maps
    a path to (status, headers, body bytes), or to a callable taking the request handler
    and returning one. `requests` lists the paths asked for, in order; `posts` keeps each
    POST's path, headers and body. Use as a context
    manager; `url(path)` is the address of a path on it."""

    def __init__(self, routes=None):
        import http.server
        import threading

        self.routes = dict(routes or {})
        self.requests = []
        self.posts = []  # (path, headers, body bytes) of each POST, in order
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                route = server.routes.get(self.path.split("?", 1)[0])
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"Not found"
                else:
                    status, headers, body = route(self) if callable(route) else route
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                server.posts.append((self.path, dict(self.headers), body))
                self.do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self):
        return self.httpd.server_address[1]

    def url(self, path="/", host="127.0.0.1"):
        return f"http://{host}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def unused_port():
    """A port on 127.0.0.1 nothing listens on (just now): connecting to it is refused."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_mailers(port, host="127.0.0.1"):
    """A MAILERS setting that sends through the SMTP server at host:port."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": host, "port": port, "timeout": 5},
        }
    }


class MailServer:
    """An SMTP server on 127.0.0.1 (aiosmtpd) for tests that send real mail. `messages` holds
    what it received, in order, as email.message.EmailMessage; `delay` (seconds) makes it
    slow to accept each one. Use as a context manager; `mailers()` is the MAILERS that
    sends through it."""

    def __init__(self, delay=0):
        import asyncio
        import email
        import email.policy

        from aiosmtpd.controller import Controller

        self.messages = []
        server = self

        class Handler:
            async def handle_DATA(self, smtp, session, envelope):
                if delay:
                    await asyncio.sleep(delay)
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                server.messages.append(message)
                return "250 Message accepted for delivery"

        self.port = unused_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def mailers(self):
        return smtp_mailers(self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
