from django.core.management.base import BaseCommand

from ressourcenet.ops import retention


class Command(BaseCommand):
    help = (
        "Enforce the retention rules (ops/retention.py): clear old IP addresses of blog "
        "comments, remove the personal links of unanswered invitations to past meetings, "
        f"empty outgoing e-mails older than {retention.OUTBOX_DAYS} days, detach closed "
        "evaluations from their invitees, and list the people inactive for "
        f"{retention.INACTIVE_YEARS} years (proposed for erasure, not erased). Run it daily "
        "from cron; running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would change; change nothing."
        )
        parser.add_argument(
            "--list", action="store_true", help="Also list the people proposed for erasure."
        )

    def handle(self, *args, dry_run: bool = False, list: bool = False, **options) -> None:
        if dry_run:
            self.stdout.write("Dry run: nothing is changed; the counts are what would be.")
        for rule, count in retention.enforce(dry_run=dry_run):
            self.stdout.write(f"{count} {rule.label}")
        if list:
            for person in retention.people_to_propose_for_erasure().only("pk", "name"):
                self.stdout.write(f"  person {person.pk}: {person.name}")
