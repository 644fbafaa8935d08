"""Measure the claims list's XLSX download: time and peak memory, in a process of its own.

Against a PostgreSQL database, filled (the first time) like scale/bench/run.py does:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_scale \\
        python scale/bench/export_xlsx.py --claims 100000

Each measurement runs in a fresh process (peak memory is VmHWM, as run.py
reads it for the CSV export) warmed by a one-row download first: the time to
the first byte (the workbook is finished before it), the total, the rows and
the peak RSS. Measured twice: with FACTCHECK_XLSX_MAX_ROWS raised past the
list, so every claim is written, and at the configured cap (past it the list
is refused with a message, which is what the cap costs).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# isort: off
from scale.bench.run import peak_rss_mb, prepare  # first: it sets Django up as run.py does
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from claims.models import Claim
# isort: on

URL = "/claims/?_export=xlsx"
CSV_URL = "/claims/?_export=csv"  # the same list as CSV, for comparison


def child(user_pk, url):
    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    warm = client.get("/claims/?article=1&_export=xlsx")
    b"".join(getattr(warm, "streaming_content", [b""]))
    started = time.perf_counter()
    response = client.get(url)
    first_byte = total = (time.perf_counter() - started) * 1000
    size = 0
    if response.status_code == 200:
        chunks = iter(response.streaming_content)
        size = len(next(chunks))
        first_byte = (time.perf_counter() - started) * 1000
        size += sum(len(chunk) for chunk in chunks)
        total = (time.perf_counter() - started) * 1000
    result = {
        "status": response.status_code,
        "cap": settings.FACTCHECK_XLSX_MAX_ROWS,
        "first_byte_ms": round(first_byte),
        "total_ms": round(total),
        "bytes": size,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(json.dumps(result))


def measure(user_pk, cap=None, url=URL):
    env = dict(os.environ)
    if cap is not None:
        env["FACTCHECK_XLSX_MAX_ROWS"] = str(cap)
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(user_pk), url],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(claims):
    prepare(claims)
    editor = (
        User.objects.filter(groups__name="Editor").first()
        or User.objects.filter(is_superuser=True).first()
    )
    rows = Claim.objects.worked_on().count()
    print(f"{Claim.objects.count():,} claims, {rows:,} in the claims list; editor {editor}")
    for label, cap in (("every row (cap raised)", rows + 1), ("configured cap", None)):
        result = measure(editor.pk, cap)
        print(f"{label:<24} {json.dumps(result)}")
    print(f"{'the same list as CSV':<24} {json.dumps(measure(editor.pk, url=CSV_URL))}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]), sys.argv[3])
    else:
        main(int(sys.argv[sys.argv.index("--claims") + 1]) if "--claims" in sys.argv else 0)
