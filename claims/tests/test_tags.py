"""Tags on claims: adding and removing them, renaming and merging the desk's list."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from claims.history import claim_history
from claims.models import Claim, Tag, TaggedClaim, WorkflowError, clean_tag_names
from factcheck.testing import make_claim

pytestmark = pytest.mark.django_db


def names(claim):
    return sorted(tag.name for tag in Claim.objects.get(pk=claim.pk).tags.all())


def test_editor_adds_tags_by_name_and_a_new_name_makes_a_tag(claim, editor):
    added = claim.add_tags(["Trade", "  customs   data "], by=editor)
    assert [tag.name for tag in added] == ["Trade", "customs data"]
    assert names(claim) == ["Trade", "customs data"]
    assert TaggedClaim.objects.get(tag__name="Trade").added_by == editor


def test_tag_names_ignore_case_so_trade_and_TRADE_are_one_tag(claim, article, editor):
    claim.add_tags(["Trade"], by=editor)
    other = make_claim(article, "home to four Confucius Institutes", kind=Claim.Kind.OTHER)
    other.add_tags(["TRADE"], by=editor)
    assert Tag.objects.count() == 1
    assert names(other) == ["Trade"]


def test_database_refuses_two_tags_differing_only_in_case(db):
    Tag.objects.create(name="Health")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="health", slug="health-2")


def test_a_string_of_names_is_read_as_comma_separated(claim, editor):
    claim.add_tags("trade, diplomacy", by=editor)
    assert names(claim) == ["diplomacy", "trade"]


def test_adding_only_tags_the_claim_has_is_refused(claim, editor):
    claim.add_tags(["trade"], by=editor)
    with pytest.raises(WorkflowError, match="has those tags already"):
        claim.add_tags(["Trade"], by=editor)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ([], "at least one tag"),
        (["   "], "at least one tag"),
        (["!!!"], "needs a letter or a digit"),
        (["x" * 101], "at most 100 characters"),
        (["a\x00b"], "cannot hold"),
        ([f"t{i}" for i in range(21)], "at most 20 tags"),
        ([7], "at least one tag"),
        (7, "at least one tag"),
    ],
)
def test_impossible_names_are_refused_with_the_reason_and_nothing_written(
    claim, editor, given, message
):
    with pytest.raises(WorkflowError, match=message):
        claim.add_tags(given, by=editor)
    assert not Tag.objects.exists()


def test_reviewer_cannot_tag(claim_in_review, reviewer):
    with pytest.raises(PermissionDenied):
        claim_in_review.add_tags(["trade"], by=reviewer)
    assert not Tag.objects.exists()


def test_published_claims_can_be_tagged(published_claim, editor):
    published_claim.add_tags(["trade"], by=editor)
    assert names(published_claim) == ["trade"]


def test_remove_tags_takes_them_off_and_keeps_the_tag_in_the_list(claim, editor):
    claim.add_tags(["trade", "health"], by=editor)
    removed = claim.remove_tags(["HEALTH", "elections"], by=editor)
    assert [tag.name for tag in removed] == ["health"]
    assert names(claim) == ["trade"]
    assert Tag.objects.named("health").exists()


def test_removing_tags_the_claim_lacks_is_refused(claim, editor):
    with pytest.raises(WorkflowError, match="none of those tags"):
        claim.remove_tags(["trade"], by=editor)


def test_tagging_and_untagging_are_in_the_claims_history(claim, editor):
    claim.add_tags(["trade"], by=editor)
    claim.remove_tags(["trade"], by=editor)
    entries = [(e.subject, e.action, e.who) for e in claim_history(claim)]
    assert ("Tag \u201ctrade\u201d", "deleted", editor) in entries
    assert ("Tag \u201ctrade\u201d", "added", editor) in entries


def test_tag_pairs_from_the_list_annotation_match_the_tags(claim, editor, reviewer):
    claim.add_tags(["zebra", "Apple", "mango"], by=editor)
    annotated = Claim.objects.with_tag_list().get(pk=claim.pk)
    plain = Claim.objects.get(pk=claim.pk)
    assert [name for _pk, name in annotated.tag_pairs()] == ["Apple", "mango", "zebra"]
    assert annotated.tag_pairs() == plain.tag_pairs()
    assert Claim.objects.with_tag_list().get(pk=claim.pk).tag_list is not None
    untagged = make_claim(claim.article, "home to four Confucius Institutes")
    assert Claim.objects.with_tag_list().get(pk=untagged.pk).tag_pairs() == []


def test_rename_changes_name_and_slug(claim, editor):
    claim.add_tags(["trade"], by=editor)
    tag = Tag.objects.get()
    tag.rename("Trade policy", by=editor)
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Trade policy", "trade-policy")
    assert names(claim) == ["Trade policy"]


def test_rename_to_a_change_of_case_is_allowed(editor):
    tag = Tag.objects.create(name="trade")
    tag.rename("Trade", by=editor)
    assert Tag.objects.get().name == "Trade"


def test_rename_to_another_tags_name_is_refused_pointing_to_merge(editor):
    tag = Tag.objects.create(name="trade")
    Tag.objects.create(name="Commerce")
    with pytest.raises(WorkflowError, match="merge"):
        tag.rename("commerce", by=editor)
    assert Tag.objects.get(pk=tag.pk).name == "trade"


def test_merge_gives_every_claim_the_other_tag_and_deletes_the_first(claim, article, editor):
    both = make_claim(article, "home to four Confucius Institutes")
    claim.add_tags(["commerce"], by=editor)
    both.add_tags(["commerce", "trade"], by=editor)
    commerce, trade = Tag.objects.named("commerce").get(), Tag.objects.named("trade").get()
    moved = commerce.merge_into(trade, by=editor)
    assert moved == 1
    assert names(claim) == ["trade"]
    assert names(both) == ["trade"]
    assert not Tag.objects.named("commerce").exists()


def test_merge_into_itself_is_refused(editor):
    tag = Tag.objects.create(name="trade")
    with pytest.raises(WorkflowError, match="itself"):
        tag.merge_into(tag, by=editor)


def test_reviewer_cannot_rename_or_merge(reviewer):
    tag, other = Tag.objects.create(name="trade"), Tag.objects.create(name="health")
    with pytest.raises(PermissionDenied):
        tag.rename("x", by=reviewer)
    with pytest.raises(PermissionDenied):
        tag.merge_into(other, by=reviewer)
    assert Tag.objects.count() == 2


def test_the_demo_tags_its_claims_by_topic(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    counts = dict(Tag.objects.with_claim_counts().values_list("name", "claim_count"))
    assert {"Trade", "Diplomacy", "Education", "Borders and security"} <= set(counts)
    assert all(counts.values())
    # The demo's tags are ones the model would accept, one per name whatever its case.
    for name in counts:
        assert clean_tag_names([name]) == [name]
    tagged = Claim.objects.filter(tags__isnull=False).distinct()
    assert tagged.filter(status=Claim.Status.PUBLISHED).exists()
    assert tagged.filter(status=Claim.Status.IN_REVIEW).exists()
