from django.core.management.base import BaseCommand

from claims.jobs import enqueue_on_commit
from notifications import reminders
from notifications.tasks import send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind each reviewer of their reviews due today or tomorrow, and of those overdue. "
        "Run it once a day (cron); running it again sends nothing new. The mails go through "
        "the job queue as every notification's do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Leave the reminders to a worker (manage.py db_worker) instead of writing "
            "them now.",
        )

    def handle(self, *args, queue, **options):
        if queue:
            enqueue_on_commit(send_due_reminders)
            self.stdout.write("Reminders queued; a worker will send them.")
            return
        sent = reminders.send_due_reminders()
        self.stdout.write(
            self.style.SUCCESS("Reminders sent: {} due soon, {} overdue.".format(*sent.values()))
        )
