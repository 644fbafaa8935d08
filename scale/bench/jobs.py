"""Measure the job queue: how fast jobs are queued, and how many a second 1, 2 and 4
`manage.py db_worker` processes get through together, on the database DATABASE_URL names.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_jobs python scale/bench/jobs.py

The database is created (PostgreSQL) and migrated if it is not. For each number of
workers, BENCH_JOBS (default 2,000) small jobs (scale/tasks.py: one indexed read each) are
queued in one transaction, then that many worker processes are started with --batch and
the time until the last one exits is taken; the first pass's result is left out as a
warm-up of the tables. Workers are separate processes started here, each paying its own
start-up (about a second), which the figures include and print apart. The queued jobs are
deleted afterwards.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from scale.bench.database import ensure_database  # noqa: E402
from scale.tasks import bench_job  # noqa: E402

JOBS = int(os.environ.get("BENCH_JOBS", 2000))
WORKERS = (1, 2, 4)


def worker_command():
    return [
        sys.executable,
        str(BASE / "manage.py"),
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--verbosity",
        "0",
    ]


def start_up_seconds():
    """A worker's start and exit with nothing queued: the share of each figure that is not work."""
    started = time.perf_counter()
    subprocess.run(worker_command(), check=True, cwd=BASE)
    return time.perf_counter() - started


def queue(count):
    started = time.perf_counter()
    with transaction.atomic():
        for number in range(count):
            bench_job.enqueue(number)
    return time.perf_counter() - started


def run_workers(count):
    started = time.perf_counter()
    processes = [subprocess.Popen(worker_command(), cwd=BASE) for _ in range(count)]
    for process in processes:
        if process.wait() != 0:
            raise SystemExit(f"a worker exited with status {process.returncode}")
    return time.perf_counter() - started


def main():
    ensure_database()
    DBTaskResult.objects.all().delete()
    idle = start_up_seconds()
    print(f"database: {connection.vendor}; {JOBS:,} jobs a pass")
    print(f"a worker's start-up and exit with nothing queued: {idle:.2f} s")
    print(
        f"{'workers':>8} {'queue jobs/s':>13} {'run s':>7} {'jobs/s':>8}"
        f" {'jobs/s less start-up':>21}"
    )
    for number, workers in enumerate((1, *WORKERS)):
        queued = queue(JOBS)
        seconds = run_workers(workers)
        left = DBTaskResult.objects.exclude(status="SUCCESSFUL").count()
        if left:
            raise SystemExit(f"{left} jobs did not succeed")
        DBTaskResult.objects.all().delete()
        if number == 0:
            continue  # the first pass warms the tables up
        print(
            f"{workers:>8} {JOBS / queued:>13,.0f} {seconds:>7.2f} {JOBS / seconds:>8,.0f}"
            f" {JOBS / max(seconds - idle, 1e-9):>21,.0f}"
        )


if __name__ == "__main__":
    main()
