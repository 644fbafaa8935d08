from django.core.management.base import BaseCommand, CommandError

from claims.jobs import enqueue_on_commit
from notifications import mail
from notifications.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Mail each person who chose the daily digest one message with their notifications "
        "not yet mailed. Run it once a day (cron); running it again sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Leave the digests to a worker (manage.py db_worker), which retries on "
            "SMTP errors, instead of sending them now.",
        )

    def handle(self, *args, queue, **options):
        if queue:
            enqueue_on_commit(send_digests)
            self.stdout.write("Digests queued; a worker will send them.")
            return
        try:
            sent = mail.send_digests()
        except OSError as error:  # smtplib.SMTPException is one
            raise CommandError(
                f"The mail server refused or did not answer ({error}); the digests not sent "
                "wait for the next run."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Digests sent: {sent}."))
