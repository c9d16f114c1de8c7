"""Two phones send the same invitee's answer at the same moment: one row, no 500."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.evaluation import services
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import make_meeting


@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_make_one_row(network):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time; the unique row is tested without threads")
    meeting = make_meeting(network, starts_at=timezone.now() - timedelta(days=2))
    invitation = Invitation.objects.create(
        meeting=meeting, person=make_person("Vera Frivillig"), attended=True
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def answer(relevance: int) -> None:
        try:
            mine = Invitation.objects.select_related("meeting").get(pk=invitation.pk)
            with transaction.atomic():
                barrier.wait(timeout=5)
                services.submit(mine, relevance, relevance)
            outcomes.append("saved")
        except services.AlreadyEvaluated:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(n,)) for n in (2, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "saved"]
    assert Evaluation.objects.filter(invitation=invitation).count() == 1
