"""A production-like factcheck on 127.0.0.1 for the scripts here: a fresh PostgreSQL
database, gunicorn with DEBUG off, demo data. Only 127.0.0.1 is ever contacted."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
ADMIN_DSN = os.environ.get("LOAD_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(db_name, **extra):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-run-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db_name}",
        **extra,
    }


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout


def recreate_database(env, db_name):
    """Drop and create `db_name`, migrate it, load the demo, collect static files."""
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--no-input", "-v0")


def start_gunicorn(env, port, workers):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it was ready")
        try:
            with urllib.request.urlopen(base + "/login/", timeout=2):
                return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 20 seconds")


def stop(server):
    server.terminate()
    server.wait(timeout=30)


def as_postgres(command):
    """`command` run as the postgres user when this is root: the PostgreSQL server and its
    tools refuse to run as root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def postgres_owned_dir(prefix):
    """A new temporary directory the PostgreSQL tools may write into."""
    import pwd
    import tempfile

    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(path, user.pw_uid, user.pw_gid)
    return path


def ensure_tool(command, package):
    """The path of `command`; as root it installs the Debian `package` first if it is missing."""
    import shutil

    found = shutil.which(command) or shutil.which(command, path="/usr/sbin:/usr/bin")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit(f"{command} is missing: run 'sudo apt-get install -y {package}'.")
    print(f"Installing {package} ...", flush=True)
    subprocess.run(["/usr/bin/apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["/usr/bin/apt-get", "install", "-y", "-qq", package],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )
    return shutil.which(command) or shutil.which(command, path="/usr/sbin:/usr/bin")


SESSION_FOR = """
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from claims.models import Claim
user = User.objects.filter(groups__name={role!r}, is_active=True).order_by("pk").first()
client = Client()
client.force_login(user)
# A first page gives the browser its CSRF cookie, as a signed-in browser has one.
client.get("/", HTTP_HOST="127.0.0.1")
cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
claim = Claim.objects.worked_on().order_by("-pk").first()
header = ";".join(name + "=" + client.cookies[name].value for name in cookies)
print(user.username, header, claim.pk)
"""


def signed_in(env, role="Editor"):
    """(username, its browser's Cookie header, a worked-on claim's id): a real session in the
    database, and the CSRF cookie a browser signed in to it has."""
    out = manage(env, "shell", "-c", SESSION_FOR.format(role=role), capture=True)
    username, cookie_header, claim = out.strip().splitlines()[-1].split()
    return username, cookie_header, int(claim)


def database_exists(db_name):
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name])
        return found.fetchone() is not None
