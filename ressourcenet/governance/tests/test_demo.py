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


def test_an_agreement_is_amended_by_an_approved_recommendation(demo):
    """The version really comes from an approved cofinancing_change that names the agreement
    and the amounts, through the same service as in the app."""
    from ressourcenet.agreements import services as agreements
    from ressourcenet.governance import services

    approved = Recommendation.objects.get(
        network__plan=demo, kind="cofinancing_change", state="approved"
    )
    assert approved.agreement is not None and approved.agreement.plan == demo
    proposed = services.proposed_amounts_of(approved)
    assert proposed
    version = services.amended_version(approved)
    assert version == agreements.current_version(approved.agreement)
    assert version.source == approved.get_absolute_url()
    assert approved.decision_reason in version.reason
    current = {a.year: a for a in agreements.current_amounts(approved.agreement)}
    assert all(current[a.year] == a for a in proposed)
    # Every co-financing recommendation of the demo names its agreement and amounts; it was
    # drafted before the meeting that adopted it.
    for recommendation in Recommendation.objects.filter(kind="cofinancing_change"):
        assert recommendation.agreement_id and services.proposed_amounts_of(recommendation)
    for recommendation in Recommendation.objects.exclude(adopted_at_meeting=None):
        assert recommendation.created_at <= recommendation.adopted_at_meeting.ends_at
