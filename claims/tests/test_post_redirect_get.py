"""Post/redirect/get: no reload or pasted address ever meets a 405, and a failed form
comes back, with its errors, at a URL that answers GET (claims/views/prg.py)."""

import pytest
from django.urls import reverse

from claims.forms import EvidenceForm
from claims.models import Evidence, Rating
from claims.views.prg import shows_failed_form
from factcheck.testing import add_primary_evidence

EVIDENCE = {
    "url": "https://stat.example.org/trade-2024",
    "title": "Foreign trade 2024",
    "stance": "supports",
    "source_type": "primary",
    "medium": "web",
}

CLAIM_MOVES = [
    "add_evidence",
    "submit_review",
    "save_review_draft",
    "assign",
    "plan",
    "settle",
    "publish",
    "reopen",
    "link",
]


@pytest.mark.parametrize("move", CLAIM_MOVES)
def test_it_sends_a_get_on_a_move_url_to_the_claim_page(client, editor, claim, move):
    client.force_login(editor)
    response = client.get(reverse(f"claims:{move}", args=[claim.pk]))
    assert response.status_code == 302
    assert response.url == claim.get_absolute_url()
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("move", ["retract_evidence", "confirm_evidence"])
def test_it_sends_a_get_on_an_evidence_move_to_the_claim_page(client, editor, claim, move):
    item = add_primary_evidence(claim, editor, confirmed=False)
    client.force_login(editor)
    response = client.get(reverse(f"claims:{move}", args=[claim.pk, item.pk]))
    assert (response.status_code, response.url) == (302, claim.get_absolute_url())


def test_it_sends_gets_on_other_post_only_urls_to_their_page(client, editor, claim):
    client.force_login(editor)
    article, claimant = claim.article, claim.claimant
    for url, page in [
        (reverse("claims:claim_create", args=[article.pk]), article.get_absolute_url()),
        (reverse("intake:propose", args=[article.pk]), article.get_absolute_url()),
        (reverse("intake:review_candidates", args=[article.pk]), article.get_absolute_url()),
        (reverse("claims:claimant_merge", args=[claimant.pk]), claimant.get_absolute_url()),
    ]:
        response = client.get(url)
        assert (response.status_code, response.url) == (302, page), url


def test_it_still_refuses_other_methods(client, editor, claim):
    client.force_login(editor)
    response = client.put(reverse("claims:add_evidence", args=[claim.pk]))
    assert response.status_code == 405


def test_a_failed_evidence_form_comes_back_with_its_errors_and_survives_a_reload(
    client, reviewer, claim
):
    client.force_login(reviewer)
    post = client.post(
        reverse("claims:add_evidence", args=[claim.pk]), {**EVIDENCE, "url": "ftp://x.example"}
    )
    assert post.status_code == 303
    assert post.url == f"{claim.get_absolute_url()}?failed=evidence"
    for _load in range(2):  # the page, then a reload of it
        page = client.get(post.url)
        assert page.status_code == 200
        form = page.context["evidence_form"]
        assert form.is_bound
        assert set(form.errors) == {"url"}
        assert 'class="error-summary" role="alert"' in page.text
        assert 'href="#id_url"' in page.text
        assert 'value="ftp://x.example"' in page.text  # nothing typed is lost
    assert not Evidence.objects.exists()


def test_the_summary_links_a_radio_group_to_its_first_button(client, reviewer, claim):
    client.force_login(reviewer)
    data = {k: v for k, v in EVIDENCE.items() if k != "stance"}
    post = client.post(reverse("claims:add_evidence", args=[claim.pk]), data)
    page = client.get(post.url)
    assert 'href="#id_stance_0"' in page.text
    assert 'id="id_stance_0"' in page.text


def test_a_success_forgets_the_failed_form(client, reviewer, claim):
    client.force_login(reviewer)
    url = reverse("claims:add_evidence", args=[claim.pk])
    failed = client.post(url, {**EVIDENCE, "title": ""}).url
    assert client.post(url, EVIDENCE).status_code == 302
    page = client.get(failed)
    assert not page.context["evidence_form"].is_bound
    assert "error-summary" not in page.text


def test_the_claim_page_without_a_kept_form_shows_a_blank_one(client, reviewer, claim):
    client.force_login(reviewer)
    for query in ["?failed=evidence", "?failed=nonsense", "?failed="]:
        page = client.get(claim.get_absolute_url() + query)
        assert page.status_code == 200
        assert not page.context["evidence_form"].is_bound


def test_only_a_named_failed_form_is_asked_for(rf):
    assert shows_failed_form(rf.get("/claims/1/?failed=review"))
    assert shows_failed_form(rf.get("/claims/1/?page=2&failed=nonsense"))
    for query in ["", "?failed=", "?page=2"]:
        assert not shows_failed_form(rf.get(f"/claims/1/{query}")), query


def test_a_kept_form_is_shown_only_to_whom_the_page_would_show_it(
    client, reviewer, editor, reviewed_claim
):
    client.force_login(editor)
    post = client.post(reverse("claims:settle", args=[reviewed_claim.pk]), {"rating": 3})
    page = client.get(post.url)
    assert page.context["settle_form"].errors.keys() == {"summary"}
    # The same address, for a reviewer: no editor's form appears.
    client.force_login(reviewer)
    page = client.get(post.url)
    assert page.status_code == 200
    assert "settle_form" not in page.context


def test_a_failed_review_keeps_what_the_reviewer_wrote(client, reviewer, claim_in_review):
    client.force_login(reviewer)
    data = {"rating": Rating.MOSTLY_TRUE.value, "rationale": "My careful notes."}
    post = client.post(reverse("claims:submit_review", args=[claim_in_review.pk]), data)
    page = client.get(post.url)
    assert set(page.context["review_form"].errors) == {"confidence"}
    assert "My careful notes." in page.text


def test_a_failed_retraction_comes_back_on_the_correction_page(client, reviewer, claim):
    item = add_primary_evidence(claim, reviewer, confirmed=False)
    client.force_login(reviewer)
    post = client.post(reverse("claims:retract_evidence", args=[claim.pk, item.pk]), {})
    correct = reverse("claims:correct_evidence", args=[claim.pk, item.pk])
    assert (post.status_code, post.url) == (303, f"{correct}?failed=retract")
    page = client.get(post.url)
    assert page.status_code == 200
    assert set(page.context["retract_form"].errors) == {"reason"}
    assert 'href="#id_reason"' in page.text


def test_a_failed_merge_comes_back_on_the_claimant_page(client, editor, claim):
    client.force_login(editor)
    claimant = claim.claimant
    post = client.post(reverse("claims:claimant_merge", args=[claimant.pk]), {"into": "x"})
    assert post.url == f"{claimant.get_absolute_url()}?failed=merge"
    page = client.get(post.url)
    assert set(page.context["merge_form"].errors) == {"into"}
    assert 'href="#id_into"' in page.text


def test_the_evidence_form_pre_checks_no_placeholder_radio():
    html = str(EvidenceForm())
    for name in ("stance", "source_type"):
        assert f'name="{name}" value=""' not in html
        assert "---------" not in html
    assert " checked" not in html
    # The browser's own check needs the buttons to be required.
    assert 'name="stance" value="supports" required' in html
