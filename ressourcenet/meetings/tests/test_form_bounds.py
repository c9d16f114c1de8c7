"""Out-of-range input in the web forms: the error by the field, never a 500.

The same bounds as the API (lib/bounds.py); each case answered 500 or was saved before.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from ressourcenet.lib.forms import ONE_LINE
from ressourcenet.meetings import services
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.meetings.tests.conftest import error_at_field
from ressourcenet.people.models import Person, StakeholderGroup

HUGE = str(10**30)


def one_line(label: str) -> str:
    """What the form renderer says of a one-line text with a control character in it."""
    return gettext(ONE_LINE).replace("%(field)s", label)


def field_errors(response, form: str = "form", status: int = 422) -> dict[str, list[str]]:
    assert response.status_code == status
    return {name: list(errors) for name, errors in response.context[form].errors.items()}


def test_a_person_name_with_a_line_break_is_refused_by_the_field(login, coordinator, plan):
    response = login(coordinator).post(
        reverse("person_create", args=[plan.slug]),
        {
            "name": "Nina\r\nBcc: alle@example.dk",
            "email": "nina@example.org",
            "stakeholder_group": StakeholderGroup.VOLUNTEER,
            "role": "member",
        },
    )

    # The page answers 422 with its errors, like every refused form; the label is Danish.
    assert field_errors(response, status=422)["name"] == [one_line("Navn")]
    assert error_at_field(response.content.decode(), response.context["form"]["name"])
    assert not Person.objects.filter(email="nina@example.org").exists()


def test_a_guest_name_with_a_nul_byte_is_refused_by_the_field(login, coordinator, meeting):
    response = login(coordinator).post(
        reverse("invite", args=[meeting.network.plan.slug, meeting.pk]),
        {
            "guest": "1",
            "name": "Gitte\x1b",
            "email": "gitte@example.dk",
            "stakeholder_group": "guest",
        },
    )

    assert field_errors(response, "guest_form")["name"] == [one_line("Navn")]
    assert not Invitation.objects.exists()


def test_inviting_a_member_id_beyond_the_database_range_is_refused(login, coordinator, meeting):
    response = login(coordinator).post(
        reverse("invite", args=[meeting.network.plan.slug, meeting.pk]), {"people": [HUGE]}
    )

    assert list(field_errors(response, "members_form")) == ["people"]
    assert not Invitation.objects.exists()


def test_a_meeting_in_year_9999_is_refused_by_the_fields(login, coordinator, network):
    response = login(coordinator).post(
        reverse("meeting_create", args=[network.plan.slug, network.slug]),
        {"title": "Fjernt møde", "starts_at": "9999-06-01T17:00", "ends_at": "9999-06-01T19:00"},
    )

    errors = field_errors(response)
    assert errors["starts_at"] == ["Vælg en dato mellem år 2000 og 2100."]
    assert errors["ends_at"] == ["Vælg en dato mellem år 2000 og 2100."]
    assert not Meeting.objects.filter(title="Fjernt møde").exists()


def test_a_meeting_longer_than_a_day_is_refused_by_the_end(login, coordinator, meeting):
    plan_url = reverse("meeting_plan", args=[meeting.network.plan.slug, meeting.pk])
    start = meeting.starts_at
    response = login(coordinator).post(
        plan_url,
        {
            "title": meeting.title,
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "ends_at": f"{start + timedelta(days=2):%Y-%m-%dT%H:%M}",
        },
    )

    assert field_errors(response)["ends_at"] == ["Et møde kan højst vare 24 timer."]
    meeting.refresh_from_db()
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)


def test_the_people_search_ignores_control_characters_and_far_out_ids(login, admin_user, plan):
    client = login(admin_user)
    url = reverse("person_list", args=[plan.slug])

    # A NUL byte stopped PostgreSQL, and an area id of 10^30 SQLite.
    assert client.get(url, {"q": "Anna\x00"}).status_code == 200
    assert client.get(url, {"area": HUGE}).status_code == 200


def test_a_meeting_cannot_be_made_shorter_than_its_agenda(login, coordinator, meeting):
    services.set_agenda(meeting, [services.AgendaRow("talk", "Oplæg", 90)])
    plan_url = reverse("meeting_plan", args=[meeting.network.plan.slug, meeting.pk])
    start = meeting.starts_at
    response = login(coordinator).post(
        plan_url,
        {
            "title": meeting.title,
            "starts_at": f"{timezone.localtime(start):%Y-%m-%dT%H:%M}",
            "ends_at": f"{timezone.localtime(start) + timedelta(hours=1):%Y-%m-%dT%H:%M}",
        },
    )

    assert field_errors(response)["ends_at"] == [
        "Dagsordenen ville blive 30 minutter længere end mødet. Gør et punkt kortere, eller "
        "gør mødet længere."
    ]
    meeting.refresh_from_db()
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)
