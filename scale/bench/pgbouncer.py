"""pgbouncer in transaction mode on 127.0.0.1, in front of the PostgreSQL server on 5432.

Used by `scale/bench/wrk.py --pgbouncer`. Debian's `pgbouncer` package is installed
first when it is missing and this runs as root. Its configuration, log and pid
file live in a temporary directory removed when it stops.

Django behind it needs, as the README says: DISABLE_SERVER_SIDE_CURSORS=1 (a
named cursor cannot outlive the transaction whose server connection it was
opened on) and CONN_MAX_AGE=0 (each request returns its client connection;
pgbouncer keeps the server connections open in its pool instead).
"""

import shutil
import subprocess
import time

import psycopg

from scale.bench.server import ensure_tool, postgres_owned_dir

# pgbouncer passes no startup options on to the server (it ignores the
# application's -c jit=off, factcheck/settings.py), so it sets that itself.
CONFIG = """[databases]
* = host=127.0.0.1 port=5432 connect_query='SET jit = off'

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {dir}/users.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = {pool}
logfile = {dir}/pgbouncer.log
log_connections = 0
log_disconnections = 0
pidfile = {dir}/pgbouncer.pid
ignore_startup_parameters = extra_float_digits,options
"""


def pgbouncer_env(env, db_name, port, conn_max_age=0):
    return {
        **env,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/{db_name}",
        "DISABLE_SERVER_SIDE_CURSORS": "1",
        "CONN_MAX_AGE": str(conn_max_age),
    }


class PgBouncer:
    def __init__(self, port, pool=20):
        self.port, self.pool = port, pool
        self.process = None
        self.dir = None

    def __enter__(self):
        binary = ensure_tool("pgbouncer", "pgbouncer")
        self.dir = postgres_owned_dir("fc-pgbouncer-")
        (self.dir / "users.txt").write_text('"postgres" ""\n')
        config = self.dir / "pgbouncer.ini"
        config.write_text(CONFIG.format(port=self.port, dir=self.dir, pool=self.pool))
        # pgbouncer refuses to run as root; -u drops to the postgres user.
        command = [binary, "-q", str(config)] + (["-u", "postgres"] if _root() else [])
        self.process = subprocess.Popen(command)
        for _ in range(50):
            if self.process.poll() is not None:
                log = self.dir / "pgbouncer.log"
                raise SystemExit(
                    "pgbouncer exited: " + (log.read_text() if log.exists() else "no log")
                )
            try:
                dsn = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
                with psycopg.connect(dsn, connect_timeout=2, prepare_threshold=None):
                    return self
            except psycopg.OperationalError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise SystemExit(f"pgbouncer did not answer on port {self.port}")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)


def _root():
    import os

    return os.geteuid() == 0
