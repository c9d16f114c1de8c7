"""Giving a participant a role at the meeting: facilitator, speaker, … or a described other."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.conftest import make_person
from ressourcenet.meetings.forms import RoleForm
from ressourcenet.meetings.models import MeetingRole
from ressourcenet.meetings.tests.conftest import (
    HTMX,
    MAY_NOT_MANAGE,
    error_at_field,
    invite,
    plan_url,
    rule_statuses,
)


def role_url(meeting) -> str:
    return reverse("role_add", args=[meeting.network.plan.slug, meeting.pk])


def roles_in_db(meeting) -> list[tuple[str, str, str]]:
    return list(meeting.roles.order_by("id").values_list("person__name", "role", "description"))


def given(name: str, role: MeetingRole.Role) -> str:
    """The confirmation after giving a role, as the page says it."""
    with translation.override("da"):
        return translation.gettext("%(name)s has the role “%(role)s”.") % {
            "name": name,
            "role": str(role.label),
        }


def test_role_is_given_and_shown_on_the_roles_step(login, coordinator, meeting, member):
    client = login(coordinator)

    response = client.post(role_url(meeting), {"person": member.person.pk, "role": "table_host"})

    assert response.status_code == 302
    assert (
        response.url == plan_url(meeting, "roles") + "#main-content"
    )  # at the message, at the top
    assert roles_in_db(meeting) == [("Mads Medlem", "table_host", "")]
    page = client.get(response.url)
    assert [(r.person.name, r.role) for r in page.context["roles"]] == [
        ("Mads Medlem", "table_host")
    ]
    assert [str(m) for m in page.context["messages"]] == [
        given("Mads Medlem", MeetingRole.Role.TABLE_HOST)
    ]


def test_htmx_gets_the_roles_with_a_confirmation_and_the_design_check_out_of_band(
    login, coordinator, meeting, member
):
    client = login(coordinator)
    data = {"person": member.person.pk, "role": "note_taker"}

    response = client.post(role_url(meeting), data, **HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="roles"')
    (confirmation,) = re.findall(r"<div [^>]*data-focus-here[^>]*>.*?</div>", content, re.DOTALL)
    assert "data-announce" in confirmation
    assert html.escape(given("Mads Medlem", MeetingRole.Role.NOTE_TAKER)) in confirmation
    assert re.search(r'<aside id="design-check"[^>]*hx-swap-oob="true"', content)
    assert re.search(r'<p id="design-summary"[^>]*hx-swap-oob="true"', content)
    assert rule_statuses(content)["roles"] == "pass"
    assert roles_in_db(meeting) == [("Mads Medlem", "note_taker", "")]
    assert not list(client.get(plan_url(meeting, "roles")).context["messages"])


def test_invalid_role_by_htmx_gets_the_roles_with_the_errors_and_the_input(
    login, coordinator, meeting, volunteer
):
    data = {"person": volunteer.pk, "role": "other", "description": ""}

    response = login(coordinator).post(role_url(meeting), data, **HTMX)

    assert response.status_code == 422
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="roles"')
    assert error_at_field(content, RoleForm(meeting=meeting)["description"])
    assert f'<option value="{volunteer.pk}" selected>' in content
    # The error summary is what gets the focus; nothing else asks for it.
    assert content.count("data-focus-here") == 1
    assert "alert-success" not in content and "hx-swap-oob" not in content
    assert not MeetingRole.objects.exists()


def test_a_role_moves_the_roles_rule_from_fail_to_pass(login, coordinator, meeting, member):
    client = login(coordinator)
    before = rule_statuses(client.get(plan_url(meeting)).content.decode())

    client.post(role_url(meeting), {"person": member.person.pk, "role": "note_taker"})

    after = rule_statuses(client.get(plan_url(meeting)).content.decode())
    assert (before["roles"], after["roles"]) == ("fail", "pass")


def test_other_role_with_a_description_is_shown_by_its_description(
    login, coordinator, meeting, volunteer
):
    data = {"person": volunteer.pk, "role": "other", "description": "Fotograf"}

    login(coordinator).post(role_url(meeting), data)

    role = MeetingRole.objects.get()
    assert (role.role, role.description, role.label) == ("other", "Fotograf", "Fotograf")


def test_other_role_without_a_description_shows_the_error_keeps_the_input_and_saves_nothing(
    login, coordinator, meeting, volunteer
):
    data = {"person": volunteer.pk, "role": "other", "description": "  "}

    response = login(coordinator).post(role_url(meeting), data)

    assert response.status_code == 422
    assert list(response.context["role_form"].errors) == ["description"]
    content = response.content.decode()
    assert "<html" in content and response.context["step"].name == "roles"
    assert error_at_field(content, response.context["role_form"]["description"])
    assert f'<option value="{volunteer.pk}" selected>' in content
    assert '<option value="other" selected>' in content
    assert not MeetingRole.objects.exists()


def test_the_same_role_twice_is_refused_not_a_crash(login, coordinator, meeting, member):
    client = login(coordinator)
    data = {"person": member.person.pk, "role": "speaker"}
    client.post(role_url(meeting), data)

    response = client.post(role_url(meeting), data)

    assert response.status_code == 422
    assert response.context["role_form"].non_field_errors()
    assert roles_in_db(meeting) == [("Mads Medlem", "speaker", "")]


def test_invited_guest_may_get_a_role(login, coordinator, meeting):
    guest = make_person("Gitte Gæst")
    invite(meeting, guest)

    login(coordinator).post(role_url(meeting), {"person": guest.pk, "role": "speaker"})

    assert roles_in_db(meeting) == [("Gitte Gæst", "speaker", "")]


def test_person_neither_member_nor_invited_cannot_get_a_role(login, coordinator, meeting):
    stranger = make_person("Svend Fremmed")

    response = login(coordinator).post(
        role_url(meeting), {"person": stranger.pk, "role": "speaker"}
    )

    assert response.status_code == 422
    assert list(response.context["role_form"].errors) == ["person"]
    assert not MeetingRole.objects.exists()


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_give_roles(request, login, role, meeting, volunteer):
    client = login(request.getfixturevalue(role))

    response = client.post(role_url(meeting), {"person": volunteer.pk, "role": "speaker"})

    assert response.status_code == 403
    assert not MeetingRole.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, meeting, volunteer):
    response = client.post(role_url(meeting), {"person": volunteer.pk, "role": "speaker"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not MeetingRole.objects.exists()


def test_coordinator_cannot_give_roles_in_another_network(
    login, coordinator, other_meeting, volunteer
):
    invite(other_meeting, volunteer)

    response = login(coordinator).post(
        role_url(other_meeting), {"person": volunteer.pk, "role": "speaker"}
    )

    assert response.status_code == 403
    assert not MeetingRole.objects.exists()


def test_role_add_by_get_is_sent_to_the_form_s_page(login, coordinator, meeting):
    # A reload of the form's error page, or a link: to the page where the form is.
    response = login(coordinator).get(role_url(meeting))

    assert response.status_code == 303
    assert response.url == plan_url(meeting, "roles")
