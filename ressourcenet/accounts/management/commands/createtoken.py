from django.core.management.base import BaseCommand, CommandError

from ressourcenet.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Print a new API token for an existing user. The token is shown only this once."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail the user logs in with.")
        parser.add_argument("--name", default="", help="What the token is for (shown in admin).")

    def handle(self, *args, email: str, name: str, **options) -> str:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user has the e-mail {email}.")
        if not user.is_active:
            raise CommandError(f"The user {email} is not active.")
        _token, raw = ApiToken.objects.create_for(user, name=name)
        return raw
