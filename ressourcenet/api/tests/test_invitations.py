"""/api/v1/meetings/{id}/invitations: invite members and guests, list them, send the e-mails."""

from datetime import UTC, date, datetime

import pytest
from django.conf import settings

from ressourcenet.api.tests.conftest import AHEAD
from ressourcenet.api.tests.utils import (
    ROLES,
    calendar_attachment,
    error_locs,
    post_json,
    refusal_status,
    the_event,
)
from ressourcenet.conftest import make_person
from ressourcenet.meetings import services
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Organisation, Person, StakeholderGroup

MAY_MANAGE = {"admin_user", "coordinator"}


def url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/invitations"


def send_url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/invitations/send"


def invited(meeting: Meeting) -> list[tuple[str, bool]]:
    return list(
        Invitation.objects.filter(meeting=meeting)
        .order_by("person__name")
        .values_list("person__name", "is_guest")
    )


def gitte(**fields) -> dict:
    return {
        "name": "Gitte Gæst",
        "email": "Gitte@Example.org",
        "organisation": "Andelskassen",
        **fields,
    }


# --- POST /invitations ----------------------------------------------------------------------


def test_invite_members_answers_201_with_the_new_invitations(
    coordinator, api_client, meeting, member, volunteer
):
    body = {"people": [volunteer.pk, member.person.pk]}

    response = post_json(api_client(coordinator), url(meeting), body)

    assert response.status_code == 201
    mads = Invitation.objects.get(person=member.person)
    vera = Invitation.objects.get(person=volunteer)
    assert response.json() == {
        "items": [
            {
                "id": mads.pk,
                "person": {"id": member.person.pk, "name": "Mads Medlem"},
                "is_guest": False,
                "answer": "pending",
                "answered_at": None,
                "attended": None,
                "sent_at": None,
                "delivery": "not_sent",
                "delivery_problem": None,
                "retry_at": None,
            },
            {
                "id": vera.pk,
                "person": {"id": volunteer.pk, "name": "Vera Frivillig"},
                "is_guest": False,
                "answer": "pending",
                "answered_at": None,
                "attended": None,
                "sent_at": None,
                "delivery": "not_sent",
                "delivery_problem": None,
                "retry_at": None,
            },
        ],
        "count": 2,
    }
    assert invited(meeting) == [("Mads Medlem", False), ("Vera Frivillig", False)]


def test_invite_a_new_guest_adds_the_person(admin_user, api_client, meeting):
    response = post_json(api_client(admin_user), url(meeting), {"guests": [gitte()]})

    assert response.status_code == 201
    guest = Person.objects.get(name="Gitte Gæst")
    [item] = response.json()["items"]
    assert item["person"] == {"id": guest.pk, "name": "Gitte Gæst"}
    assert item["is_guest"] is True
    assert guest.email == "gitte@example.org"
    assert guest.stakeholder_group == StakeholderGroup.GUEST
    assert guest.organisation == Organisation.objects.get(name="Andelskassen")
    assert invited(meeting) == [("Gitte Gæst", True)]


def test_a_guest_can_belong_to_another_stakeholder_group(admin_user, api_client, meeting):
    body = {"guests": [gitte(stakeholder_group="volunteer")]}

    post_json(api_client(admin_user), url(meeting), body)

    assert Person.objects.get(name="Gitte Gæst").stakeholder_group == StakeholderGroup.VOLUNTEER


def test_a_guest_already_known_by_email_is_not_added_again(admin_user, api_client, meeting):
    known = make_person("Gitte Gæstesen", email="gitte@example.org")

    response = post_json(api_client(admin_user), url(meeting), {"guests": [gitte()]})

    [item] = response.json()["items"]
    assert item["person"] == {"id": known.pk, "name": "Gitte Gæstesen"}
    assert Person.objects.filter(email="gitte@example.org").count() == 1


def test_invite_members_and_guests_at_once(admin_user, api_client, meeting, member):
    body = {"people": [member.person.pk], "guests": [gitte()]}

    response = post_json(api_client(admin_user), url(meeting), body)

    assert response.json()["count"] == 2
    assert invited(meeting) == [("Gitte Gæst", True), ("Mads Medlem", False)]


def test_inviting_again_makes_no_second_invitation(admin_user, api_client, meeting, member):
    client = api_client(admin_user)
    post_json(client, url(meeting), {"people": [member.person.pk], "guests": [gitte()]})

    response = post_json(client, url(meeting), {"people": [member.person.pk], "guests": [gitte()]})

    assert response.status_code == 201
    assert response.json() == {"items": [], "count": 0}
    assert Invitation.objects.count() == 2


def test_a_person_named_twice_is_invited_once(admin_user, api_client, meeting, member):
    body = {"people": [member.person.pk, member.person.pk]}

    response = post_json(api_client(admin_user), url(meeting), body)

    assert response.json()["count"] == 1
    assert invited(meeting) == [("Mads Medlem", False)]


def test_inviting_sends_nothing(
    admin_user, api_client, meeting, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_json(api_client(admin_user), url(meeting), {"people": [member.person.pk]})

    assert mailoutbox == []
    assert Invitation.objects.get().sent_at is None


@pytest.mark.parametrize("role", ROLES)
def test_who_may_invite(role, client_as, meeting, volunteer):
    response = post_json(client_as(role), url(meeting), {"people": [volunteer.pk]})

    if role in MAY_MANAGE:
        assert response.status_code == 201
        assert invited(meeting) == [("Vera Frivillig", False)]
    else:
        assert response.status_code == refusal_status(role)
        assert invited(meeting) == []


def test_unknown_person_is_named_and_no_one_is_invited(admin_user, api_client, meeting, volunteer):
    body = {"people": [volunteer.pk, 999999], "guests": [gitte()]}

    response = post_json(api_client(admin_user), url(meeting), body)

    assert error_locs(response) == [["body", "payload", "people", 1]]
    assert invited(meeting) == []
    assert not Person.objects.filter(name="Gitte Gæst").exists()


def test_someone_outside_the_network_is_invited_as_a_guest_not_by_id(
    admin_user, api_client, meeting, other_network
):
    stranger = make_person("Jens Job")
    Membership.objects.create(network=other_network, person=stranger, starts_on=date(2025, 1, 1))

    by_id = post_json(api_client(admin_user), url(meeting), {"people": [stranger.pk]})
    as_guest = post_json(
        api_client(admin_user),
        url(meeting),
        {"guests": [{"name": "Jens Job", "email": "jens.job@example.org"}]},
    )

    assert error_locs(by_id) == [["body", "payload", "people", 0]]
    assert as_guest.status_code == 201
    assert invited(meeting) == [("Jens Job", True)]


@pytest.mark.parametrize(
    ("guest", "loc"),
    [
        ({"email": ""}, ["body", "payload", "guests", 1, "email"]),
        ({"email": "ikke-en-adresse"}, ["body", "payload", "guests", 1, "email"]),
        ({"name": "  ", "email": "ny@example.org"}, ["body", "payload", "guests", 1, "name"]),
        ({"stakeholder_group": "mayor"}, ["body", "payload", "guests", 1, "stakeholder_group"]),
        ({"email": None}, ["body", "payload", "guests", 1, "email"]),
    ],
)
def test_a_wrong_guest_is_named_and_no_one_is_invited(
    guest, loc, admin_user, api_client, meeting, member
):
    body = {
        "people": [member.person.pk],
        "guests": [gitte(), {**gitte(name="Anden Gæst"), **guest}],
    }

    response = post_json(api_client(admin_user), url(meeting), body)

    assert error_locs(response) == [loc]
    assert invited(meeting) == []
    assert not Person.objects.filter(name__in=["Gitte Gæst", "Anden Gæst"]).exists()
    assert not Organisation.objects.filter(name="Andelskassen").exists()


def test_invite_needs_someone(admin_user, api_client, meeting):
    response = post_json(api_client(admin_user), url(meeting), {"people": [], "guests": []})

    assert error_locs(response) == [["body", "payload"]]
    # In Danish, as every other message (it was English whatever the language).
    assert response.json()["detail"][0]["msg"] == (
        "Vælg mindst én person eller gæst, der skal inviteres."
    )


def test_invite_to_unknown_meeting_is_404(admin_user, api_client, volunteer):
    response = post_json(
        api_client(admin_user), "/api/v1/meetings/999999/invitations", {"people": [volunteer.pk]}
    )

    assert response.status_code == 404
    assert not Invitation.objects.exists()


# --- GET /invitations -----------------------------------------------------------------------


def test_list_invitations_answers_answers_and_attendance(
    admin_user, api_client, meeting, member, volunteer
):
    mads, vera = services.invite_people(meeting, [member.person, volunteer])
    Invitation.objects.filter(pk=mads.pk).update(
        answer="yes", answered_at=datetime(AHEAD, 9, 1, 8, 30, tzinfo=UTC), attended=True
    )
    services.invite_guest(meeting, "Gitte Gæst", "gitte@example.org")

    response = api_client(admin_user).get(url(meeting))

    assert response.status_code == 200
    guest = Invitation.objects.get(person__name="Gitte Gæst")
    assert response.json() == {
        "items": [
            {
                "id": guest.pk,
                "person": {"id": guest.person_id, "name": "Gitte Gæst"},
                "is_guest": True,
                "answer": "pending",
                "answered_at": None,
                "attended": None,
                "sent_at": None,
                "delivery": "not_sent",
                "delivery_problem": None,
                "retry_at": None,
            },
            {
                "id": mads.pk,
                "person": {"id": member.person.pk, "name": "Mads Medlem"},
                "is_guest": False,
                "answer": "yes",
                "answered_at": f"{AHEAD}-09-01T10:30:00+02:00",
                "attended": True,
                "sent_at": None,
                "delivery": "not_sent",
                "delivery_problem": None,
                "retry_at": None,
            },
            {
                "id": vera.pk,
                "person": {"id": volunteer.pk, "name": "Vera Frivillig"},
                "is_guest": False,
                "answer": "pending",
                "answered_at": None,
                "attended": None,
                "sent_at": None,
                "delivery": "not_sent",
                "delivery_problem": None,
                "retry_at": None,
            },
        ],
        "count": 3,
    }


def test_list_invitations_gives_no_contact_details(admin_user, api_client, meeting, volunteer):
    services.invite_people(meeting, [volunteer])

    response = api_client(admin_user).get(url(meeting))

    assert "vera.frivillig@example.org" not in response.content.decode()
    assert "+45" not in response.content.decode()


def test_list_invitations_pages_with_limit_and_offset(
    admin_user, api_client, meeting, member, volunteer, coordinator
):
    services.invite_members(meeting)

    response = api_client(admin_user).get(url(meeting), {"limit": 1, "offset": 1})

    assert [i["person"]["name"] for i in response.json()["items"]] == ["Mads Medlem"]
    assert response.json()["count"] == 3


@pytest.mark.parametrize("role", ROLES)
def test_who_may_list_invitations(role, client_as, meeting, volunteer):
    services.invite_people(meeting, [volunteer])

    response = client_as(role).get(url(meeting))

    if role in MAY_MANAGE:
        assert [i["person"]["name"] for i in response.json()["items"]] == ["Vera Frivillig"]
    else:
        assert response.status_code == refusal_status(role)
        assert "Vera" not in response.content.decode()


def test_list_invitations_of_unknown_meeting_is_404(admin_user, api_client, db):
    assert api_client(admin_user).get("/api/v1/meetings/999999/invitations").status_code == 404


# --- POST /invitations/send -----------------------------------------------------------------


@pytest.fixture
def invited_meeting(meeting, member, volunteer) -> Meeting:
    services.invite_people(meeting, [member.person, volunteer])
    return meeting


def test_send_answers_how_many_went_out(
    coordinator, api_client, invited_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api_client(coordinator), send_url(invited_meeting), {})

    assert response.status_code == 200
    assert response.json() == {"sent": 2, "failed": 0}
    assert sorted(m.to[0] for m in mailoutbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Vera Frivillig <vera.frivillig@example.org>",
    ]


def test_send_records_the_sending(
    admin_user, api_client, invited_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_json(api_client(admin_user), send_url(invited_meeting), {})

    invited_meeting.refresh_from_db()
    assert invited_meeting.invitations_sent_at is not None
    assert list(invited_meeting.invitations.values_list("sent_sequence", flat=True)) == [0, 0]
    assert not invited_meeting.invitations.filter(sent_at__isnull=True).exists()
    sent_at = api_client(admin_user).get(f"/api/v1/meetings/{invited_meeting.pk}").json()
    assert sent_at["invitations_sent_at"] is not None


def test_the_invitation_email_has_text_html_and_a_calendar_file(
    admin_user, api_client, invited_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_json(api_client(admin_user), send_url(invited_meeting), {})

    [message] = [m for m in mailoutbox if "Vera" in m.to[0]]
    vera = Invitation.objects.get(person__name="Vera Frivillig")
    answer_url = f"{settings.SITE_URL}/invitation/"
    assert "Idéer til caféen" in message.subject
    assert message.content_subtype == "plain"
    assert "Idéer til caféen" in message.body
    assert answer_url in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Idéer til caféen" in html
    assert answer_url in html
    assert vera.sent_at is not None


def test_the_calendar_file_is_a_request_in_copenhagen_time(
    admin_user, api_client, invited_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_json(api_client(admin_user), send_url(invited_meeting), {})

    [message] = [m for m in mailoutbox if "Vera" in m.to[0]]
    [attachment] = message.attachments
    assert attachment.mimetype.startswith("text/calendar")
    assert "method=REQUEST" in attachment.mimetype
    calendar = calendar_attachment(message)
    assert calendar["METHOD"] == "REQUEST"
    [timezone_part] = calendar.walk("VTIMEZONE")
    assert timezone_part["TZID"] == "Europe/Copenhagen"
    event = the_event(calendar)
    assert event["UID"] == f"{invited_meeting.uid}@ressourcenet"
    assert event["SEQUENCE"] == 0
    assert event["SUMMARY"] == "Idéer til caféen"
    assert event["ATTENDEE"] == "mailto:vera.frivillig@example.org"
    assert event.decoded("DTSTART") == invited_meeting.starts_at
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Copenhagen"


def test_send_again_sends_only_to_new_invitees(
    admin_user, api_client, invited_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    client = api_client(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        post_json(client, send_url(invited_meeting), {})
    mailoutbox.clear()
    services.invite_guest(invited_meeting, "Gitte Gæst", "gitte@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, send_url(invited_meeting), {})
    with django_capture_on_commit_callbacks(execute=True):
        nothing_left = post_json(client, send_url(invited_meeting), {})

    assert response.json() == {"sent": 1, "failed": 0}
    assert nothing_left.json() == {"sent": 0, "failed": 0}
    assert [m.to[0] for m in mailoutbox] == ["Gitte Gæst <gitte@example.org>"]


def test_send_skips_invitees_without_email(
    admin_user, api_client, meeting, network, mailoutbox, django_capture_on_commit_callbacks
):
    no_email = make_person("Bo Uden Mail", email="")
    Membership.objects.create(network=network, person=no_email, starts_on=date(2025, 1, 1))
    services.invite_people(meeting, [no_email])

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api_client(admin_user), send_url(meeting), {})

    assert response.json() == {"sent": 0, "failed": 0}
    assert mailoutbox == []


def test_send_for_a_cancelled_meeting_is_refused(
    admin_user, api_client, invited_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    services.cancel_meeting(invited_meeting)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api_client(admin_user), send_url(invited_meeting), {})

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]
    assert mailoutbox == []


@pytest.mark.parametrize("role", ROLES)
def test_who_may_send(
    role, client_as, invited_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client_as(role), send_url(invited_meeting), {})

    invited_meeting.refresh_from_db()
    if role in MAY_MANAGE:
        assert response.json() == {"sent": 2, "failed": 0}
        assert len(mailoutbox) == 2
    else:
        assert response.status_code == refusal_status(role)
        assert mailoutbox == []
        assert invited_meeting.invitations_sent_at is None


def test_send_for_unknown_meeting_is_404(admin_user, api_client, db):
    response = post_json(api_client(admin_user), "/api/v1/meetings/999999/invitations/send", {})

    assert response.status_code == 404
