"""Every number a URL carries is bounded: huge, negative or malformed values give a page or a 4xx.

The pages come from the URL resolver (as in test_permission_matrix), so a new
paged or dated view is covered the day it is added. Each page-like parameter is
sent alone, so one parameter's refusal never hides another's crash.
"""

import pytest
from django.urls import reverse

from claims.tests.test_permission_matrix import MATRIX, url_args, url_names, url_objects
from factcheck.testing import make_claim

PARAMETERS = [
    "page",
    "per_page",
    "mine-page",
    "reviewed-page",
    "settled-page",
    "mine-per_page",
    "start",
    "end",
    "article",
    "claimant",
]

VALUES = [
    str(10**30),
    str(2**63),
    "18446744073709551616",
    "-1",
    str(-(2**63) - 1),
    "abc",
    "9999-12-31",
    "0001-01-01",
]

# The pages a GET reaches; POST-only views answer a GET with 405 before reading anything.
GET_PAGES = sorted(name for name in url_names() if MATRIX[name][1]["GET"]["editor"] != 405)


def url_for(name, claim, editor):
    args_kind = MATRIX[name][0]
    if args_kind in ("evidence", "snapshot"):
        # Evidence is corrected while a claim is worked on, so on a claim in review.
        claim = make_claim(claim.article, "four Confucius Institutes")
        claim.assign([editor], by=editor)
    visitors = {"reviewer": editor, "editor": editor}
    if args_kind == "notification":
        return reverse(name, args=[1])  # a GET of its POST-only URL goes to the inbox
    return reverse(name, args=url_args(args_kind, claim, **url_objects(args_kind, claim, visitors)))


@pytest.mark.parametrize("parameter", PARAMETERS)
@pytest.mark.parametrize("name", GET_PAGES)
def test_no_number_in_a_url_gives_a_server_error(
    client, editor, published_claim, name, parameter, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # where a snapshot's copy is stored
    client.force_login(editor)
    url = url_for(name, published_claim, editor)
    for value in VALUES:
        response = client.get(url, {parameter: value})
        assert response.status_code in (200, 302, 400, 404), (url, parameter, value)


@pytest.mark.parametrize(
    "url",
    ["/claimreview.json", "/claims/", "/?mine-page={}", "/claims/?q=trade"],
)
def test_a_page_past_the_last_is_not_found(client, editor, published_claim, url):
    client.force_login(editor)
    if "{}" in url:
        url = url.format(9223372036854775807)
    else:
        url += ("&" if "?" in url else "?") + "page=18446744073709551616"
    assert client.get(url).status_code == 404
