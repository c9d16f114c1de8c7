"""POST /api/v1/polls/{id}/finalise: the meeting gets the chosen time, and invitees hear of it."""

from datetime import datetime, timedelta

import pytest

from ressourcenet.api.tests.conftest import AHEAD, CPH, POLL_TIMES, slots_of
from ressourcenet.api.tests.utils import (
    ROLES,
    calendar_attachment,
    error_locs,
    post_json,
    refusal_status,
    the_event,
)
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Meeting
from ressourcenet.scheduling import services
from ressourcenet.scheduling.models import Poll

MAY_MANAGE = {"admin_user", "coordinator"}
MEETING_TIMES = (
    datetime(AHEAD, 9, 18, 17, 0, tzinfo=CPH),
    datetime(AHEAD, 9, 18, 19, 0, tzinfo=CPH),
)


def url(poll: Poll) -> str:
    return f"/api/v1/polls/{poll.pk}/finalise"


def meeting_times(poll: Poll) -> tuple[datetime, datetime]:
    poll.meeting.refresh_from_db()
    return poll.meeting.starts_at, poll.meeting.ends_at


def assert_not_finalised(poll: Poll) -> None:
    poll.refresh_from_db()
    assert (poll.finalised_at, poll.chosen_slot) == (None, None)
    assert meeting_times(poll) == MEETING_TIMES


def test_finalise_answers_the_meeting_at_its_new_time(coordinator, api_client, poll, network):
    second = slots_of(poll)[1]

    response = post_json(api_client(coordinator), url(poll), {"slot": second.pk})

    assert response.status_code == 200
    meeting = poll.meeting
    assert response.json() == {
        "id": meeting.pk,
        "network": network.pk,
        "title": "Idéer til caféen",
        "why": "Ti idéer til produkter, som caféen kan sælge fra foråret",
        "purpose": "Vi arbejder ved bordene og samler idéerne.",
        "starts_at": f"{AHEAD}-09-17T16:30:00+02:00",
        "ends_at": f"{AHEAD}-09-17T18:30:00+02:00",
        "location": "Beboerhuset, Nordparken 2",
        "capture": ["ideas"],
        "invitations_sent_at": response.json()["invitations_sent_at"],
        "cancelled_at": None,
    }
    assert response.json()["invitations_sent_at"].endswith(("+01:00", "+02:00"))


def test_finalise_stores_the_time_and_the_choice(admin_user, api_client, poll):
    second = slots_of(poll)[1]

    post_json(api_client(admin_user), url(poll), {"slot": second.pk})

    assert meeting_times(poll) == POLL_TIMES[1]
    poll.refresh_from_db()
    assert poll.chosen_slot == second
    assert poll.finalised_at is not None
    assert not poll.is_open
    assert poll.meeting.invitations_sent_at is not None


def test_finalise_e_mails_every_invitee_a_calendar_invitation_at_the_new_time(
    admin_user, api_client, poll, mailoutbox, django_capture_on_commit_callbacks
):
    first = slots_of(poll)[0]

    with django_capture_on_commit_callbacks(execute=True):
        post_json(api_client(admin_user), url(poll), {"slot": first.pk})

    assert sorted(m.to[0] for m in mailoutbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Vera Frivillig <vera.frivillig@example.org>",
    ]
    event = the_event(calendar_attachment(mailoutbox[0]))
    assert event.decoded("DTSTART") == datetime(AHEAD, 9, 16, 17, 0, tzinfo=CPH)
    assert event.decoded("DTEND") == datetime(AHEAD, 9, 16, 19, 0, tzinfo=CPH)
    assert event["UID"] == f"{poll.meeting.uid}@ressourcenet"


def test_finalise_of_an_announced_meeting_sends_updates(
    admin_user, api_client, sent_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    poll = services.open_poll(sent_meeting, POLL_TIMES)
    first = slots_of(poll)[0]

    with django_capture_on_commit_callbacks(execute=True):
        post_json(api_client(admin_user), url(poll), {"slot": first.pk})

    assert len(mailoutbox) == 2
    event = the_event(calendar_attachment(mailoutbox[0]))
    assert event.decoded("DTSTART") == datetime(AHEAD, 9, 16, 17, 0, tzinfo=CPH)
    assert event["SEQUENCE"] == 1
    sent_meeting.refresh_from_db()
    assert sent_meeting.sequence == 1


def test_finalise_at_the_meeting_s_own_time_keeps_the_time_and_sends_the_invitations(
    admin_user, api_client, poll, mailoutbox, django_capture_on_commit_callbacks
):
    third = slots_of(poll)[2]

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api_client(admin_user), url(poll), {"slot": third.pk})

    assert response.json()["starts_at"] == f"{AHEAD}-09-18T17:00:00+02:00"
    assert meeting_times(poll) == MEETING_TIMES
    assert len(mailoutbox) == 2
    poll.meeting.refresh_from_db()
    assert poll.meeting.sequence == 0


@pytest.mark.parametrize("role", ROLES)
def test_who_may_finalise_a_poll(
    role, client_as, poll, mailoutbox, django_capture_on_commit_callbacks
):
    second = slots_of(poll)[1]

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client_as(role), url(poll), {"slot": second.pk})

    if role in MAY_MANAGE:
        assert response.status_code == 200
        assert meeting_times(poll) == POLL_TIMES[1]
        assert len(mailoutbox) == 2
    else:
        assert response.status_code == refusal_status(role)
        assert_not_finalised(poll)
        assert mailoutbox == []


@pytest.mark.parametrize("which", ["other poll", "unknown"])
def test_a_slot_outside_the_poll_is_refused_and_nothing_changes(
    which, admin_user, api_client, poll, other_poll, mailoutbox, django_capture_on_commit_callbacks
):
    slot_id = other_poll.slots.get().pk if which == "other poll" else 999999

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api_client(admin_user), url(poll), {"slot": slot_id})

    assert error_locs(response) == [["body", "payload", "slot"]]
    assert_not_finalised(poll)
    other_poll.refresh_from_db()
    assert other_poll.finalised_at is None
    assert mailoutbox == []


@pytest.mark.parametrize("body", [{}, {"slot": None}, {"slot": "tirsdag"}])
def test_finalise_needs_a_slot_id(body, admin_user, api_client, poll):
    response = post_json(api_client(admin_user), url(poll), body)

    assert error_locs(response) == [["body", "payload", "slot"]]
    assert_not_finalised(poll)


def test_finalising_twice_is_a_conflict(
    admin_user, api_client, poll, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, _third = slots_of(poll)
    services.finalise(poll, first)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(admin_user).post(
            url(poll),
            {"slot": second.pk},
            content_type="application/json",
            headers={"Accept-Language": "en"},
        )

    assert response.status_code == 409
    assert response.json() == {"detail": "The time has already been chosen."}
    assert meeting_times(poll) == POLL_TIMES[0]
    poll.refresh_from_db()
    assert poll.chosen_slot == first
    assert mailoutbox == []


def test_finalising_the_poll_of_a_cancelled_meeting_is_refused(
    admin_user, api_client, poll, mailoutbox, django_capture_on_commit_callbacks
):
    meeting_services.cancel_meeting(poll.meeting)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api_client(admin_user), url(poll), {"slot": slots_of(poll)[0].pk})

    assert error_locs(response) == [["body", "payload"]]
    assert_not_finalised(poll)
    assert mailoutbox == []


def test_finalise_an_unknown_poll_is_404(admin_user, api_client, poll):
    response = post_json(api_client(admin_user), "/api/v1/polls/999999/finalise", {"slot": 1})

    assert response.status_code == 404


def test_a_slot_shorter_than_the_agenda_is_refused_by_the_slot(
    admin_user, api_client, poll, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = poll.meeting
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=MEETING_TIMES[0] + timedelta(hours=3))
    meeting.refresh_from_db()
    meeting_services.set_agenda(meeting, [meeting_services.AgendaRow("workshop", "Idéer", 150)])

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api_client(admin_user), url(poll), {"slot": slots_of(poll)[0].pk})

    assert error_locs(response) == [["body", "payload", "slot"]]
    poll.refresh_from_db()
    assert (poll.finalised_at, poll.chosen_slot) == (None, None)
    assert meeting_times(poll) == (MEETING_TIMES[0], MEETING_TIMES[0] + timedelta(hours=3))
    assert mailoutbox == []


def test_after_finalising_the_invitations_answer_with_the_poll_answers(
    coordinator, api_client, poll, member, volunteer
):
    first = slots_of(poll)[0]
    services.answer_poll(poll, member.person, {first.pk: "yes"})
    services.answer_poll(poll, volunteer, {first.pk: "if_need_be"})
    client = api_client(coordinator)

    post_json(client, url(poll), {"slot": first.pk})

    response = client.get(f"/api/v1/meetings/{poll.meeting.pk}/invitations")
    answers = {row["person"]["id"]: row["answer"] for row in response.json()["items"]}
    assert answers == {member.person.pk: "yes", volunteer.pk: "maybe"}
