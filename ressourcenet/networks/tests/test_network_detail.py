"""A network's page: mandate and coverage for everyone, members for members, contact
details by role, and management controls for its coordinators."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains

from ressourcenet.conftest import make_person
from ressourcenet.knowledge.tests.conftest import make_idea
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import invite, make_meeting
from ressourcenet.networks import views
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import StakeholderGroup as G

SEE_MEMBERS = ["admin_user", "coordinator", "member", "board_member"]
NOT_MEMBERS = ["editor", "outsider"]

VERA_PHONE = "+45 70 70 70 70"
VERA_EMAIL = "vera.frivillig@example.org"


@pytest.fixture
def vera(volunteer):
    volunteer.phone = VERA_PHONE
    volunteer.save(update_fields=["phone"])
    return volunteer


def network_url(network) -> str:
    return reverse("network", args=[network.plan.slug, network.slug])


def end_url(membership) -> str:
    return reverse("membership_end", args=[membership.network.plan.slug, membership.pk])


def test_network_page_shows_mandate_tasks_and_coverage(client, network, member):
    response = client.get(network_url(network))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Netværk for familier" in content
    assert "Rådgive og koordinere." in content
    assert "<li>Dele viden</li>" in content and "<li>Prioritere ressourcer</li>" in content
    coverage = response.context["coverage"]
    assert coverage["member_count"] == 1
    assert coverage["areas_present"] == ["Nordparken"]
    assert coverage["areas_missing"] == ["Sydparken"]
    assert coverage["units_missing"] == ["PPR"]


def test_each_group_is_listed_on_its_own_even_with_a_comma_in_its_name(client, network, member):
    with translation.override("da"):
        management = str(G.PROFESSIONAL_MANAGEMENT.label)
        staff = str(G.PROFESSIONAL_STAFF.label)
    assert "," in management  # "Fagperson, ledelse"

    response = client.get(network_url(network))

    assertContains(response, f"<li>{management}</li>", html=True)
    assertContains(response, f"<li>{staff}</li>", html=True)
    assertContains(response, "<li>Nordparken</li>", html=True)
    assertContains(response, "<li>Sydparken</li>", html=True)


@pytest.mark.parametrize("role", SEE_MEMBERS)
def test_members_board_coordinators_and_administrators_see_who_takes_part(
    request, login, role, network, member, vera
):
    response = login(request.getfixturevalue(role)).get(network_url(network))

    content = response.content.decode()
    assert "Mads Medlem" in content
    assert "Vera Frivillig" in content


@pytest.mark.parametrize("role", NOT_MEMBERS)
def test_editor_and_outsider_see_the_network_but_not_its_members(
    request, login, role, network, member, vera
):
    response = login(request.getfixturevalue(role)).get(network_url(network))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Netværk for familier" in content
    assert "Mads Medlem" not in content
    assert "Vera Frivillig" not in content
    assert "member_groups" not in response.context


def test_anonymous_visitor_sees_the_network_but_not_its_members(client, network, member):
    response = client.get(network_url(network))

    assert response.status_code == 200
    assert "Mads Medlem" not in response.content.decode()
    assert response.context["coverage"]["member_count"] == 1


def test_volunteer_cannot_see_phone_numbers(login, member, vera):
    content = login(member).get(network_url(vera.memberships.get().network)).content.decode()

    assert "Vera Frivillig" in content
    assert VERA_PHONE not in content
    assert VERA_EMAIL not in content


def test_member_sees_members_but_not_contact_details(login, network, member, vera):
    response = login(member).get(network_url(network))

    memberships = [
        membership
        for _group, organisations in response.context["member_groups"]
        for _organisation, in_organisation in organisations
        for membership in in_organisation
    ]
    shown = {m.person.name: m.show_contact for m in memberships}
    assert shown == {"Mads Medlem": True, "Vera Frivillig": False}


def test_board_member_sees_members_but_not_contact_details(login, network, board_member, vera):
    content = login(board_member).get(network_url(network)).content.decode()

    assert "Vera Frivillig" in content
    assert VERA_EMAIL not in content
    assert VERA_PHONE not in content


def test_member_sees_contact_details_of_the_coordinator(login, network, member, coordinator):
    content = login(member).get(network_url(network)).content.decode()

    assert "karen.koordinator@example.org" in content


def test_coordinator_sees_contact_details_of_own_network_members(login, network, coordinator, vera):
    content = login(coordinator).get(network_url(network)).content.decode()

    assert VERA_EMAIL in content
    assert VERA_PHONE in content


def test_administrator_sees_contact_details(login, network, admin_user, vera):
    content = login(admin_user).get(network_url(network)).content.decode()

    assert VERA_EMAIL in content and VERA_PHONE in content


def test_coordinator_sees_controls_to_manage_members(login, network, coordinator, vera):
    response = login(coordinator).get(network_url(network))

    content = response.content.decode()
    assert response.context["may_manage"] is True
    assert reverse("member_add", args=["testby", "familier"]) in content
    assert end_url(vera.memberships.get()) in content


def test_member_sees_no_controls_to_manage_members(login, network, member, vera):
    response = login(member).get(network_url(network))

    content = response.content.decode()
    assert response.context["may_manage"] is False
    assert reverse("member_add", args=["testby", "familier"]) not in content
    assert end_url(vera.memberships.get()) not in content


def test_coordinator_cannot_manage_other_network(login, coordinator, other_network):
    response = login(coordinator).get(network_url(other_network))

    assert response.status_code == 200
    assert response.context["may_manage"] is False
    assert reverse("member_add", args=["testby", "job"]) not in response.content.decode()


def test_former_members_are_listed_apart_and_only_for_those_who_manage(
    login, network, coordinator, member
):
    former = make_person("Frida Tidligere")
    Membership.objects.create(
        network=network, person=former, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1)
    )

    as_coordinator = login(coordinator).get(network_url(network))
    as_member = login(member).get(network_url(network))

    assert [m.person.name for m in as_coordinator.context["former_memberships"]] == [
        "Frida Tidligere"
    ]
    assert "Frida Tidligere" in as_coordinator.content.decode()
    assert "Frida Tidligere" not in as_member.content.decode()
    assert as_coordinator.context["coverage"]["member_count"] == 2


def test_members_are_grouped_by_stakeholder_group_then_organisation(
    login, network, admin_user, coordinator, member, municipality
):
    Membership.objects.create(
        network=network,
        person=make_person("Ole Kommune", organisation=municipality),
        starts_on=date(2025, 1, 1),
    )

    groups = login(admin_user).get(network_url(network)).context["member_groups"]

    summary = [
        (group, [(organisation, [m.person.name for m in ms]) for organisation, ms in orgs])
        for group, orgs in groups
    ]
    assert summary == [
        (G.PROFESSIONAL_STAFF.label, [("Testby Kommune", ["Ole Kommune"])]),
        (G.VOLUNTEER.label, [("", ["Mads Medlem"])]),
        (G.SOCIAL_HOUSING_STAFF.label, [("", ["Karen Koordinator"])]),
    ]


def test_network_of_another_plan_is_not_found(client, network):
    assert client.get("/plans/findes-ikke/networks/familier/").status_code == 404
    assert client.get("/plans/testby/networks/findes-ikke/").status_code == 404


def test_network_page_rejects_post(login, coordinator, network):
    assert login(coordinator).post(network_url(network)).status_code == 405


@pytest.mark.parametrize("role", SEE_MEMBERS)
def test_members_see_the_coming_meetings_without_being_invited(request, login, role, network):
    meeting = make_meeting(network, title="Idéer til caféen")

    response = login(request.getfixturevalue(role)).get(network_url(network))

    assert list(response.context["meetings"]) == [meeting]
    content = response.content.decode()
    assert "Idéer til caféen" in content
    assert meeting.get_absolute_url() in content


def test_coming_meetings_leave_out_cancelled_past_and_other_networks(
    login, network, other_network, member
):
    past = make_meeting(network, title="Forrige møde", starts_at=timezone.now() - timedelta(days=7))
    cancel_meeting(make_meeting(network, title="Aflyst møde"))
    make_meeting(other_network, title="Jobmesse i hallen")
    coming = make_meeting(network, title="Idéer til caféen")

    response = login(member).get(network_url(network))

    assert list(response.context["meetings"]) == [coming]
    # The past meeting is in the archive, not among the coming ones.
    assert list(response.context["past_meetings"]) == [past]
    content = response.content.decode()
    coming_part = content.split('id="archive-heading"')[0]
    assert "Forrige møde" not in coming_part
    assert "Aflyst møde" not in content
    assert "Jobmesse i hallen" not in content


def test_coordinator_gets_links_to_plan_meetings(login, network, coordinator):
    meeting = make_meeting(network, title="Idéer til caféen")

    content = login(coordinator).get(network_url(network)).content.decode()

    assert reverse("meeting_create", args=["testby", "familier"]) in content
    assert reverse("meeting_plan", args=["testby", meeting.pk]) in content


def test_member_gets_no_links_to_plan_meetings(login, network, member):
    meeting = make_meeting(network, title="Idéer til caféen")

    content = login(member).get(network_url(network)).content.decode()

    assert reverse("meeting_create", args=["testby", "familier"]) not in content
    assert reverse("meeting_plan", args=["testby", meeting.pk]) not in content


@pytest.mark.parametrize("role", [*NOT_MEMBERS, None])
def test_editor_outsider_and_anonymous_see_no_meetings(request, login, role, network):
    make_meeting(network, title="Idéer til caféen")

    response = login(request.getfixturevalue(role) if role else None).get(network_url(network))

    assert response.status_code == 200
    assert "meetings" not in response.context
    content = response.content.decode()
    assert "Idéer til caféen" not in content
    assert network.calendar_secret not in content


# --- the archive of past meetings -------------------------------------------------------


def test_archive_lists_past_meetings_with_attendance_and_capture(login, network, member, volunteer):
    older = make_meeting(
        network, title="Første møde", starts_at=timezone.now() - timedelta(days=60)
    )
    last = make_meeting(
        network,
        title="Caféaften",
        starts_at=timezone.now() - timedelta(days=7),
        capture=["summary", "ideas"],
    )
    last.capture_delivered = ["ideas"]
    last.save()
    came, stayed_away = invite(last, member.person, volunteer)
    came.attended, stayed_away.attended = True, False
    came.save()
    stayed_away.save()
    invite(older, member.person)

    response = login(member).get(network_url(network))

    past = list(response.context["past_meetings"])
    assert past == [last, older]
    assert (past[0].invited_count, past[0].attended_count) == (2, 1)
    # Ideas come first in the order of capture forms: recorded; the summary is not.
    assert [recorded for _label, recorded in past[0].capture_state] == [True, False]
    assert past[1].attendance_recorded == 0
    content = response.content.decode()
    archive = content.split('id="archive-heading"')[1]
    assert "Caféaften" in archive and "Første møde" in archive


def test_archive_leaves_out_cancelled_coming_and_other_networks(
    login, network, other_network, member
):
    gone = make_meeting(network, title="Aflyst", starts_at=timezone.now() - timedelta(days=7))
    cancel_meeting(gone)
    make_meeting(other_network, title="Jobmesse", starts_at=timezone.now() - timedelta(days=7))
    make_meeting(network, title="Kommende")

    response = login(member).get(network_url(network))

    assert list(response.context["past_meetings"]) == []
    content = response.content.decode()
    assert "Aflyst" not in content and "Jobmesse" not in content


def test_archive_is_paged_newest_first(login, network, member, monkeypatch):
    monkeypatch.setattr(views, "ARCHIVE_PAGE_SIZE", 2)
    now = timezone.now()
    meetings = [
        make_meeting(network, title=f"Møde {n}", starts_at=now - timedelta(days=7 * n))
        for n in range(1, 6)
    ]
    client = login(member)

    first = client.get(network_url(network))
    assert list(first.context["past_meetings"]) == meetings[:2]
    assert (first.context["archive_newer"], first.context["archive_older"]) == (None, 2)
    assert 'href="?archive=2#archive-heading"' in first.content.decode()

    last = client.get(network_url(network) + "?archive=3")
    assert list(last.context["past_meetings"]) == meetings[4:]
    assert (last.context["archive_newer"], last.context["archive_older"]) == (2, None)

    # Beyond the last page or nonsense: the newest page, never "no meetings held".
    for number in ("9", "x", "0", "99999999999"):
        response = client.get(network_url(network) + f"?archive={number}")
        assert response.status_code == 200
        assert list(response.context["past_meetings"]) == meetings[:2]


def test_outsiders_see_no_archive(login, network, outsider):
    make_meeting(network, title="Caféaften", starts_at=timezone.now() - timedelta(days=7))

    response = login(outsider).get(network_url(network))

    assert "past_meetings" not in response.context
    assert "Caféaften" not in response.content.decode()


def test_the_idea_count_is_the_networks_own(login, coordinator, network, other_network):
    for title in ("Fællesspisning", "Lektiecafé"):
        make_idea(network, title)
    make_idea(other_network, "Loppemarked")
    url = f"/plans/{network.plan.slug}/networks/{network.slug}/"
    with translation.override("en"):
        content = login(coordinator).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The idea catalogue holds 2 ideas from this network." in content
