"""Measure how long the upload page takes to answer seven small article files, and how long a
worker then takes to import them.

    DATABASE_URL=sqlite:////tmp/bench-upload.sqlite3 python scale/bench/upload.py

The database is migrated here and must hold no articles with the seed texts (a fresh
scratch database, as above). The files are the five seed articles and two small HTML
pages; the upload goes through the Django test client as an editor, and the worker is the
real one (db_worker --batch), run in this process once the page has answered. One GET of
the upload page comes first, so the figure leaves out loading the URLs and templates.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from claims import roles  # noqa: E402
from factcheck.testing import make_user, restore_role_groups  # noqa: E402

PAGE = (
    "<!doctype html><html><head><title>Border ports {n}</title></head><body><article>"
    "<h1>Border ports {n}</h1><p>The two countries opened {n} new border ports on Monday, the "
    "transport minister announced. Traffic through the ports grew by 1{n}% in 2023.</p>"
    "</article></body></html>"
)


def files():
    for path in sorted((ROOT / "fixtures" / "seed_articles").glob("*.txt")):
        yield SimpleUploadedFile(path.name, path.read_bytes())
    for n in (2, 3):
        yield SimpleUploadedFile(f"ports-{n}.html", PAGE.format(n=n).encode())


def main():
    setup_test_environment()  # the test client's host and response details
    call_command("migrate", verbosity=0)
    restore_role_groups()
    client = Client()
    client.force_login(make_user(f"bench-{time.time_ns()}", roles.EDITOR))
    client.get("/intake/import/")  # the first request loads the URLs and templates
    uploads = list(files())
    began = time.perf_counter()
    response = client.post("/intake/import/", {"files": uploads})
    answered = time.perf_counter() - began
    assert response.status_code == 303, response.status_code
    began = time.perf_counter()
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    worked = time.perf_counter() - began
    summary = client.get(response.url + "status.json").json()["summary"]
    print(f"{len(uploads)} files: the upload page answered in {answered * 1000:.0f} ms")
    print(f"the worker imported them in {worked:.1f} s: {summary}")


if __name__ == "__main__":
    main()
