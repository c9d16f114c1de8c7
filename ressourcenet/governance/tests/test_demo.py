"""The demo's board: two board meetings and a recommendation in every state."""

import pytest
from django.utils import timezone

from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.plans.demo import load_demo


@pytest.fixture
def demo(db):
    return load_demo()


def test_the_demo_has_a_past_and_a_coming_board_meeting(demo):
    today = timezone.localdate()
    dates = sorted(BoardMeeting.objects.filter(plan=demo).values_list("date", flat=True))
    assert len(dates) == 2
    assert dates[0] < today < dates[1]
    coming = BoardMeeting.objects.get(plan=demo, date=dates[1])
    assert coming.deadline >= today


def test_every_state_has_a_recommendation_with_a_trail_that_ends_in_it(demo):
    states = set(Recommendation.objects.values_list("state", flat=True))
    assert states == set(Recommendation.State.values)
    for recommendation in Recommendation.objects.all():
        last = recommendation.transitions.order_by("at", "id").last()
        assert last.to_state == recommendation.state
        if recommendation.state in ("approved", "rejected", "postponed"):
            assert last.reason and recommendation.decided_on
    assert OutgoingMessage.objects.filter(kind="recommendation").count() == 0


def test_loading_twice_changes_nothing(demo):
    count = Recommendation.objects.count()
    steps = sum(r.transitions.count() for r in Recommendation.objects.all())
    load_demo()
    assert Recommendation.objects.count() == count
    assert sum(r.transitions.count() for r in Recommendation.objects.all()) == steps
    assert BoardMeeting.objects.count() == 2
