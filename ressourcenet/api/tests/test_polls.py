"""POST /api/v1/meetings/{id}/poll and GET /api/v1/polls/{id}: open a poll and read it."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ressourcenet.api.tests.conftest import AHEAD, slots_of
from ressourcenet.api.tests.utils import ROLES, error_locs, post_json, refusal_status
from ressourcenet.conftest import make_user
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.scheduling import services
from ressourcenet.scheduling.models import Answer, Poll, Slot

MAY_SEE = {"admin_user", "coordinator", "member", "board_member"}
MAY_MANAGE = {"admin_user", "coordinator"}


def open_url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/poll"


def url(poll: Poll) -> str:
    return f"/api/v1/polls/{poll.pk}"


def new_poll(**fields) -> dict:
    """A valid body: two times in November (winter time, +01:00), closing in October (+02:00)."""
    return {
        "slots": [
            {"starts_at": f"{AHEAD}-11-05T09:30", "ends_at": f"{AHEAD}-11-05T11:30"},
            {"starts_at": f"{AHEAD}-11-04T17:00", "ends_at": f"{AHEAD}-11-04T19:00"},
        ],
        "key_persons": [],
        "closes_at": f"{AHEAD}-10-25T12:00",
        **fields,
    }


def invited_names(meeting: Meeting) -> list[str]:
    return sorted(meeting.invitations.values_list("person__name", flat=True))


# --- POST /meetings/{id}/poll ---------------------------------------------------------------


def test_open_poll_answers_201_with_the_slots_in_time_order(coordinator, api_client, meeting):
    response = post_json(api_client(coordinator), open_url(meeting), new_poll())

    assert response.status_code == 201
    poll = Poll.objects.get()
    evening, morning = slots_of(poll)
    assert response.json() == {
        "id": poll.pk,
        "slots": [
            {
                "id": evening.pk,
                "starts_at": f"{AHEAD}-11-04T17:00:00+01:00",
                "ends_at": f"{AHEAD}-11-04T19:00:00+01:00",
            },
            {
                "id": morning.pk,
                "starts_at": f"{AHEAD}-11-05T09:30:00+01:00",
                "ends_at": f"{AHEAD}-11-05T11:30:00+01:00",
            },
        ],
    }


def test_open_poll_stores_times_without_offset_as_copenhagen_time(admin_user, api_client, meeting):
    post_json(api_client(admin_user), open_url(meeting), new_poll())

    poll = Poll.objects.get()
    assert poll.meeting == meeting
    assert poll.closes_at == datetime(AHEAD, 10, 25, 10, 0, tzinfo=UTC)  # summer time
    assert [(s.starts_at, s.ends_at) for s in slots_of(poll)] == [
        (datetime(AHEAD, 11, 4, 16, 0, tzinfo=UTC), datetime(AHEAD, 11, 4, 18, 0, tzinfo=UTC)),
        (datetime(AHEAD, 11, 5, 8, 30, tzinfo=UTC), datetime(AHEAD, 11, 5, 10, 30, tzinfo=UTC)),
    ]
    assert poll.finalised_at is None
    assert poll.chosen_slot is None


def test_open_poll_keeps_a_time_with_an_offset(admin_user, api_client, meeting):
    body = new_poll(
        slots=[{"starts_at": f"{AHEAD}-11-04T16:00:00Z", "ends_at": f"{AHEAD}-11-04T20:00+02:00"}]
    )

    response = post_json(api_client(admin_user), open_url(meeting), body)

    [slot] = Poll.objects.get().slots.all()
    assert (slot.starts_at, slot.ends_at) == (
        datetime(AHEAD, 11, 4, 16, 0, tzinfo=UTC),
        datetime(AHEAD, 11, 4, 18, 0, tzinfo=UTC),
    )
    assert response.json()["slots"][0]["starts_at"] == f"{AHEAD}-11-04T17:00:00+01:00"


def test_open_poll_needs_only_the_slots(admin_user, api_client, meeting):
    body = {"slots": [{"starts_at": f"{AHEAD}-11-04T17:00", "ends_at": f"{AHEAD}-11-04T19:00"}]}

    response = post_json(api_client(admin_user), open_url(meeting), body)

    assert response.status_code == 201
    poll = Poll.objects.get()
    assert poll.closes_at is None
    assert list(poll.key_persons.all()) == []


def test_key_persons_are_stored_and_invited(coordinator, api_client, meeting, volunteer):
    meeting_services.invite_people(meeting, [volunteer])
    karen = coordinator.person

    response = post_json(
        api_client(coordinator), open_url(meeting), new_poll(key_persons=[karen.pk, volunteer.pk])
    )

    assert response.status_code == 201
    poll = Poll.objects.get()
    assert set(poll.key_persons.all()) == {karen, volunteer}
    assert invited_names(meeting) == ["Karen Koordinator", "Vera Frivillig"]


def test_a_guest_of_the_meeting_can_be_a_key_person(admin_user, api_client, meeting):
    guest = meeting_services.invite_guest(meeting, "Olga Oplæg", "olga@example.org").person

    response = post_json(
        api_client(admin_user), open_url(meeting), new_poll(key_persons=[guest.pk])
    )

    assert response.status_code == 201
    assert list(Poll.objects.get().key_persons.all()) == [guest]


def test_opening_a_poll_e_mails_every_invitee_their_link(
    coordinator,
    api_client,
    meeting,
    member,
    volunteer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    meeting_services.invite_people(meeting, [member.person])

    with django_capture_on_commit_callbacks(execute=True):
        post_json(api_client(coordinator), open_url(meeting), new_poll(key_persons=[volunteer.pk]))

    assert sorted(m.to[0] for m in mailoutbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Vera Frivillig <vera.frivillig@example.org>",
    ]
    assert all("/poll/" in m.body for m in mailoutbox)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_a_poll(role, client_as, meeting):
    response = post_json(client_as(role), open_url(meeting), new_poll())

    if role in MAY_MANAGE:
        assert response.status_code == 201
        assert Poll.objects.filter(meeting=meeting).count() == 1
    else:
        assert response.status_code == refusal_status(role)
        assert not Poll.objects.exists()
        assert not Slot.objects.exists()


def test_coordinator_cannot_open_a_poll_in_another_network(coordinator, api_client, other_network):
    meeting = Meeting.objects.create(
        network=other_network,
        title="Jobmøde",
        starts_at=datetime(AHEAD, 1, 7, 9, 0, tzinfo=UTC),
        ends_at=datetime(AHEAD, 1, 7, 10, 0, tzinfo=UTC),
    )

    response = post_json(api_client(coordinator), open_url(meeting), new_poll())

    assert response.status_code == 403
    assert not Poll.objects.exists()


def test_a_second_poll_for_the_meeting_is_a_conflict(admin_user, api_client, poll, meeting):
    response = api_client(admin_user).post(
        open_url(meeting),
        new_poll(),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "The meeting already has a poll."}
    assert Poll.objects.get() == poll
    assert poll.slots.count() == 3


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"slots": []}, ["body", "payload", "slots"]),
        (
            {
                "slots": [
                    {"starts_at": f"{AHEAD}-11-04T17:00", "ends_at": f"{AHEAD}-11-04T19:00"},
                    {"starts_at": f"{AHEAD}-11-05T17:00", "ends_at": f"{AHEAD}-11-05T16:00"},
                ]
            },
            ["body", "payload", "slots", 1, "ends_at"],
        ),
        (
            {"slots": [{"starts_at": "på mandag", "ends_at": f"{AHEAD}-11-04T19:00"}]},
            ["body", "payload", "slots", 0, "starts_at"],
        ),
        (
            {"slots": [{"starts_at": f"{AHEAD}-11-04T17:00"}]},
            ["body", "payload", "slots", 0, "ends_at"],
        ),
        ({"closes_at": "2020-01-01T12:00"}, ["body", "payload", "closes_at"]),
        (
            {
                "slots": [
                    {"starts_at": f"{AHEAD}-11-04T17:00", "ends_at": f"{AHEAD}-11-04T19:00"},
                    {"starts_at": f"{AHEAD}-11-04T17:00", "ends_at": f"{AHEAD}-11-04T19:00"},
                ]
            },
            ["body", "payload", "slots", 1, "starts_at"],
        ),
        # The answers would close after the first time (4 November) has begun.
        ({"closes_at": f"{AHEAD}-11-04T18:00"}, ["body", "payload", "closes_at"]),
        ({"key_persons": [999999]}, ["body", "payload", "key_persons", 0]),
    ],
)
def test_open_poll_refuses_a_wrong_field_and_saves_nothing(
    fields,
    loc,
    coordinator,
    api_client,
    meeting,
    member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    meeting_services.invite_people(meeting, [member.person])
    body = {**new_poll(key_persons=[coordinator.person.pk]), **fields}

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api_client(coordinator), open_url(meeting), body)

    assert error_locs(response) == [loc]
    assert not Poll.objects.exists()
    assert not Slot.objects.exists()
    assert invited_names(meeting) == ["Mads Medlem"]  # the key person is not invited either
    assert mailoutbox == []


def test_open_poll_names_the_missing_slots(admin_user, api_client, meeting):
    response = post_json(api_client(admin_user), open_url(meeting), {"closes_at": None})

    assert error_locs(response) == [["body", "payload", "slots"]]


@pytest.mark.parametrize("who", ["board_member", "person_in_second_plan"])
def test_key_person_must_be_a_member_or_an_invitee(
    who, request, admin_user, api_client, meeting, member
):
    person = request.getfixturevalue(who)
    person = getattr(person, "person", person)

    response = post_json(
        api_client(admin_user),
        open_url(meeting),
        new_poll(key_persons=[member.person.pk, person.pk]),
    )

    assert error_locs(response) == [["body", "payload", "key_persons", 1]]
    assert not Poll.objects.exists()
    assert not Invitation.objects.exists()


def test_a_cancelled_meeting_gets_no_poll(admin_user, api_client, sent_meeting):
    meeting_services.cancel_meeting(sent_meeting)

    response = post_json(api_client(admin_user), open_url(sent_meeting), new_poll())

    assert error_locs(response) == [["body", "payload"]]
    assert not Poll.objects.exists()
    assert not Slot.objects.exists()


def test_open_poll_for_unknown_meeting_is_404(admin_user, api_client, db):
    response = post_json(api_client(admin_user), "/api/v1/meetings/999999/poll", new_poll())

    assert response.status_code == 404
    assert not Poll.objects.exists()


# --- GET /polls/{id} ------------------------------------------------------------------------


def test_get_poll_shows_a_manager_every_invitees_answers(
    coordinator, api_client, poll, meeting, member, volunteer
):
    first, second, third = slots_of(poll)
    services.answer_poll(poll, member.person, {first.pk: "yes", third.pk: "if_need_be"})

    response = api_client(coordinator).get(url(poll))

    assert response.status_code == 200
    assert response.json() == {
        "id": poll.pk,
        "meeting": meeting.pk,
        "slots": [
            {
                "id": first.pk,
                "starts_at": f"{AHEAD}-09-16T17:00:00+02:00",
                "ends_at": f"{AHEAD}-09-16T19:00:00+02:00",
            },
            {
                "id": second.pk,
                "starts_at": f"{AHEAD}-09-17T16:30:00+02:00",
                "ends_at": f"{AHEAD}-09-17T18:30:00+02:00",
            },
            {
                "id": third.pk,
                "starts_at": f"{AHEAD}-09-18T17:00:00+02:00",
                "ends_at": f"{AHEAD}-09-18T19:00:00+02:00",
            },
        ],
        "key_persons": [],
        "closes_at": None,
        "is_open": True,
        "chosen_slot": None,
        "answers": [
            {
                "person": {"id": member.person.pk, "name": "Mads Medlem"},
                "answers": {str(first.pk): "yes", str(third.pk): "if_need_be"},
            },
            {"person": {"id": volunteer.pk, "name": "Vera Frivillig"}, "answers": {}},
        ],
    }


def test_get_poll_shows_a_member_no_answers(member, api_client, poll, volunteer):
    first, _second, _third = slots_of(poll)
    services.answer_poll(poll, volunteer, {first.pk: "no"})

    response = api_client(member).get(url(poll))

    assert response.status_code == 200
    body = response.json()
    assert "answers" not in body
    assert "Vera" not in response.content.decode()
    assert [slot["id"] for slot in body["slots"]] == [s.pk for s in slots_of(poll)]
    assert body["is_open"] is True


def test_get_poll_lists_the_key_persons_by_name(admin_user, api_client, meeting, member, volunteer):
    poll = services.open_poll(
        meeting,
        [(datetime(AHEAD, 9, 16, 15, 0, tzinfo=UTC), datetime(AHEAD, 9, 16, 17, 0, tzinfo=UTC))],
        key_persons=[volunteer, member.person],
        closes_at=datetime(AHEAD, 9, 1, 10, 0, tzinfo=UTC),
    )

    body = api_client(admin_user).get(url(poll)).json()

    assert body["key_persons"] == [
        {"id": member.person.pk, "name": "Mads Medlem"},
        {"id": volunteer.pk, "name": "Vera Frivillig"},
    ]
    assert body["closes_at"] == f"{AHEAD}-09-01T12:00:00+02:00"


def test_get_poll_shows_a_poll_past_its_closing_time_as_closed(admin_user, api_client, poll):
    Poll.objects.filter(pk=poll.pk).update(closes_at=datetime(2025, 3, 1, 11, 0, tzinfo=UTC))

    body = api_client(admin_user).get(url(poll)).json()

    assert (body["is_open"], body["closes_at"]) == (False, "2025-03-01T12:00:00+01:00")


def test_get_poll_shows_the_chosen_slot_once_finalised(admin_user, api_client, poll):
    chosen = slots_of(poll)[1]
    services.finalise(poll, chosen)

    body = api_client(admin_user).get(url(poll)).json()

    assert (body["is_open"], body["chosen_slot"]) == (False, chosen.pk)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_a_poll(role, client_as, poll, volunteer):
    services.answer_poll(poll, volunteer, {slots_of(poll)[0].pk: "yes"})

    response = client_as(role).get(url(poll))

    if role in MAY_SEE:
        assert response.status_code == 200
        assert len(response.json()["slots"]) == 3
        assert ("answers" in response.json()) == (role in MAY_MANAGE)
    else:
        assert response.status_code == refusal_status(role)
        assert "slots" not in response.json()


def test_member_of_another_plan_cannot_see_the_poll(api_client, person_in_second_plan, poll):
    ole = make_user("ole@example.org", person_in_second_plan)

    assert api_client(ole).get(url(poll)).status_code == 403


def test_get_unknown_poll_is_404(admin_user, api_client, db):
    assert api_client(admin_user).get("/api/v1/polls/999999").status_code == 404


def test_get_poll_queries_do_not_grow_with_invitees_and_answers(
    admin_user, api_client, poll, meeting, django_assert_num_queries
):
    def add_invitees(how_many: int) -> None:
        start = Person.objects.count()
        people = Person.objects.bulk_create(
            Person(name=f"Inviteret {start + n:03}", stakeholder_group=StakeholderGroup.VOLUNTEER)
            for n in range(how_many)
        )
        meeting_services.invite_people(meeting, people)
        Answer.objects.bulk_create(
            Answer(slot=slot, person=person, value="yes")
            for person in people
            for slot in slots_of(poll)
        )

    client = api_client(admin_user)
    add_invitees(1)
    with CaptureQueriesContext(connection) as with_three:
        assert len(client.get(url(poll)).json()["answers"]) == 3

    add_invitees(27)
    with django_assert_num_queries(len(with_three)):
        body = client.get(url(poll)).json()

    assert len(body["answers"]) == 30
    assert sum(len(row["answers"]) for row in body["answers"]) == 28 * 3


# --- methods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/meetings/{meeting}/poll"),
        ("delete", "/api/v1/polls/{poll}"),
        ("post", "/api/v1/polls/{poll}/answers/{person}"),
        ("post", "/api/v1/polls/{poll}/recommendation"),
        ("get", "/api/v1/polls/{poll}/finalise"),
        ("get", "/api/v1/polls/{poll}/reminders"),
    ],
)
def test_a_wrong_method_is_405(method, path, admin_user, api_client, poll, member):
    address = path.format(meeting=poll.meeting_id, poll=poll.pk, person=member.person.pk)

    response = getattr(api_client(admin_user), method)(address)

    assert response.status_code == 405
    poll.refresh_from_db()
    assert poll.finalised_at is None
