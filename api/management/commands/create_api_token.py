from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken


class Command(BaseCommand):
    help = (
        "Makes an API token for USERNAME (a person, or a service account an admin made and gave a "
        "role) and prints it. The token is shown this once; only its hash is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Days until it stops working."
        )

    def handle(self, *args, username, name, expires_in_days, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"{username!r} is switched off; switch the account on first.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        token, key = ApiToken.objects.issue(
            user=user, name=name or "Made with create_api_token", expires_in_days=expires_in_days
        )
        self.stderr.write(f"Token {token.prefix}… for {username}; it is shown this once:")
        self.stdout.write(key)
