"""Queueing jobs (django.tasks), and retrying the ones that meet a passing failure.

Every job is queued through `enqueue_on_commit`, so a worker never runs it before the
rows it reads are committed, nor at all for a change that was rolled back. A job whose
function is wrapped in `retried` and that meets a transient error (the network, the
disk, a database restart) is queued again with a growing delay; the run that failed is
kept as failed, with its error, so every attempt shows in the admin's Task Results.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

# Errors worth another try: a server that did not answer, a full disk, a lost connection.
TRANSIENT = (OSError, TimeoutError, OperationalError)


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def retry_delay(retry: int) -> float:
    """Seconds to wait before retry number `retry` (0 for the first): doubling each time."""
    return settings.FACTCHECK_JOB_RETRY_SECONDS * 2**retry


def retried(function=None, *, gave_up=None):
    """A job function that is queued again after a transient error, up to
    FACTCHECK_JOB_ATTEMPTS runs in all. Decorate with `@task(takes_context=True)` on top;
    `@retried(gave_up=f)` calls f(error, *args, **kwargs) when the last attempt fails,
    for a job that records its failure on a row of its own.

    The retry count travels as the job's `_retry` argument; the function never sees it.
    Jobs must be safe to run twice: a retry may follow a run that got part of the way.
    """
    if function is None:
        return lambda function: retried(function, gave_up=gave_up)

    def run(context, *args, _retry=0, **kwargs):
        try:
            return function(*args, **kwargs)
        except TRANSIENT as error:
            if _retry + 1 < settings.FACTCHECK_JOB_ATTEMPTS:
                later = timezone.now() + timedelta(seconds=retry_delay(_retry))
                task = context.task_result.task.using(run_after=later)
                task.enqueue(*args, _retry=_retry + 1, **kwargs)
            elif gave_up is not None:
                gave_up(error, *args, **kwargs)
            raise

    # The task is found again by this name: the function's own, in its own module.
    run.__name__, run.__qualname__ = function.__name__, function.__qualname__
    run.__module__, run.__doc__ = function.__module__, function.__doc__
    return run
