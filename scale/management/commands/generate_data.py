import time
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from claims.search import refresh_search_words
from reports.rollups import rebuild
from scale.bulkload import analyze
from scale.synthetic import Generator


class Command(BaseCommand):
    help = (
        "Add N synthetic claims with their articles, reviews, evidence, verdicts and "
        "history of moves to the configured database (COPY on PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True, help="How many claims to add.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")

    def handle(self, *args, claims, seed, **options):
        if claims < 1:
            raise CommandError(f"--claims must be 1 or more, not {claims}.")
        started = time.perf_counter()
        generator = Generator(claims, seed=seed)
        generator.run()
        elapsed = time.perf_counter() - started
        writer = generator.writer
        total = sum(writer.counts.values())
        for model, count in sorted(writer.counts.items(), key=lambda item: -item[1]):
            seconds = writer.seconds[model]
            self.stdout.write(
                f"{model._meta.db_table:<28} {count:>10,} rows  "
                f"{count / seconds if seconds else 0:>12,.0f} rows/s written"
            )
        if writer.index_seconds:
            label = "indexes rebuilt after the load (slowest connection)"
            self.stdout.write(f"{label:<52} {writer.index_seconds:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"{total:,} rows in {elapsed:.1f} s: {total / elapsed:,.0f} rows/s overall "
                "(generation included)"
            )
        )
        rewritten = rewrite_in_statement_order()
        if rewritten is not None:
            label = "claims rewritten in statement order (migration 0032)"
            self.stdout.write(f"{label:<52} {rewritten:.1f} s")
        # The load skipped the triggers of the search's word list (PostgreSQL) and
        # of the report tables, so both are computed afresh.
        refresh_search_words()
        seconds = rebuild()
        # The load's own tables were analyzed after it; these were written since.
        analyze(["claims_claim", "claims_search_word", *report_tables()])
        if seconds is not None:
            whole = time.perf_counter() - started
            self.stdout.write(
                f"report tables rebuilt in {seconds:.1f} s; the whole command took {whole:.1f} s "
                f"({total / whole:,.0f} rows/s)"
            )


def rewrite_in_statement_order():
    """Migration 0032's rewrite of claims_claim in statement order, over the claims loaded.

    The load writes claims article by article, and the similar-claims GiST index is
    built in the order the table holds them: at a million claims the similar-claims
    page took 475 ms in load order and 32 ms after the rewrite (61 s), the order a
    database migrated with claims already in it has. PostgreSQL only; returns the
    seconds it took, or None.
    """
    if connection.vendor != "postgresql":
        return None
    started = time.perf_counter()
    migration = import_module("claims.migrations.0032_statement_nearest_in_statement_order")
    with connection.schema_editor(atomic=False) as editor:
        migration.rewrite_in_statement_order(None, editor)
    return time.perf_counter() - started


def report_tables():
    """The report tables (reports_*), whatever the rebuild wrote into."""
    return [t for t in connection.introspection.table_names() if t.startswith("reports_")]
