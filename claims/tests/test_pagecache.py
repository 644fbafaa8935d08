"""Pages kept until the desk changes (claims.pagecache), and the revision behind them.

These tests are transactional: inside a transaction nothing is kept (what is
read there may yet be rolled back), so they commit as the server does.
"""

import datetime
import socket
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from claims.apps import _install_desk_triggers
from claims.models import Claim, DeskRevision, Outlet
from claims.models.revision import (
    UNTRACKED_TABLES,
    install_triggers,
    remove_triggers,
    tables_with_trigger,
    tracked_tables,
)
from claims.pagecache import EVERY, kept_until_the_desk_changes, page_key

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def warm(client, url):
    """The page at `url` made twice: the first visit gets the browser its CSRF cookie,
    the second is made with it and kept."""
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    return response


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


# The revision


def test_every_write_moves_the_revision():
    before = DeskRevision.current()
    outlet = Outlet.objects.create(name="Daily", homepage="https://daily.example/")
    after_insert = DeskRevision.current()
    Outlet.objects.filter(pk=outlet.pk).update(name="Daily News")
    after_update = DeskRevision.current()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_outlet WHERE id = %s", [outlet.pk])
    after_delete = DeskRevision.current()
    assert before < after_insert < after_update < after_delete


def test_a_rolled_back_write_leaves_the_revision_as_it_was():
    before = DeskRevision.current()

    def write_then_fail():
        with transaction.atomic():
            Outlet.objects.create(name="Daily", homepage="https://daily.example/")
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert DeskRevision.current() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement triggers: PostgreSQL")
def test_on_postgresql_a_transaction_counts_once():
    before = DeskRevision.current()
    with transaction.atomic():
        for n in range(5):
            Outlet.objects.create(name=f"Outlet {n}", homepage=f"https://o{n}.example/")
    assert DeskRevision.current() == before + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="replication roles: PostgreSQL")
def test_a_bulk_load_skipping_triggers_still_moves_the_revision():
    before = DeskRevision.current()
    with transaction.atomic(), connection.cursor() as cursor:
        # As scale.bulkload writes: ordinary triggers (foreign keys among them) are skipped.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "INSERT INTO claims_outlet (name, homepage) VALUES ('Bulk', 'https://bulk.example/')"
        )
    assert DeskRevision.current() == before + 1


def test_sessions_do_not_move_the_revision(editor):
    before = DeskRevision.current()
    signed_in(editor)  # writes a session (and the user's last_login, which does move it)
    moved = DeskRevision.current()
    Session.objects.all().update(expire_date=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
    assert moved > before
    assert DeskRevision.current() == moved


def test_inside_a_transaction_there_is_no_revision():
    with transaction.atomic():
        assert DeskRevision.current() is None
    assert DeskRevision.current() is not None


def test_every_table_but_the_untracked_has_the_trigger():
    tables = set(tracked_tables())
    assert "claims_claim" in tables
    assert "auth_user_groups" in tables
    assert not tables & UNTRACKED_TABLES
    assert tables_with_trigger() == tables
    assert install_triggers() == 0  # nothing left to give it


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger states: PostgreSQL")
@pytest.mark.parametrize("state", ["DISABLE", "ENABLE"])
def test_a_trigger_not_enabled_always_counts_as_missing_and_is_given_again(state):
    # DISABLE fires never, ENABLE (tgenabled 'O') not under session_replication_role = replica.
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE claims_outlet {state} TRIGGER factcheck_desk_changed")
    try:
        assert "claims_outlet" not in tables_with_trigger()
        assert "claims_claim" in tables_with_trigger()
        assert install_triggers() == 1
        assert "claims_outlet" in tables_with_trigger()
    finally:
        install_triggers()


def test_after_migrate_the_tables_are_listed_once():
    introspection = connection.introspection
    with mock.patch.object(
        introspection, "table_names", wraps=introspection.table_names
    ) as table_names:
        _install_desk_triggers(sender=None, using=connection.alias)
    assert table_names.call_count == 1


def test_removing_takes_every_trigger_even_on_a_table_no_model_names():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE made_by_hand (id integer PRIMARY KEY)")
    try:
        assert install_triggers() == 1
        assert "made_by_hand" in tables_with_trigger()
        remove_triggers()
        assert tables_with_trigger() == set()
        with connection.cursor() as cursor:
            # A table copied and renamed (SQLite's way of changing one) still works
            # with the revision's table gone: no trigger names it any longer.
            cursor.execute("ALTER TABLE claims_deskrevision RENAME TO deskrevision_away")
            cursor.execute("ALTER TABLE made_by_hand RENAME TO made_by_hand_2")
            cursor.execute("ALTER TABLE made_by_hand_2 RENAME TO made_by_hand")
            cursor.execute("ALTER TABLE deskrevision_away RENAME TO claims_deskrevision")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE made_by_hand")
        install_triggers()
    assert tables_with_trigger() == set(tracked_tables())


# Kept pages


PAGES = [
    "claims:home",
    "claims:claim_list",
    "claims:article_list",
    "reports:overview",
    "reports:agreement",
    "reports:scorecard",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_kept_page_is_served_without_being_made_again(editor, claim, name):
    client = signed_in(editor)
    url = reverse(name)
    made = warm(client, url)
    response, queries = queries_for(client, url)
    assert response.status_code == 200
    assert response.content == made.content
    # The session, the user and the revision: no access check, no page query.
    assert queries == 3


def test_a_kept_breakdown_and_article_page_are_the_same_pages(editor, claim):
    client = signed_in(editor)
    for url in [reverse("reports:breakdown", args=["outlet"]), claim.article.get_absolute_url()]:
        made = warm(client, url)
        response, queries = queries_for(client, url)
        assert response.content == made.content, url
        assert queries == 3, url


def test_a_kept_claim_page_is_the_same_page(editor, claim):
    client = signed_in(editor)
    made = warm(client, claim.get_absolute_url())
    response, queries = queries_for(client, claim.get_absolute_url())
    assert response.content == made.content
    assert claim.statement.encode() in response.content
    assert queries == 3


def test_a_write_anywhere_makes_the_page_again(editor, claim):
    client = signed_in(editor)
    url = claim.get_absolute_url()
    warm(client, url)
    Claim.objects.filter(pk=claim.pk).update(statement="Trade grew by 53%.")
    response, queries = queries_for(client, url)
    assert b"Trade grew by 53%." in response.content
    assert queries > 3


def test_each_user_has_their_own_pages(editor, reviewer, claim):
    editor_client, reviewer_client = signed_in(editor), signed_in(reviewer)
    editor_page = warm(editor_client, reverse("claims:home"))
    reviewer_page = warm(reviewer_client, reverse("claims:home"))
    assert editor_page.content != reviewer_page.content
    assert editor_client.get(reverse("claims:home")).content == editor_page.content
    assert reviewer_client.get(reverse("claims:home")).content == reviewer_page.content


def test_losing_a_role_is_seen_at_once(editor):
    client = signed_in(editor)
    warm(client, reverse("reports:overview"))
    editor.groups.remove(Group.objects.get(name="Editor"))
    assert client.get(reverse("reports:overview")).status_code == 403


def test_a_signed_out_session_gets_the_login_page(editor):
    client = signed_in(editor)
    warm(client, reverse("claims:home"))
    client.logout()
    response = client.get(reverse("claims:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_forms_of_a_kept_page_still_post(editor, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = reverse("claims:home")
    warm(client, url)
    kept = client.get(url)
    token = kept.content.split(b'name="csrfmiddlewaretoken" value="', 1)[1].split(b'"', 1)[0]
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token.decode()})
    assert response.status_code == 302  # a stale token would be a 403


def test_a_page_with_messages_waiting_is_not_kept(editor, claim):
    client = signed_in(editor)
    url = claim.get_absolute_url()
    warm(client, url)
    # The edit succeeds and says so on the claim's page: it must be drawn, not reused.
    response = client.post(
        reverse("claims:claim_edit", args=[claim.pk]),
        {
            "statement": "Trade grew by 35% in two years.",
            "claimant": claim.claimant_id or "",
            "kind": claim.kind,
            "value": claim.value or "",
            "unit": claim.unit,
            "period": claim.period,
        },
        follow=True,
    )
    assert b"Claim updated." in response.content
    assert b"Claim updated." not in client.get(url).content


def test_failed_forms_and_downloads_and_errors_are_not_kept(editor, claim):
    client = signed_in(editor)
    warm(client, reverse("claims:home"))
    for url in [
        claim.get_absolute_url() + "?failed=review",
        claim.article.get_absolute_url() + "?failed=claim",
        reverse("claims:claim_list") + "?_export=csv",
        reverse("claims:claim", args=[claim.pk + 1000]),
    ]:
        client.get(url)
        _response, queries = queries_for(client, url)
        assert queries > 3, url


def test_nothing_is_kept_when_keeping_is_off(settings, editor):
    settings.FACTCHECK_PAGE_CACHE_SECONDS = 0
    client = signed_in(editor)
    warm(client, reverse("claims:home"))
    _response, queries = queries_for(client, reverse("claims:home"))
    assert queries > 3


def test_the_key_changes_with_the_day_and_the_language(rf, editor):
    request = rf.get("/")
    request.user = editor
    request.META["CSRF_COOKIE"] = "s" * 32
    request._messages = []
    key = page_key(request)
    assert key is not None
    assert key == page_key(request)
    assert page_key(request, "minute") != key

    with translation.override("de"):
        assert page_key(request) != key
    now = datetime.datetime(2026, 12, 2, 23, 59, tzinfo=datetime.UTC)
    assert EVERY["day"](now) != EVERY["day"](now + datetime.timedelta(minutes=1))


def test_a_post_or_a_request_without_csrf_cookie_has_no_key(rf, editor):
    post = rf.post("/")
    post.user = editor
    post.META["CSRF_COOKIE"] = "s" * 32
    assert page_key(post) is None
    get = rf.get("/")
    get.user = editor
    get._messages = []
    assert page_key(get) is None


def test_every_must_be_a_day_or_a_minute():
    with pytest.raises(ValueError, match="every must be one of"):
        kept_until_the_desk_changes(every="hour")


def test_a_kept_page_carries_the_same_security_headers(editor):
    client = signed_in(editor)
    made = warm(client, reverse("claims:home"))
    kept = client.get(reverse("claims:home"))
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type", "Vary"):
        assert kept[header] == made[header], header


# Kept in Redis (PAGE_CACHE_URL): the Redis server this machine runs, a database of its own.

REDIS_URL = "redis://127.0.0.1:6379/13"


def redis_reachable():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def pages_in(settings):
    def use(location, backend="django.core.cache.backends.redis.RedisCache"):
        settings.CACHES = {
            **settings.CACHES,
            "pages": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": "factcheck"},
        }

    return use


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_pages_kept_in_redis_are_served_from_it(pages_in, editor):
    import redis

    server = redis.Redis.from_url(REDIS_URL)
    server.flushdb()
    pages_in(REDIS_URL)
    client = signed_in(editor)
    made = warm(client, reverse("claims:home"))
    revision = DeskRevision.current()
    assert server.keys(f"factcheck:*:page:{revision}:*")  # what another process would read
    response, queries = queries_for(client, reverse("claims:home"))
    assert response.content == made.content
    assert queries == 3
    server.flushdb()


def test_a_cache_that_is_down_still_serves_the_page(pages_in, editor, caplog):
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    pages_in(f"redis://127.0.0.1:{port}/0")
    client = signed_in(editor)
    client.get(reverse("claims:home"))
    response = client.get(reverse("claims:home"))
    assert response.status_code == 200
    assert b"My queue" in response.content
    assert "The pages' cache failed" in caplog.text
