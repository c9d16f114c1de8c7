"""The live mode's rules: who starts it, when its code works, posts, +1, hide, purge."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from ressourcenet.live import services
from ressourcenet.live.models import CODE_ALPHABET, LiveIdea, LiveParticipant, LiveSession, PlusOne
from ressourcenet.live.tests.conftest import running_meeting
from ressourcenet.meetings.models import Meeting, MeetingRole

pytestmark = pytest.mark.django_db


def test_start_gives_a_short_unambiguous_code_and_three_tables(live):
    assert len(live.code) == 4
    assert set(live.code) <= set(CODE_ALPHABET)
    assert not set(live.code) & set("0O1IL5S8B2Z")
    assert live.tables.count() == 3


def test_start_twice_keeps_the_code(live, meeting, coordinator):
    assert services.start(meeting, coordinator).code == live.code
    assert LiveSession.objects.count() == 1


def da(text: str) -> str:
    from django.utils import translation

    with translation.override("da"):
        return translation.gettext(text)


def test_table_hosts_get_a_table_each(network, coordinator, volunteer):
    meeting = running_meeting(network)
    MeetingRole.objects.create(meeting=meeting, person=volunteer, role="table_host")
    session = services.start(meeting, coordinator)
    assert [(t.name, t.host) for t in session.tables.all()] == [
        (da("%(name)s's table") % {"name": "Vera"}, volunteer)  # first name only
    ]


def test_facilitator_and_admin_may_start(network, member, admin_user):
    meeting = running_meeting(network)
    MeetingRole.objects.create(meeting=meeting, person=member.person, role="facilitator")
    assert services.start(meeting, member).code
    assert services.start(running_meeting(network), admin_user).code


@pytest.mark.parametrize("who", ["member", "outsider", "board_member"])
def test_others_may_not_start(network, who, request):
    with pytest.raises(PermissionError):
        services.start(running_meeting(network), request.getfixturevalue(who))


def test_coordinator_of_another_network_may_not_start(other_network, coordinator):
    with pytest.raises(PermissionError):
        services.start(running_meeting(other_network), coordinator)


@pytest.mark.parametrize(
    ("minutes_ago", "allowed"),
    [(-31, False), (-29, True), (0, True), (119, True), (121, False)],
)
def test_start_from_half_an_hour_before_until_the_end(network, coordinator, minutes_ago, allowed):
    meeting = running_meeting(network, started_minutes_ago=minutes_ago, hours=2)
    if allowed:
        assert services.start(meeting, coordinator)
    else:
        with pytest.raises(ValidationError):
            services.start(meeting, coordinator)


def test_cancelled_meeting_cannot_go_live(network, coordinator):
    meeting = running_meeting(network)
    meeting.cancelled_at = timezone.now()
    with pytest.raises(ValidationError):
        services.start(meeting, coordinator)


def test_code_works_until_two_hours_after_the_end(live, meeting):
    assert services.find(live.code.lower()) == live
    late = meeting.ends_at + timedelta(hours=2)
    assert services.find(live.code, now=late - timedelta(minutes=1)) == live
    with pytest.raises(services.CodeExpired):
        services.find(live.code, now=late + timedelta(minutes=1))


def test_ended_live_mode_expires_the_code(live, coordinator):
    services.end(live, coordinator)
    with pytest.raises(services.CodeExpired):
        services.find(live.code)


def test_unknown_code(db):
    with pytest.raises(services.CodeNotFound):
        services.find("QQQQ")


def test_code_joiner_cannot_hide_or_end(live, member):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    with pytest.raises(PermissionError):
        services.hide(idea, member)
    with pytest.raises(PermissionError):
        services.end(live, member)


@pytest.mark.parametrize(
    "text", ["", "   ", "x" * 281, "nul\x00byte", "bidi\u202eoverride", "bell\x07"]
)
def test_bad_ideas_are_refused(live, text):
    with pytest.raises(ValidationError) as refused:
        services.post_idea(live, None, live.tables.first(), text)
    assert "text" in refused.value.message_dict
    assert not LiveIdea.objects.exists()


def test_idea_of_280_characters_is_taken_and_raises_the_version(live):
    before = live.version
    services.post_idea(live, None, live.tables.first(), "y" * 280)
    live.refresh_from_db()
    assert live.version == before + 1


def test_idea_must_go_to_a_table_of_its_session(live, network, coordinator):
    other = services.start(running_meeting(network), coordinator)
    with pytest.raises(ValidationError):
        services.post_idea(live, None, other.tables.first(), "Suppe")


@pytest.mark.parametrize("name", ["", "   ", "x" * 51, "A\x00", "Ali\nce"])
def test_bad_first_names_are_refused(live, name):
    with pytest.raises(ValidationError):
        services.join(live, name=name)


def test_plus_one_counts_once_per_participant(live):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    aisha = services.join(live, name="Aisha")
    assert services.plus_one(idea, aisha) is True
    assert services.plus_one(idea, aisha) is False
    assert PlusOne.objects.filter(idea=idea).count() == 1
    with pytest.raises(IntegrityError):
        PlusOne.objects.create(idea=idea, participant=aisha)


def test_hidden_idea_takes_no_plus_one_and_leaves_the_board(live, coordinator):
    idea = services.post_idea(live, None, live.tables.first(), "Reklame")
    services.hide(idea, coordinator)
    with pytest.raises(services.NotVisible):
        services.plus_one(idea, services.join(live, name="Bo"))
    assert all(not table.ideas for table in services.board(live).tables)


def test_board_shows_plus_ones_and_the_agenda_item(live):
    first, second = live.tables.all()[:2]
    idea = services.post_idea(live, None, first, "Suppe")
    services.post_idea(live, None, second, "Kage")
    services.plus_one(idea, services.join(live, name="Bo"))
    board = services.board(live)
    assert board.agenda_item == "Idéværksted"
    assert 0 < board.seconds_left <= 50 * 60
    assert board.tables[0].ideas == [
        {
            "id": idea.pk,
            "text": "Suppe",
            "plus_ones": 1,
            "mark": "none",
            "owner": None,
            "owner_person_id": None,
            "owner_name": "",
        }
    ]
    assert [i["text"] for i in board.tables[1].ideas] == ["Kage"]


def test_board_costs_a_constant_number_of_queries(live, django_assert_max_num_queries):
    for n in range(30):
        idea = services.post_idea(live, None, live.tables.all()[n % 3], f"Idé {n}")
        services.plus_one(idea, services.join(live, name=f"P{n}"))
    with django_assert_max_num_queries(3):
        services.board(live)


def test_purge_deletes_names_30_days_after_the_meeting(live, meeting):
    services.join(live, name="Aisha")
    assert services.purge_expired(meeting.ends_at + timedelta(days=29)) == 0
    assert LiveParticipant.objects.filter(name="Aisha").exists()
    assert services.purge_expired(meeting.ends_at + timedelta(days=30, minutes=1)) == 1
    assert not LiveParticipant.objects.exists()
    assert not LiveSession.objects.exists()


def test_purgelive_command(live, meeting):
    from io import StringIO

    from django.core.management import call_command

    meeting.starts_at -= timedelta(days=40)
    meeting.ends_at -= timedelta(days=40)
    meeting.save()
    LiveSession.objects.update(started_at=live.started_at - timedelta(days=40))
    out = StringIO()
    call_command("purgelive", stdout=out)
    assert out.getvalue().strip() == "1 live sessions deleted."
    assert not LiveSession.objects.exists()


def test_purge_deletes_a_board_whose_meeting_lost_its_time(live, meeting):
    services.join(live, name="Aisha")
    services.end(live, live.started_by)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=None, ends_at=None)
    ran = LiveSession.objects.get().ended_at
    assert services.purge_expired(ran + timedelta(days=29)) == 0
    assert services.purge_expired(ran + timedelta(days=30, minutes=1)) == 1
    assert not LiveParticipant.objects.exists()


def test_purge_deletes_a_board_left_running_whose_meeting_lost_its_time(live, meeting):
    services.join(live, name="Aisha")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=None, ends_at=None)
    assert services.purge_expired(live.started_at + timedelta(days=29)) == 0
    assert services.purge_expired(live.started_at + timedelta(days=30, minutes=1)) == 1
    assert not LiveParticipant.objects.exists()


def test_purge_goes_by_the_meeting_as_it_ran_when_it_was_moved_later(live, meeting):
    services.join(live, name="Aisha")
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + timedelta(days=60),
        ends_at=meeting.ends_at + timedelta(days=60),
    )
    assert services.purge_expired(live.started_at + timedelta(days=29)) == 0
    assert services.purge_expired(live.started_at + timedelta(days=30, minutes=1)) == 1
    assert not LiveParticipant.objects.exists()


def test_purge_keeps_a_board_whose_meeting_was_moved_earlier_after_it_ran(live, meeting):
    """The meeting's time put back a year after the board ran (a typo fixed, say): the
    names stay 30 days after the live mode ran, not a moment less."""
    services.join(live, name="Aisha")
    services.end(live, live.started_by)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - timedelta(days=400),
        ends_at=meeting.ends_at - timedelta(days=400),
    )
    ended = LiveSession.objects.get().ended_at
    assert services.purge_expired(ended + timedelta(days=29)) == 0
    assert LiveParticipant.objects.filter(name="Aisha").exists()
    assert services.purge_expired(ended + timedelta(days=30, minutes=1)) == 1


def test_purge_goes_by_the_end_of_the_live_mode_too(live, meeting):
    services.join(live, name="Aisha")
    services.end(live, live.started_by)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + timedelta(days=10),
        ends_at=meeting.ends_at + timedelta(days=10),
    )
    ended = LiveSession.objects.get().ended_at
    assert services.purge_expired(ended + timedelta(days=30, minutes=1)) == 1


def test_purge_never_deletes_a_board_open_now(live, meeting):
    """Moved later and started again at the new time, more than 30 days after its first start."""
    services.join(live, name="Aisha")
    LiveSession.objects.filter(pk=live.pk).update(started_at=timezone.now() - timedelta(days=40))
    assert services.purge_expired() == 0
    assert LiveParticipant.objects.exists()
