"""Benchmark the workbench's pages against the Django admin and raw SQL.

Run against a PostgreSQL database filled by `manage.py generate_data`:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_bench python bench/run.py

For each page: median and p95 latency through the Django test client, queries
per request, the same page in the admin (where there is one) and the raw SQL
that fetches that page's data, as ratios. Writes bench/results.json.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
# Production settings: DEBUG off (no query log kept), served as over HTTPS.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.models import Article, Claim  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 20))
ACCOUNT_SQL = ("django_session", "auth_permission", 'FROM "auth_user" WHERE "auth_user"."id" =')


def timed(fn, runs=RUNS):
    """Latencies in ms; slow things are run fewer times so a run ends in minutes."""
    first = _once(fn)
    runs = runs if first < 500 else 5 if first < 3000 else 2
    return [first, *(_once(fn) for _ in range(runs - 1))]


def _once(fn):
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def summary(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2)}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018 - rendered
    return response


def page_sql(client, url):
    """The statements a page runs for its data (session and permission look-ups left out)."""
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    data = [q["sql"] for q in queries if not any(a in q["sql"] for a in ACCOUNT_SQL)]
    return len(queries), data


def run_sql(statements):
    with connection.cursor() as cursor:
        for sql in statements:
            if sql.startswith(("DECLARE", "FETCH", "CLOSE")):
                continue  # the export's server-side cursor, replayed as its plain query below
            cursor.execute(sql)
            if cursor.description:
                cursor.fetchall()


def measure(name, client, url, admin_client=None, admin_url=None):
    get(client, url)  # warm caches
    count, statements = page_sql(client, url)
    row = {"page": name, "url": url, "queries": count, **summary(timed(lambda: get(client, url)))}
    raw = summary(timed(lambda: run_sql(statements)))
    row["raw_sql_median_ms"] = raw["median_ms"]
    row["x_raw_sql"] = round(row["median_ms"] / max(raw["median_ms"], 0.01), 1)
    if admin_url:
        get(admin_client, admin_url)
        admin_queries, _ = page_sql(admin_client, admin_url)
        admin = summary(timed(lambda: get(admin_client, admin_url)))
        row.update(
            admin_url=admin_url,
            admin_median_ms=admin["median_ms"],
            admin_queries=admin_queries,
            admin_x_slower=round(admin["median_ms"] / row["median_ms"], 1),
        )
    print(_line(row), flush=True)
    return row


def export_in_subprocess(url, user_pk):
    """The CSV export in a fresh process, so its peak memory is its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--export", url, str(user_pk)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def export_child(url, user_pk):
    import resource

    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    started = time.perf_counter()
    response = client.get(url)
    chunks = iter(response.streaming_content)
    next(chunks)
    first_byte = (time.perf_counter() - started) * 1000
    rows = 1 + sum(chunk.count(b"\n") for chunk in chunks) - 1
    total = (time.perf_counter() - started) * 1000
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"first_byte_ms": round(first_byte, 1), "total_ms": round(total), "rows": rows}
    print(json.dumps({**result, "peak_rss_mb": round(peak_mb, 1)}))


def _line(row):
    admin = (
        f"{row['admin_median_ms']:>9.1f} {row['admin_x_slower']:>6.1f}x"
        if "admin_median_ms" in row
        else f"{'':>9} {'':>7}"
    )
    return (
        f"{row['page']:<34} {row['median_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['queries']:>4} "
        f"{admin} {row['raw_sql_median_ms']:>8.2f} {row['x_raw_sql']:>6.1f}x"
    )


def main():
    from django.core.management import call_command

    from claims.models import Claim as C
    from intake.candidates import find_candidates
    from reports.queries import DIMENSIONS

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG=0 needs
    editor = User.objects.filter(groups__name="Editor").order_by("pk").first()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client, admin_client = Client(), Client()
    client.force_login(editor)
    admin_client.force_login(admin)
    claim = C.objects.filter(status=C.Status.PUBLISHED).order_by("pk").first()
    article = claim.article
    claims_total = Claim.objects.count()
    print(
        f"{claims_total:,} claims, {Article.objects.count():,} articles, PostgreSQL "
        f"{connection.pg_version // 10000}, {os.cpu_count()} cores"
    )
    print(
        f"{'page':<34} {'median':>8} {'p95':>8} {'qs':>4} {'admin':>9} {'admin/':>7} "
        f"{'raw SQL':>8} {'/raw':>7}"
    )
    adm = "/admin/claims/claim/"
    pages = [
        ("claims list, first page", "/claims/", adm),
        (
            "claims list, status + sort",
            "/claims/?status=in_review&sort=-updated_at",
            adm + "?status__exact=in_review&o=-9",
        ),
        (
            "claims list, kind + verdict",
            "/claims/?kind=other&rating=1",
            adm + "?kind__exact=other&verdict__rating=1",
        ),
        ("claims list, deep page (400)", "/claims/?page=400", adm + "?p=399"),
        ("claims search", "/claims/?search=unemployment", adm + "?q=unemployment"),
        ("queue", "/", None),
        ("claim page", f"/claims/{claim.pk}/", f"{adm}{claim.pk}/change/"),
        ("article page", f"/articles/{article.pk}/", None),
        ("report: overview", "/reports/", None),
        ("report: agreement", "/reports/agreement/", None),
        ("report: scorecard", "/reports/scorecard/", None),
        *((f"report: by {d}", f"/reports/by/{d}/", None) for d in DIMENSIONS),
    ]
    results = [measure(name, client, url, admin_client, a) for name, url, a in pages]
    extraction = summary(timed(lambda: find_candidates(article.body)))
    print(
        f"{'candidate extraction, one article':<34} {extraction['median_ms']:>8.2f} "
        f"{extraction['p95_ms']:>8.2f}    0"
    )
    export_url = "/claims/?status=reviewed&_export=csv"
    export = export_in_subprocess(export_url, editor.pk)
    print(f"CSV export {export_url}: {export}")
    payload = {
        "claims": claims_total,
        "cores": os.cpu_count(),
        "postgresql": connection.pg_version,
        "pages": results,
        "candidate_extraction": extraction,
        "csv_export": {"url": export_url, **export},
    }
    (BASE / "bench" / "results.json").write_text(json.dumps(payload, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--export":
        export_child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
