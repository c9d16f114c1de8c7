from django.core.management.base import BaseCommand

from ressourcenet.mail import services


class Command(BaseCommand):
    help = (
        "Send every e-mail that is due: queued messages no worker picked up, and failed "
        "ones whose next attempt has come. Run it from cron every few minutes."
    )

    def handle(self, *args, **options) -> None:
        outcome = services.deliver_due()
        self.stdout.write(f"{outcome.sent} sent, {outcome.failed} failed.")
