"""Saved views of the claims list: filters and sort under a name, private or shared with the
desk, beside the queue and the list; only the list's own filters are kept."""

import pytest
from django.urls import reverse

from claims.models import SavedView
from factcheck.testing import make_user

LIST = reverse("claims:claim_list")
SAVE = reverse("claims:saved_views")


def change_url(view):
    return reverse("claims:saved_view_change", args=[view.pk])


def test_a_view_saved_from_the_list_keeps_only_the_lists_filters_and_sort(client, editor):
    client.force_login(editor)
    query = "status=reviewed&junk=%3Cscript%3E&page=3&sort=-status&_export=csv&kind=&q=+trade+"

    response = client.post(SAVE, {"name": " To settle ", "query": query})

    view = SavedView.objects.get()
    assert (view.owner, view.name, view.shared) == (editor, "To settle", False)
    assert view.query == "q=trade&status=reviewed&sort=-status"
    assert response.status_code == 303
    assert response.url == f"{LIST}?q=trade&status=reviewed&sort=-status"


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("status=bogus", "The filter Status cannot be saved: Select a valid choice."),
        ("article=99999999", "The filter Article cannot be saved"),
        ("q=%21%21%21", "The filter Search claims cannot be saved: Type words or numbers"),
    ],
)
def test_a_filter_the_list_would_refuse_is_not_saved(client, editor, query, error):
    client.force_login(editor)

    response = client.post(SAVE, {"name": "Odd", "query": query})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not SavedView.objects.exists()


def test_a_name_is_one_view_per_person(client, editor, reviewer):
    SavedView.objects.create(owner=editor, name="Mine", query="status=draft")
    SavedView.objects.create(owner=reviewer, name="Theirs", query="")
    client.force_login(editor)

    taken = client.post(SAVE, {"name": "Mine", "query": "status=reviewed"})
    free = client.post(SAVE, {"name": "Theirs", "query": "status=reviewed"})

    assert taken.status_code == 400
    assert "You already have a view named “Mine”." in taken.content.decode()
    assert free.status_code == 303
    assert SavedView.objects.filter(owner=editor).count() == 2


def test_a_private_view_is_seen_and_opened_by_its_owner_only(client, reviewer, editor):
    view = SavedView.objects.create(owner=reviewer, name="Rita's trade", query="q=trade")
    client.force_login(editor)
    for url in (reverse("claims:home"), LIST, SAVE):
        assert "Rita&#x27;s trade" not in client.get(url).content.decode(), url
    assert client.get(view.get_absolute_url().replace(f"{LIST}?q=trade", "")).status_code == 200
    assert client.get(reverse("claims:saved_view", args=[view.pk])).status_code == 404
    assert client.post(change_url(view), {"do": "delete"}).status_code == 404

    client.force_login(reviewer)
    for url in (reverse("claims:home"), LIST, SAVE):
        assert "Rita&#x27;s trade" in client.get(url).content.decode(), url
    response = client.get(reverse("claims:saved_view", args=[view.pk]))
    assert (response.status_code, response.url) == (302, f"{LIST}?q=trade")


def test_a_shared_view_is_seen_by_the_desk_and_changed_by_its_owner_only(client, reviewer, editor):
    view = SavedView.objects.create(
        owner=editor, name="Waiting for a verdict", query="status=reviewed", shared=True
    )
    client.force_login(reviewer)
    for url in (reverse("claims:home"), LIST, SAVE):
        assert "Waiting for a verdict" in client.get(url).content.decode(), url
    prefix = f"view-{view.pk}-"
    rename = {"do": "rename", f"{prefix}name": "Mine now"}
    assert client.post(change_url(view), rename).status_code == 403
    assert client.post(change_url(view), {"do": "delete"}).status_code == 403
    view.refresh_from_db()
    assert view.name == "Waiting for a verdict"

    client.force_login(editor)
    response = client.post(
        change_url(view), {**rename, f"{prefix}name": "Ready to settle"}, follow=True
    )
    assert response.redirect_chain == [(SAVE, 303)]
    view.refresh_from_db()
    assert (view.name, view.shared) == ("Ready to settle", False)  # unticked: private again
    client.force_login(reviewer)
    assert "Ready to settle" not in client.get(reverse("claims:home")).content.decode()


def test_the_owner_deletes_a_view(client, editor):
    view = SavedView.objects.create(owner=editor, name="Old", query="")
    client.force_login(editor)

    assert client.post(change_url(view), {"do": "delete"}).status_code == 303
    assert not SavedView.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"do": "explode"}, "Choose to rename or to delete the view."),
        ({}, "Choose to rename or to delete the view."),
        ({"do": "rename", "view-{pk}-name": ""}, "This field is required."),
        ({"do": "rename", "view-{pk}-name": "x" * 81}, "at most 80 characters"),
        ({"do": "rename", "view-{pk}-name": "Other"}, "You already have a view named"),
    ],
)
def test_a_forged_change_is_refused_and_changes_nothing(client, editor, data, error):
    view = SavedView.objects.create(owner=editor, name="Kept", query="status=draft")
    SavedView.objects.create(owner=editor, name="Other", query="")
    client.force_login(editor)

    sent = {key.format(pk=view.pk): value for key, value in data.items()}
    response = client.post(change_url(view), sent)

    assert response.status_code == 400
    assert error in response.content.decode()
    view.refresh_from_db()
    assert (view.name, view.query) == ("Kept", "status=draft")


@pytest.mark.parametrize("pk", [2**63, 10**30, 987654321])
def test_an_impossible_view_number_is_not_found(client, editor, pk):
    client.force_login(editor)
    assert client.get(reverse("claims:saved_view", args=[pk])).status_code == 404
    assert client.post(f"/claims/views/{pk}/change/", {"do": "delete"}).status_code == 404


def test_the_open_view_is_marked_in_the_list(client, editor):
    view = SavedView.objects.create(owner=editor, name="Drafts", query="status=draft")
    client.force_login(editor)

    page = client.get(view.get_absolute_url() + "&page=1").content.decode()

    assert f'<a href="{view.get_absolute_url()}" aria-current="page">Drafts</a>' in page
    other = client.get(LIST + "?status=reviewed").content.decode()
    assert f'<a href="{view.get_absolute_url()}">Drafts</a>' in other


@pytest.mark.parametrize(("url", "queries"), [(reverse("claims:home"), 8), (LIST, 6)])
def test_saved_views_cost_one_query_however_many_there_are(
    client, editor, reviewer, claim_in_review, url, queries, django_assert_num_queries
):
    # session, user, permissions, the page's tables or count and rows, then the saved views
    client.force_login(editor)
    client.get(url)  # the rating scale read once, as a running site has it cached
    with django_assert_num_queries(queries):
        client.get(url)
    for n in range(6):
        SavedView.objects.create(owner=editor, name=f"Mine {n}", query=f"kind=other&q=w{n}")
        owner = make_user(f"colleague{n}", "Editor")
        SavedView.objects.create(owner=owner, name=f"Shared {n}", query="", shared=True)
    SavedView.objects.create(owner=reviewer, name="Private", query="")
    with django_assert_num_queries(queries):
        page = client.get(url).content.decode()
    assert page.count("Shared ") == 6
    assert "Private" not in page


def test_the_saved_views_page_says_what_each_view_filters_in_words(client, editor, reviewer):
    SavedView.objects.create(owner=editor, name="Mine", query="status=reviewed&sort=-status")
    SavedView.objects.create(owner=reviewer, name="Rita's", query="q=trade&article=7", shared=True)
    client.force_login(editor)

    page = client.get(SAVE).content.decode()

    assert "Status: Reviewed · Sort: Status, descending" in page
    assert "Search claims: trade · Article: #7" in page
