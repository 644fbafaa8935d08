"""Malformed query strings on every list and report give a normal page or a 4xx, never a 500.

Unknown sort fields, impossible dates, absurd page numbers, non-integer ids,
injection-looking strings and unknown export formats are what crawlers and
curious people send; none of them may reach the server error page.
"""

import pytest

PAGES = [
    "/",
    "/claims/",
    "/articles/",
    "/reports/",
    "/reports/agreement/",
    "/reports/scorecard/",
    "/reports/by/article/",
    "/reports/by/outlet/",
    "/reports/by/claimant/",
    "/reports/by/kind/",
    "/claimreview.json",
]

INJECTION = "1' OR '1'='1; DROP TABLE claims_claim;--"

QUERIES = {
    "unknown sort": "sort=nonexistent_field",
    "sort by a secret": "sort=verdict__rating&sort=-password",
    "sort injection": f"sort={INJECTION}",
    "queue table sort": "mine-sort=bogus&reviewed-sort=-nothing&settled-sort=%00",
    "huge page": "page=99999999999",
    "huge prefixed page": "mine-page=99999999999&reviewed-page=99999999999",
    "negative page": "page=-3",
    "page not a number": "page=abc",
    "per page huge": "per_page=99999999999",
    "per page zero or negative": "per_page=-5&mine-per_page=0",
    "per page not a number": "per_page=abc",
    "bad dates": "start=2026-13-45&end=yesterday",
    "reversed dates": "start=2030-01-01&end=1990-01-01",
    "year zero": "start=0000-00-00",
    "non-integer ids": "article=abc&outlet=1.5&reviewer=-1",
    "huge id": "article=99999999999999999999&outlet=99999999999999999999",
    "unknown choices": "status=nope&rating=42&kind=<script>",
    "injection in text": f"q={INJECTION}&search={INJECTION}&claimant={INJECTION}",
    "nul byte": "q=%00&search=a%00b&claimant=%00",
    "bad export": "_export=nonsense",
    "export with bad filters": "_export=csv&article=abc&start=never",
    "bad report format": "format=nonsense",
    "report format with bad filters": "format=csv&start=2026-99-99",
    "repeated params": "page=1&page=2&sort=a&sort=b",
    "very long value": "q=" + "x" * 5000,
}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
@pytest.mark.parametrize("page", PAGES)
def test_malformed_query_gives_a_page_or_a_client_error(
    client, editor, published_claim, page, query
):
    client.force_login(editor)
    client.raise_request_exception = False
    response = client.get(f"{page}?{query}")
    assert response.status_code in (200, 400, 404), response.status_code


@pytest.mark.parametrize("query", ["article=abc", f"sort={INJECTION}", "page=99999999999"])
def test_reviewers_malformed_queries_too(client, reviewer, published_claim, query):
    client.force_login(reviewer)
    client.raise_request_exception = False
    for page in ("/", "/claims/", "/articles/"):
        assert client.get(f"{page}?{query}").status_code in (200, 400, 404)


@pytest.mark.parametrize(
    "path", ["/claims/abc/", "/claims/99999999999999999999/", "/factchecks/-1/"]
)
def test_malformed_ids_in_the_path_are_not_found(client, editor, path):
    client.force_login(editor)
    client.raise_request_exception = False
    assert client.get(path).status_code == 404
