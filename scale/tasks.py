"""A job for measuring the job queue (scale/bench/jobs.py): it reads one row, as a small
real job would, and returns."""

from django.contrib.auth.models import User
from django.tasks import task


@task
def bench_job(number):
    User.objects.filter(pk=number).exists()
    return number
