"""Evidence is corrected and retracted, never lost; a primary source counts once confirmed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims.models import Claim, Evidence, Rating, WorkflowError
from claims.validators import normalise_url
from factcheck.testing import add_primary_evidence, make_user, post_failing


def evidence_url(name, item):
    return reverse(f"claims:{name}", args=[item.claim_id, item.pk])


@pytest.fixture
def item(claim_in_review, reviewer):
    return add_primary_evidence(claim_in_review, reviewer, title="t http://loc")


class TestCorrect:
    def test_author_corrects_a_typo_and_the_history_keeps_both(self, item, reviewer):
        item.correct(by=reviewer, title="Trade statistics 2024")
        item.refresh_from_db()
        assert item.title == "Trade statistics 2024"
        assert [h.title for h in item.history.order_by("history_date")] == [
            "t http://loc",
            "Trade statistics 2024",
        ]

    def test_an_editor_corrects_anyone_s_evidence(self, item, editor):
        item.correct(by=editor, stance=Evidence.Stance.REFUTES)
        assert Evidence.objects.get().stance == Evidence.Stance.REFUTES

    def test_another_reviewer_cannot_correct_it(self, item, reviewer2):
        with pytest.raises(PermissionDenied):
            item.correct(by=reviewer2, title="Mine now")
        assert Evidence.objects.get().title == "t http://loc"

    def test_nothing_changes_once_the_claim_is_published(self, published_claim, editor):
        item = published_claim.evidence.get()
        with pytest.raises(WorkflowError, match="reopen the claim"):
            item.correct(by=editor, title="Later")
        with pytest.raises(WorkflowError, match="reopen the claim"):
            item.retract(by=editor, reason="Later")
        assert Evidence.objects.get().title == "Trade statistics"

    def test_a_changed_link_is_confirmed_again(self, item, editor):
        item.confirm_primary(by=editor)
        item.correct(by=editor, url="https://stats.example.org/trade-2024")
        item.refresh_from_db()
        assert item.awaits_confirmation()

    def test_a_corrected_title_keeps_its_confirmation(self, item, editor):
        item.confirm_primary(by=editor)
        item.correct(by=editor, title="Trade statistics")
        item.refresh_from_db()
        assert item.is_confirmed_primary()


class TestRetract:
    def test_a_retracted_item_stays_with_its_reason(self, item, reviewer):
        item.retract(by=reviewer, reason="  Wrong table.  ")
        item.refresh_from_db()
        assert item.is_retracted()
        assert (item.retracted_by, item.retraction_reason) == (reviewer, "Wrong table.")
        assert Evidence.objects.count() == 1

    def test_a_reason_is_required(self, item, reviewer):
        with pytest.raises(WorkflowError, match="Say why"):
            item.retract(by=reviewer, reason="  ")
        assert not Evidence.objects.get().is_retracted()

    def test_a_retracted_item_never_counts_for_the_gate(self, settled_claim, editor):
        settled_claim.evidence.get().retract(by=editor, reason="Not the source it seemed.")
        settled_claim = Claim.objects.get(pk=settled_claim.pk)
        assert [str(m) for m in settled_claim.publish_blockers()] == [
            "at least 1 confirmed primary source (it has 0)"
        ]

    def test_editors_see_it_struck_through_reviewers_not_at_all(
        self, client, item, reviewer, reviewer2, editor
    ):
        item.retract(by=reviewer, reason="A duplicate of the customs table.")
        client.force_login(editor)
        page = client.get(item.claim.get_absolute_url()).text
        assert "<del>" in page
        assert "A duplicate of the customs table." in page
        client.force_login(reviewer2)
        assert "t http://loc" not in client.get(item.claim.get_absolute_url()).text

    def test_a_retracted_item_cannot_be_cited_in_a_review(self, client, item, reviewer):
        item.retract(by=reviewer, reason="Wrong.")
        client.force_login(reviewer)
        data = {
            "rating": 4,
            "confidence": 3,
            "rationale": "As the table says.",
            "evidence": item.pk,
        }
        url = reverse("claims:submit_review", args=[item.claim_id])
        page = post_failing(client, url, data)
        assert "Select a valid choice" in page.text
        assert not item.claim.reviews.exists()


class TestDuplicateLinks:
    @pytest.mark.parametrize(
        "same",
        [
            "HTTPS://Stats.Example.org/trade",
            "https://stats.example.org:443/trade",
            "https://stats.example.org/trade/",
            "https://stats.example.org/trade?utm_source=newsletter&utm_medium=mail",
            "https://stats.example.org/trade#table-2",
        ],
    )
    def test_a_second_item_with_the_same_link_is_refused_naming_the_first(
        self, claim_in_review, reviewer, editor, same
    ):
        add_primary_evidence(claim_in_review, reviewer)
        with pytest.raises(WorkflowError, match="“Trade statistics”"):
            add_primary_evidence(claim_in_review, editor, url=same, title="dup")
        assert Evidence.objects.count() == 1

    def test_another_page_of_the_same_site_is_not_a_duplicate(self, claim_in_review, reviewer):
        add_primary_evidence(claim_in_review, reviewer)
        add_primary_evidence(claim_in_review, reviewer, url="https://stats.example.org/trade?y=2")
        assert Evidence.objects.count() == 2

    def test_a_retracted_link_can_be_added_again(self, item, reviewer):
        item.retract(by=reviewer, reason="Typo in the title.")
        add_primary_evidence(item.claim, reviewer, title="Trade statistics")
        assert Evidence.objects.live().get().title == "Trade statistics"

    def test_the_page_names_the_existing_item(self, client, item, reviewer):
        client.force_login(reviewer)
        response = client.post(
            reverse("claims:add_evidence", args=[item.claim_id]),
            {
                "url": "https://stats.example.org/trade/",
                "title": "dup",
                "stance": "supports",
                "source_type": "primary",
            },
            follow=True,
        )
        assert "This claim already has evidence from that page: “t http://loc”." in response.text
        assert Evidence.objects.count() == 1

    def test_normalise_url_keeps_what_names_the_page(self):
        assert normalise_url("HTTP://Example.org:8080/A/b/?x=1&utm_id=2#f") == (
            "http://example.org:8080/A/b?x=1"
        )


class TestOfflineSources:
    def test_an_interview_needs_a_description_instead_of_a_link(self, claim_in_review, reviewer):
        interview = Evidence(
            medium=Evidence.Medium.INTERVIEW,
            title="Interview with the customs service's press office",
            stance=Evidence.Stance.SUPPORTS,
            source_type=Evidence.SourceType.PRIMARY,
        )
        with pytest.raises(WorkflowError, match="Say what the source is"):
            claim_in_review.add_evidence(interview, by=reviewer)
        interview.description = "Phone call, 4 March 2026; notes in the desk's shared folder."
        claim_in_review.add_evidence(interview, by=reviewer)
        assert Evidence.objects.get().url == ""

    def test_a_web_page_needs_its_address(self, claim_in_review, reviewer):
        page = Evidence(title="A page", stance="supports", source_type="secondary")
        with pytest.raises(WorkflowError, match="A web page needs its address"):
            claim_in_review.add_evidence(page, by=reviewer)


class TestConfirmPrimary:
    def test_only_confirmed_primary_sources_count_and_the_gate_names_the_waiting(
        self, reviewed_claim, reviewer, editor
    ):
        item = add_primary_evidence(reviewed_claim, reviewer)
        reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
        claim = Claim.objects.get(pk=reviewed_claim.pk)
        assert [str(m) for m in claim.publish_blockers()] == [
            "at least 1 confirmed primary source (it has 0)",
            "an editor to confirm “Trade statistics” as a primary source",
        ]
        item.confirm_primary(by=editor)
        item.refresh_from_db()
        assert (item.primary_confirmed_by, item.is_confirmed_primary()) == (editor, True)
        assert Claim.objects.get(pk=claim.pk).publish_blockers() == []

    def test_a_reviewer_cannot_confirm(self, item, reviewer):
        with pytest.raises(PermissionDenied):
            item.confirm_primary(by=reviewer)
        assert Evidence.objects.get().awaits_confirmation()

    def test_a_secondary_source_cannot_be_confirmed_as_primary(self, claim_in_review, editor):
        item = add_primary_evidence(claim_in_review, editor, source_type="secondary")
        with pytest.raises(WorkflowError, match="Only an item marked as a primary source"):
            item.confirm_primary(by=editor)


class TestPages:
    def test_the_author_corrects_through_the_page(self, client, item, reviewer):
        client.force_login(reviewer)
        assert client.get(evidence_url("correct_evidence", item)).status_code == 200
        response = client.post(
            evidence_url("correct_evidence", item),
            {
                "medium": "web",
                "url": "https://stats.example.org/trade",
                "title": "Trade statistics, 2024",
                "stance": "supports",
                "source_type": "primary",
                "accessed_on": "2026-03-04",
            },
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.title, str(item.accessed_on)) == ("Trade statistics, 2024", "2026-03-04")

    def test_a_bad_correction_is_shown_with_its_error_and_nothing_changes(
        self, client, item, reviewer
    ):
        client.force_login(reviewer)
        data = {"url": "javascript:alert(1)", "title": "x", "stance": "supports"}
        response = client.post(evidence_url("correct_evidence", item), data)
        assert response.status_code == 400
        assert "http:// or https://" in response.text
        assert Evidence.objects.get().title == "t http://loc"

    def test_retract_through_the_page(self, client, item, reviewer):
        client.force_login(reviewer)
        response = client.post(evidence_url("retract_evidence", item), {"reason": "Duplicate."})
        assert response.status_code == 302
        assert Evidence.objects.get().retraction_reason == "Duplicate."

    def test_confirm_through_the_page(self, client, item, editor):
        client.force_login(editor)
        page = client.get(item.claim.get_absolute_url()).text
        assert "Confirm as primary source" in page
        client.post(evidence_url("confirm_evidence", item))
        assert Evidence.objects.get().primary_confirmed_by == editor

    def test_evidence_of_another_claim_is_not_found(self, client, item, editor, article):
        from factcheck.testing import make_claim

        other = make_claim(article, "four Confucius Institutes")
        client.force_login(editor)
        url = reverse("claims:correct_evidence", args=[other.pk, item.pk])
        assert client.get(url).status_code == 404

    def test_a_huge_evidence_number_is_not_found(self, client, item, editor):
        client.force_login(editor)
        url = reverse("claims:correct_evidence", args=[item.claim_id, 10**30])
        assert client.get(url).status_code == 404

    def test_an_outsider_gets_403(self, client, item, db):
        client.force_login(make_user("otto", "Reviewer"))
        assert client.get(evidence_url("correct_evidence", item)).status_code == 403
