"""Claimants: the entity, its rule for unattributed sentences, its page, merging and renaming."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.forms import ClaimEditForm
from claims.models import Article, Claim, Claimant, ClaimantMerge, Outlet, Rating
from factcheck.testing import make_claim, make_claimant, make_user, post_failing

pytestmark = pytest.mark.django_db


def page(claimant):
    return reverse("claims:claimant", args=[claimant.pk])


# --- The model


def test_names_are_unique():
    make_claimant("The minister")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claimant.objects.create(name="The minister")


def test_same_as_takes_several_web_links_and_nothing_else():
    claimant = Claimant(
        name="Aktilek Musaeva",
        same_as="https://www.wikidata.org/wiki/Q1\n\n  http://example.org/musaeva  \n",
    )
    claimant.full_clean()
    assert claimant.same_as_urls() == [
        "https://www.wikidata.org/wiki/Q1",
        "http://example.org/musaeva",
    ]
    for bad in ["javascript:alert(1)", "https://ok.example/\nftp://files.example/x", "Q1"]:
        with pytest.raises(ValidationError) as error:
            Claimant(name="X", same_as=bad).full_clean()
        assert "same_as" in error.value.message_dict


def test_a_claim_keeps_its_claimants_name_in_the_text_column(claim):
    assert claim.claimant_name == claim.claimant.name == "Example Times"
    other = make_claimant("The minister")
    claim.claimant = other
    claim.save(update_fields=["claimant"])
    claim.refresh_from_db()
    assert claim.claimant_name == "The minister"


def test_renaming_a_claimant_renames_it_on_every_claim(claim, article):
    second = make_claim(article, "four Confucius Institutes")
    claimant = claim.claimant
    claimant.name = "The Example Times"
    claimant.save()
    names = set(Claim.objects.filter(pk__in=[claim.pk, second.pk]).values_list("claimant_name"))
    assert names == {("The Example Times",)}


def test_a_claimant_with_claims_cannot_be_deleted(claim):
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        claim.claimant.delete()


def test_schema_type_follows_the_kind():
    assert Claimant(kind=Claimant.Kind.PERSON).schema_type() == "Person"
    assert Claimant(kind=Claimant.Kind.ORGANISATION).schema_type() == "Organization"


# --- The rule for a sentence that names no speaker


def test_unattributed_is_the_author_if_known(outlet):
    article = Article.objects.create(title="A", outlet=outlet, author="Mara Ellison", body="x")
    claimant = Claimant.objects.for_unattributed(article)
    assert (claimant.name, claimant.kind) == ("Mara Ellison", Claimant.Kind.PERSON)


def test_unattributed_is_else_the_outlet_as_an_organisation(outlet):
    article = Article.objects.create(title="A", outlet=outlet, body="x")
    claimant = Claimant.objects.for_unattributed(article)
    assert (claimant.name, claimant.kind) == ("Example Times", Claimant.Kind.ORGANISATION)
    assert Claimant.objects.for_unattributed(article) == claimant  # never a second one


def test_unattributed_without_author_or_outlet_is_the_articles_publisher():
    article = Article.objects.create(title="Roads and bridges", body="x")
    claimant = Claimant.objects.for_unattributed(article)
    assert claimant.name == "Publisher of “Roads and bridges”"
    assert claimant.kind == Claimant.Kind.ORGANISATION


def test_a_merged_name_still_finds_its_claimant(editor):
    keep, dupe = make_claimant("Sadyr Japarov"), make_claimant("Japarov")
    dupe.merge_into(keep, by=editor)
    assert Claimant.objects.named("japarov") == keep
    assert Claimant.objects.get_or_create_named("Japarov") == keep


# --- Merging


def test_merge_moves_the_claims_records_the_name_and_deletes_the_duplicate(article, editor):
    keep = make_claimant("Sadyr Japarov", same_as="https://www.wikidata.org/wiki/Q4349013")
    dupe = make_claimant(
        "President Japarov", description="President of Kyrgyzstan", same_as="https://x.example/"
    )
    moved = make_claim(article, "four Confucius Institutes", claimant=dupe)
    result = dupe.merge_into(keep, by=editor)
    assert result == keep
    moved.refresh_from_db()
    assert (moved.claimant, moved.claimant_name) == (keep, "Sadyr Japarov")
    assert not Claimant.objects.filter(name="President Japarov").exists()
    keep.refresh_from_db()
    assert keep.alias_list() == ["President Japarov"]
    assert keep.same_as_urls() == ["https://www.wikidata.org/wiki/Q4349013", "https://x.example/"]
    assert keep.description == "President of Kyrgyzstan"
    merge = ClaimantMerge.objects.get()
    assert (merge.claimant, merge.merged_name, merge.merged_by) == (
        keep,
        "President Japarov",
        editor,
    )


def test_reviewers_cannot_merge(reviewer):
    keep, dupe = make_claimant("A"), make_claimant("B")
    with pytest.raises(PermissionDenied):
        dupe.merge_into(keep, by=reviewer)
    assert Claimant.objects.count() == 2


def test_a_claimant_is_not_merged_into_itself(editor):
    one = make_claimant("A")
    with pytest.raises(ValidationError):
        one.merge_into(one, by=editor)


def test_editor_merges_from_the_claimant_page(client, editor, claim):
    keep = make_claimant("Example Times Ltd")
    dupe = claim.claimant
    client.force_login(editor)
    response = client.post(reverse("claims:claimant_merge", args=[dupe.pk]), {"into": keep.pk})
    assert response.status_code == 302
    assert response.url == page(keep)
    claim.refresh_from_db()
    assert claim.claimant_name == "Example Times Ltd"


def test_editor_merges_by_typing_the_other_claimant_s_name(client, editor, claim):
    keep = make_claimant("Example Times Ltd")
    client.force_login(editor)
    page_text = client.get(page(claim.claimant)).text
    assert 'data-picker="/lookup/claimants/"' in page_text  # a picker, not a list of all
    response = client.post(
        reverse("claims:claimant_merge", args=[claim.claimant_id]), {"into": "times ltd"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.claimant == keep


def test_the_edit_page_shows_the_claimant_by_name_in_its_picker(client, editor, claim):
    client.force_login(editor)
    text = client.get(reverse("claims:claim_edit", args=[claim.pk])).text
    assert 'data-picker="/lookup/claimants/"' in text
    assert f'value="{claim.claimant.name}"' in text
    assert f'data-picker-value="{claim.claimant_id}"' in text


def test_merge_page_refuses_reviewers_and_bad_targets(client, reviewer, editor, claim):
    url = reverse("claims:claimant_merge", args=[claim.claimant_id])
    client.force_login(reviewer)
    assert client.post(url, {"into": make_claimant("Other").pk}).status_code == 403
    client.force_login(editor)
    page = post_failing(client, url, {"into": claim.claimant_id})  # itself
    assert "one cannot be merged into itself" in page.text
    page = post_failing(client, url, {"into": "Nobody by this name"})
    assert "No claimant matches “Nobody by this name”." in page.text
    assert Claimant.objects.filter(pk=claim.claimant_id).exists()


# --- The forms' picker


def edit_data(**fields):
    return {"statement": "s", "kind": "other", **fields}


def test_edit_form_picks_an_existing_claimant(claim):
    other = make_claimant("The minister")
    form = ClaimEditForm(edit_data(claimant=other.pk), instance=claim)
    assert form.is_valid(), form.errors
    assert form.save().claimant_name == "The minister"


def test_edit_form_creates_a_new_claimant_by_name_and_kind(claim):
    form = ClaimEditForm(
        edit_data(new_claimant="  Customs service ", new_claimant_kind="organisation"),
        instance=claim,
    )
    assert form.is_valid(), form.errors
    form.save()
    claim.refresh_from_db()
    assert (claim.claimant.name, claim.claimant.kind) == ("Customs service", "organisation")


def test_a_typed_name_that_exists_picks_that_claimant(claim):
    minister = make_claimant("The minister")
    form = ClaimEditForm(edit_data(new_claimant="the minister"), instance=claim)
    assert form.is_valid(), form.errors
    form.save()
    assert Claimant.objects.filter(name__iexact="the minister").count() == 1
    claim.refresh_from_db()
    assert claim.claimant == minister


@pytest.mark.parametrize(
    ("fields", "error_on"),
    [({}, "claimant"), ({"new_claimant": "Someone"}, "new_claimant")],
)
def test_edit_form_wants_exactly_one_claimant(claim, fields, error_on):
    if error_on == "new_claimant":
        fields = {**fields, "claimant": claim.claimant_id}
    form = ClaimEditForm(edit_data(**fields), instance=claim)
    assert not form.is_valid()
    assert error_on in form.errors


# --- The claimant page


@pytest.fixture
def record(article, settled_claim, editor, reviewer, reviewer2):
    """Example Times: a settled claim (mostly true) and a published one (false)."""
    published = make_claim(article, "four Confucius Institutes")
    published.assign([reviewer, reviewer2], by=editor)
    for who in (reviewer, reviewer2):
        published.submit_review(reviewer=who, rating=Rating.FALSE, confidence=4, rationale="r")
    from factcheck.testing import add_primary_evidence

    add_primary_evidence(published, editor)
    published.settle(editor=editor, rating=Rating.FALSE, summary="No such institutes.")
    published.publish(editor=editor)
    return settled_claim.claimant


def record_of(response):
    return {level.pk: n for level, n in response.context["record"] if n}


def test_page_lists_the_claims_and_the_verdict_record(client, editor, record):
    client.force_login(editor)
    response = client.get(page(record))
    assert response.status_code == 200
    assert record_of(response) == {Rating.MOSTLY_TRUE.value: 1, Rating.FALSE.value: 1}
    assert len(response.context["table"].rows) == 2
    assert "Merge a duplicate" in response.text


def test_a_reviewer_sees_only_the_verdicts_they_may_see(client, record):
    outsider = make_user("otto", "Reviewer")  # reviewed neither claim
    client.force_login(outsider)
    response = client.get(page(record))
    assert record_of(response) == {Rating.FALSE.value: 1}  # the published one only
    assert '<td><span class="badge rating-mostly-true">' not in response.text  # nor in the list
    assert "Merge a duplicate" not in response.text


def test_a_reviewer_who_reviewed_sees_that_verdict(client, reviewer, record):
    client.force_login(reviewer)
    response = client.get(page(record))
    assert '<td><span class="badge rating-mostly-true">' in response.text
    assert record_of(response) == {
        Rating.MOSTLY_TRUE.value: 1,
        Rating.FALSE.value: 1,
    }


def test_page_runs_a_fixed_number_of_queries(client, editor, record, article, reviewer):
    client.force_login(editor)
    client.get(page(record))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(record)).status_code == 200
        return len(queries)

    # session, user, permissions, the claimant, the table's count and page, the record,
    # the merges (the merge form's claimant is typed, not chosen from a list of all)
    assert count() == 8
    make_claim(article, "over a thousand kilometers").assign([reviewer], by=editor)
    make_claimant("Another one")
    assert count() == 8


def test_claim_page_and_claims_list_link_to_the_claimant(client, editor, claim):
    client.force_login(editor)
    assert f'href="{page(claim.claimant)}"' in client.get(claim.get_absolute_url()).text
    assert f'href="{page(claim.claimant)}"' in client.get(reverse("claims:claim_list")).text


def test_claimants_list_filter_takes_the_entity(client, editor, claim, article):
    other = make_claim(article, "four Confucius Institutes", claimant="The minister")
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list"), {"claimant": other.claimant_id})
    assert [row.record.pk for row in response.context["table"].rows] == [other.pk]


def test_unknown_claimant_is_404_and_anonymous_goes_to_login(client, editor):
    client.force_login(editor)
    assert client.get(reverse("claims:claimant", args=[424242])).status_code == 404
    client.logout()
    assert client.get(reverse("claims:claimant", args=[1])).status_code == 302


def test_outlet_is_kept_apart_from_its_claimant():
    # An outlet is not a claimant until a claim names it: the rule makes it one.
    Outlet.objects.create(name="Daily Ledger")
    assert not Claimant.objects.exists()
