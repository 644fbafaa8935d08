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
