"""Pickers: the lookups that list articles, outlets, claimants and reviewers by name, and the
filter fields that take a name or a number (claims.lookups, claims.widgets)."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from claims.lookups import LOOKUPS, MAX_QUERY_LENGTH, MAX_RESULTS
from claims.models import Article, Outlet
from factcheck.testing import ARTICLE_BODY, make_claim, make_claimant, make_user


def lookup_url(kind, q=None):
    url = reverse("claims:lookup", args=[kind])
    return url if q is None else f"{url}?q={q}"


def rows(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def add_article(title, outlet=None, n=0):
    return Article.objects.create(title=title, outlet=outlet, body=f"{ARTICLE_BODY} {title} {n}")


@pytest.fixture
def harbour(outlet):
    return add_article("Harbour expansion doubles freight", outlet)


# The endpoints


def test_it_sends_an_anonymous_visitor_to_log_in(client, db):
    response = client.get(lookup_url("articles", "trade"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_a_user_without_a_role(client, article):
    client.force_login(make_user("nobody"))
    assert client.get(lookup_url("articles", "trade")).status_code == 403


def test_it_answers_404_for_an_unknown_kind(client, reviewer):
    client.force_login(reviewer)
    assert client.get(lookup_url("passwords", "a")).status_code == 404


def test_it_refuses_post(client, reviewer):
    client.force_login(reviewer)
    assert client.post(lookup_url("articles")).status_code == 405


def test_it_lists_articles_by_part_of_the_title_with_outlet_and_number(
    client, reviewer, article, harbour
):
    client.force_login(reviewer)
    found = rows(client.get(lookup_url("articles", "FREIGHT")))
    assert found == [
        {
            "id": harbour.pk,
            "label": "Harbour expansion doubles freight",
            "detail": f"Example Times, no. {harbour.pk}",
        }
    ]


def test_it_puts_titles_that_start_with_the_words_first(client, reviewer, article, outlet):
    inside = add_article("A new trade deal", outlet)
    client.force_login(reviewer)
    found = rows(client.get(lookup_url("articles", "trade")))
    assert [row["id"] for row in found] == [article.pk, inside.pk]  # "Trade and ties" starts


def test_it_lists_at_most_ten_matches(client, reviewer, outlet):
    for n in range(MAX_RESULTS + 5):
        add_article(f"Budget report {n:02}", outlet, n)
    client.force_login(reviewer)
    found = rows(client.get(lookup_url("articles", "budget")))
    assert len(found) == MAX_RESULTS == 10
    assert found[0]["label"] == "Budget report 00"


def test_an_empty_query_lists_the_first_rows_in_order(client, reviewer, db):
    for name in ("Zeta News", "Alpha Daily", "Mid Post"):
        Outlet.objects.create(name=name)
    client.force_login(reviewer)
    assert [r["label"] for r in rows(client.get(lookup_url("outlets")))] == [
        "Alpha Daily",
        "Mid Post",
        "Zeta News",
    ]


def test_it_finds_a_claimant_by_an_alias(client, reviewer, db):
    kept = make_claimant("Helena Voss", description="Transport minister", aliases="H. Voss")
    client.force_login(reviewer)
    found = rows(client.get(lookup_url("claimants", "h. voss")))
    assert found == [{"id": kept.pk, "label": "Helena Voss", "detail": "Transport minister"}]


def test_it_lists_only_active_reviewers_by_full_name(client, reviewer, reviewer2, editor):
    make_user("gone", "Reviewer", first_name="Rita", is_active=False)
    reviewer.last_name = "Reyes"
    reviewer.save()
    client.force_login(editor)
    assert rows(client.get(lookup_url("reviewers", "rita re"))) == [
        {"id": reviewer.pk, "label": "Rita Reyes", "detail": "rita"}
    ]
    # Editors are not reviewers, so no claim is assigned to them.
    assert rows(client.get(lookup_url("reviewers", "edna"))) == []


@pytest.mark.parametrize(
    "q",
    ["a" * (MAX_QUERY_LENGTH + 1), "trade%00", "%00"],
    ids=["too long", "nul byte", "only a nul byte"],
)
def test_bad_input_is_a_400_with_a_message(client, reviewer, article, q):
    client.force_login(reviewer)
    response = client.get(lookup_url("articles", q))
    assert response.status_code == 400
    assert "at most 500 characters" in json.loads(response.content)["error"]


@pytest.mark.parametrize(
    "query",
    ["q=%ff%fe", "q=' OR 1=1 --", "q=%25", "q=_", "q=trade&q=ties", "x=1"],
)
def test_odd_input_is_an_ordinary_answer(client, reviewer, article, query):
    client.force_login(reviewer)
    response = client.get(f"{lookup_url('articles')}?{query}")
    assert isinstance(rows(response), list)


def test_wildcards_are_matched_as_text(client, reviewer, article, outlet):
    fifty = add_article("Fifty% of exports", outlet)
    client.force_login(reviewer)
    assert [r["id"] for r in rows(client.get(lookup_url("articles", "%25")))] == [fifty.pk]


@pytest.mark.parametrize("kind", ["articles", "outlets", "claimants", "reviewers"])
def test_it_runs_four_queries_whatever_the_number_of_rows(
    client, reviewer, outlet, kind, django_assert_num_queries
):
    # session, user, the user's permissions (groups), the matches
    for n in range(30):
        add_article(f"Report {n}", outlet, n)
        make_claimant(f"Reporter {n}")
        Outlet.objects.create(name=f"Reporting {n}")
        make_user(f"reporter{n}", "Reviewer", first_name="Reporter")
    client.force_login(reviewer)
    with django_assert_num_queries(4):
        found = rows(client.get(lookup_url(kind, "rep")))
    assert len(found) == MAX_RESULTS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes only")
@pytest.mark.parametrize(
    ("kind", "index"),
    [("articles", "article_title_trigram"), ("claimants", "claimant_name_trigram")],
)
def test_on_postgresql_a_lookup_can_use_its_trigram_index(db, kind, index):
    # A handful of rows is read faster without an index; forbid reading them all (a
    # sequential scan, or a whole other index walked in order, which the statistics left
    # by earlier tests can make look cheaper), and the plan shows whether the index
    # (migration 0019) matches the lookup's query.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = LOOKUPS[kind].search("harbour")[:MAX_RESULTS].explain()
    assert index in plan


# The filter fields


def claims_list(client, **params):
    return client.get(reverse("claims:claim_list"), params)


@pytest.fixture
def two_articles(article, harbour):
    """A claim in each of the two articles."""
    make_claim(article, "grew by 35% over the last two years")
    make_claim(harbour, "grew by 35% over the last two years")
    return article, harbour


def test_a_typed_title_filters_by_that_article(client, reviewer, two_articles):
    _article, harbour = two_articles
    client.force_login(reviewer)
    response = claims_list(client, article="harbour expansion")
    assert response.context["filter"].form.cleaned_data["article"] == harbour
    assert [row.record.article_id for row in response.context["table"].rows] == [harbour.pk]


def test_an_article_number_in_the_address_shows_the_title_in_the_box(
    client, reviewer, two_articles
):
    _article, harbour = two_articles
    client.force_login(reviewer)
    response = claims_list(client, article=str(harbour.pk))
    assert [row.record.article_id for row in response.context["table"].rows] == [harbour.pk]
    text = response.text
    assert 'value="Harbour expansion doubles freight"' in text
    assert f'data-picker-value="{harbour.pk}"' in text
    assert 'data-picker="/lookup/articles/"' in text
    assert '<script src="/static/js/picker.js" defer></script>' in text


def test_a_claimant_number_from_the_claimants_page_still_filters(client, reviewer, two_articles):
    minister = make_claimant("The minister")
    article, _harbour = two_articles
    said = make_claim(article, "four Confucius Institutes", claimant=minister)
    client.force_login(reviewer)
    response = claims_list(client, claimant=str(minister.pk))
    assert [row.record.pk for row in response.context["table"].rows] == [said.pk]
    assert 'value="The minister"' in response.text


def test_a_reviewer_is_picked_by_first_name(client, editor, reviewer, reviewer2, two_articles):
    article, harbour = two_articles
    harbour.claims.get().assign([reviewer2], by=editor)
    article.claims.get().assign([reviewer], by=editor)
    client.force_login(editor)
    response = claims_list(client, reviewer="ravi")
    assert [row.record.article_id for row in response.context["table"].rows] == [harbour.pk]
    assert 'value="Ravi"' in response.text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("submarine", "No article matches “submarine”."),
        ("999999", "There is no article number 999999."),
        (str(2**63), f"There is no article number {2**63}."),
        ("e", "More than one article matches “e”: type more of the name and choose"),
        ("x" * 501, "That is too long to be a name: give at most 500 characters."),
        ("trade\x00", "No article matches “trade”."),
    ],
    ids=["unknown", "no such number", "past a bigint", "ambiguous", "too long", "nul byte"],
)
def test_a_name_that_picks_no_single_article_is_a_clear_error(
    client, reviewer, two_articles, value, message
):
    client.force_login(reviewer)
    response = claims_list(client, article=value)
    assert response.status_code == 200
    assert message in response.text
    assert not response.context["table"].rows


def test_two_articles_with_the_same_title_ask_for_a_number(client, reviewer, two_articles):
    article, _harbour = two_articles
    twin = add_article(article.title, article.outlet, n=2)
    client.force_login(reviewer)
    response = claims_list(client, article="trade and ties")
    assert "More than one article matches “trade and ties”" in response.text
    assert claims_list(client, article=str(twin.pk)).context["filter"].form.is_valid()


def test_an_outlet_is_picked_by_name(client, reviewer, two_articles):
    other = Outlet.objects.create(name="Harbour Gazette")
    _article, harbour = two_articles
    harbour.outlet = other
    harbour.save()
    client.force_login(reviewer)
    response = claims_list(client, outlet="gazette")
    assert [row.record.article_id for row in response.context["table"].rows] == [harbour.pk]


def test_the_scorecard_takes_an_article_by_title(client, editor, two_articles):
    _article, harbour = two_articles
    client.force_login(editor)
    response = client.get(reverse("reports:scorecard"), {"article": "doubles freight"})
    assert response.context["article"] == harbour
    assert 'value="Harbour expansion doubles freight"' in response.text


def test_a_report_explains_an_unknown_article(client, editor, two_articles):
    client.force_login(editor)
    response = client.get(reverse("reports:overview"), {"article": "submarine"})
    assert response.status_code == 200
    assert "No article matches “submarine”." in response.text
