"""The inbox page, newest first, marking read, and the count in the header."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications.models import Delivery, Event, Notification

INBOX = "/inbox/"


def notify(user, claim, text, *, minutes_ago=0, read=False):
    when = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Notification.objects.create(
        recipient=user,
        event=Event.ASSIGNED,
        claim=claim,
        text=text,
        created_at=when,
        read_at=when if read else None,
        delivery=Delivery.NONE,
    )


@pytest.fixture
def three(claim, reviewer):
    return [
        notify(reviewer, claim, "The oldest", minutes_ago=30, read=True),
        notify(reviewer, claim, "The middle one", minutes_ago=20),
        notify(reviewer, claim, "The newest", minutes_ago=10),
    ]


def rows(response):
    return [row.record.text for row in response.context["table"].paginated_rows]


def test_it_lists_my_notifications_newest_first(client, three, reviewer, reviewer2, claim):
    notify(reviewer2, claim, "Someone else's")
    client.force_login(reviewer)
    response = client.get(INBOX)
    assert rows(response) == ["The newest", "The middle one", "The oldest"]
    assert "3 notifications, 2 unread." in response.text
    assert "Someone else's" not in response.text
    assert f'href="{claim.get_absolute_url()}">The newest</a>' in response.text


def test_it_says_in_words_which_are_read(client, three, reviewer):
    client.force_login(reviewer)
    text = client.get(INBOX).text
    assert text.count("<strong>Unread</strong>") == 2
    assert text.count(">Read</td>") == 1


def test_it_shows_the_unread_count_in_the_header(client, three, reviewer, editor):
    client.force_login(reviewer)
    assert '>Inbox <span class="unread-count">2 unread</span></a>' in client.get("/").text
    client.force_login(editor)
    assert ">Inbox</a>" in client.get("/").text  # nothing unread: no count


def test_the_header_count_stops_at_99(client, claim, reviewer):
    Notification.objects.bulk_create(
        Notification(
            recipient=reviewer, event=Event.ASSIGNED, claim=claim, text="n", delivery="none"
        )
        for _ in range(120)
    )
    client.force_login(reviewer)
    assert '<span class="unread-count">99+ unread</span>' in client.get("/").text


def test_it_pages_like_the_other_lists(client, claim, reviewer):
    for i in range(30):
        notify(reviewer, claim, f"Number {i}", minutes_ago=100 - i)
    client.force_login(reviewer)
    assert len(rows(client.get(INBOX))) == 25
    assert rows(client.get(INBOX + "?page=2")) == [f"Number {i}" for i in range(4, -1, -1)]
    assert client.get(INBOX + "?page=3").status_code == 404
    assert client.get(INBOX + "?page=99999999999999999999").status_code == 404


def test_mark_one_read(client, three, reviewer):
    client.force_login(reviewer)
    middle = three[1]
    response = client.post(reverse("notifications:mark_read", args=[middle.pk]))
    assert response.status_code == 303
    assert response.url == INBOX
    middle.refresh_from_db()
    assert middle.is_read()
    assert not three[2].__class__.objects.get(pk=three[2].pk).is_read()


def test_mark_one_read_returns_to_the_page_it_was_on(client, three, reviewer):
    client.force_login(reviewer)
    url = reverse("notifications:mark_read", args=[three[1].pk])
    assert client.post(url, {"page": "2"}).url == INBOX + "?page=2"
    other = reverse("notifications:mark_read", args=[three[2].pk])
    assert client.post(other, {"page": "two"}).status_code == 404
    assert not Notification.objects.get(pk=three[2].pk).is_read()  # nothing marked
    assert client.post("/inbox/read/", {"page": "0"}).status_code == 404
    assert Notification.objects.unread().count() == 1


def test_anothers_notification_cannot_be_marked(client, three, reviewer2):
    client.force_login(reviewer2)
    for pk in (three[1].pk, 987654, 2**63):
        response = client.post(f"/inbox/{pk}/read/")
        assert response.status_code == 404, pk
    assert Notification.objects.unread().count() == 2


def test_mark_all_read(client, three, reviewer, reviewer2, claim):
    theirs = notify(reviewer2, claim, "Someone else's")
    client.force_login(reviewer)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert response.redirect_chain == [(INBOX, 303)]
    assert "2 notifications marked read." in response.text
    assert not Notification.objects.for_user(reviewer).unread().exists()
    theirs.refresh_from_db()
    assert not theirs.is_read()


def test_a_get_on_a_mark_url_goes_to_the_inbox(client, three, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("notifications:mark_read", args=[three[1].pk]))
    assert (response.status_code, response.url) == (302, INBOX)
    assert Notification.objects.unread().count() == 2


def test_the_inbox_links_to_the_mail_settings(client, reviewer):
    client.force_login(reviewer)
    assert 'href="/inbox/settings/"' in client.get(INBOX).text
    assert "No notifications yet." in client.get(INBOX).text


# session, user (with the header's unread count, notifications.backends), permissions (the
# header's role), then the table's count and its rows: the same at 3 notifications or 60.
INBOX_QUERIES = 5


def test_the_inbox_runs_a_fixed_number_of_queries(
    client, three, reviewer, claim, django_assert_num_queries
):
    client.force_login(reviewer)
    with django_assert_num_queries(INBOX_QUERIES):
        client.get(INBOX)
    for i in range(60):
        notify(reviewer, claim, f"Number {i}")
    with django_assert_num_queries(INBOX_QUERIES):
        assert len(rows(client.get(INBOX))) == 25


def test_the_header_count_costs_no_query_of_its_own(client, three, reviewer, editor):
    # The signed-in user is read with their unread count (notifications.backends).
    client.force_login(reviewer)
    request = client.get("/").wsgi_request
    assert request.user.unread_notification_count == 2
    assert get_user(request).unread_notification_count == 2


def test_a_user_loaded_otherwise_still_gets_the_count(client, three, reviewer):
    # A session begun with Django's own backend: the count is one query of its own.
    model_backend = "django.contrib.auth.backends.ModelBackend"
    with override_settings(
        AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS, model_backend]
    ):
        client.force_login(reviewer, backend=model_backend)
        assert '<span class="unread-count">2 unread</span>' in client.get("/").text


def test_a_notification_about_no_claim_links_to_its_own_page(client, editor):
    Notification.objects.create(
        recipient=editor,
        event=Event.WEBHOOK_OFF,
        link="/account/webhooks/7/",
        text="The webhook to https://cms.example/hook was switched off.",
        delivery=Delivery.NONE,
    )
    client.force_login(editor)
    response = client.get(INBOX)
    assert (
        'href="/account/webhooks/7/">The webhook to https://cms.example/hook was switched off.</a>'
        in response.text
    )


def test_a_notification_must_be_about_a_claim_or_link_somewhere(editor):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=editor, event=Event.WEBHOOK_OFF, text="Nowhere", delivery=Delivery.NONE
        )
