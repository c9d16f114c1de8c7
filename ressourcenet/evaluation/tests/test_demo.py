"""The demo's evaluations show on the dashboards from the first start: their meetings are
past the evaluation window, with enough answers each."""

import io

from django.core.management import call_command

from ressourcenet.evaluation.demo import ANSWERS
from ressourcenet.evaluation.health import MIN_ANSWERS, health_of
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.meetings.models import Meeting
from ressourcenet.plans.demo import load_demo


def test_the_demos_answered_meetings_show_their_figures(db):
    plan = load_demo()
    health = health_of(Meeting.objects.filter(network__plan=plan), with_suggestions=True)
    rated = [m for m in health.meetings if m.relevance is not None]
    assert len(rated) == len(ANSWERS)
    assert all(m.evaluation_closed and m.answers >= MIN_ANSWERS for m in rated)
    assert len(health.suggestions) == len(ANSWERS)


def test_loading_the_demo_again_after_retention_adds_no_second_answers(db):
    load_demo()
    call_command("retention", stdout=io.StringIO())
    answers = Evaluation.objects.count()
    assert not Evaluation.objects.filter(invitation__isnull=False).exists()
    load_demo()
    assert Evaluation.objects.count() == answers
