from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ressourcenet.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Print a new API token for an existing user. The token is shown only this once; "
        "its expiry date goes to standard error, so that TOKEN=$(...) gets the token alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail the user logs in with.")
        parser.add_argument("--name", default="", help="What the token is for (shown in admin).")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"How many days the token works (default {settings.API_TOKEN_DAYS}, "
            f"at most {settings.API_TOKEN_MAX_DAYS}).",
        )

    def handle(self, *args, email: str, name: str, days: int | None, **options) -> str:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user has the e-mail {email}.")
        if not user.is_active:
            raise CommandError(f"The user {email} is not active.")
        if days is not None and not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
            raise CommandError(f"--days must be from 1 to {settings.API_TOKEN_MAX_DAYS}.")
        token, raw = ApiToken.objects.create_for(user, name=name, days=days)
        expires = timezone.localtime(token.expires_at)
        self.stderr.write(f"The token works until {expires:%Y-%m-%d %H:%M %Z}.")
        return raw
