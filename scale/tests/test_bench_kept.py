"""The benchmark's "kept" figure (scale/bench/run.py) is given for the pages kept, and only
for them: it looks the page's own key up in the pages' cache."""

import os
from unittest import mock

import pytest
from django.test import Client

from factcheck.testing import make_user

with mock.patch.dict(os.environ):  # the benchmark's production defaults stay in it
    from scale.bench.run import kept_median

# Nothing is kept inside a transaction: these tests commit, as the server does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client_of_editor():
    client = Client()
    client.force_login(make_user("bench-editor", "Editor"))
    return client


@pytest.mark.parametrize("url", ["/articles/", "/reports/agreement/"])
def test_a_page_kept_by_the_day_or_the_minute_has_a_kept_median(client_of_editor, url):
    client_of_editor.get(url)  # as the benchmark has, before it asks
    assert kept_median(client_of_editor, url) > 0


# The API's docs page reads nothing from the database, and a picker is never kept.
@pytest.mark.parametrize("url", ["/api/v1/docs/", "/lookup/articles/?q=harbour"])
def test_a_page_not_kept_has_none(client_of_editor, url):
    client_of_editor.get(url)  # as the benchmark has, before it asks
    assert kept_median(client_of_editor, url) is None
