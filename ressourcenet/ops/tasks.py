"""The retention rules, run by the task worker once a day (ops/retention.py).

With the database task backend (`TASK_BACKEND=database`, a `db_worker` beside the web
servers) the run enqueues the next one for the following night, so `ressourcenet retention
--schedule`, given once, keeps it going. Without a worker (the default backend runs tasks
at once and cannot wait), cron runs `ressourcenet retention` instead."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ressourcenet.ops import retention

# Local time of the nightly run: a quiet hour that exists on both clock-change nights in
# Denmark (the spring change skips 02:00–03:00, the autumn change repeats it).
RUN_AT = time(3, 15)


def next_run(now: datetime | None = None) -> datetime:
    """The next RUN_AT, local time, after `now`."""
    local = timezone.localtime(now or timezone.now())
    day = local.date()
    while True:
        at = timezone.make_aware(datetime.combine(day, RUN_AT))
        if at > local:
            return at
        day += timedelta(days=1)


@task()
def enforce_retention() -> dict[str, int]:
    """Apply the retention rules, then ask for tomorrow night's run (whatever happened)."""
    try:
        return {rule.label: count for rule, count in retention.enforce()}
    finally:
        schedule()


def schedule(now: datetime | None = None) -> datetime | None:
    """Enqueue the next nightly run unless one is waiting already; its time. None when
    the task backend cannot run a task later (no worker): cron's turn then."""
    if not enforce_retention.get_backend().supports_defer:
        return None
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        waiting = (
            DBTaskResult.objects.select_for_update()
            .filter(task_path=enforce_retention.module_path, status=TaskResultStatus.READY)
            .order_by("run_after")
            .first()
        )
        if waiting is not None:
            return waiting.run_after
        run_after = next_run(now)
        enforce_retention.using(run_after=run_after).enqueue()
        return run_after
