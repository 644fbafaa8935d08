"""Load run: gunicorn with production settings on PostgreSQL, 50 users for 60 seconds.

    .venv/bin/python scale/bench/load.py [--users 50] [--seconds 60] [--workers 5]

It creates (or recreates) the database `fc_trust_load`, migrates it, loads the
demo data, adds the simulated users (half reviewers, half editors), collects
static files and starts gunicorn on a free port of 127.0.0.1. Each user logs in
once through the real login form (CSRF token and all), then walks the queue,
the claims list, a claim page and, for editors, a report page, until the time
is up. Only 127.0.0.1 is ever contacted. It prints throughput, latency
percentiles and the error count, and exits 1 if there was any error.

Not part of the test suite: it takes a minute and wants the machine to itself.
"""

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scale.bench.server import (
    free_port,
    manage,
    production_env,
    recreate_database,
    start_gunicorn,
    stop,
)

DB_NAME = "fc_trust_load"
PASSWORD = "load-test-password-not-for-real-use"
REPORTS = ["/reports/", "/reports/agreement/", "/reports/by/article/", "/reports/by/outlet/"]
MAX_ITERATIONS = 10_000  # per user, a bound in case the clock misbehaves

SEED_USERS = """
from django.contrib.auth.models import Group, User
from claims.models import Claim
reviewers, editors = Group.objects.get(name="Reviewer"), Group.objects.get(name="Editor")
template = User(username="template")
template.set_password({password!r})
for i in range({users}):
    user = User.objects.create(username=f"load{{i:02d}}", password=template.password)
    user.groups.add(editors if i % 2 else reviewers)
print(",".join(str(pk) for pk in Claim.objects.worked_on().values_list("pk", flat=True)))
"""


def seed(env, users):
    recreate_database(env, DB_NAME)
    out = manage(
        env, "shell", "-c", SEED_USERS.format(password=PASSWORD, users=users), capture=True
    )
    return [int(pk) for pk in out.strip().splitlines()[-1].split(",")]


class User:
    def __init__(self, base, name, is_editor, stats):
        self.base, self.name, self.is_editor, self.stats = base, name, is_editor, stats
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path, data=None):
        started = time.perf_counter()
        ok, body = False, ""
        try:
            body_bytes = urllib.parse.urlencode(data).encode() if data else None
            req = urllib.request.Request(self.base + path, data=body_bytes)
            if data:
                req.add_header("Referer", self.base + path)
            with self.opener.open(req, timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
                # A session lost would land on the login page with 200: that is an error too.
                landed_on_login = "/login/" in response.geturl()
                ok = response.status == 200 and (
                    (path == "/login/" and not data) or not landed_on_login
                )
        except (urllib.error.URLError, OSError) as error:
            body = str(error)
        self.stats.record(path, time.perf_counter() - started, ok, body)
        return body

    def log_in(self):
        page = self.request("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {"username": self.name, "password": PASSWORD}
        form["csrfmiddlewaretoken"] = token.group(1) if token else ""
        # The login POST redirects to the queue; the opener follows it.
        self.request("/login/", form)

    def browse(self, claim_ids, deadline, rng):
        for _ in range(MAX_ITERATIONS):
            if time.monotonic() >= deadline:
                return
            self.request("/")
            self.request("/claims/?page=" + str(rng.randint(1, 2)))
            self.request(f"/claims/{rng.choice(claim_ids)}/")
            if self.is_editor:
                self.request(rng.choice(REPORTS))


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies, self.errors, self.timed = [], [], False
        self.by_page = {}

    def record(self, path, seconds, ok, body):
        with self.lock:
            if self.timed:
                self.latencies.append(seconds)
                self.by_page.setdefault(page_kind(path), []).append(seconds)
            if not ok:
                self.errors.append((path, body[:200]))


def page_kind(path):
    if path == "/":
        return "queue"
    if path.startswith("/claims/?"):
        return "claims list"
    if path.startswith("/claims/"):
        return "claim page"
    return path.split("?")[0]


def percentile(sorted_values, p):
    index = min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))
    return sorted_values[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(DB_NAME)
    print(f"Seeding {DB_NAME} ...", flush=True)
    claim_ids = seed(env, args.users)
    server = start_gunicorn(env, port, args.workers)
    try:
        stats = Stats()
        users = [User(base, f"load{i:02d}", bool(i % 2), stats) for i in range(args.users)]
        print(f"Logging in {len(users)} users ...", flush=True)
        run_all(users, lambda u: u.log_in())
        login_errors = len(stats.errors)
        print(f"Driving {len(users)} users for {args.seconds} s ...", flush=True)
        stats.timed = True
        started = time.monotonic()
        deadline = started + args.seconds
        run_all(
            users,
            lambda u: u.browse(claim_ids, deadline, random.Random(u.name)),
        )
        elapsed = time.monotonic() - started
    finally:
        stop(server)

    report(stats, elapsed, args, login_errors)
    return 1 if stats.errors else 0


def run_all(users, action):
    threads = [threading.Thread(target=action, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report(stats, elapsed, args, login_errors):
    latencies = sorted(stats.latencies)
    count = len(latencies)
    print()
    print(
        f"users {args.users}, gunicorn workers {args.workers}, "
        f"{elapsed:.1f} s, CPUs {os.cpu_count()}"
    )
    print(f"requests {count}, throughput {count / elapsed:.1f} req/s")
    if latencies:
        ms = [1000 * percentile(latencies, p) for p in (50, 90, 95, 99)]
        print(
            "latency ms: p50 {:.0f}  p90 {:.0f}  p95 {:.0f}  p99 {:.0f}  "
            "max {:.0f}  mean {:.0f}".format(
                *ms, 1000 * latencies[-1], 1000 * statistics.fmean(latencies)
            )
        )
        for kind, values in sorted(stats.by_page.items()):
            values.sort()
            print(
                f"  {kind:<22} {len(values):>5} requests, "
                f"p50 {1000 * percentile(values, 50):.0f} ms, "
                f"p95 {1000 * percentile(values, 95):.0f} ms"
            )
    print(f"errors {len(stats.errors)} (of which at login {login_errors})")
    for path, detail in stats.errors[:10]:
        print(f"  {path}: {detail}")


if __name__ == "__main__":
    sys.exit(main())
