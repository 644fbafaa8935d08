"""The article page's claim form: a selection's place, typed words, and the places offered.

Every place the browser sends is checked against the article's text; a forged
one gets a form error and writes nothing.
"""

import pytest
from django.urls import reverse

from claims.models import Claim, Claimant
from factcheck.testing import ARTICLE_BODY

FOUR = ARTICLE_BODY.index("four Confucius Institutes")


@pytest.fixture
def post(client, editor, article):
    client.force_login(editor)
    url = reverse("claims:claim_create", args=[article.pk])

    def post(**data):
        """The answer to the POST; a refused form is followed to the article page
        that shows it again with its errors (post/redirect/get)."""
        response = client.post(url, {"new_claimant": "The minister", "kind": "other", **data})
        if response.status_code != 303:
            response.refused = False
            return response
        page = client.get(response.url)
        assert page.status_code == 200
        page.refused = True
        return page

    return post


def test_it_saves_a_selection_with_its_place(post):
    response = post(quote="four Confucius Institutes", start=FOUR, end=FOUR + 25)
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert (claim.quote, claim.start, claim.end) == ("four Confucius Institutes", FOUR, FOUR + 25)
    assert claim.statement == claim.quote


def test_it_saves_a_selection_across_paragraphs_as_the_body_has_it(post):
    start = ARTICLE_BODY.index("two years.")
    end = ARTICLE_BODY.index(" is home")
    response = post(quote="two years.\n\nKyrgyzstan", start=start, end=end)
    assert response.status_code == 302
    assert Claim.objects.get().quote == "two years.\nKyrgyzstan"


def test_it_saves_typed_words_in_another_case_and_spacing_as_the_article_writes_them(post):
    response = post(quote="  FOUR confucius\n  institutes ")
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert (claim.quote, claim.start) == ("four Confucius Institutes", FOUR)


@pytest.mark.parametrize(
    "place",
    [
        {"start": FOUR + 3, "end": FOUR + 28},  # shifted: other words
        {"start": 0, "end": 25},  # somewhere else entirely
        {"start": FOUR, "end": FOUR + 10},  # cut short
    ],
)
def test_it_refuses_a_forged_place_and_writes_nothing(post, place):
    response = post(quote="four Confucius Institutes", **place)
    assert response.refused
    assert "not the article&#x27;s text at the place given" in response.text
    assert not Claim.objects.exists()
    assert not Claimant.objects.filter(name="The minister").exists()


def test_it_refuses_a_forged_quote_at_a_real_place(post):
    response = post(quote="five Confucius Institutes", start=FOUR, end=FOUR + 25)
    assert response.refused
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "place",
    [
        {"start": len(ARTICLE_BODY), "end": len(ARTICLE_BODY) + 5},
        {"start": 5, "end": 10**12},
        {"start": 10, "end": 4},
    ],
)
def test_it_refuses_a_place_outside_the_article(post, place):
    response = post(quote="Trade", **place)
    assert response.refused
    assert "outside the article" in response.text
    assert not Claim.objects.exists()


@pytest.mark.parametrize("place", [{"start": "abc"}, {"start": -4}, {"end": "1e9"}, {"end": 0}])
def test_it_refuses_offsets_that_are_not_offsets(post, place):
    response = post(quote="four Confucius Institutes", **place)
    assert response.refused
    assert not Claim.objects.exists()


def test_it_offers_the_nearest_passages_for_a_miss_and_saves_the_one_chosen(post):
    response = post(quote="five Confucious Institutes", statement="")
    assert response.refused
    form = response.context["claim_form"]
    offered = [value for value, _label in form.fields["place"].widget.choices]
    assert offered[0] == f"{FOUR}:{FOUR + 25}"
    assert "Did you mean:" in response.text
    assert "<mark>four Confucius Institutes</mark>" in response.text

    response = post(quote="five Confucious Institutes", place=offered[0])
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert (claim.quote, claim.start) == ("four Confucius Institutes", FOUR)
    assert claim.statement == "four Confucius Institutes"


def test_it_refuses_a_place_that_was_not_offered(post):
    response = post(quote="five Confucious Institutes", place="0:5")
    assert response.refused
    assert "Choose one of the passages offered." in response.text
    assert not Claim.objects.exists()


def test_it_offers_each_place_of_a_repeated_quote_in_context_without_offsets(post):
    response = post(quote="THE")
    assert response.refused
    text = response.text
    assert "Which place do you mean?" in text
    assert "Trade between <mark>the</mark> two countries" in text
    assert 'type="radio" name="place"' in text
    assert "offset" not in text.lower()

    second = ARTICLE_BODY.index("the last")
    response = post(quote="THE", place=f"{second}:{second + 3}", statement="The last two years.")
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert (claim.quote, claim.start, claim.end) == ("the", second, second + 3)


def test_a_quote_too_long_for_a_claim_is_refused_with_a_reason(post):
    response = post(quote="Trade " * 500)
    assert response.refused
    assert "A quote is at most 2000 characters" in response.text
    assert not Claim.objects.exists()


def test_the_editor_s_form_asks_for_no_offset(client, editor, article):
    client.force_login(editor)
    text = client.get(article.get_absolute_url()).text
    assert '<input type="hidden" name="start"' in text
    assert '<input type="hidden" name="end"' in text
    assert "offset" not in text.lower()


def test_the_editor_s_article_page_draws_the_text_with_its_places(client, editor, article):
    make = Claim.objects.create
    claim = make(
        article=article,
        quote="four Confucius Institutes",
        start=FOUR,
        end=FOUR + 25,
        claimant=Claimant.objects.create(name="The minister"),
    )
    client.force_login(editor)
    text = client.get(article.get_absolute_url()).text
    assert f'data-start="{FOUR}">four Confucius Institutes</a>' in text
    assert f'<span data-start="{FOUR + 25}">, the minister said.</span>' in text
    assert '<span data-start="0">Trade between' in text
    assert "/static/js/select-to-claim.js" in text
    assert "Make a claim from the selection" in text
    assert claim.get_absolute_url() in text


def test_a_reviewer_gets_no_selection_button(client, reviewer, article):
    client.force_login(reviewer)
    text = client.get(article.get_absolute_url()).text
    assert "select-to-claim.js" not in text
    assert "Make a claim from the selection" not in text
    assert "data-start" not in text


def test_a_reviewer_cannot_post_a_selection(client, reviewer, article):
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim_create", args=[article.pk]),
        {"quote": "four", "start": FOUR, "end": FOUR + 4, "new_claimant": "X", "kind": "other"},
    )
    assert response.status_code == 403
    assert not Claim.objects.exists()


# The admin finds the place the same way; its start only picks among several.


def admin_post(admin_client, article, **data):
    from claims.tests.test_admin import empty_inlines, url

    fields = {"article": article.pk, "claimant": Claimant.objects.create(name="M").pk}
    return admin_client.post(
        url(Claim, "add"), {**fields, "kind": "other", **empty_inlines(), **data}
    )


def test_the_admin_finds_the_place_of_typed_words_without_a_start(admin_client, article):
    response = admin_post(admin_client, article, quote="FOUR confucius  institutes")
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert (claim.quote, claim.start, claim.end) == ("four Confucius Institutes", FOUR, FOUR + 25)


def test_the_admin_names_the_starts_of_a_repeated_quote(admin_client, article):
    response = admin_post(admin_client, article, quote="the")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["start"]
    starts = [i for i in range(len(ARTICLE_BODY)) if ARTICLE_BODY[i : i + 3].lower() == "the"]
    assert errors == [
        f"The words appear 4 times, starting at {', '.join(map(str, starts))}: give one."
    ]
    assert not Claim.objects.exists()
