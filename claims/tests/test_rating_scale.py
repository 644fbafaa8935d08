"""The desk's rating scale is data: seeded with the six old ratings, changed in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from claims.forms import ReviewForm, SettleForm
from claims.models import Rating, RatingLevel, Verdict
from factcheck.testing import make_user

pytestmark = pytest.mark.django_db


def new_level(**extra):
    fields = {
        "label": "Missing context",
        "slug": "missing-context",
        "description": "Accurate as far as it goes, but leaves out what a reader needs.",
        "position": 25,
        "colour": "#6b3fa0",
        "claimreview_rating_value": 2,
    }
    level = RatingLevel(**{**fields, **extra})
    level.full_clean()
    level.save()
    return level


@pytest.fixture
def scale_editor(db):
    """An editor the admin lets in (staff), holding the scale's permissions through the group."""
    return make_user("esme", "Editor", is_staff=True)


def test_the_migration_keeps_every_old_ratings_meaning():
    levels = {level.pk: level for level in RatingLevel.objects.all()}
    for rating in Rating:
        level = levels[rating.value]
        assert str(level.label) == str(rating.label)
        assert level.claimreview_rating_value == (
            None if rating == Rating.UNVERIFIABLE else rating.value
        )
        assert level.is_rated == (rating != Rating.UNVERIFIABLE)
    assert RatingLevel.objects.scale().rated_ids == [1, 2, 3, 4, 5]


def test_a_new_level_gets_a_new_id_and_its_place_on_the_scale():
    level = new_level()
    assert level.pk not in {r.value for r in Rating}
    scale = RatingLevel.objects.scale()
    assert scale.rated_ids == [1, 2, level.pk, 3, 4, 5]
    assert scale.spread([Rating.MOSTLY_FALSE, level.pk]) == 1
    assert scale.spread([Rating.FALSE, Rating.TRUE]) == 5


def test_the_scale_is_read_once_and_then_from_the_cache(django_assert_num_queries):
    RatingLevel.objects.scale()
    with django_assert_num_queries(0):
        RatingLevel.objects.scale().get(Rating.TRUE)


def test_a_change_to_a_level_is_seen_at_once():
    RatingLevel.objects.scale()
    level = RatingLevel.objects.get(pk=Rating.HALF_TRUE)
    level.label = "Half right"
    level.save()
    assert RatingLevel.objects.scale().label(Rating.HALF_TRUE) == "Half right"


@pytest.mark.parametrize(
    ("colour", "problem"),
    [("#ffdd00", "too light"), ("red", "six hex digits"), ("#12345", "six hex digits")],
)
def test_a_colour_must_be_hex_and_readable(colour, problem):
    with pytest.raises(ValidationError, match=problem):
        new_level(colour=colour)


def test_a_rated_level_needs_a_claimreview_value():
    with pytest.raises(ValidationError, match="ratingValue"):
        new_level(claimreview_rating_value=None)


def test_a_level_in_use_cannot_be_deleted_only_retired(reviewed_claim, editor):
    level = new_level()
    reviewed_claim.settle(editor=editor, rating=level.pk, summary="Context left out.")
    with pytest.raises(ProtectedError, match="retire it instead"):
        level.delete()
    level.retire()
    assert RatingLevel.objects.get(pk=level.pk).retired
    assert Verdict.objects.get(claim=reviewed_claim).rating_level.label == "Missing context"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a foreign key added on PostgreSQL")
def test_the_database_itself_refuses_to_delete_a_level_in_use(reviewed_claim, editor):
    level = new_level()
    reviewed_claim.settle(editor=editor, rating=level.pk, summary="Context left out.")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SET CONSTRAINTS ALL IMMEDIATE; DELETE FROM claims_ratinglevel WHERE id = %s",
            [level.pk],
        )


def test_a_level_not_in_use_can_be_deleted():
    level = new_level()
    level.delete()
    assert level.label not in [str(lv.label) for lv in RatingLevel.objects.scale()]


def test_a_level_in_use_cannot_move_off_the_scale(reviewed_claim):
    level = RatingLevel.objects.get(pk=Rating.MOSTLY_TRUE)  # the reviews hold it
    level.position = None
    level.claimreview_rating_value = None
    with pytest.raises(ValidationError, match="cannot move on or off the scale"):
        level.full_clean()


def test_forms_offer_the_active_levels_only(claim):
    level = new_level()
    RatingLevel.objects.get(pk=Rating.MOSTLY_FALSE).retire()
    offered = [value for value, _label in ReviewForm.base_fields["rating"].choices]
    assert level.pk in offered
    assert Rating.MOSTLY_FALSE.value not in offered
    data = {"rating": Rating.MOSTLY_FALSE.value, "summary": "s", "version": 1}
    form = SettleForm(data=data, claim=claim)
    assert not form.is_valid()
    assert "rating" in form.errors


def test_a_review_with_a_rating_off_the_scale_is_refused(claim_in_review, reviewer):
    from claims.models import WorkflowError

    with pytest.raises(WorkflowError, match="not a rating on the scale"):
        claim_in_review.submit_review(reviewer=reviewer, rating=99, confidence=3, rationale="r")


def test_editors_hold_the_scales_permissions(scale_editor):
    assert scale_editor.has_perm("claims.change_ratinglevel")
    assert scale_editor.has_perm("claims.add_ratinglevel")
    assert (
        not Group.objects.get(name="Reviewer")
        .permissions.filter(codename="change_ratinglevel")
        .exists()
    )


def test_an_editor_adds_a_level_in_the_admin(client, scale_editor):
    client.force_login(scale_editor)
    response = client.post(
        reverse("admin:claims_ratinglevel_add"),
        {
            "label": "Misleading",
            "slug": "misleading",
            "description": "True facts arranged to give a false impression.",
            "position": "15",
            "colour": "#7b2d8b",
            "claimreview_rating_value": "1",
            "alternate_name": "",
        },
    )
    assert response.status_code == 302, response.content
    level = RatingLevel.objects.get(label="Misleading")
    assert RatingLevel.objects.scale().rated_ids[:2] == [Rating.FALSE, level.pk]


def test_the_admin_refuses_to_delete_a_level_in_use_and_says_why(
    client, scale_editor, reviewed_claim
):
    client.force_login(scale_editor)
    url = reverse("admin:claims_ratinglevel_delete", args=[Rating.MOSTLY_TRUE])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert RatingLevel.objects.filter(pk=Rating.MOSTLY_TRUE).exists()
    assert "is in use, so it cannot be deleted; retire it instead" in response.content.decode()


def test_the_admin_retires_selected_levels(client, scale_editor):
    client.force_login(scale_editor)
    level = new_level()
    response = client.post(
        reverse("admin:claims_ratinglevel_changelist"),
        {"action": "retire_levels", "_selected_action": [level.pk]},
        follow=True,
    )
    assert "Retired: Missing context" in response.content.decode()
    assert RatingLevel.objects.get(pk=level.pk).retired


def test_the_admin_offers_no_bulk_delete(client, scale_editor):
    client.force_login(scale_editor)
    page = client.get(reverse("admin:claims_ratinglevel_changelist")).content.decode()
    assert "retire_levels" in page
    assert "delete_selected" not in page


def test_the_stylesheet_colours_every_level(client):
    level = new_level()
    level.retire()
    css = client.get(reverse("claims:rating_styles")).content.decode()
    assert ".rating-missing-context { background: color-mix(in srgb, #6b3fa0 12%, white)" in css
    assert ".bar-rating-true { fill: #1d6b35; }" in css


def test_the_public_scale_lists_the_active_levels(client):
    new_level()
    RatingLevel.objects.get(pk=Rating.MOSTLY_FALSE).retire()
    page = client.get(reverse("public:methodology")).content.decode()
    assert "Missing context" in page
    assert "leaves out what a reader needs" in page
    assert "Mostly false" not in page
