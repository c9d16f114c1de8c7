"""Background sending through Django's tasks API (django-tasks)."""

from django_tasks import task

from ressourcenet.mail import services


@task()
def deliver_messages(message_ids: list[int]) -> dict[str, int]:
    """Send queued messages (those that went or were taken by another worker are skipped)."""
    messages = services.OutgoingMessage.objects.filter(pk__in=message_ids).order_by("pk")
    outcome = services.deliver(list(messages))
    return {"sent": outcome.sent, "failed": outcome.failed}


@task()
def deliver_due_messages(message_ids: list[int]) -> dict[str, int]:
    """A retry: send those of these messages whose next attempt is due."""
    outcome = services.deliver_due(message_ids)
    return {"sent": outcome.sent, "failed": outcome.failed}
