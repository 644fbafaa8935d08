"""Two people acting on the same claim at once: one wins, the other is told, nothing is overwritten.

Editors' forms carry the claim's version as they saw it; the workflow method
checks it after locking the row. The race tests use two real PostgreSQL
connections (one per thread); SQLite locks the whole database file and has no
row locks, so they are skipped there.
"""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from claims import roles
from claims.models import Claim, Rating, Review, StaleClaimError, StatusChange, Verdict
from factcheck.testing import add_primary_evidence, make_claim, make_user, restore_role_groups

STALE = "This claim was changed by someone else since you opened it; reload the page and try again."

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks and concurrent connections need PostgreSQL; SQLite serialises all writers.",
)


def race(*actions):
    """Run each action in its own thread and database connection, released at the same moment.

    Returns what each action returned or raised, in order.
    """
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        try:
            prepared = action()  # each action reads the claim first, as a page load would
            barrier.wait(timeout=10)
            results[i] = prepared()
        except Exception as error:  # the outcome under test, kept for the assertions
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def two_editors(transactional_db):
    restore_role_groups()
    return make_user("edna", roles.EDITOR), make_user("eric", roles.EDITOR)


@pytest.fixture
def race_claim(two_editors, article):
    from claims.models import Claim

    editor = two_editors[0]
    reviewers = [make_user("rita", roles.REVIEWER), make_user("ravi", roles.REVIEWER)]
    claim = make_claim(article, "grew by 35% over the last two years", kind=Claim.Kind.QUANTITY)
    claim.assign(reviewers, by=editor)
    for reviewer in reviewers:
        claim.submit_review(
            reviewer=reviewer, rating=Rating.TRUE, confidence=4, rationale="Agreed."
        )
    add_primary_evidence(claim, editor)
    return claim


def settle_as(editor, pk, rating):
    def prepare():
        claim = Claim.objects.get(pk=pk)
        seen = claim.version
        return lambda: claim.settle(
            editor=editor, rating=rating, summary=f"Rated {rating}.", expected_version=seen
        )

    return prepare


def publish_as(editor, pk):
    def prepare():
        claim = Claim.objects.get(pk=pk)
        seen = claim.version
        return lambda: claim.publish(editor=editor, expected_version=seen)

    return prepare


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_settling_at_once_one_wins_and_the_other_is_told(two_editors, race_claim):
    edna, eric = two_editors
    results = race(
        settle_as(edna, race_claim.pk, Rating.TRUE), settle_as(eric, race_claim.pk, Rating.FALSE)
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], StaleClaimError)
    assert str(errors[0]) == STALE
    winner = next(r for r in results if isinstance(r, Verdict))
    verdict = Verdict.objects.get(claim=race_claim)
    assert (verdict.rating, verdict.editor_id) == (winner.rating, winner.editor_id)
    assert StatusChange.objects.filter(claim=race_claim, to_status="settled").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_publish_once(two_editors, race_claim):
    edna, eric = two_editors
    race_claim.settle(editor=edna, rating=Rating.TRUE, summary="Right.")
    results = race(publish_as(edna, race_claim.pk), publish_as(eric, race_claim.pk))

    assert sorted(type(r).__name__ for r in results) == ["StaleClaimError", "Verdict"], results
    assert race_claim.verdict_revisions.count() == 1
    assert StatusChange.objects.filter(claim=race_claim, to_status="published").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_review_submitted_twice_at_once_is_one_review(two_editors, race_claim):
    reviewer = race_claim.assignments.first().reviewer
    Review.objects.filter(claim=race_claim, reviewer=reviewer).delete()

    def submit():
        claim = Claim.objects.get(pk=race_claim.pk)
        return lambda: claim.submit_review(
            reviewer=reviewer, rating=Rating.FALSE, confidence=2, rationale="Wrong year."
        )

    results = race(submit, submit)

    assert all(isinstance(r, Review) for r in results), results
    assert Review.objects.filter(claim=race_claim, reviewer=reviewer).count() == 1


# The version check itself, on both databases.


def test_settling_against_a_stale_version_is_refused(editor, reviewed_claim):
    seen = Claim.objects.get(pk=reviewed_claim.pk).version
    # Meanwhile another editor settles and reopens: the claim is "reviewed" again,
    # so only the version tells that the first editor's page is out of date.
    reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
    reviewed_claim.reopen(editor=editor, reason="A new source.")
    stale = Claim.objects.get(pk=reviewed_claim.pk)
    assert stale.status == Claim.Status.REVIEWED

    with pytest.raises(StaleClaimError, match="changed by someone else"):
        stale.settle(editor=editor, rating=Rating.FALSE, summary="Wrong.", expected_version=seen)
    assert Verdict.objects.get(claim=reviewed_claim).rating == Rating.TRUE


def test_every_workflow_move_bumps_the_version(editor, reviewed_claim):
    before = Claim.objects.get(pk=reviewed_claim.pk).version
    reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
    assert Claim.objects.get(pk=reviewed_claim.pk).version == before + 1
    assert reviewed_claim.version == before + 1


def test_current_version_is_accepted(editor, reviewed_claim):
    seen = Claim.objects.get(pk=reviewed_claim.pk).version
    reviewed_claim.settle(
        editor=editor, rating=Rating.TRUE, summary="Right.", expected_version=seen
    )
    assert Claim.objects.get(pk=reviewed_claim.pk).status == Claim.Status.SETTLED


class TestEditorForms:
    def test_claim_page_forms_carry_the_version(self, client, editor, reviewed_claim):
        client.force_login(editor)
        page = client.get(reviewed_claim.get_absolute_url())
        version = Claim.objects.get(pk=reviewed_claim.pk).version
        assert page.context["settle_form"]["version"].value() == version
        assert page.context["assign_form"]["version"].value() == version
        assert f'name="version" value="{version}"' in page.text

    def test_stale_settle_form_says_reload_and_changes_nothing(
        self, client, editor, reviewed_claim
    ):
        seen = Claim.objects.get(pk=reviewed_claim.pk).version
        reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
        reviewed_claim.reopen(editor=editor, reason="A new source.")
        client.force_login(editor)
        response = client.post(
            reverse("claims:settle", args=[reviewed_claim.pk]),
            {"rating": Rating.FALSE, "summary": "Wrong.", "version": seen},
            follow=True,
        )
        assert STALE in response.text
        assert Verdict.objects.get(claim=reviewed_claim).rating == Rating.TRUE
        assert Claim.objects.get(pk=reviewed_claim.pk).status == Claim.Status.REVIEWED

    def test_stale_publish_form_is_refused(self, client, editor, reviewed_claim):
        add_primary_evidence(reviewed_claim, editor)
        reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
        seen = Claim.objects.get(pk=reviewed_claim.pk).version
        reviewed_claim.reopen(editor=editor, reason="A new source.")
        reviewed_claim.settle(editor=editor, rating=Rating.FALSE, summary="Wrong after all.")
        client.force_login(editor)
        response = client.post(
            reverse("claims:publish", args=[reviewed_claim.pk]),
            {"version": seen, "previewed": "True"},
            follow=True,
        )
        assert STALE in response.text
        assert Claim.objects.get(pk=reviewed_claim.pk).status == Claim.Status.SETTLED

    def test_double_submitted_review_form_is_one_review(self, client, reviewer, claim_in_review):
        client.force_login(reviewer)
        url = reverse("claims:submit_review", args=[claim_in_review.pk])
        form = {"rating": Rating.FALSE, "confidence": 3, "rationale": "The year is wrong."}
        first = client.post(url, form)
        second = client.post(
            url, {**form, "rationale": "The year is wrong, twice.", "reason": "Typo."}
        )
        assert (first.status_code, second.status_code) == (302, 302)
        review = Review.objects.get(claim=claim_in_review, reviewer=reviewer)
        assert review.rationale == "The year is wrong, twice."
