"""Taking a role away again."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.meetings.models import MeetingRole
from ressourcenet.meetings.tests.conftest import HTMX, MAY_NOT_MANAGE, plan_url, rule_statuses


def delete_url(role: MeetingRole) -> str:
    return reverse("role_delete", args=[role.meeting.network.plan.slug, role.pk])


@pytest.fixture
def speaker(meeting, volunteer) -> MeetingRole:
    return MeetingRole.objects.create(meeting=meeting, person=volunteer, role="speaker")


def taken(name: str, role: MeetingRole.Role) -> str:
    with translation.override("da"):
        return translation.gettext("%(name)s no longer has the role “%(role)s”.") % {
            "name": name,
            "role": str(role.label),
        }


def test_removing_deletes_the_role_and_returns_to_the_roles(login, coordinator, meeting, speaker):
    client = login(coordinator)

    response = client.post(delete_url(speaker))

    assert response.status_code == 302
    assert (
        response.url == plan_url(meeting, "roles") + "#main-content"
    )  # at the message, at the top
    assert not MeetingRole.objects.exists()
    page = client.get(response.url)
    assert rule_statuses(page.content.decode())["roles"] == "fail"
    assert [str(m) for m in page.context["messages"]] == [
        taken("Vera Frivillig", MeetingRole.Role.SPEAKER)
    ]


def test_htmx_gets_the_roles_without_it_and_the_design_check(login, coordinator, meeting, speaker):
    response = login(coordinator).post(delete_url(speaker), **HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="roles"')
    assert "Vera Frivillig: " not in content
    assert html.escape(taken("Vera Frivillig", MeetingRole.Role.SPEAKER)) in content
    assert re.search(r'<aside id="design-check"[^>]*hx-swap-oob="true"', content)
    assert rule_statuses(content)["roles"] == "fail"
    assert not MeetingRole.objects.exists()


def test_other_roles_of_the_meeting_stay(login, coordinator, meeting, speaker, member):
    MeetingRole.objects.create(meeting=meeting, person=member.person, role="time_keeper")

    login(coordinator).post(delete_url(speaker))

    assert list(meeting.roles.values_list("person__name", "role")) == [
        ("Mads Medlem", "time_keeper")
    ]


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_remove_roles(request, login, role, speaker):
    assert login(request.getfixturevalue(role)).post(delete_url(speaker)).status_code == 403
    assert MeetingRole.objects.filter(pk=speaker.pk).exists()


def test_anonymous_visitor_is_sent_to_log_in(client, speaker):
    response = client.post(delete_url(speaker))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert MeetingRole.objects.filter(pk=speaker.pk).exists()


def test_coordinator_cannot_remove_roles_in_another_network(
    login, coordinator, other_meeting, volunteer
):
    role = MeetingRole.objects.create(meeting=other_meeting, person=volunteer, role="speaker")

    assert login(coordinator).post(delete_url(role)).status_code == 403
    assert MeetingRole.objects.filter(pk=role.pk).exists()


def test_role_under_another_plans_address_is_not_found(login, admin_user, speaker):
    response = login(admin_user).post(f"/plans/findes-ikke/roles/{speaker.pk}/delete/")

    assert response.status_code == 404
    assert MeetingRole.objects.filter(pk=speaker.pk).exists()


def test_role_delete_rejects_get(login, coordinator, speaker):
    assert login(coordinator).get(delete_url(speaker)).status_code == 405
    assert MeetingRole.objects.filter(pk=speaker.pk).exists()
