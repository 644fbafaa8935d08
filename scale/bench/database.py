"""The benchmarks' database: created on the PostgreSQL server if it is not there, then migrated."""

from django.core.management import call_command
from django.db import connection


def ensure_database():
    """Create the database DATABASE_URL names (PostgreSQL) if it is missing; migrate it."""
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.get_connection_params()
        name = params.pop("dbname")
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as server:
            exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not exists.fetchone():
                print(f"Creating the database {name}")
                server.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", interactive=False, verbosity=0)
