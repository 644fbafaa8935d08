"""The methodology and corrections-policy pages: flat pages with default text, for anyone."""

from django.contrib.flatpages.models import FlatPage
from django.urls import reverse

from claims.models import RatingLevel

METHODOLOGY = reverse("public:methodology")
CORRECTIONS = reverse("public:corrections")


def test_the_methodology_page_says_how_claims_are_chosen_rated_and_settled(client, db):
    response = client.get(METHODOLOGY)
    assert response.status_code == 200
    text = response.text
    for heading in [
        "How we check claims",
        "How claims are chosen",
        "How reviewers rate a claim",
        "How an editor settles the verdict",
        "The rating scale",
    ]:
        assert heading in text, heading
    assert "no reviewer sees another's rating" in text


def test_the_methodology_page_explains_every_rating_from_the_one_scale(client, db):
    text = client.get(METHODOLOGY).text
    for level in RatingLevel.objects.all():
        assert str(level.description) in text
    assert "rating-scale-item given" not in text  # no fact-check's rating to mark here


def test_the_corrections_policy_says_how_corrections_are_made_and_shown(client, db):
    response = client.get(CORRECTIONS)
    assert response.status_code == 200
    text = response.text
    assert "Corrections policy" in text
    assert "How a fact-check is corrected" in text
    assert "How a correction is shown" in text
    assert "being reviewed again" in text


def test_an_admins_edit_is_what_readers_see(client, db):
    FlatPage.objects.filter(url="/corrections/").update(
        title="Fixing mistakes", content="<p>Write to corrections@example.org.</p>"
    )
    text = client.get(CORRECTIONS).text
    assert '<h1 id="page-heading">Fixing mistakes</h1>' in text
    assert "<p>Write to corrections@example.org.</p>" in text
    assert '<meta name="description" content="Write to corrections@example.org.">' in text


def test_a_page_whose_template_was_cleared_still_renders_on_the_public_base(client, db):
    FlatPage.objects.filter(url="/corrections/").update(template_name="")
    text = client.get(CORRECTIONS).text
    assert "Corrections policy" in text
    assert 'class="nav public-nav"' in text


def test_a_removed_page_is_a_404_not_an_error(client, db):
    FlatPage.objects.filter(url="/methodology/").delete()
    assert client.get(METHODOLOGY).status_code == 404


def test_a_page_for_members_only_sends_readers_to_log_in(client, db):
    FlatPage.objects.filter(url="/methodology/").update(registration_required=True)
    response = client.get(METHODOLOGY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pages_have_og_meta_and_link_each_other(client, db):
    text = client.get(CORRECTIONS).text
    assert '<meta property="og:title" content="Corrections policy">' in text
    assert '<meta property="og:url" content="http://testserver/corrections/">' in text
    assert '<link rel="canonical" href="http://testserver/corrections/">' in text
    assert f'href="{METHODOLOGY}"' in text
    assert 'aria-current="page">Corrections</a>' in text


def test_a_page_costs_one_query(client, db, django_assert_num_queries):
    RatingLevel.objects.scale()  # the rating scale is read from the cache, as on a running site
    with django_assert_num_queries(1):
        assert client.get(METHODOLOGY).status_code == 200
