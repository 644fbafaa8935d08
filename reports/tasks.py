"""The reports' jobs, run by a worker (`manage.py db_worker`) rather than in a request."""

from django.tasks import task

from claims.jobs import retried

from .rollups import rebuild


@task(takes_context=True)
@retried
def rebuild_report_tables():
    """Recompute the report tables (reports.rollups.rebuild): the seconds it took, or None
    where the reports count live (SQLite). Safe to run again: each run recomputes all."""
    return rebuild()
