"""The layout the README's "Where things are" describes: imports flow one way.

claims is the foundation; intake, reports, publishing, notifications and external are built on it
and may import it, never the reverse nor each other; api is the top, which may import any
of them and which none imports; no product app imports the scale tooling.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
BUILT_ON_CLAIMS = ["intake", "reports", "publishing", "notifications", "external"]
TOP = ["api"]
PRODUCT_APPS = ["claims", *BUILT_ON_CLAIMS, *TOP]


def imported_apps(app):
    """{(module path, top-level package imported)} for the app's code, tests left out."""
    found = set()
    for path in (BASE / app).rglob("*.py"):
        if "tests" in path.relative_to(BASE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add((str(path.relative_to(BASE)), node.module.split(".")[0]))
            elif isinstance(node, ast.Import):
                found.update(
                    (str(path.relative_to(BASE)), a.name.split(".")[0]) for a in node.names
                )
    return found


def test_the_scan_sees_imports():
    # The check below can only fail if the scan finds imports at all.
    assert ("intake/views.py", "claims") in imported_apps("intake")


def test_claims_imports_none_of_the_apps_built_on_it():
    wrong = {(m, a) for m, a in imported_apps("claims") if a in [*BUILT_ON_CLAIMS, "scale"]}
    assert wrong == set()


@pytest.mark.parametrize("app", PRODUCT_APPS)
def test_no_product_app_imports_the_scale_tooling(app):
    assert {(m, a) for m, a in imported_apps(app) if a == "scale"} == set()


@pytest.mark.parametrize("app", BUILT_ON_CLAIMS)
def test_apps_built_on_claims_do_not_import_each_other(app):
    others = [a for a in BUILT_ON_CLAIMS if a != app]
    assert {(m, a) for m, a in imported_apps(app) if a in others} == set()


@pytest.mark.parametrize("app", ["claims", *BUILT_ON_CLAIMS])
def test_nothing_below_the_api_imports_it(app):
    assert {(m, a) for m, a in imported_apps(app) if a in TOP} == set()
