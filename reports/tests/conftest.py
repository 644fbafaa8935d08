"""The reports' world fixture; the personas come from the root conftest."""

import pytest

from .world import build_world


@pytest.fixture
def world(db, editor, reviewer, reviewer2):
    return build_world(editor, reviewer, reviewer2)
