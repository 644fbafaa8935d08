"""The claims tests' own fixtures: the seed articles and the demo, loaded as loaddata loads them.

The personas and the claims in each state are the whole suite's (the root conftest.py).
"""

import pytest

from .fixture_files import ARTICLES, DEMO, load


@pytest.fixture
def seeded(db):
    load(ARTICLES)


@pytest.fixture
def demo(seeded):
    load(DEMO)
