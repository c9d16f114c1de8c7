from django.core.management.base import BaseCommand

from ressourcenet.agreements import services


class Command(BaseCommand):
    help = (
        "E-mail the parties of cooperation agreements in force whose renewal date is at most "
        f"{services.RENEWAL_REMINDER_DAYS} days away (once per date). Run it from cron "
        "daily, beside sendmail."
    )

    def handle(self, *args, **options) -> None:
        count = services.remind_renewals()
        self.stdout.write(f"{count} agreements reminded.")
