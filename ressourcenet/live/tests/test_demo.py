"""The demo's live board: a past meeting whose workshop ran on the live board, ended, with
its plan and reality kept by the clock."""

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.accounts.models import User
from ressourcenet.knowledge.demo import FAMILIES, MEETINGS
from ressourcenet.live import services
from ressourcenet.live.demo import TABLES, load_live_board
from ressourcenet.live.models import LiveIdea, LiveParticipant, LiveSession, PlusOne
from ressourcenet.meetings import clock
from ressourcenet.meetings.models import Meeting
from ressourcenet.plans.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_the_past_families_meeting_has_an_ended_board_with_three_tables(demo):
    session = LiveSession.objects.get()
    meeting = session.meeting

    assert (meeting.network.slug, meeting.title) == (FAMILIES, MEETINGS[FAMILIES])
    assert meeting.has_ended and not services.is_open(session)
    assert session.ended_at == meeting.ends_at
    assert [t.name for t in session.tables.all()] == [name for name, _ideas in TABLES]
    ideas = LiveIdea.objects.filter(session=session)
    assert ideas.count() == 12
    assert ideas.filter(hidden=True).count() == 1
    assert PlusOne.objects.filter(idea__session=session).count() >= 20
    assert not PlusOne.objects.filter(idea__hidden=True).exists()
    # The ideas were posted during the meeting, by those who came and two by code.
    assert all(meeting.starts_at <= idea.created_at <= meeting.ends_at for idea in ideas)
    named = LiveParticipant.objects.filter(session=session, invitation__isnull=True)
    assert sorted(named.values_list("name", flat=True)) == ["Mikkel", "Yasmin"]
    assert all(
        p.invitation.attended
        for p in LiveParticipant.objects.filter(invitation__isnull=False).select_related(
            "invitation"
        )
    )


def test_the_board_shows_the_most_liked_first_and_not_the_hidden_post(demo):
    board = services.board(LiveSession.objects.get())

    texts = [idea["text"] for table in board.tables for idea in table.ideas]
    assert len(texts) == 11
    assert "Familien i nummer 12 larmer hele natten!!" not in texts
    for table in board.tables:
        counts = [idea["plus_ones"] for idea in table.ideas]
        assert counts == sorted(counts, reverse=True)


def test_the_meeting_shows_plan_and_reality_and_the_next_meetings_design_check_too(demo):
    meeting = LiveSession.objects.get().meeting
    with translation.override("da"):
        sentences = [row.sentence for row in clock.compare_by_kind(meeting.agenda_items.all())]
        coming = Meeting.objects.get(network__slug=FAMILIES, title="Lektiehjælp der virker")
        earlier = clock.last_kept_time(coming)
        # The workshop was cut short by 20 minutes: the sentence the planner reads.
        cut_short = clock.comparison(translation.gettext("The workshop"), 45, 25)

    assert earlier.meeting == meeting
    assert cut_short in sentences
    assert [row.sentence for row in earlier.comparisons] == sentences


def test_the_coordinator_sees_the_ended_board_on_the_projector_page(demo, client):
    meeting = LiveSession.objects.get().meeting
    client.force_login(User.objects.get(email="koordinator@example.dk"))

    page = client.get(meeting.get_absolute_url()).content.decode()
    projector = client.get(
        reverse("live_projector", args=[meeting.network.plan.slug, meeting.pk])
    ).content.decode()

    assert reverse("live_projector", args=[meeting.network.plan.slug, meeting.pk]) in page
    assert "Én fast kontaktperson" in projector
    assert "hx-trigger" not in projector


def test_loading_again_keeps_the_board_as_it_is(demo):
    before = list(LiveIdea.objects.order_by("pk").values_list("pk", "text", "hidden"))

    load_demo()

    assert load_live_board(demo) is None
    assert LiveSession.objects.count() == 1
    assert list(LiveIdea.objects.order_by("pk").values_list("pk", "text", "hidden")) == before


def test_a_purged_board_comes_back_when_the_demo_is_loaded_again(demo):
    assert services.purge_expired() == 1

    load_demo()

    assert LiveIdea.objects.count() == 12
