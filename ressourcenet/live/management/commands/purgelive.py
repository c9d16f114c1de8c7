from django.core.management.base import BaseCommand

from ressourcenet.live import services


class Command(BaseCommand):
    help = (
        "Delete the live boards (with the first names of those who joined by code) of "
        "meetings that ended 30 days ago. Run it from cron daily, beside sendmail."
    )

    def handle(self, *args, **options) -> None:
        deleted = services.purge_expired()
        self.stdout.write(f"{deleted} live sessions deleted.")
