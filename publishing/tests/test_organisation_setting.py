"""FACTCHECK_ORGANISATION names the organisation; its older name still works."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

NAMES = ("FACTCHECK_ORGANISATION", "FACTCHECK_PUBLISHER_NAME")


def organisation(**env):
    clean = {k: v for k, v in os.environ.items() if k not in NAMES}
    result = subprocess.run(
        [sys.executable, "-c", "import factcheck.settings as s; print(s.FACTCHECK_ORGANISATION)"],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "The Factcheck Desk"),
        ({"FACTCHECK_ORGANISATION": "Northern Checks"}, "Northern Checks"),
        ({"FACTCHECK_PUBLISHER_NAME": "Old Name Checks"}, "Old Name Checks"),
        ({"FACTCHECK_ORGANISATION": "New", "FACTCHECK_PUBLISHER_NAME": "Old"}, "New"),
        ({"FACTCHECK_ORGANISATION": ""}, "The Factcheck Desk"),
    ],
)
def test_the_organisation_comes_from_the_environment(env, expected):
    assert organisation(**env) == expected
