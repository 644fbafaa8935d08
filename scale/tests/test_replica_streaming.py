"""A real streaming replica of the test server: reports and exports read from it, a claim page
right after a write reads from the primary.

The replica is made with pg_basebackup -R into a temporary directory and started with pg_ctl
on a port the system picks; its WAL replay is paused while the primary changes, so what a
page shows tells which server it read from.
"""

import shutil
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.urls import reverse

from factcheck import routers
from factcheck.testing import make_claim, make_user, unused_port
from scale.bench.server import as_postgres, postgres_owned_dir

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a streaming replica is PostgreSQL's"
)

# Settings a hot standby may not have lower than its primary.
AT_LEAST_THE_PRIMARYS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def _bin(major):
    path = Path(f"/usr/lib/postgresql/{major}/bin")
    missing = [tool for tool in ("pg_basebackup", "pg_ctl") if not (path / tool).exists()]
    if missing:
        pytest.skip(f"{' and '.join(missing)} for PostgreSQL {major} not found in {path}")
    return path


def _primary_params():
    params = connection.get_connection_params()
    return {k: params[k] for k in ("host", "port", "user") if params.get(k)} | {
        "dbname": params["dbname"]
    }


def _replication_allowed(params):
    try:
        # The connection is the test: pg_hba.conf decides whether it is let in.
        psycopg.connect(**{**params, "dbname": "postgres"}, replication="true").close()
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]
    return None


class Replica:
    def __init__(self, bin_dir, primary, port):
        self.bin, self.primary, self.port = bin_dir, primary, port
        self.dir = postgres_owned_dir("fc-replica-")
        self.data = self.dir / "data"

    def start(self):
        host, port = self.primary.get("host", "127.0.0.1"), self.primary.get("port", 5432)
        self._run(
            "pg_basebackup",
            *("-h", host, "-p", str(port), "-U", self.primary.get("user", "postgres")),
            *("-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"),
        )
        with connection.cursor() as cursor:
            floors = {}
            for name in AT_LEAST_THE_PRIMARYS:
                cursor.execute(f"SHOW {name}")
                floors[name] = cursor.fetchone()[0]
        config = [
            f"port = {self.port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.dir}'",
            "hot_standby = on",
            "shared_buffers = '32MB'",
            "fsync = off",
            *(f"{name} = {value}" for name, value in floors.items()),
        ]
        self._write("postgresql.conf", "\n".join(config) + "\n")
        self._write("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "start")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def connect(self):
        params = {**self.primary, "host": "127.0.0.1", "port": self.port}
        return psycopg.connect(**params, autocommit=True)

    def catch_up(self):
        """Wait until the replica has replayed everything the primary wrote so far."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            target = cursor.fetchone()[0]
        with self.connect() as conn:
            for _ in range(300):
                done = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if done.fetchone()[0]:
                    return
                time.sleep(0.05)
        raise AssertionError(f"the replica did not reach {target} within 15 s")

    def pause(self):
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_pause()")

    def resume(self):
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_resume()")

    def _write(self, name, text):
        subprocess.run(
            as_postgres(["tee", str(self.data / name)]),
            input=text.encode(),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def _run(self, tool, *args):
        result = subprocess.run(
            as_postgres([str(self.bin / tool), *args]), capture_output=True, text=True
        )
        if result.returncode:
            log = self.dir / "log"
            raise AssertionError(
                f"{tool} failed: {result.stderr}{log.read_text() if log.exists() else ''}"
            )


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica is PostgreSQL's")
    with django_db_blocker.unblock():
        bin_dir = _bin(connection.pg_version // 10000)
        primary = _primary_params()
        refused = _replication_allowed(primary)
        if refused:
            pytest.skip(
                f"the server refuses replication connections ({refused}); pg_hba.conf needs "
                "'host replication postgres 127.0.0.1/32 trust', then SELECT pg_reload_conf()"
            )
        server = Replica(bin_dir, primary, unused_port())
        try:
            server.start()
            # The router's replica alias, pointed at the real replica. A mirror of the
            # primary's test database to the test case, so its flush leaves it alone.
            connections.settings[routers.REPLICA] = {
                **connections.settings["default"],
                "HOST": "127.0.0.1",
                "PORT": server.port,
                "TEST": {"MIRROR": "default"},
            }
            yield server
        finally:
            if routers.REPLICA in connections.settings:
                if hasattr(connections._connections, routers.REPLICA):
                    connections[routers.REPLICA].close()
                    del connections[routers.REPLICA]
                del connections.settings[routers.REPLICA]
            server.stop()


class Reads:
    """The statements each database ran, by alias."""

    def __init__(self):
        self.sql = {"default": [], routers.REPLICA: []}

    def during(self, client, url):
        for statements in self.sql.values():
            statements.clear()
        primary, replica = connections["default"], connections[routers.REPLICA]

        def watch(sender, connection, **kwargs):
            # A connection another thread opens (the export reads ahead on one of its own).
            connection.execute_wrappers.append(self._record(connection.alias))

        connection_created.connect(watch)
        try:
            with (
                primary.execute_wrapper(self._record("default")),
                replica.execute_wrapper(self._record(routers.REPLICA)),
            ):
                response = client.get(url)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
        finally:
            connection_created.disconnect(watch)
        assert response.status_code == 200, (url, response.status_code)
        return body.decode()

    def _record(self, alias):
        def record(execute, sql, params, many, context):
            self.sql[alias].append(sql)
            return execute(sql, params, many, context)

        return record

    def claim_reads(self, alias):
        return [s for s in self.sql[alias] if 'FROM "claims_claim"' in s]


@pytest.mark.django_db(transaction=True, databases=["default", routers.REPLICA])
def test_reports_and_exports_read_the_replica_and_a_claim_page_after_a_write_the_primary(
    request, replica, client, editor, article
):
    first = make_claim(article, article.body.split(".")[0], statement="Trade grew by 4%.")
    client.force_login(editor)
    # Another editor who writes nothing: the replica serves all of their reports and exports.
    other = make_user("second-editor", "Editor")
    onlooker = type(client)()
    onlooker.force_login(other)
    replica.catch_up()
    with replica.connect() as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    replica.pause()  # from now on the replica lags behind the primary
    request.addfinalizer(replica.resume)

    second = make_claim(article, article.body.split(".")[0], statement="Exports fell by 9%.")
    reads = Reads()
    export = reads.during(client, "/claims/?_export=csv")
    assert "Trade grew by 4%." in export
    assert "Exports fell by 9%." not in export  # written after the replica stopped
    assert reads.claim_reads(routers.REPLICA)
    assert not reads.claim_reads("default")

    reads.during(client, reverse("reports:overview"))
    assert reads.sql[routers.REPLICA]

    # A write through the site, then the claim page: read from the primary, the write shown.
    response = client.post(reverse("claims:add_tags", args=[first.pk]), {"tags": "harbour"})
    assert response.status_code == 302
    page = reads.during(client, reverse("claims:claim", args=[first.pk]))
    assert "harbour" in page
    assert reads.claim_reads("default")
    assert not reads.sql[routers.REPLICA]
    # Within the read-your-writes window this session's export reads the primary too...
    export = reads.during(client, "/claims/?_export=csv")
    assert "Exports fell by 9%." in export
    assert not reads.sql[routers.REPLICA]
    # ...while a session that wrote nothing still reads the lagging replica.
    export = reads.during(onlooker, "/claims/?_export=csv")
    assert "Exports fell by 9%." not in export
    assert reads.claim_reads(routers.REPLICA)

    replica.resume()
    replica.catch_up()
    export = reads.during(onlooker, "/claims/?_export=csv")
    assert "Exports fell by 9%." in export
    assert reads.claim_reads(routers.REPLICA)
    assert second.pk
