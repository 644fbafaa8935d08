"""Median latency of every report page, with and without filters, and its queries.

Run against a PostgreSQL database filled by `manage.py generate_data`:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_bench python bench/reports.py [url part ...]

Pages are fetched through the Django test client as the first editor, with
production settings (DEBUG off); the machine's load average is printed before
and after, as the figures depend on it.
"""

import os
import statistics
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from claims.models import Claim, Outlet  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 9))


def load():
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def main(only):
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    client.force_login(User.objects.filter(groups__name="Editor").order_by("pk").first())
    outlet = Outlet.objects.order_by("pk").first().pk
    article = Claim.objects.filter(status="published").order_by("pk").first().article_id
    pages = ["/reports/", *(f"/reports/by/{d}/" for d in ("article", "outlet", "claimant", "kind"))]
    pages.append("/reports/agreement/")
    filters = ["", f"?outlet={outlet}", "?start=2024-03-15&end=2025-06-20"]
    filters.append(f"?outlet={outlet}&start=2025-01-01")
    urls = [page + f for page in pages for f in filters]
    urls += [f"/reports/scorecard/?article={article}", "/reports/by/article/?page=300"]
    urls = [u for u in urls if not only or any(part in u for part in only)]
    queries = []

    def count(execute, *args):
        queries.append(1)
        return execute(*args)

    print(f"{Claim.objects.count():,} claims; {load()}")
    for url in urls:
        assert client.get(url).status_code == 200, url
        queries.clear()
        with connection.execute_wrapper(count):
            client.get(url)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(url).content  # noqa: B018 - rendered
            times.append((time.perf_counter() - started) * 1000)
        print(f"{url:<58} {statistics.median(times):8.1f} ms median {len(queries):3d} queries")
    print(load())


if __name__ == "__main__":
    main(sys.argv[1:])
