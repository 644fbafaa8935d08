"""Publishing starts from a preview of what the public will see."""

import json

import pytest
from django.urls import reverse

from claims.models import Claim, Rating, VerdictRevision
from factcheck.testing import add_primary_evidence, post_failing


def preview_url(claim):
    return reverse("public:preview", args=[claim.pk])


def test_the_preview_shows_the_public_page_and_its_markup(client, settled_claim, editor):
    client.force_login(editor)
    response = client.get(preview_url(settled_claim))
    assert response.status_code == 200
    text = response.text
    assert "Preview: not published yet" in text
    assert settled_claim.statement in text
    assert "Customs data bear the figure out." in text
    assert "Trade statistics" in text
    markup = json.loads(response.context["claim_review_text"])
    assert markup["@type"] == "ClaimReview"
    assert markup["claimReviewed"] == settled_claim.statement
    assert markup["reviewRating"]["alternateName"] == "Mostly true"
    # Nothing is published by looking.
    assert Claim.objects.get(pk=settled_claim.pk).status == Claim.Status.SETTLED
    assert not VerdictRevision.objects.exists()


def test_publishing_from_the_preview_records_who_published(client, settled_claim, editor):
    client.force_login(editor)
    form = client.get(preview_url(settled_claim)).context["publish_form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["version"] = form.initial["version"]
    response = client.post(reverse("claims:publish", args=[settled_claim.pk]), data)
    assert response.status_code == 302
    revision = VerdictRevision.objects.get()
    assert (revision.editor, revision.rating) == (editor, Rating.MOSTLY_TRUE)


def test_a_publish_post_without_the_preview_is_refused(client, settled_claim, editor):
    client.force_login(editor)
    response = post_failing(client, reverse("claims:publish", args=[settled_claim.pk]), {})
    assert "Open the preview and publish from there." in response.text
    assert not VerdictRevision.objects.exists()


def test_a_claim_not_ready_goes_back_with_what_it_lacks(client, reviewed_claim, editor):
    reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
    client.force_login(editor)
    response = client.get(preview_url(reviewed_claim), follow=True)
    assert response.redirect_chain[-1][0] == reviewed_claim.get_absolute_url()
    assert "at least 1 confirmed primary source (it has 0)" in response.text


def test_a_correction_s_preview_shows_the_correction_note(client, published_claim, editor):
    published_claim.reopen(editor=editor, reason="New figures.")
    published_claim.settle(editor=editor, rating=Rating.FALSE, summary="The rise was 12%.")
    client.force_login(editor)
    response = client.get(preview_url(published_claim))
    assert "the verdict changed from <strong>Mostly true</strong> to <strong>False</strong>" in (
        response.text
    )
    assert "dateModified" in response.context["claim_review"]


def test_the_preview_leaves_out_retracted_evidence(client, settled_claim, editor):
    extra = add_primary_evidence(
        settled_claim, editor, url="https://stats.example.org/old", title="An old table"
    )
    extra.retract(by=editor, reason="Superseded.")
    client.force_login(editor)
    assert "An old table" not in client.get(preview_url(settled_claim)).text


@pytest.mark.parametrize("persona", ["reviewer", "reviewer2"])
def test_reviewers_cannot_open_the_preview(client, settled_claim, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(preview_url(settled_claim)).status_code == 403
