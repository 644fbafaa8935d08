"""The fixture files and how the fixture tests load them."""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from claims.models import Claim

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
ARTICLES = FIXTURE_DIR / "articles.json"
DEMO = FIXTURE_DIR / "demo.json"
DEMO_PASSWORD = "factcheck-demo"
DEMO_USERS = {
    "reviewer": "Reviewer",
    "reviewer2": "Reviewer",
    "editor": "Editor",
    "admin": None,
}
Status = Claim.Status
# The review workflow's statuses. Candidate and rejected claims come from proposing
# sentences, not from the review workflow, and the demo has none.
WORKFLOW_STATUSES = {
    Status.DRAFT,
    Status.IN_REVIEW,
    Status.REVIEWED,
    Status.SETTLED,
    Status.PUBLISHED,
}
AFTER_REVIEW = [Status.REVIEWED, Status.SETTLED, Status.PUBLISHED]


def load(*paths):
    # One command, as load_demo and the README run it: articles.json alone over a
    # loaded demo would put worked-on claims back to draft, which loaddata refuses.
    call_command("loaddata", *map(str, paths), verbosity=0)


def counts():
    """Row counts of every claims model (history and m2m tables too), the users and the groups."""
    models = apps.get_app_config("claims").get_models(include_auto_created=True)
    result = {m._meta.label: m._default_manager.count() for m in models}
    result["auth.User"] = User.objects.count()
    result["auth.Group"] = Group.objects.count()
    return result


def fixture_records(path, model):
    return [r for r in json.loads(path.read_text(encoding="utf-8")) if r["model"] == model]
