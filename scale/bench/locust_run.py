"""Load run with locust: the desk's mix (scale/bench/locustfile.py) against gunicorn.

    .venv/bin/python scale/bench/locust_run.py [--database fc_bench_locust] [--demo]
        [--users 40] [--spawn-rate 10] [--seconds 60] [--workers 4] [--port 8621]
        [--open-loop]

--demo drops and recreates --database with the demo data; without it the
database must exist, migrated and filled (generate_data). It adds the load
users (load00, load01, ...: even reviewers, odd editors; kept from an earlier run),
assigns each reviewer to a few claims in review, starts gunicorn with
production settings on 127.0.0.1, runs locust headless for --seconds
(--csv into a temporary directory), counting from the moment the last user has
signed in, and prints req/s, p50/p95/p99 and failures
per page and in all. --open-loop runs the open-loop case instead: --users
users sending one request a second each. Exits 1 if any request failed.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scale.bench.server import (
    ROOT,
    database_exists,
    manage,
    production_env,
    recreate_database,
    start_gunicorn,
    stop,
)

PASSWORD = "locust-load-password-not-for-real-use"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")

SEED = """
from django.contrib.auth.models import Group, User
from claims.models import Assignment, Claim
reviewers, editors = Group.objects.get(name="Reviewer"), Group.objects.get(name="Editor")
template = User(username="template")
template.set_password({password!r})
users = []
for i in range({users}):
    user = User.objects.update_or_create(
        username=f"load{{i:02d}}", defaults={{"password": template.password, "is_active": True}}
    )[0]
    user.groups.set([editors if i % 2 else reviewers])
    users.append(user)
editor = users[1] if len(users) > 1 else User.objects.filter(groups=editors).first()
in_review = list(Claim.objects.filter(status="in_review").order_by("-pk")[:200])
assigned = []
for i, user in enumerate(users):
    if i % 2:
        continue
    mine = in_review[i % max(len(in_review), 1) :][:3]
    for claim in mine:
        Assignment.objects.get_or_create(
            claim=claim, reviewer=user, defaults={{"assigned_by": editor}}
        )
    assigned.append(f"{{i}}:" + ",".join(str(c.pk) for c in mine))
claims = Claim.objects.worked_on().order_by("-pk").values_list("pk", flat=True)[:500]
print(",".join(map(str, claims)))
print(";".join(assigned))
"""


def seed(env, users):
    out = manage(env, "shell", "-c", SEED.format(password=PASSWORD, users=users), capture=True)
    claims, assigned = out.strip().splitlines()[-2:]
    return claims, assigned


def locust_binary():
    found = Path(sys.executable).with_name("locust")
    if found.exists():
        return str(found)
    if shutil.which("locust"):
        return shutil.which("locust")
    raise SystemExit("locust is missing: install requirements-dev.txt (make setup).")


def run_locust(base, args, claims, assigned):
    out = Path(tempfile.mkdtemp(prefix="fc-locust-"))
    env = {
        **os.environ,
        "LOAD_PASSWORD": PASSWORD,
        "LOAD_USERS": str(args.users),
        "LOAD_CLAIMS": claims,
        "LOAD_ASSIGNED": assigned,
        "LOAD_OPEN_LOOP": "1" if args.open_loop else "0",
        "LOAD_SUMMARY": str(out / "desk.json"),
        "LOAD_SECONDS": str(args.seconds),
    }
    command = [locust_binary(), "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
    # The locustfile counts --seconds from the last sign-in; -t only bounds a run in which
    # someone never signs in.
    limit = args.seconds + 600
    command += ["-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{limit}s"]
    command += ["--host", base, "--csv", str(out / "run"), "--loglevel", "WARNING"]
    try:
        subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL)
        with open(out / "run_stats.csv", newline="") as stats:
            rows = list(csv.DictReader(stats))
        desk = json.loads((out / "desk.json").read_text())
        return rows, desk
    finally:
        shutil.rmtree(out, ignore_errors=True)


def report(rows, desk, args):
    mode = "open loop, 1 request/s a user" if args.open_loop else "think time 1-3 s"
    print(
        f"\nlocust: {args.users} users ({mode}), {args.seconds} s, "
        f"gunicorn workers {args.workers}, CPUs {os.cpu_count()}"
    )
    print(
        f"{'page':<30} {'requests':>9} {'failures':>9} {'req/s':>7} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'p99 ms':>7}"
    )
    failures = 0
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "all" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        if name == "all":
            failures = int(row["Failure Count"])
        print(
            f"{name:<30} {row['Request Count']:>9} {row['Failure Count']:>9} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
    print(
        f"{'all but sign-in':<30} {desk['requests']:>9} {desk['failures']:>9} "
        f"{desk['rps']:>7.1f} {desk['p50']:>7} {desk['p95']:>7} {desk['p99']:>7}"
    )
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="fc_bench_locust")
    parser.add_argument("--demo", action="store_true", help="recreate it with the demo data")
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8621)
    parser.add_argument("--open-loop", action="store_true")
    args = parser.parse_args()

    env = production_env(args.database)
    if args.demo:
        print(f"Recreating {args.database} with the demo data ...", flush=True)
        recreate_database(env, args.database)
    elif not database_exists(args.database):
        raise SystemExit(f"There is no database {args.database}: pass --demo to create one.")
    else:
        manage(env, "collectstatic", "--no-input", "-v0")
    claims, assigned = seed(env, args.users)
    server = start_gunicorn(env, args.port, args.workers)
    try:
        rows, desk = run_locust(f"http://127.0.0.1:{args.port}", args, claims, assigned)
    finally:
        stop(server)
    return 1 if report(rows, desk, args) else 0


if __name__ == "__main__":
    sys.exit(main())
