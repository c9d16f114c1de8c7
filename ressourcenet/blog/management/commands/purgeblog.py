from django.core.management.base import BaseCommand

from ressourcenet.blog import search as blog_search
from ressourcenet.blog import services
from ressourcenet.blog.models import IP_DAYS, PENDING_DAYS, REFUSED_DAYS


class Command(BaseCommand):
    help = (
        f"Clear the IP addresses of blog comments older than {IP_DAYS} days and delete "
        f"rejected and spam comments {REFUSED_DAYS} days after their moderation (with the "
        f"replies to them), and comments left waiting for {PENDING_DAYS} days. Run it from "
        "cron daily, beside sendmail and purgelive. It also adds scheduled posts that have "
        "come due to the search."
    )

    def handle(self, *args, **options) -> None:
        cleared = services.purge_old_ips()
        deleted = services.purge_refused_comments()
        indexed = blog_search.index_due_posts()
        self.stdout.write(
            f"{cleared} IP addresses of blog comments cleared; "
            f"{deleted} refused, long-waiting or hidden comments deleted; "
            f"{indexed} scheduled posts now due added to the search."
        )
