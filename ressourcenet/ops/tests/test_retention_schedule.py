"""The retention rules run by the task worker every night (ops/tasks.py)."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ressourcenet.blog.models import BloggerProfile, Comment
from ressourcenet.blog.tests.conftest import guest_comment, make_post
from ressourcenet.ops import tasks

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def local(*args, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=COPENHAGEN, fold=fold)


def waiting():
    return DBTaskResult.objects.filter(
        task_path=tasks.enforce_retention.module_path, status=TaskResultStatus.READY
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 6, 1, 3, 14), local(2026, 6, 1, 3, 15)),
        (local(2026, 6, 1, 3, 15), local(2026, 6, 2, 3, 15)),
        (local(2026, 6, 1, 23, 59), local(2026, 6, 2, 3, 15)),
        # The spring night skips 02:00–03:00, the autumn night repeats it: 03:15 is once.
        (local(2026, 3, 29, 1, 30), local(2026, 3, 29, 3, 15)),
        (local(2026, 10, 25, 2, 30, fold=1), local(2026, 10, 25, 3, 15)),
        (local(2026, 12, 31, 4, 0), local(2027, 1, 1, 3, 15)),
    ],
)
def test_the_next_run_is_the_next_night_at_a_quarter_past_three(now, expected):
    run = tasks.next_run(now)
    assert run == expected
    assert run.utcoffset() == expected.utcoffset()


def test_scheduling_enqueues_one_run_for_the_next_night(worker):
    out = io.StringIO()
    call_command("retention", "--schedule", stdout=out)
    call_command("retention", "--schedule", stdout=io.StringIO())  # again: still one
    [result] = waiting()
    assert result.run_after == tasks.next_run()
    assert f"{timezone.localtime(result.run_after):%Y-%m-%d %H:%M}" in out.getvalue()


def test_without_a_worker_scheduling_says_to_use_cron(settings):
    with pytest.raises(CommandError, match="cron"):
        call_command("retention", "--schedule", stdout=io.StringIO())
    assert not waiting().exists()


@pytest.mark.django_db(transaction=True)  # the worker closes the connection between tasks
def test_the_worker_runs_the_rules_when_due_and_asks_for_the_next_night(worker):
    post = make_post(BloggerProfile.objects.create(name="Berit Blogger"), "lektiecafeen")
    old = guest_comment(post, ip="10.0.0.1")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    tasks.schedule()
    assert Comment.objects.get(pk=old.pk).ip == "10.0.0.1"  # not yet: it waits for the night

    waiting().update(run_after=timezone.now() - timedelta(minutes=1))  # the night has come
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert Comment.objects.get(pk=old.pk).ip is None
    done = DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL)
    assert done.task_path == tasks.enforce_retention.module_path
    [following] = waiting()
    assert following.run_after == tasks.next_run()
