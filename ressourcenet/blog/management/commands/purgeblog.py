from django.core.management.base import BaseCommand

from ressourcenet.blog import services
from ressourcenet.blog.models import IP_DAYS


class Command(BaseCommand):
    help = (
        f"Clear the IP addresses of blog comments older than {IP_DAYS} days. Run it from "
        "cron daily, beside sendmail and purgelive."
    )

    def handle(self, *args, **options) -> None:
        cleared = services.purge_old_ips()
        self.stdout.write(f"{cleared} IP addresses of blog comments cleared.")
