"""The desk's real mix for locust: reviewers and editors, signed in, with think time.

Run it through scale/bench/locust_run.py, which seeds the users and starts gunicorn; by hand:

    LOAD_PASSWORD=... LOAD_USERS=40 LOAD_CLAIMS=1,2,3 LOAD_ASSIGNED=0:5,7;1:9 \\
        locust -f scale/bench/locustfile.py --headless -u 40 -r 10 -t 60s --host http://127.0.0.1:8620

Reviewers (load00, load02, ...) walk their queue, the claims list with filters, a
search, claim pages and post a review draft on a claim they are assigned to;
editors (load01, load03, ...) do the same without the review and read the
reports. Each waits 1 to 3 seconds between actions (LOAD_THINK="min,max").
LOAD_OPEN_LOOP=1 replaces both with one kind of user that sends one request a
second whatever the answers take (constant_throughput), so with -u N the
offered load is N requests a second as long as N exceeds the rate times the
latency: the open-loop case. With LOAD_SECONDS the figures count from the
moment the last user has signed in, for that many seconds. Every request is
named by its page, so the statistics are per page; a page that lands on the
login form is a failure.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, constant_throughput, events, task
from locust.stats import StatsEntry

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
USERS = int(os.environ.get("LOAD_USERS", "2"))
CLAIMS = [int(pk) for pk in os.environ.get("LOAD_CLAIMS", "1").split(",") if pk]
# "user index:claim,claim;user index:claim": the in-review claims each reviewer is assigned.
ASSIGNED = {
    int(user): [int(pk) for pk in claims.split(",") if pk]
    for user, _, claims in (
        part.partition(":") for part in os.environ.get("LOAD_ASSIGNED", "").split(";") if part
    )
}
THINK = [float(s) for s in os.environ.get("LOAD_THINK", "1,3").split(",")]
OPEN_LOOP = os.environ.get("LOAD_OPEN_LOOP") == "1"
# Seconds counted once every user has signed in; 0 leaves the run's length to locust's -t.
SECONDS = float(os.environ.get("LOAD_SECONDS", "0"))
FILTERS = [
    "?status=in_review",
    "?kind=quantity",
    "?sort=updated_at",
    "?status=published&sort=status",
    "?page=2",
]
SEARCHES = ["unemployment", "wheat exports", "inflation rate", "budget"]
REPORTS = ["/reports/", "/reports/agreement/", "/reports/by/outlet/", "/reports/by/article/"]
_numbers = itertools.count()
_signed_in = itertools.count(1)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Desk(HttpUser):
    abstract = True
    role_offset = 0

    def on_start(self):
        self.index = self._next_index()
        self.rng = random.Random(self.index)
        page = self.client.get("/login/", name="login")
        form = {"username": f"load{self.index:02d}", "password": PASSWORD}
        form["csrfmiddlewaretoken"] = _token(page.text)
        with self.client.post("/login/", form, name="login", catch_response=True) as response:
            if "/login/" in response.url:
                response.failure(f"load{self.index:02d} could not sign in")
        _count_sign_in(self.environment)

    def _next_index(self):
        # Reviewers take the even numbers, editors the odd ones.
        return (2 * next(_numbers) + self.role_offset) % max(USERS, 1)

    def page(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code == 200 and "/login/" in response.url:
                response.failure("signed out: landed on the login page")

    @task(4)
    def queue(self):
        self.page("/", "queue")

    @task(3)
    def claims_list(self):
        self.page("/claims/" + self.rng.choice(FILTERS), "claims list (filters)")

    @task(2)
    def search(self):
        self.page("/claims/?q=" + self.rng.choice(SEARCHES).replace(" ", "+"), "search")

    @task(4)
    def claim_page(self):
        self.page(f"/claims/{self.rng.choice(CLAIMS)}/", "claim page")


class Reviewer(Desk):
    wait_time = between(*THINK)
    weight = 1
    role_offset = 0

    @task(1)
    def review(self):
        claims = ASSIGNED.get(self.index)
        if not claims:
            return
        pk = self.rng.choice(claims)
        page = self.client.get(f"/claims/{pk}/", name="claim page")
        form = {
            "csrfmiddlewaretoken": _token(page.text),
            "rating": str(self.rng.randint(1, 5)),
            "confidence": str(self.rng.randint(1, 5)),
            "rationale": "The figures in the source do not support the claim as worded.",
        }
        url = f"/claims/{pk}/review/draft/"
        with self.client.post(url, form, name="review draft (POST)", catch_response=True) as r:
            if r.status_code != 200 or "/login/" in r.url:
                r.failure(f"answered {r.status_code} at {r.url}")


class Editor(Desk):
    wait_time = between(*THINK)
    weight = 1
    role_offset = 1

    @task(2)
    def report(self):
        self.page(self.rng.choice(REPORTS), "reports")


class OpenLoop(Desk):
    """One request a second each, whatever the answers take."""

    wait_time = constant_throughput(1)
    weight = 1
    role_offset = 1

    @task(1)
    def report(self):
        self.page(self.rng.choice(REPORTS), "reports")


def _count_sign_in(environment):
    """Once the last user has signed in, count afresh, for SECONDS: a desk signs in once a
    day, and the sign-ins (a password hash each, about a second of CPU under load) would
    hold the workers for the first part of the run, which is not the desk's working mix."""
    runner = environment.runner
    if runner is None or next(_signed_in) != runner.target_user_count:
        return
    runner.stats.reset_all()
    if SECONDS:
        import gevent

        gevent.spawn_later(SECONDS, runner.quit)


def _token(text):
    found = TOKEN.search(text)
    return found.group(1) if found else ""


if OPEN_LOOP:
    Reviewer.abstract = Editor.abstract = True
else:
    OpenLoop.abstract = True


@events.test_stop.add_listener
def _desk_summary(environment, **kwargs):
    """The figures of every request but the sign-ins (a password hash each), to LOAD_SUMMARY."""
    path = os.environ.get("LOAD_SUMMARY")
    if not path:
        return
    desk = StatsEntry(environment.stats, "all but sign-in", "")
    for (name, _method), entry in environment.stats.entries.items():
        if name != "login":
            desk.extend(entry)
    summary = {
        "requests": desk.num_requests,
        "failures": desk.num_failures,
        "rps": desk.total_rps,
        **{f"p{p}": desk.get_response_time_percentile(p / 100) for p in (50, 95, 99)},
    }
    with open(path, "w") as out:
        json.dump(summary, out)
