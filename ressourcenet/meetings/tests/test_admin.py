"""The meeting in Django's admin: the same service as the planning page, or read-only."""

import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.meetings import services
from ressourcenet.meetings.models import AgendaItem, DesignSettings, Meeting, MeetingRole
from ressourcenet.meetings.tests.conftest import CPH, days_ahead


class FormFields(HTMLParser):
    """The values a browser would send for the page's main form (the admin's change form)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data.setdefault(name, []).append(attrs.get("value") or "on")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_of(response) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.data


def change_url(meeting: Meeting) -> str:
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


@pytest.fixture
def announced(meeting, member, volunteer, django_capture_on_commit_callbacks, mailoutbox):
    """The meeting with its invitations to Mads and Vera sent; the outbox is empty again."""
    services.invite_people(meeting, [member.person, volunteer])
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting)
    mailoutbox.clear()
    meeting.refresh_from_db()
    return meeting


def test_a_new_time_in_the_admin_sends_the_calendar_update(
    login, admin_user, announced, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(admin_user)
    data = form_of(client.get(change_url(announced)))
    new_start = days_ahead(12, 16)
    data["starts_at_0"] = [new_start.strftime("%d.%m.%Y")]
    data["ends_at_0"] = data["starts_at_0"]
    data["starts_at_1"] = ["16:00:00"]
    data["ends_at_1"] = ["18:00:00"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(announced), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    announced.refresh_from_db()
    assert announced.starts_at == new_start
    assert announced.sequence == 1
    assert sorted(message.to[0] for message in mailoutbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Vera Frivillig <vera.frivillig@example.org>",
    ]
    assert all("16.00" in message.body for message in mailoutbox)


def test_a_cancelled_meeting_is_read_only_in_the_admin(login, admin_user, announced):
    services.cancel_meeting(announced)
    client = login(admin_user)
    page = client.get(change_url(announced))
    data = form_of(page)
    data["title"] = ["Nyt navn"]

    response = client.post(change_url(announced), data)

    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert response.status_code == 403
    assert Meeting.objects.get(pk=announced.pk).title != "Nyt navn"


def test_agenda_roles_and_invitations_are_shown_not_changed_in_the_admin(
    login, admin_user, announced, volunteer
):
    AgendaItem.objects.create(meeting=announced, kind="talk", title="Oplæg fra PPR", minutes=20)
    MeetingRole.objects.create(meeting=announced, person=volunteer, role="speaker")
    client = login(admin_user)
    page = client.get(change_url(announced))
    data = form_of(page)
    data["agenda_items-0-title"] = ["Ændret i admin"]
    data["agenda_items-0-minutes"] = ["9999"]

    response = client.post(change_url(announced), data)

    content = page.content.decode()
    assert "Oplæg fra PPR" in content and "Vera Frivillig" in content
    assert 'name="agenda_items-0-title"' not in content
    assert 'name="roles-0-person"' not in content
    assert 'name="invitations-0-answer"' not in content
    assert response.status_code == 302
    assert announced.agenda_items.get().title == "Oplæg fra PPR"


def test_an_announced_meeting_cannot_be_deleted_in_the_admin(login, admin_user, announced):
    client = login(admin_user)

    page = client.get(reverse("admin:meetings_meeting_delete", args=[announced.pk]))
    listing = client.get(reverse("admin:meetings_meeting_changelist"))

    assert page.status_code == 403
    assert "delete_selected" not in listing.content.decode()
    assert Meeting.objects.filter(pk=announced.pk).exists()


def test_a_meeting_not_yet_announced_can_be_deleted_in_the_admin(login, admin_user, meeting):
    response = login(admin_user).post(
        reverse("admin:meetings_meeting_delete", args=[meeting.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Meeting.objects.exists()


def test_a_meeting_added_in_the_admin_is_checked_like_on_the_page(login, admin_user, network):
    client = login(admin_user)
    data = form_of(client.get(reverse("admin:meetings_meeting_add")))
    start = days_ahead(20).astimezone(CPH)
    data.update(
        network=[str(network.pk)],
        title=["Temamøde"],
        starts_at_0=[start.strftime("%d.%m.%Y")],
        starts_at_1=["17:00:00"],
        ends_at_0=[start.strftime("%d.%m.%Y")],
        ends_at_1=["19:00:00"],
    )

    response = client.post(reverse("admin:meetings_meeting_add"), data)

    assert response.status_code == 302
    assert Meeting.objects.get().title == "Temamøde"


def test_a_time_too_short_for_the_agenda_is_refused_in_the_admin_by_the_field(
    login, admin_user, meeting
):
    services.set_agenda(meeting, [services.AgendaRow("talk", "Oplæg", 90)])
    client = login(admin_user)
    data = form_of(client.get(change_url(meeting)))
    data["ends_at_1"] = [f"{meeting.starts_at.astimezone(CPH).hour + 1:02d}:00:00"]

    response = client.post(change_url(meeting), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ends_at"] == [
        "Dagsordenen ville blive 30 minutter længere end mødet. Gør et punkt kortere, eller "
        "gør mødet længere."
    ]
    meeting.refresh_from_db()
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)


# The design check settings


def settings_form(client) -> tuple[str, dict[str, list[str]]]:
    row = DesignSettings.objects.create()
    url = reverse("admin:meetings_designsettings_change", args=[row.pk])
    return url, form_of(client.get(url))


def test_design_settings_refuse_fewer_items_for_too_many_than_for_fine(login, admin_user):
    client = login(admin_user)
    url, data = settings_form(client)
    data |= {"items_pass_up_to": ["8"], "items_warn_up_to": ["2"]}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Skriv mindst 8" in response.content.decode() or "Write at least 8" in (
        response.content.decode()
    )
    assert DesignSettings.objects.get().items_warn_up_to == 6


def test_design_settings_refuse_more_than_all_the_time_unplanned(login, admin_user):
    client = login(admin_user)
    url, data = settings_form(client)
    data |= {"slack_percent": ["150"]}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Skriv et helt tal fra 0 til 100." in response.content.decode()
    assert DesignSettings.objects.get().slack_percent == 10


def test_design_settings_take_equal_limits_and_all_time_unplanned(login, admin_user):
    client = login(admin_user)
    url, data = settings_form(client)
    data |= {"items_pass_up_to": ["5"], "items_warn_up_to": ["5"], "slack_percent": ["100"]}

    response = client.post(url, data)

    assert response.status_code == 302
    row = DesignSettings.objects.get()
    assert (row.items_pass_up_to, row.items_warn_up_to, row.slack_percent) == (5, 5, 100)


def error_next_to(content: str, field: str) -> str:
    """The error text the admin shows in the row of one field ("" if none)."""
    row = re.search(
        rf'<div class="form-row errors[^"]*field-{field}[^"]*">(.*?)<input', content, re.DOTALL
    )
    return unescape(re.sub(r"<[^>]+>", " ", row[1])) if row else ""


def longest_meeting_message(minutes: int) -> str:
    with translation.override("da"):
        return gettext("Write at most %(max)d: the longest meeting is %(max)d minutes.") % {
            "max": minutes
        }


@pytest.mark.parametrize("field", ["no_break_needed_up_to", "max_stretch_minutes"])
def test_design_settings_refuse_minutes_longer_than_the_longest_meeting(login, admin_user, field):
    client = login(admin_user)
    url, data = settings_form(client)
    data |= {"max_minutes": ["150"], field: ["500"]}

    response = client.post(url, data)

    assert response.status_code == 200
    assert longest_meeting_message(150) in error_next_to(response.content.decode(), field)
    row = DesignSettings.objects.get()
    assert getattr(row, field) == 60


def test_design_settings_take_minutes_as_long_as_the_longest_meeting(login, admin_user):
    client = login(admin_user)
    url, data = settings_form(client)
    data |= {"max_minutes": ["90"], "no_break_needed_up_to": ["90"], "max_stretch_minutes": ["90"]}

    response = client.post(url, data)

    assert response.status_code == 302
    row = DesignSettings.objects.get()
    assert (row.max_minutes, row.no_break_needed_up_to, row.max_stretch_minutes) == (90, 90, 90)
