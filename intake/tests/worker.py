"""Running the real job worker in a test, as reports/tests/test_jobs.py does."""

from django.core.management import call_command


def run_the_worker():
    """What a worker does, in this process: take every queued job, run it, then stop."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
