"""Requests per second with wrk: gunicorn with production settings, an editor's session.

    .venv/bin/python scale/bench/wrk.py [--database fc_bench_wrk] [--demo]
        [--workers 4] [--connections 16] [--seconds 10] [--port 8620] [--pgbouncer]

It drives each page (the claims list, the editor's queue, a claim page, the
overview report) with Debian's `wrk` (installed first when missing and run as
root) for --seconds, one page after the other, with the cookie of an editor's
real session (and the CSRF cookie its browser has), and prints requests per
second and latency percentiles per page. Every page is fetched once first and
must answer 200 with the session still signed in: wrk itself counts a redirect
to the login page as a success.

Each page is driven twice: as served ("kept": a page the editor saw since the
desk last changed is served again, claims.pagecache), and with keeping off
(PAGE_CACHE_SECONDS=0: "made", every request makes its page), then the two are
printed side by side. --kept-only skips the second run.

--demo drops and recreates --database with the demo data; without it the
database must exist, migrated and filled (e.g. by generate_data). Static files
are collected either way. --pgbouncer runs the same pages a second time with
gunicorn connecting through pgbouncer in transaction mode (scale/bench/pgbouncer.py)
and prints both runs side by side. Only 127.0.0.1 is ever contacted.
"""

import argparse
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scale.bench.server import (
    database_exists,
    ensure_tool,
    manage,
    production_env,
    recreate_database,
    signed_in,
    start_gunicorn,
    stop,
)

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def pages(claim):
    return [
        ("claims list", "/claims/"),
        ("queue (editor)", "/"),
        ("claim page", f"/claims/{claim}/"),
        ("report: overview", "/reports/"),
    ]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_signed_in(base, cookie_header, path):
    """The page answers 200 to this session, not a redirect to the login page."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(base + path, headers={"Cookie": cookie_header})
    try:
        with opener.open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{path} answered {status} to the editor's session, not 200")


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(output):
    """req/s, latency percentiles (ms), errors and non-2xx/3xx answers from wrk's output."""
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M):
        result[f"p{percent}_ms"] = milliseconds(value)
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["socket_errors"] = sum(int(n) for n in errors.groups()) if errors else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx_3xx"] = int(bad.group(1)) if bad else 0
    return result


def drive(wrk, base, cookie_header, path, connections, seconds, threads=2):
    # A 10 s timeout: a slow answer is counted in the latencies, not as a socket error.
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["--latency"]
    command += ["-H", f"Cookie: {cookie_header}", base + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse(output)


def run_pages(env, args, port, label):
    """Start gunicorn with `env`, drive every page, stop it; {page: figures}."""
    wrk = ensure_tool("wrk", "wrk")
    username, cookie_header, claim = signed_in(env)
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, port, args.workers)
    results = {}
    try:
        print(
            f"{label}: gunicorn workers {args.workers}, wrk connections {args.connections}, "
            f"{args.seconds} s a page, signed in as {username}",
            flush=True,
        )
        for name, path in pages(claim):
            check_signed_in(base, cookie_header, path)
            # A warm-up, so every worker has imported, connected and cached what it needs.
            drive(wrk, base, cookie_header, path, args.connections, 2)
            results[name] = row = drive(
                wrk, base, cookie_header, path, args.connections, args.seconds
            )
            row["path"] = path
            print(line(name, row), flush=True)
            check_signed_in(base, cookie_header, path)
    finally:
        stop(server)
    return results


HEADER = (
    f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
    f"{'requests':>9} {'errors':>7}"
)


def line(name, row):
    errors = row["socket_errors"] + row["non_2xx_3xx"]
    return (
        f"{name:<20} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p90_ms']:>8.1f} "
        f"{row['p99_ms']:>8.1f} {row['requests']:>9} {errors:>7}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="fc_bench_wrk")
    parser.add_argument("--demo", action="store_true", help="recreate it with the demo data")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8620, help="gunicorn's port")
    parser.add_argument("--kept-only", action="store_true", help="skip the run with keeping off")
    parser.add_argument("--pgbouncer", action="store_true", help="and again through pgbouncer")
    parser.add_argument("--pgbouncer-port", type=int, default=6442)
    parser.add_argument(
        "--pgbouncer-conn-max-age",
        type=int,
        default=0,
        help="CONN_MAX_AGE behind pgbouncer (0: a client connection per request)",
    )
    args = parser.parse_args()

    env = production_env(args.database)
    if args.demo:
        print(f"Recreating {args.database} with the demo data ...", flush=True)
        recreate_database(env, args.database)
    elif not database_exists(args.database):
        raise SystemExit(f"There is no database {args.database}: pass --demo to create one.")
    else:
        manage(env, "collectstatic", "--no-input", "-v0")
    claims = manage(
        env,
        "shell",
        "-c",
        "from claims.models import Claim; print(Claim.objects.count())",
        capture=True,
    )
    print(f"{args.database}: {int(claims.split()[-1]):,} claims, {os.cpu_count()} CPUs")
    print(HEADER)
    direct = run_pages(env, args, args.port, "direct to PostgreSQL, pages kept")
    if not args.kept_only:
        made = run_pages(
            {**env, "PAGE_CACHE_SECONDS": "0"}, args, args.port, "direct, every page made"
        )
        side_by_side(("kept", direct), ("made", made))
    if not args.pgbouncer:
        return 0
    from scale.bench.pgbouncer import PgBouncer, pgbouncer_env

    with PgBouncer(args.pgbouncer_port) as bouncer:
        bounced = run_pages(
            pgbouncer_env(env, args.database, bouncer.port, args.pgbouncer_conn_max_age),
            args,
            args.port,
            f"through pgbouncer (transaction mode, port {bouncer.port}, "
            f"CONN_MAX_AGE={args.pgbouncer_conn_max_age})",
        )
    side_by_side(("direct", direct), ("pgbouncer", bounced))
    return 0


def side_by_side(first, second):
    (a, rows), (b, others) = first, second
    print()
    print(f"{'page':<20} {a + ' req/s':>13} {b:>10} {a + ' p50':>11} {b:>10}")
    for name, row in rows.items():
        other = others[name]
        print(
            f"{name:<20} {row['rps']:>13.1f} {other['rps']:>10.1f} "
            f"{row['p50_ms']:>11.1f} {other['p50_ms']:>10.1f}"
        )


if __name__ == "__main__":
    sys.exit(main())
