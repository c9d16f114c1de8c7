from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ressourcenet.ops import retention, tasks


class Command(BaseCommand):
    help = (
        "Enforce the retention rules (ops/retention.py): clear old IP addresses of blog "
        "comments, remove the personal links of unanswered invitations to past meetings, "
        f"empty outgoing e-mails older than {retention.OUTBOX_DAYS} days, detach closed "
        "evaluations from their invitees, and list the people inactive for "
        f"{retention.INACTIVE_YEARS} years (proposed for erasure, not erased). With the task "
        "worker, --schedule once makes the worker run it every night; without one, run it "
        "daily from cron. Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would change; change nothing."
        )
        parser.add_argument(
            "--list", action="store_true", help="Also list the people proposed for erasure."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Have the task worker run the rules every night (from the next "
            f"{tasks.RUN_AT:%H:%M}) instead of now; needs TASK_BACKEND=database.",
        )

    def handle(
        self, *args, dry_run: bool = False, list: bool = False, schedule: bool = False, **options
    ) -> None:
        if schedule:
            run_after = tasks.schedule()
            if run_after is None:
                raise CommandError(
                    "The task backend cannot run a task later (TASK_BACKEND=database and a "
                    "db_worker are needed); run `ressourcenet retention` daily from cron."
                )
            when = timezone.localtime(run_after)
            self.stdout.write(
                f"The task worker runs the retention rules next at {when:%Y-%m-%d %H:%M}."
            )
            return
        if dry_run:
            self.stdout.write("Dry run: nothing is changed; the counts are what would be.")
        for rule, count in retention.enforce(dry_run=dry_run):
            self.stdout.write(f"{count} {rule.label}")
        if list:
            for person in retention.people_to_propose_for_erasure().only("pk", "name"):
                self.stdout.write(f"  person {person.pk}: {person.name}")
