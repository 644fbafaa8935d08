"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

SNIPPET = "import factcheck.settings as s; print(s.DATABASES['default']['ENGINE'], s.DEBUG)"


def load_settings(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")
    }
    return subprocess.run(
        [sys.executable, "-c", SNIPPET],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_defaults_to_debug_on_sqlite():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_an_empty_database_url_means_the_default():
    result = load_settings(DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/factcheck")
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_production_refuses_to_start_without_secret_key():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_starts_with_secret_key():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "False"


def test_a_malformed_boolean_is_named():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_storage_for_archived_copies_is_read_from_the_environment():
    snippet = "import factcheck.settings as s; print(s.STORAGES['default'], s.MEDIA_ROOT)"
    env = {
        "STORAGE_BACKEND": "storages.backends.s3.S3Storage",
        "STORAGE_OPTIONS": '{"bucket_name": "snapshots"}',
        "MEDIA_ROOT": "/srv/factcheck/media",
    }
    result = subprocess.run(
        [sys.executable, "-c", snippet],
        env={**os.environ, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("} ")[0] + "}" == (
        "{'BACKEND': 'storages.backends.s3.S3Storage', 'OPTIONS': {'bucket_name': 'snapshots'}}"
    )
    assert result.stdout.strip().endswith("/srv/factcheck/media")


def test_storage_options_that_are_not_a_json_object_are_refused():
    result = subprocess.run(
        [sys.executable, "-c", "import factcheck.settings"],
        env={**os.environ, "STORAGE_OPTIONS": "bucket=snapshots"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "STORAGE_OPTIONS must be a JSON object" in result.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    # Compiling a costly query took 3.7 s of the CSV export's 3.8 s in the database.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_database_jit_turns_it_back_on():
    snippet = "import factcheck.settings as s; print(s.DATABASES['default'].get('OPTIONS'))"
    url = "postgres://postgres@127.0.0.1:5432/factcheck"
    off, on = (
        subprocess.run(
            [sys.executable, "-c", snippet],
            env={**os.environ, "DATABASE_URL": url, **jit},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for jit in ({}, {"DATABASE_JIT": "1"})
    )
    assert off == "{'options': '-c jit=off'}"
    assert on in ("None", "{}")
