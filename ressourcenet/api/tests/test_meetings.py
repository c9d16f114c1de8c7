"""/api/v1/meetings and /api/v1/meetings/{id}: create, read, change, delete and list meetings."""

from datetime import UTC, datetime

import pytest

from ressourcenet.api.tests.conftest import AHEAD, CPH
from ressourcenet.api.tests.utils import (
    ROLES,
    calendar_attachment,
    error_locs,
    patch_json,
    post_json,
    refusal_status,
    the_event,
)
from ressourcenet.conftest import make_user
from ressourcenet.meetings import services
from ressourcenet.meetings.models import AgendaItem, Invitation, Meeting
from ressourcenet.networks.models import Network

URL = "/api/v1/meetings"
MAY_SEE = {"admin_user", "coordinator", "member", "board_member"}
MAY_MANAGE = {"admin_user", "coordinator"}


def url(meeting: Meeting) -> str:
    return f"{URL}/{meeting.pk}"


def new_meeting(network: Network, **fields) -> dict:
    """A valid body for POST /meetings: an evening in November (winter time, +01:00)."""
    return {
        "network": network.pk,
        "title": "Sådan tager vi imod nye naboer",
        "why": "Hver deltager går hjem med to måder at byde nye naboer velkommen på",
        "purpose": "Vi deler erfaringer fra de fire boligområder.",
        "starts_at": f"{AHEAD}-11-05T17:00",
        "ends_at": f"{AHEAD}-11-05T19:30",
        "location": "Beboerhuset",
        "capture": ["ideas", "summary"],
        **fields,
    }


@pytest.fixture
def meeting_in_second_plan(person_in_second_plan) -> Meeting:
    network = Network.objects.get(slug="andeby")
    return Meeting.objects.create(
        network=network,
        title="Møde i Andeby",
        starts_at=datetime(AHEAD, 3, 1, 10, 0, tzinfo=CPH),
        ends_at=datetime(AHEAD, 3, 1, 12, 0, tzinfo=CPH),
    )


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


# --- POST /meetings -------------------------------------------------------------------------


def test_create_meeting_answers_201_with_the_meeting(admin_user, api_client, network):
    response = post_json(api_client(admin_user), URL, new_meeting(network))

    assert response.status_code == 201
    meeting = Meeting.objects.get()
    assert response.json() == {
        "id": meeting.pk,
        "network": network.pk,
        "title": "Sådan tager vi imod nye naboer",
        "why": "Hver deltager går hjem med to måder at byde nye naboer velkommen på",
        "purpose": "Vi deler erfaringer fra de fire boligområder.",
        "starts_at": f"{AHEAD}-11-05T17:00:00+01:00",
        "ends_at": f"{AHEAD}-11-05T19:30:00+01:00",
        "location": "Beboerhuset",
        "capture": ["ideas", "summary"],
        "invitations_sent_at": None,
        "cancelled_at": None,
    }


def test_create_meeting_stores_what_was_sent(coordinator, api_client, network):
    post_json(api_client(coordinator), URL, new_meeting(network))

    meeting = Meeting.objects.get()
    assert meeting.network == network
    assert meeting.title == "Sådan tager vi imod nye naboer"
    assert meeting.capture == ["ideas", "summary"]
    assert (meeting.sequence, meeting.invitations_sent_at, meeting.cancelled_at) == (0, None, None)


def test_time_without_offset_is_copenhagen_time_in_winter(admin_user, api_client, network):
    post_json(api_client(admin_user), URL, new_meeting(network))

    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime(AHEAD, 11, 5, 16, 0, tzinfo=UTC)
    assert meeting.ends_at == datetime(AHEAD, 11, 5, 18, 30, tzinfo=UTC)


def test_time_without_offset_is_copenhagen_time_in_summer(admin_user, api_client, network):
    body = new_meeting(network, starts_at=f"{AHEAD}-06-10T17:00", ends_at=f"{AHEAD}-06-10T19:00")

    response = post_json(api_client(admin_user), URL, body)

    assert Meeting.objects.get().starts_at == datetime(AHEAD, 6, 10, 15, 0, tzinfo=UTC)
    assert response.json()["starts_at"] == f"{AHEAD}-06-10T17:00:00+02:00"


def test_time_with_an_offset_is_kept_and_answered_in_copenhagen_time(
    admin_user, api_client, network
):
    body = new_meeting(
        network, starts_at=f"{AHEAD}-11-05T16:00:00Z", ends_at=f"{AHEAD}-11-05T20:00+02:00"
    )

    response = post_json(api_client(admin_user), URL, body)

    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime(AHEAD, 11, 5, 16, 0, tzinfo=UTC)
    assert meeting.ends_at == datetime(AHEAD, 11, 5, 18, 0, tzinfo=UTC)
    assert (response.json()["starts_at"], response.json()["ends_at"]) == (
        f"{AHEAD}-11-05T17:00:00+01:00",
        f"{AHEAD}-11-05T19:00:00+01:00",
    )


def test_create_meeting_needs_only_network_title_and_times(admin_user, api_client, network):
    body = {
        "network": network.pk,
        "title": "Kort møde",
        "starts_at": f"{AHEAD}-11-05T17:00",
        "ends_at": f"{AHEAD}-11-05T18:00",
    }

    response = post_json(api_client(admin_user), URL, body)

    assert response.status_code == 201
    assert response.json()["why"] == ""
    assert Meeting.objects.get().capture == []


def test_creating_sends_nothing(admin_user, api_client, network, member, mailoutbox):
    post_json(api_client(admin_user), URL, new_meeting(network))

    assert mailoutbox == []
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_create_a_meeting(role, client_as, network):
    response = post_json(client_as(role), URL, new_meeting(network))

    if role in MAY_MANAGE:
        assert response.status_code == 201
        assert Meeting.objects.filter(network=network).count() == 1
    else:
        assert response.status_code == refusal_status(role)
        assert not Meeting.objects.exists()


def test_coordinator_cannot_create_a_meeting_in_another_network(
    coordinator, api_client, other_network
):
    response = post_json(api_client(coordinator), URL, new_meeting(other_network))

    assert response.status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"ends_at": f"{AHEAD}-11-05T16:00"}, ["body", "payload", "ends_at"]),
        ({"ends_at": f"{AHEAD}-11-05T17:00"}, ["body", "payload", "ends_at"]),
        ({"title": "   "}, ["body", "payload", "title"]),
        ({"title": "x" * 201}, ["body", "payload", "title"]),
        ({"capture": ["ideas", "minutes"]}, ["body", "payload", "capture", 1]),
        ({"starts_at": "på tirsdag"}, ["body", "payload", "starts_at"]),
        ({"network": 999999}, ["body", "payload", "network"]),
    ],
)
def test_create_meeting_refuses_a_wrong_field(fields, loc, admin_user, api_client, network):
    response = post_json(api_client(admin_user), URL, {**new_meeting(network), **fields})

    assert error_locs(response) == [loc]
    assert not Meeting.objects.exists()


def test_create_meeting_names_every_missing_field(admin_user, api_client):
    response = post_json(api_client(admin_user), URL, {})

    # The time may wait for a poll: only the network and the title are required.
    assert sorted(loc[-1] for loc in error_locs(response)) == ["network", "title"]


@pytest.mark.parametrize("body", [{}, {"starts_at": None, "ends_at": None}])
def test_create_meeting_without_a_time_answers_null_times(body, admin_user, api_client, network):
    response = post_json(
        api_client(admin_user), URL, {"network": network.pk, "title": "Tid søges", **body}
    )

    assert response.status_code == 201
    assert (response.json()["starts_at"], response.json()["ends_at"]) == (None, None)
    meeting = Meeting.objects.get()
    assert (meeting.starts_at, meeting.ends_at) == (None, None)


def test_create_meeting_with_only_a_start_names_the_end(admin_user, api_client, network):
    body = {"network": network.pk, "title": "Halv tid", "starts_at": f"{AHEAD}-11-05T17:00"}

    response = post_json(api_client(admin_user), URL, body)

    assert response.status_code == 422
    assert error_locs(response) == [["body", "payload", "ends_at"]]
    assert not Meeting.objects.exists()


def test_end_before_start_explains_itself(admin_user, api_client, network):
    response = api_client(admin_user).post(
        URL,
        new_meeting(network, ends_at=f"{AHEAD}-11-05T16:00"),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "ends_at"],
            "msg": "The meeting must end after it starts.",
        }
    ]


# --- GET /meetings/{id} ---------------------------------------------------------------------


def test_get_meeting_answers_the_meeting(member, api_client, meeting, network):
    response = api_client(member).get(url(meeting))

    assert response.status_code == 200
    assert response.json() == {
        "id": meeting.pk,
        "network": network.pk,
        "title": "Idéer til caféen",
        "why": "Ti idéer til produkter, som caféen kan sælge fra foråret",
        "purpose": "Vi arbejder ved bordene og samler idéerne.",
        "starts_at": f"{AHEAD}-09-18T17:00:00+02:00",
        "ends_at": f"{AHEAD}-09-18T19:00:00+02:00",
        "location": "Beboerhuset, Nordparken 2",
        "capture": ["ideas"],
        "invitations_sent_at": None,
        "cancelled_at": None,
    }


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_a_meeting(role, client_as, meeting):
    response = client_as(role).get(url(meeting))

    if role in MAY_SEE:
        assert response.status_code == 200
        assert response.json()["title"] == "Idéer til caféen"
    else:
        assert response.status_code == refusal_status(role)
        assert "caféen" not in response.content.decode()


def test_member_of_another_plan_cannot_see_the_meeting(api_client, person_in_second_plan, meeting):
    ole = make_user("ole@example.org", person_in_second_plan)

    assert api_client(ole).get(url(meeting)).status_code == 403


def test_get_unknown_meeting_is_404(admin_user, api_client, db):
    assert api_client(admin_user).get(f"{URL}/999999").status_code == 404


# --- PATCH /meetings/{id} -------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(coordinator, api_client, meeting):
    response = patch_json(api_client(coordinator), url(meeting), {"location": "Biblioteket"})

    assert response.status_code == 200
    assert response.json()["location"] == "Biblioteket"
    assert response.json()["title"] == "Idéer til caféen"
    meeting.refresh_from_db()
    assert meeting.location == "Biblioteket"
    assert meeting.title == "Idéer til caféen"
    assert meeting.why == "Ti idéer til produkter, som caféen kan sælge fra foråret"
    assert meeting.starts_at == datetime(AHEAD, 9, 18, 17, 0, tzinfo=CPH)
    assert meeting.capture == ["ideas"]


def test_patch_reads_a_time_without_offset_as_copenhagen_time(admin_user, api_client, meeting):
    response = patch_json(
        api_client(admin_user),
        url(meeting),
        {"starts_at": f"{AHEAD}-09-18T16:30", "ends_at": f"{AHEAD}-09-18T18:45"},
    )

    assert response.json()["starts_at"] == f"{AHEAD}-09-18T16:30:00+02:00"
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime(AHEAD, 9, 18, 14, 30, tzinfo=UTC)
    assert meeting.ends_at == datetime(AHEAD, 9, 18, 16, 45, tzinfo=UTC)


def test_patch_can_change_the_capture(admin_user, api_client, meeting):
    patch_json(api_client(admin_user), url(meeting), {"capture": ["summary", "leaflet"]})

    meeting.refresh_from_db()
    assert meeting.capture == ["summary", "leaflet"]


def test_patch_does_not_move_a_meeting_to_another_network(
    admin_user, api_client, meeting, network, other_network
):
    patch_json(api_client(admin_user), url(meeting), {"network": other_network.pk})

    meeting.refresh_from_db()
    assert meeting.network == network


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_meeting(role, client_as, meeting):
    response = patch_json(client_as(role), url(meeting), {"title": "Nyt navn"})

    meeting.refresh_from_db()
    if role in MAY_MANAGE:
        assert response.status_code == 200
        assert meeting.title == "Nyt navn"
    else:
        assert response.status_code == refusal_status(role)
        assert meeting.title == "Idéer til caféen"


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"ends_at": f"{AHEAD}-09-18T16:00"}, ["body", "payload", "ends_at"]),
        ({"starts_at": f"{AHEAD}-09-18T20:00"}, ["body", "payload", "ends_at"]),
        ({"title": ""}, ["body", "payload", "title"]),
        ({"title": None}, ["body", "payload", "title"]),
        ({"starts_at": None}, ["body", "payload", "starts_at"]),
        ({"capture": ["minutes"]}, ["body", "payload", "capture", 0]),
    ],
)
def test_patch_refuses_a_wrong_field_and_keeps_the_meeting(
    body, loc, admin_user, api_client, meeting
):
    response = patch_json(api_client(admin_user), url(meeting), {"location": "Andetsteds", **body})

    assert error_locs(response) == [loc]
    meeting.refresh_from_db()
    assert meeting.location == "Beboerhuset, Nordparken 2"
    assert meeting.title == "Idéer til caféen"
    assert meeting.starts_at == datetime(AHEAD, 9, 18, 17, 0, tzinfo=CPH)
    assert meeting.ends_at == datetime(AHEAD, 9, 18, 19, 0, tzinfo=CPH)


def test_patch_unknown_meeting_is_404(admin_user, api_client, db):
    assert patch_json(api_client(admin_user), f"{URL}/999999", {"title": "x"}).status_code == 404


def test_changing_the_time_of_an_announced_meeting_sends_an_update(
    admin_user,
    api_client,
    meeting,
    member,
    volunteer,
    send_now,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    services.invite_people(meeting, [member.person, volunteer])
    send_now(meeting)
    first = calendar_attachment(mailoutbox[0])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = patch_json(
            api_client(admin_user),
            url(meeting),
            {"starts_at": f"{AHEAD}-09-18T16:00", "ends_at": f"{AHEAD}-09-18T18:00"},
        )

    assert response.status_code == 200
    assert sorted(m.to[0] for m in mailoutbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Vera Frivillig <vera.frivillig@example.org>",
    ]
    update = calendar_attachment(mailoutbox[0])
    assert update["METHOD"] == "REQUEST"
    [timezone_part] = update.walk("VTIMEZONE")
    assert timezone_part["TZID"] == "Europe/Copenhagen"
    event, before = the_event(update), the_event(first)
    assert event["UID"] == before["UID"] == f"{meeting.uid}@ressourcenet"
    assert event["SEQUENCE"] > before["SEQUENCE"]
    assert event.decoded("DTSTART") == datetime(AHEAD, 9, 18, 16, 0, tzinfo=CPH)
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Copenhagen"


def test_moving_an_announced_meeting_to_another_place_sends_an_update(
    admin_user, api_client, sent_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        patch_json(api_client(admin_user), url(sent_meeting), {"location": "Biblioteket"})

    assert len(mailoutbox) == 2
    assert the_event(calendar_attachment(mailoutbox[0]))["LOCATION"] == "Biblioteket"


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Et bedre navn", "why": "En skarpere grund til at mødes end før"},
        {"starts_at": f"{AHEAD}-09-18T17:00", "ends_at": f"{AHEAD}-09-18T19:00"},
    ],
    ids=["no time field", "the same time again"],
)
def test_patch_without_a_new_time_or_place_sends_nothing(
    body, admin_user, api_client, sent_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = patch_json(api_client(admin_user), url(sent_meeting), body)

    assert response.status_code == 200
    assert mailoutbox == []
    sent_meeting.refresh_from_db()
    assert sent_meeting.sequence == 0


def test_changing_the_time_of_an_unsent_meeting_sends_nothing(
    admin_user, api_client, meeting, member, mailoutbox, django_capture_on_commit_callbacks
):
    services.invite_people(meeting, [member.person])

    with django_capture_on_commit_callbacks(execute=True):
        patch_json(api_client(admin_user), url(meeting), {"starts_at": f"{AHEAD}-09-18T16:00"})

    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_changing_the_time_of_a_cancelled_meeting_is_refused_and_not_kept(
    admin_user, api_client, sent_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    services.cancel_meeting(sent_meeting)

    with django_capture_on_commit_callbacks(execute=True):
        response = patch_json(
            api_client(admin_user), url(sent_meeting), {"starts_at": f"{AHEAD}-09-18T16:00"}
        )

    assert response.status_code == 422
    assert mailoutbox == []
    sent_meeting.refresh_from_db()
    assert sent_meeting.starts_at == datetime(AHEAD, 9, 18, 17, 0, tzinfo=CPH)
    assert sent_meeting.sequence == 1  # raised by the cancellation only


# --- DELETE /meetings/{id} ------------------------------------------------------------------


def test_delete_unsent_meeting_removes_it(
    coordinator, api_client, meeting, member, mailoutbox, django_capture_on_commit_callbacks
):
    AgendaItem.objects.create(meeting=meeting, kind="talk", title="Oplæg", minutes=20)
    services.invite_people(meeting, [member.person])

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(coordinator).delete(url(meeting))

    assert response.status_code == 204
    assert response.content == b""
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_delete_sent_meeting_cancels_it_and_keeps_it(
    coordinator, api_client, sent_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(coordinator).delete(url(sent_meeting))

    assert response.status_code == 204
    sent_meeting.refresh_from_db()
    assert sent_meeting.cancelled_at is not None
    assert sent_meeting.invitations.count() == 2
    cancelled_at = api_client(coordinator).get(url(sent_meeting)).json()["cancelled_at"]
    assert cancelled_at.endswith(("+01:00", "+02:00"))


def test_delete_sent_meeting_sends_a_cancellation(
    coordinator, api_client, sent_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api_client(coordinator).delete(url(sent_meeting))

    assert len(mailoutbox) == 2
    cancellation = calendar_attachment(mailoutbox[0])
    assert cancellation["METHOD"] == "CANCEL"
    event = the_event(cancellation)
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == f"{sent_meeting.uid}@ressourcenet"
    assert event["SEQUENCE"] == 1


def test_delete_a_cancelled_meeting_again_is_refused(
    coordinator, api_client, sent_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    services.cancel_meeting(sent_meeting)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(coordinator).delete(url(sent_meeting))

    assert response.status_code == 422
    assert mailoutbox == []
    assert Meeting.objects.filter(pk=sent_meeting.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_delete_a_meeting(role, client_as, meeting):
    response = client_as(role).delete(url(meeting))

    if role in MAY_MANAGE:
        assert response.status_code == 204
        assert not Meeting.objects.exists()
    else:
        assert response.status_code == refusal_status(role)
        assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_delete_unknown_meeting_is_404(admin_user, api_client, db):
    assert api_client(admin_user).delete(f"{URL}/999999").status_code == 404


# --- GET /meetings --------------------------------------------------------------------------


def test_list_meetings_answers_a_page_of_meetings(admin_user, api_client, meeting, network):
    response = api_client(admin_user).get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "items": [api_client(admin_user).get(url(meeting)).json()],
        "count": 1,
    }
    assert response.json()["items"][0]["network"] == network.pk


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_meetings(role, client_as, meeting):
    response = client_as(role).get(URL)

    if role == "anonymous":
        assert response.status_code == 401
    elif role in MAY_SEE:
        assert titles(response) == ["Idéer til caféen"]
    else:
        assert response.status_code == 200
        assert response.json() == {"items": [], "count": 0}


def test_list_leaves_out_meetings_of_plans_the_caller_is_not_in(
    member, admin_user, api_client, meeting, meeting_in_second_plan
):
    assert titles(api_client(member).get(URL)) == ["Idéer til caféen"]
    assert titles(api_client(admin_user).get(URL)) == ["Møde i Andeby", "Idéer til caféen"]


def test_list_filters_by_network(admin_user, api_client, meeting, other_network, network):
    Meeting.objects.create(
        network=other_network,
        title="Jobmøde",
        starts_at=datetime(AHEAD, 1, 7, 9, 0, tzinfo=CPH),
        ends_at=datetime(AHEAD, 1, 7, 10, 0, tzinfo=CPH),
    )
    client = api_client(admin_user)

    assert titles(client.get(URL, {"network": network.pk})) == ["Idéer til caféen"]
    assert titles(client.get(URL, {"network": other_network.pk})) == ["Jobmøde"]
    assert titles(client.get(URL)) == ["Jobmøde", "Idéer til caféen"]


def test_list_is_in_order_of_time_and_pages_with_limit_and_offset(admin_user, api_client, network):
    for day in (3, 1, 2):
        Meeting.objects.create(
            network=network,
            title=f"Møde den {day}.",
            starts_at=datetime(AHEAD, 2, day, 17, 0, tzinfo=CPH),
            ends_at=datetime(AHEAD, 2, day, 18, 0, tzinfo=CPH),
        )

    response = api_client(admin_user).get(URL, {"limit": 2, "offset": 1})

    assert titles(response) == ["Møde den 2.", "Møde den 3."]
    assert response.json()["count"] == 3


def test_list_refuses_a_limit_over_the_maximum(admin_user, api_client, db):
    response = api_client(admin_user).get(URL, {"limit": 501})

    assert response.status_code == 422
