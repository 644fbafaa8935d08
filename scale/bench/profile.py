"""Where a request's milliseconds go: the busiest pages profiled, by part of the stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_scale_1000000 \
        python scale/bench/profile.py [path ...]

Each page (by default the four that scale/bench/wrk.py loads: the claims list,
the editor's queue, a claim page and the overview report) is requested as an
editor through the Django test client with production settings, as
scale/bench/run.py does, first to warm the caches and then PROFILE_RUNS times
(default 50) under pyinstrument, a sampling profiler. Each sample's time goes
to the part of the stack whose code was running: the database (psycopg, and
waiting for PostgreSQL), the ORM building queries and objects, templates,
django-tables2, middleware with the session and login, the rest of Django, the
project's own code and other libraries. Prints milliseconds per request for
each part and its share of the whole, and with PROFILE_TREE=1 pyinstrument's
call tree of each page. The profiler slows the code it watches: read the
shares, and take the page's own time from run.py or wrk.py.
"""

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pyinstrument import Profiler

from scale.bench.run import get  # first: it sets Django up with production settings

RUNS = int(os.environ.get("PROFILE_RUNS", 50))
PROJECT = ("claims", "reports", "notifications", "publishing", "intake", "external", "api")
# (part, what its file path holds), the first that matches; the order matters.
PARTS = [
    ("database", ("/psycopg/", "/psycopg_binary/")),
    ("ORM", ("/django/db/",)),
    ("templates", ("/django/template/", "/django/templatetags/", "/jinja2/")),
    ("django-tables2", ("/django_tables2/",)),
    (
        "middleware, session, login",
        ("/django/middleware/", "/django/contrib/sessions/", "/django/contrib/auth/", "/axes/"),
    ),
    ("other Django", ("/django/",)),
    ("project code", tuple(f"/{app}/" for app in PROJECT)),
]


def part_of(path):
    for part, marks in PARTS:
        if any(mark in path for mark in marks):
            return part
    return "other libraries"


def self_times(frame, into, path=""):
    """Each frame's own time added to its part: pyinstrument keeps a frame's own
    time in a synthetic child ("[self]", no file), which goes to the parent's
    file, as does the time in a built-in function (str.join, say) it calls."""
    if frame.file_path and not frame.file_path.startswith("<"):
        path = frame.file_path
    if not frame.children:
        part = part_of(path)
        into[part] += frame.time
        if part == "other libraries":
            into[("library", _library(path))] += frame.time
    for child in frame.children:
        self_times(child, into, path)
    return into


def _library(path):
    """The package a file belongs to: the folder under site-packages, else the file."""
    head, marker, tail = path.partition("site-packages/")
    return tail.split("/", 1)[0] if marker else Path(head).name


def default_pages():
    from claims.models import Claim

    claim = Claim.objects.filter(status=Claim.Status.PUBLISHED).order_by("pk").first()
    return ["/claims/", "/", f"/claims/{claim.pk}/", "/reports/"]


def profile(client, path):
    get(client, path)  # warm
    profiler = Profiler()  # a sample each millisecond
    profiler.start()
    for _ in range(RUNS):
        get(client, path)
    times = self_times(profiler.stop().root_frame(), Counter())
    ms = {part: seconds * 1000 / RUNS for part, seconds in times.items()}
    libraries = {part[1]: ms.pop(part) for part in list(ms) if isinstance(part, tuple)}
    return profiler, ms, libraries


def main(paths):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from claims.models import Claim

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG=0 needs
    client = Client()
    client.force_login(User.objects.filter(groups__name="Editor").order_by("pk").first())
    parts = [part for part, _marks in PARTS] + ["other libraries"]
    print(f"{Claim.objects.count():,} claims; ms per request, {RUNS} requests under pyinstrument")
    print(f"{'page':<24}" + "".join(f"{part[:13]:>14}" for part in parts) + f"{'total':>9}")
    for path in paths or default_pages():
        profiler, ms, libraries = profile(client, path)
        total = sum(ms.values())
        row = "".join(
            f"{ms.get(part, 0):>8.1f} {100 * ms.get(part, 0) / total:>4.0f}%" for part in parts
        )
        print(f"{path:<24}{row}{total:>9.1f}", flush=True)
        busiest = sorted(libraries.items(), key=lambda item: -item[1])[:4]
        print(f"{'':<24}other libraries: " + ", ".join(f"{n} {t:.1f}" for n, t in busiest))
        if os.environ.get("PROFILE_TREE"):
            print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main(sys.argv[1:])
