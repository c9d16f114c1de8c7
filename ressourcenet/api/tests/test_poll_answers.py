"""PUT /api/v1/polls/{id}/answers/{person_id} and POST /api/v1/polls/{id}/reminders."""

from datetime import UTC, datetime

import pytest

from ressourcenet.api.tests.conftest import slots_of
from ressourcenet.api.tests.utils import ROLES, error_locs, post_json, put_json, refusal_status
from ressourcenet.conftest import make_person, make_user
from ressourcenet.meetings import services as meeting_services
from ressourcenet.scheduling import services
from ressourcenet.scheduling.models import Answer, Poll

MAY_MANAGE = {"admin_user", "coordinator"}


def url(poll: Poll, person) -> str:
    return f"/api/v1/polls/{poll.pk}/answers/{person.pk}"


def stored(poll: Poll) -> dict[tuple[str, int], tuple[str, bool]]:
    """{(person name, slot index in time order): (value, recorded by coordinator)}."""
    index = {slot.pk: n for n, slot in enumerate(slots_of(poll))}
    return {
        (a.person.name, index[a.slot_id]): (a.value, a.recorded_by_coordinator)
        for a in Answer.objects.filter(slot__poll=poll).select_related("person")
    }


def close(poll: Poll) -> None:
    Poll.objects.filter(pk=poll.pk).update(closes_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC))


# --- PUT /polls/{id}/answers/{person_id} ----------------------------------------------------


def test_invitee_answers_for_themself(member, api_client, poll):
    first, second, third = slots_of(poll)
    body = {"answers": {str(first.pk): "yes", str(second.pk): "if_need_be", str(third.pk): "no"}}

    response = put_json(api_client(member), url(poll, member.person), body)

    assert response.status_code == 200
    assert response.json() == {
        "person": {"id": member.person.pk, "name": "Mads Medlem"},
        "answers": {str(first.pk): "yes", str(second.pk): "if_need_be", str(third.pk): "no"},
    }
    assert stored(poll) == {
        ("Mads Medlem", 0): ("yes", False),
        ("Mads Medlem", 1): ("if_need_be", False),
        ("Mads Medlem", 2): ("no", False),
    }


@pytest.mark.parametrize("role", sorted(MAY_MANAGE))
def test_coordinator_or_administrator_records_answers_for_an_invitee(
    role, client_as, poll, volunteer
):
    first = slots_of(poll)[0]

    response = put_json(client_as(role), url(poll, volunteer), {"answers": {str(first.pk): "yes"}})

    assert response.status_code == 200
    assert response.json() == {
        "person": {"id": volunteer.pk, "name": "Vera Frivillig"},
        "answers": {str(first.pk): "yes"},
    }
    assert stored(poll) == {("Vera Frivillig", 0): ("yes", True)}


def test_slots_left_out_keep_their_answer_and_the_answer_lists_them_all(member, api_client, poll):
    first, second, third = slots_of(poll)
    client = api_client(member)
    put_json(client, url(poll, member.person), {"answers": {str(first.pk): "yes"}})

    response = put_json(
        client, url(poll, member.person), {"answers": {str(third.pk): "if_need_be"}}
    )

    assert response.json()["answers"] == {str(first.pk): "yes", str(third.pk): "if_need_be"}
    assert stored(poll) == {
        ("Mads Medlem", 0): ("yes", False),
        ("Mads Medlem", 2): ("if_need_be", False),
    }


def test_invitee_changes_an_answer_a_coordinator_recorded(member, coordinator, api_client, poll):
    first = slots_of(poll)[0]
    put_json(api_client(coordinator), url(poll, member.person), {"answers": {str(first.pk): "no"}})

    response = put_json(
        api_client(member), url(poll, member.person), {"answers": {str(first.pk): "yes"}}
    )

    assert response.json()["answers"] == {str(first.pk): "yes"}
    assert stored(poll) == {("Mads Medlem", 0): ("yes", False)}


def test_no_answers_changes_nothing_and_answers_what_is_stored(member, api_client, poll):
    first = slots_of(poll)[0]
    services.answer_poll(poll, member.person, {first.pk: "if_need_be"})

    response = put_json(api_client(member), url(poll, member.person), {"answers": {}})

    assert response.status_code == 200
    assert response.json()["answers"] == {str(first.pk): "if_need_be"}
    assert stored(poll) == {("Mads Medlem", 0): ("if_need_be", False)}


def test_answers_of_others_are_not_in_the_answer(coordinator, api_client, poll, member, volunteer):
    first = slots_of(poll)[0]
    services.answer_poll(poll, volunteer, {first.pk: "no"})

    response = put_json(
        api_client(coordinator), url(poll, member.person), {"answers": {str(first.pk): "yes"}}
    )

    assert response.json()["answers"] == {str(first.pk): "yes"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_answer_for_someone_else(role, client_as, poll, volunteer):
    """Vera has no login: only those who manage the meeting can record her answers."""
    first = slots_of(poll)[0]

    response = put_json(client_as(role), url(poll, volunteer), {"answers": {str(first.pk): "yes"}})

    if role in MAY_MANAGE:
        assert response.status_code == 200
        assert stored(poll) == {("Vera Frivillig", 0): ("yes", True)}
    else:
        assert response.status_code == refusal_status(role)
        assert stored(poll) == {}


def test_an_invitee_from_outside_the_plan_with_a_login_answers_for_themself(
    api_client, poll, meeting
):
    """A guest with a login answers, and sees the poll they are invited to, but no answers."""
    guest = meeting_services.invite_guest(meeting, "Gitte Gæst", "gitte@example.org").person
    gitte = make_user("gitte@example.org", guest)
    first = slots_of(poll)[0]

    response = put_json(api_client(gitte), url(poll, guest), {"answers": {str(first.pk): "yes"}})

    assert response.status_code == 200
    assert stored(poll) == {("Gitte Gæst", 0): ("yes", False)}
    seen = api_client(gitte).get(f"/api/v1/polls/{poll.pk}")
    assert seen.status_code == 200
    assert "answers" not in seen.json()


def test_a_member_cannot_answer_for_another_member(member, api_client, poll, volunteer):
    first = slots_of(poll)[0]

    response = put_json(
        api_client(member), url(poll, volunteer), {"answers": {str(first.pk): "no"}}
    )

    assert response.status_code == 403
    assert stored(poll) == {}


@pytest.mark.parametrize(
    ("answers", "bad_key"),
    [
        ({"first": "yes", "second": "maybe"}, "second"),
        ({"first": "yes", "second": "YES"}, "second"),
        ({"first": "yes", "second": ""}, "second"),
        ({"first": "yes", "other poll": "yes"}, "other poll"),
        ({"first": "yes", "unknown": "no"}, "unknown"),
    ],
)
def test_a_wrong_slot_or_value_is_refused_by_its_slot_id_and_nothing_is_saved(
    answers, bad_key, admin_user, api_client, poll, other_poll, volunteer
):
    first, second, _third = slots_of(poll)
    ids = {"first": first.pk, "second": second.pk, "other poll": other_poll.slots.get().pk}
    ids["unknown"] = 999999
    body = {"answers": {str(ids[key]): value for key, value in answers.items()}}

    response = put_json(api_client(admin_user), url(poll, volunteer), body)

    assert error_locs(response) == [["body", "payload", "answers", str(ids[bad_key])]]
    assert stored(poll) == {}
    assert not Answer.objects.exists()


def test_every_slot_outside_the_poll_is_named(admin_user, api_client, poll, other_poll, volunteer):
    first = slots_of(poll)[0]
    theirs = other_poll.slots.get()
    body = {"answers": {str(first.pk): "yes", str(theirs.pk): "yes", "999999": "no"}}

    response = put_json(api_client(admin_user), url(poll, volunteer), body)

    assert sorted(error_locs(response)) == sorted(
        [["body", "payload", "answers", str(theirs.pk)], ["body", "payload", "answers", "999999"]]
    )
    assert not Answer.objects.exists()


def test_a_slot_of_another_poll_explains_itself(
    admin_user, api_client, poll, other_poll, volunteer
):
    theirs = other_poll.slots.get()

    response = api_client(admin_user).put(
        url(poll, volunteer),
        {"answers": {str(theirs.pk): "yes"}},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "answers", str(theirs.pk)],
            "msg": "This time is not part of the poll.",
        }
    ]


def test_a_slot_id_that_is_not_a_number_is_refused(admin_user, api_client, poll, volunteer):
    response = put_json(
        api_client(admin_user), url(poll, volunteer), {"answers": {"tirsdag": "yes"}}
    )

    assert error_locs(response) == [["body", "payload", "answers", "tirsdag", "[key]"]]
    assert not Answer.objects.exists()


def test_answers_must_be_sent(admin_user, api_client, poll, volunteer):
    response = put_json(api_client(admin_user), url(poll, volunteer), {})

    assert error_locs(response) == [["body", "payload", "answers"]]


def test_a_person_who_is_not_invited_is_refused_in_the_path(
    coordinator, api_client, poll, board_member
):
    first = slots_of(poll)[0]

    response = api_client(coordinator).put(
        url(poll, board_member.person),
        {"answers": {str(first.pk): "yes"}},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["path", "person_id"],
            "msg": "This person is not invited to the meeting.",
        }
    ]
    assert not Answer.objects.exists()


def test_a_user_who_is_not_invited_cannot_answer_for_themself(board_member, api_client, poll):
    first = slots_of(poll)[0]

    response = put_json(
        api_client(board_member),
        url(poll, board_member.person),
        {"answers": {str(first.pk): "yes"}},
    )

    assert error_locs(response) == [["path", "person_id"]]
    assert not Answer.objects.exists()


def test_an_unknown_person_is_refused_in_the_path(admin_user, api_client, poll):
    first = slots_of(poll)[0]

    response = put_json(
        api_client(admin_user),
        f"/api/v1/polls/{poll.pk}/answers/999999",
        {"answers": {str(first.pk): "yes"}},
    )

    assert error_locs(response) == [["path", "person_id"]]
    assert not Answer.objects.exists()


def test_answering_a_closed_poll_is_a_conflict(admin_user, api_client, poll, volunteer):
    services.answer_poll(poll, volunteer, {slots_of(poll)[0].pk: "no"})
    close(poll)

    response = api_client(admin_user).put(
        url(poll, volunteer),
        {"answers": {str(slots_of(poll)[0].pk): "yes"}},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "The poll is closed. Ask the coordinator if you need to change it."
    }
    assert stored(poll) == {("Vera Frivillig", 0): ("no", False)}


def test_answering_a_finalised_poll_is_a_conflict(member, api_client, poll):
    first = slots_of(poll)[0]
    services.finalise(poll, first)

    response = put_json(
        api_client(member), url(poll, member.person), {"answers": {str(first.pk): "yes"}}
    )

    assert response.status_code == 409
    assert not Answer.objects.exists()


def test_answering_an_unknown_poll_is_404(member, api_client, db):
    response = put_json(
        api_client(member), f"/api/v1/polls/999999/answers/{member.person.pk}", {"answers": {}}
    )

    assert response.status_code == 404


# --- POST /polls/{id}/reminders -------------------------------------------------------------


def reminders_url(poll: Poll) -> str:
    return f"/api/v1/polls/{poll.pk}/reminders"


def test_reminders_go_to_invitees_who_have_not_answered(
    coordinator, api_client, poll, meeting, member, volunteer
):
    services.answer_poll(poll, member.person, {slots_of(poll)[0].pk: "no"})
    without_email = make_person("Ib Uden Mail", email="")
    meeting_services.invite_people(meeting, [without_email])

    response = post_json(api_client(coordinator), reminders_url(poll), {})

    assert response.status_code == 200
    assert response.json() == {"sent": 1, "failed": 0}  # Vera: Mads answered, Ib has no e-mail


def test_reminders_e_mail_the_personal_link_to_those_who_have_not_answered(
    admin_user, api_client, poll, member, mailoutbox, django_capture_on_commit_callbacks
):
    services.answer_poll(poll, member.person, {slots_of(poll)[0].pk: "yes"})

    with django_capture_on_commit_callbacks(execute=True):
        post_json(api_client(admin_user), reminders_url(poll), {})

    [reminder] = mailoutbox
    assert reminder.to == ["Vera Frivillig <vera.frivillig@example.org>"]
    assert "Idéer til caféen" in reminder.subject
    assert "/poll/" in reminder.body


def test_reminders_when_everyone_answered_send_none(
    admin_user, api_client, poll, member, volunteer
):
    for person in (member.person, volunteer):
        services.answer_poll(poll, person, {slots_of(poll)[1].pk: "if_need_be"})

    response = post_json(api_client(admin_user), reminders_url(poll), {})

    assert response.json() == {"sent": 0, "failed": 0}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_send_reminders(role, client_as, poll):
    response = post_json(client_as(role), reminders_url(poll), {})

    if role in MAY_MANAGE:
        assert response.json() == {"sent": 2, "failed": 0}
    else:
        assert response.status_code == refusal_status(role)


def test_reminders_for_a_closed_poll_are_a_conflict(admin_user, api_client, poll):
    close(poll)

    response = post_json(api_client(admin_user), reminders_url(poll), {})

    assert response.status_code == 409
    assert response.json()["detail"]


def test_reminders_for_an_unknown_poll_are_404(admin_user, api_client, db):
    assert (
        post_json(api_client(admin_user), "/api/v1/polls/999999/reminders", {}).status_code == 404
    )
