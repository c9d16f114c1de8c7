"""Out-of-range input to the API: a 422 (or 404) naming the field, never a 500.

Each case here answered 500 before the bounds of lib/bounds.py (some on PostgreSQL only).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from ressourcenet.api.tests.utils import (
    patch_json,
    post_json,
    put_json,
    spring_forward_and_autumn_fold,
)
from ressourcenet.lib.tests.test_bounds import CLOCK_CHANGE
from ressourcenet.meetings import services
from ressourcenet.meetings.models import AgendaItem, Invitation, Meeting, MeetingRole
from ressourcenet.people.models import Organisation, Person

CPH = ZoneInfo("Europe/Copenhagen")
HUGE = 10**30
CONTROL = "»%s« skal være én linje almindelig tekst uden linjeskift eller kontroltegn."
YEARS = "Vælg en dato mellem år 2000 og 2100."


def errors(response) -> dict[tuple, str]:
    """{loc: msg} of a 422."""
    assert response.status_code == 422, response.content
    return {tuple(d["loc"]): d["msg"] for d in response.json()["detail"]}


def a_week_ahead(hour: int = 17) -> datetime:
    day = timezone.localdate() + timedelta(days=7)
    return datetime.combine(day, datetime.min.time(), tzinfo=CPH).replace(hour=hour)


def meeting_body(network, **changes) -> dict:
    start = a_week_ahead()
    return {
        "network": network.pk,
        "title": "Nabomøde",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
    } | changes


@pytest.fixture
def admin(admin_user, api_client) -> Client:
    return api_client(admin_user)


@pytest.fixture
def soon(network) -> Meeting:
    start = a_week_ahead()
    return Meeting.objects.create(
        network=network, title="Nabomøde", starts_at=start, ends_at=start + timedelta(hours=2)
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/meetings?offset=99999999999999999999",
        "/api/v1/networks?offset=99999999999999999999",
        "/api/v1/people?offset=99999999999999999999",
        "/api/v1/organisations?offset=99999999999999999999",
    ],
)
def test_an_offset_beyond_any_list_is_refused(admin, path):
    assert errors(admin.get(path)) == {
        ("query", "offset"): "Skriv et helt tal fra 0 til 2.147.483.647."
    }


def test_pages_keep_their_shape_items_and_count(admin, soon):
    body = admin.get("/api/v1/meetings?limit=1&offset=0").json()
    assert body["count"] == 1
    assert [m["id"] for m in body["items"]] == [soon.pk]
    assert admin.get("/api/v1/meetings?offset=1").json() == {"items": [], "count": 1}


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/meetings/{HUGE}",
        f"/api/v1/meetings/{HUGE}/agenda",
        f"/api/v1/networks/{HUGE}",
        f"/api/v1/polls/{HUGE}",
        f"/api/v1/meetings?network={HUGE}",
        f"/api/v1/meetings?network=-{HUGE}",
    ],
)
def test_ids_beyond_the_database_range_are_refused(admin, path):
    response = admin.get(path)
    assert response.status_code == 422
    assert "9.223.372.036.854.775.807" in response.json()["detail"][0]["msg"]


def test_an_id_beyond_the_database_range_in_a_body_is_refused(admin, soon):
    response = post_json(
        admin, f"/api/v1/meetings/{soon.pk}/roles", {"person": HUGE, "role": "speaker"}
    )
    assert ("body", "payload", "person") in errors(response)
    assert not MeetingRole.objects.exists()


def test_a_nul_byte_in_a_title_is_refused_naming_the_field(admin, network):
    response = post_json(admin, "/api/v1/meetings", meeting_body(network, title="Møde\x00"))
    assert errors(response) == {("body", "payload", "title"): CONTROL % "Titel"}
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("name", ["Anna\r\nBcc: alle@example.dk", "Anna\u2028Hansen", "A\x1bB"])
def test_a_guest_name_with_a_line_break_or_control_character_is_refused(admin, soon, name):
    response = post_json(
        admin,
        f"/api/v1/meetings/{soon.pk}/invitations",
        {"guests": [{"name": name, "email": "anna@example.dk"}]},
    )
    assert errors(response) == {("body", "payload", "guests", 0, "name"): CONTROL % "Navn"}
    assert not Person.objects.filter(email="anna@example.dk").exists()


def test_a_guest_organisation_longer_than_the_column_is_refused(admin, soon):
    response = post_json(
        admin,
        f"/api/v1/meetings/{soon.pk}/invitations",
        {"guests": [{"name": "Anna", "email": "anna@example.dk", "organisation": "x" * 201}]},
    )
    assert errors(response) == {
        ("body", "payload", "guests", 0, "organisation"): (
            "»Organisation« må højst være 200 tegn lang."
        )
    }
    assert not Organisation.objects.filter(name="x" * 201).exists()
    assert not Invitation.objects.exists()


def test_a_person_with_a_line_break_in_the_name_is_refused(admin, plan):
    response = post_json(
        admin,
        f"/api/v1/people?plan={plan.slug}",
        {"name": "Anna\nHansen", "stakeholder_group": "volunteer"},
    )
    assert errors(response) == {("body", "payload", "name"): CONTROL % "Navn"}


@pytest.mark.parametrize("year", [1, 1999, 2101, 9999])
def test_meeting_times_outside_2000_to_2100_are_refused(admin, network, year):
    body = meeting_body(
        network, starts_at=f"{year:04}-06-01T17:00:00", ends_at=f"{year:04}-06-01T19:00:00"
    )
    assert errors(post_json(admin, "/api/v1/meetings", body)) == {
        ("body", "payload", "starts_at"): YEARS,
        ("body", "payload", "ends_at"): YEARS,
    }
    assert not Meeting.objects.exists()


def test_a_membership_starting_in_year_9999_is_refused(admin, network, volunteer):
    response = post_json(
        admin,
        f"/api/v1/networks/{network.pk}/members",
        {"person": volunteer.pk, "starts_on": date(9999, 1, 1).isoformat()},
    )
    assert errors(response) == {("body", "payload", "starts_on"): YEARS}


def test_an_agenda_item_of_ten_billion_minutes_is_refused_and_the_meeting_still_shows(admin, soon):
    item = {"kind": "talk", "title": "Oplæg", "minutes": 10**10}
    response = put_json(admin, f"/api/v1/meetings/{soon.pk}/agenda", {"items": [item]})

    assert errors(response) == {
        ("body", "payload", "items", 0, "minutes"): "Skriv et helt tal fra 1 til 1440."
    }
    assert not AgendaItem.objects.exists()
    assert admin.get(f"/api/v1/meetings/{soon.pk}/agenda").status_code == 200


def test_an_agenda_longer_than_the_meeting_is_refused(admin, soon):
    items = [{"kind": "talk", "title": "Oplæg", "minutes": 90}] * 2
    response = put_json(admin, f"/api/v1/meetings/{soon.pk}/agenda", {"items": items})

    assert errors(response) == {
        ("body", "payload", "items"): (
            "Dagsordenen ville blive 60 minutter længere end mødet. Gør et punkt kortere, "
            "eller gør mødet længere."
        )
    }
    assert not AgendaItem.objects.exists()


def test_a_meeting_longer_than_a_day_is_refused(admin, network):
    start = a_week_ahead()
    body = meeting_body(network, ends_at=(start + timedelta(hours=25)).isoformat())
    assert errors(post_json(admin, "/api/v1/meetings", body)) == {
        ("body", "payload", "ends_at"): "Et møde kan højst vare 24 timer."
    }


@pytest.mark.parametrize("local_time", spring_forward_and_autumn_fold())
def test_a_local_time_the_clock_skips_or_repeats_is_refused_as_in_the_web_form(
    admin, soon, local_time
):
    response = patch_json(
        admin, f"/api/v1/meetings/{soon.pk}", {"starts_at": local_time.isoformat()}
    )

    message = errors(response)[("body", "payload", "starts_at")]
    assert message == CLOCK_CHANGE
    soon.refresh_from_db()
    assert soon.starts_at == a_week_ahead()


def test_a_time_with_an_offset_on_the_day_of_the_clock_change_is_kept(admin, soon):
    spring_gap, _fold = spring_forward_and_autumn_fold()
    # 02:30 does not exist in Copenhagen that night, but 02:30+01:00 is a real moment.
    start = spring_gap.replace(tzinfo=ZoneInfo("Etc/GMT-1"))
    response = patch_json(
        admin,
        f"/api/v1/meetings/{soon.pk}",
        {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()},
    )
    assert response.status_code == 200
    soon.refresh_from_db()
    assert soon.starts_at == start
    assert soon.ends_at > soon.starts_at


# --- a failed write leaves nothing behind ---------------------------------------------


def half_done(meeting, person, role, description=""):
    """A service that writes, then fails: as if the second of two writes broke."""
    MeetingRole.objects.create(meeting=meeting, person=person, role=role)
    raise services.ValidationError({"role": "The second write failed."})


def test_an_error_answer_keeps_no_part_of_the_change(admin, soon, member, monkeypatch):
    monkeypatch.setattr(services, "add_role", half_done)

    response = post_json(
        admin,
        f"/api/v1/meetings/{soon.pk}/roles",
        {"person": member.person.pk, "role": "speaker"},
    )

    assert errors(response) == {("body", "payload", "role"): "The second write failed."}
    assert not MeetingRole.objects.exists()


def test_a_server_error_keeps_no_part_of_the_change(admin_user, soon, member, monkeypatch):
    def crash(meeting, person, role, description=""):
        MeetingRole.objects.create(meeting=meeting, person=person, role=role)
        raise RuntimeError("the second write broke")

    monkeypatch.setattr(services, "add_role", crash)
    from ressourcenet.accounts.models import ApiToken

    _token, raw = ApiToken.objects.create_for(admin_user)
    client = Client(headers={"Authorization": f"Bearer {raw}"}, raise_request_exception=False)

    response = post_json(
        client,
        f"/api/v1/meetings/{soon.pk}/roles",
        {"person": member.person.pk, "role": "speaker"},
    )

    assert response.status_code == 500
    assert not MeetingRole.objects.exists()


def test_a_plan_name_with_a_nul_byte_is_refused(admin):
    assert errors(admin.get("/api/v1/networks?plan=a%00b")) == {
        ("query", "plan"): CONTROL % "Helhedsplan"
    }


def test_a_meeting_cannot_be_made_shorter_than_its_agenda(admin, soon):
    services.set_agenda(soon, [services.AgendaRow("talk", "Oplæg", 90)])
    ends_at = (soon.starts_at + timedelta(minutes=60)).isoformat()

    response = patch_json(admin, f"/api/v1/meetings/{soon.pk}", {"ends_at": ends_at})

    assert errors(response) == {
        ("body", "payload", "ends_at"): (
            "Dagsordenen ville blive 30 minutter længere end mødet. Gør et punkt kortere, "
            "eller gør mødet længere."
        )
    }
    soon.refresh_from_db()
    assert soon.ends_at - soon.starts_at == timedelta(hours=2)


@pytest.mark.parametrize("path", ["/api/v1/meetings", "/api/v1/ideas", "/api/v1/experiences"])
def test_a_body_larger_than_django_reads_is_413_in_danish(admin, network, path):
    from django.conf import settings

    body = meeting_body(network, title="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    response = post_json(admin, path, body)
    assert response.status_code == 413
    assert "MB" in response.json()["detail"]
    assert not Meeting.objects.exists()
