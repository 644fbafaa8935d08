"""The claim page's forms: each posts to one action, which calls one workflow method."""

import pytest
from django.urls import reverse

from claims.models import Claim, Evidence, Rating, Review, StatusChange, Verdict
from factcheck.testing import add_primary_evidence, make_claim, make_user, post_failing

EVIDENCE = {
    "url": "https://stat.example.org/trade-2024",
    "title": "Foreign trade 2024",
    "publisher": "Statistics office",
    "stance": "supports",
    "source_type": "primary",
    "excerpt": "Trade rose 35%.",
}


def action_url(name, claim):
    return reverse(f"claims:{name}", args=[claim.pk])


class TestAddEvidence:
    def test_reviewer_adds_evidence(self, client, reviewer, claim_in_review):
        client.force_login(reviewer)
        response = client.post(action_url("add_evidence", claim_in_review), EVIDENCE)
        assert response.status_code == 302
        evidence = Evidence.objects.get()
        assert evidence.claim == claim_in_review
        assert evidence.added_by == reviewer
        page = client.get(claim_in_review.get_absolute_url())
        assert "Evidence added." in page.text
        assert "Foreign trade 2024" in page.text

    @pytest.mark.parametrize(
        "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://files.example.org/x"]
    )
    def test_non_web_links_are_refused_with_a_message(self, client, reviewer, claim, url):
        client.force_login(reviewer)
        response = post_failing(client, action_url("add_evidence", claim), {**EVIDENCE, "url": url})
        assert "starts with http:// or https://" in response.text
        assert not Evidence.objects.exists()

    def test_missing_fields_are_named(self, client, reviewer, claim):
        client.force_login(reviewer)
        response = post_failing(client, action_url("add_evidence", claim), {"url": EVIDENCE["url"]})
        assert response.context["evidence_form"].errors.keys() == {"title", "stance", "source_type"}

    def test_published_claim_takes_no_evidence(self, client, editor, published_claim):
        client.force_login(editor)
        response = client.post(action_url("add_evidence", published_claim), EVIDENCE, follow=True)
        assert "reopen the claim to add evidence" in response.text
        assert Evidence.objects.count() == 1

    def test_get_changes_nothing(self, client, reviewer, claim):
        client.force_login(reviewer)
        response = client.get(action_url("add_evidence", claim), EVIDENCE)
        assert (response.status_code, response.url) == (302, claim.get_absolute_url())
        assert not Evidence.objects.exists()


class TestSubmitReview:
    def post_review(self, client, claim, **extra):
        data = {
            "rating": Rating.MOSTLY_TRUE.value,
            "confidence": 4,
            "rationale": "Checked.",
            **extra,
        }
        return client.post(action_url("submit_review", claim), data)

    def test_assigned_reviewer_submits_and_can_revise(self, client, reviewer, claim_in_review):
        client.force_login(reviewer)
        evidence = claim_in_review.add_evidence(
            Evidence(
                url="https://a.example.org", title="A", stance="supports", source_type="primary"
            ),
            by=reviewer,
        )
        assert self.post_review(client, claim_in_review, evidence=[evidence.pk]).status_code == 302
        review = Review.objects.get()
        assert (review.rating, review.confidence, review.reviewer) == (4, 4, reviewer)
        assert list(review.evidence.all()) == [evidence]

        self.post_review(
            client,
            claim_in_review,
            rating=Rating.FALSE.value,
            rationale="Re-checked.",
            reason="A second source.",
        )
        review = Review.objects.get()
        assert (review.rating, review.rationale) == (Rating.FALSE, "Re-checked.")

    def test_last_review_moves_claim_to_reviewed(
        self, client, reviewer, reviewer2, claim_in_review
    ):
        for user in (reviewer, reviewer2):
            client.force_login(user)
            self.post_review(client, claim_in_review)
        claim_in_review.refresh_from_db()
        assert claim_in_review.status == Claim.Status.REVIEWED

    def test_unassigned_reviewer_is_refused(self, client, claim_in_review):
        client.force_login(make_user("otto", "Reviewer"))
        response = self.post_review(client, claim_in_review)
        assert response.status_code == 302
        assert not Review.objects.exists()
        page = client.get(response.url)
        assert "You are not assigned to review this claim." in page.text

    def test_forged_evidence_of_another_claim_is_refused(
        self, client, reviewer, claim_in_review, article, editor
    ):
        other = make_claim(article, "four Confucius Institutes")
        foreign = Evidence.objects.create(
            claim=other,
            url="https://b.example.org",
            title="B",
            stance="refutes",
            source_type="secondary",
        )
        client.force_login(reviewer)
        response = self.post_review(client, claim_in_review, evidence=[foreign.pk])
        assert response.status_code == 303
        response = client.get(response.url)
        assert "Select a valid choice" in response.text
        assert not Review.objects.exists()

    @pytest.mark.parametrize(
        "forged", [{"rating": 9}, {"confidence": 0}, {"confidence": 6}, {"rationale": ""}]
    )
    def test_forged_values_are_refused(self, client, reviewer, claim_in_review, forged):
        client.force_login(reviewer)
        assert self.post_review(client, claim_in_review, **forged).status_code == 303
        assert not Review.objects.exists()

    def test_editor_who_is_not_a_reviewer_cannot_review(self, client, editor, claim_in_review):
        client.force_login(editor)
        self.post_review(client, claim_in_review)
        assert not Review.objects.exists()


class TestEditorActions:
    def test_assign_two_reviewers(self, client, editor, reviewer, reviewer2, claim):
        client.force_login(editor)
        response = client.post(
            action_url("assign", claim), {"reviewers": [reviewer.pk, reviewer2.pk]}
        )
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.status == Claim.Status.IN_REVIEW
        assert set(claim.assignments.values_list("reviewer", flat=True)) == {
            reviewer.pk,
            reviewer2.pk,
        }
        assert StatusChange.objects.get().actor == editor

    def test_assign_offers_only_unassigned_reviewers(
        self, client, editor, reviewer, claim_in_review
    ):
        third = make_user("tess", "Reviewer")
        client.force_login(editor)
        form = client.get(claim_in_review.get_absolute_url()).context["assign_form"]
        assert list(form.fields["reviewers"].queryset) == [third]

    def test_assign_refuses_a_user_who_is_not_a_reviewer(self, client, editor, claim):
        client.force_login(editor)
        response = post_failing(client, action_url("assign", claim), {"reviewers": [editor.pk]})
        assert response.context["assign_form"].errors.keys() == {"reviewers"}
        assert claim.assignments.count() == 0

    def test_settle_publish_reopen(self, client, editor, reviewed_claim):
        add_primary_evidence(reviewed_claim, editor)
        client.force_login(editor)
        response = client.post(
            action_url("settle", reviewed_claim),
            {"rating": Rating.HALF_TRUE.value, "summary": "Right figure, wrong period."},
        )
        assert response.status_code == 302
        verdict = Verdict.objects.get()
        assert (verdict.rating, verdict.editor) == (Rating.HALF_TRUE, editor)

        client.post(action_url("publish", reviewed_claim), {"previewed": "True"})
        reviewed_claim.refresh_from_db()
        assert reviewed_claim.status == Claim.Status.PUBLISHED
        assert Verdict.objects.get().published_at is not None

        client.post(action_url("reopen", reviewed_claim), {"reason": "New customs data."})
        reviewed_claim.refresh_from_db()
        assert reviewed_claim.status == Claim.Status.REVIEWED
        page = client.get(reviewed_claim.get_absolute_url()).text
        assert "New customs data." in page

    def test_settle_needs_a_summary(self, client, editor, reviewed_claim):
        client.force_login(editor)
        response = post_failing(
            client, action_url("settle", reviewed_claim), {"rating": 3, "summary": ""}
        )
        assert response.context["settle_form"].errors.keys() == {"summary"}
        assert not Verdict.objects.exists()

    def test_illegal_move_shows_the_reason_and_changes_nothing(self, client, editor, claim):
        client.force_login(editor)
        response = client.post(action_url("publish", claim), {"previewed": "True"}, follow=True)
        assert "Only a settled claim can be published; this one is draft." in response.text
        claim.refresh_from_db()
        assert claim.status == Claim.Status.DRAFT

    @pytest.mark.parametrize(
        ("action", "data"),
        [
            ("assign", {"reviewers": []}),
            ("settle", {"rating": 5, "summary": "Forged."}),
            ("publish", {}),
            ("reopen", {"reason": "Forged."}),
        ],
    )
    def test_reviewer_cannot_do_editor_actions(
        self, client, reviewer, reviewer2, reviewed_claim, action, data
    ):
        if action == "assign":
            data = {"reviewers": [reviewer2.pk]}
        client.force_login(reviewer)
        before = reviewed_claim.status_changes.count()
        response = client.post(action_url(action, reviewed_claim), data)
        assert response.status_code == 403
        reviewed_claim.refresh_from_db()
        assert reviewed_claim.status == Claim.Status.REVIEWED
        assert reviewed_claim.status_changes.count() == before
        assert not Verdict.objects.exists()

    def test_anonymous_post_goes_to_login(self, client, reviewed_claim):
        response = client.post(action_url("settle", reviewed_claim), {"rating": 5, "summary": "x"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert not Verdict.objects.exists()

    def test_posts_need_a_csrf_token(self, reviewer, claim_in_review):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(reviewer)
        response = client.post(action_url("add_evidence", claim_in_review), EVIDENCE)
        assert response.status_code == 403
        assert not Evidence.objects.exists()


class TestEditClaim:
    def test_editor_rewrites_the_statement(self, client, editor, claim):
        client.force_login(editor)
        url = action_url("claim_edit", claim)
        assert client.get(url).status_code == 200
        data = {
            "statement": "Bilateral trade grew 35% in 2022-2024.",
            "new_claimant": "Ministry",
            "kind": "quantity",
            "value": "35",
            "unit": "percent",
            "period": "2022-2024",
        }
        response = client.post(url, data)
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.statement == data["statement"]
        assert (claim.claimant.name, claim.claimant_name) == ("Ministry", "Ministry")
        assert (claim.unit, claim.period, str(claim.value.normalize())) == (
            "percent",
            "2022-2024",
            "35",
        )

    def test_quote_cannot_be_changed_by_a_forged_post(self, client, editor, claim):
        client.force_login(editor)
        client.post(
            action_url("claim_edit", claim),
            {
                "statement": "s",
                "new_claimant": "c",
                "kind": "other",
                "quote": "forged",
                "start": 0,
            },
        )
        claim.refresh_from_db()
        assert claim.quote == "grew by 35% over the last two years"

    def test_settled_claim_cannot_be_edited(self, client, editor, settled_claim):
        client.force_login(editor)
        response = client.post(
            action_url("claim_edit", settled_claim),
            {"statement": "Changed", "new_claimant": "c", "kind": "other"},
        )
        assert response.status_code == 302
        settled_claim.refresh_from_db()
        assert settled_claim.statement != "Changed"

    def test_reviewer_cannot_edit(self, client, reviewer, claim):
        client.force_login(reviewer)
        assert client.get(action_url("claim_edit", claim)).status_code == 403
