"""The people directory: for members, board members, coordinators and administrators."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ressourcenet.conftest import assert_sent_home, make_person
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.people.views import PAGE_SIZE
from ressourcenet.plans.models import HousingArea, Plan

MAY_SEE = ["admin_user", "coordinator", "member", "board_member"]
HTMX = {"HTTP_HX_REQUEST": "true"}
LIST_URL = "/plans/testby/people/"

VERA_PHONE = "+45 70 70 70 70"


@pytest.fixture
def vera(volunteer):
    volunteer.phone = VERA_PHONE
    volunteer.save(update_fields=["phone"])
    return volunteer


def names(response) -> list[str]:
    return [person.name for person in response.context["page"].object_list]


def test_directory_lists_the_people_of_the_plan(login, member, coordinator, vera, board_member):
    response = login(member).get(LIST_URL)

    assert response.status_code == 200
    assert names(response) == [
        "Bente Bestyrelse",
        "Karen Koordinator",
        "Mads Medlem",
        "Vera Frivillig",
    ]
    content = response.content.decode()
    assert "Vera Frivillig" in content and "Netværk for familier" in content


def test_directory_leaves_out_people_of_other_plans(login, member, network):
    other = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2021, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    andeby_network = Network.objects.create(plan=other, name="Andenet", slug="ande")
    Membership.objects.create(
        network=andeby_network, person=make_person("Anders And"), starts_on=date(2021, 1, 1)
    )
    HousingArea.objects.create(plan=other, name="Andeparken")
    make_person("Rip Rap", housing_area=other.areas.get())

    response = login(member).get(LIST_URL)

    assert "Anders And" not in names(response)
    assert "Rip Rap" not in names(response)
    assert "Anders And" not in response.content.decode()


def test_search_finds_people_by_name_organisation_or_job(
    login, member, coordinator, vera, municipality, ppr
):
    make_person("Pia Psykolog", organisation=municipality, unit=ppr, title="Psykolog")
    client = login(member)

    assert names(client.get(LIST_URL, {"q": "vera"})) == ["Vera Frivillig"]
    assert names(client.get(LIST_URL, {"q": "testby kommune"})) == ["Pia Psykolog"]
    assert names(client.get(LIST_URL, {"q": "ppr"})) == ["Pia Psykolog"]
    assert names(client.get(LIST_URL, {"q": "psykolog"})) == ["Pia Psykolog"]
    assert names(client.get(LIST_URL, {"q": "findes ikke"})) == []


def test_filters_by_stakeholder_group_and_housing_area(login, member, coordinator, vera, plan):
    client = login(member)
    sydparken = plan.areas.get(name="Sydparken")

    by_group = client.get(LIST_URL, {"group": StakeholderGroup.VOLUNTEER})
    by_area = client.get(LIST_URL, {"area": sydparken.pk})
    unknown = client.get(LIST_URL, {"group": "pirates", "area": "nowhere"})

    assert names(by_group) == ["Mads Medlem", "Vera Frivillig"]
    assert names(by_area) == ["Vera Frivillig"]
    assert names(unknown) == ["Karen Koordinator", "Mads Medlem", "Vera Frivillig"]
    assert f'<option value="{sydparken.pk}" selected>' in by_area.content.decode()


def test_an_area_id_too_large_for_the_database_finds_no_one(login, member, vera):
    response = login(member).get(LIST_URL, {"area": "9" * 20})

    assert response.status_code == 200
    assert names(response) == []


def test_htmx_request_gets_only_the_results(login, member, vera):
    response = login(member).get(LIST_URL, {"q": "vera"}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert content.strip().startswith('<div id="results"')
    assert "Vera Frivillig" in content
    assert "Mads Medlem" not in content
    assert "<html" not in content
    assert 'name="q"' not in content


def test_full_page_has_the_search_form_and_the_results(login, member, vera):
    content = login(member).get(LIST_URL, {"q": "vera"}).content.decode()

    assert "<html" in content
    assert 'name="q" value="vera"' in content
    assert 'id="results"' in content


def test_long_directory_is_split_in_pages(login, member):
    Person.objects.bulk_create(
        Person(name=f"Person {number:03}", stakeholder_group=StakeholderGroup.GUEST)
        for number in range(PAGE_SIZE + 5)
    )
    client = login(member)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert first.context["page"].paginator.count == PAGE_SIZE + 6
    assert len(names(first)) == PAGE_SIZE
    assert names(first)[0] == "Mads Medlem"
    assert names(second) == [
        f"Person {number:03}" for number in range(PAGE_SIZE - 1, PAGE_SIZE + 5)
    ]


def test_volunteer_cannot_see_phone_numbers(login, member, vera):
    content = login(member).get(LIST_URL).content.decode()

    assert "Vera Frivillig" in content
    assert VERA_PHONE not in content
    assert "vera.frivillig@example.org" not in content


def test_coordinator_sees_contact_details_of_own_network_members(login, coordinator, vera):
    content = login(coordinator).get(LIST_URL).content.decode()

    assert VERA_PHONE in content
    assert "vera.frivillig@example.org" in content


def test_board_member_sees_people_directory(login, board_member, vera):
    response = login(board_member).get(LIST_URL)

    assert response.status_code == 200
    assert "Vera Frivillig" in names(response)
    assert VERA_PHONE not in response.content.decode()


def test_editor_is_sent_to_their_own_page_instead_of_a_403(login, editor, vera):
    response = login(editor).get(LIST_URL, follow=True)

    assert_sent_home(response)
    assert "Vera Frivillig" not in response.content.decode()


def test_editor_searching_with_htmx_is_sent_to_their_own_page(login, editor, vera):
    response = login(editor).get(LIST_URL, {"q": "vera"}, **HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("home")
    assert "Vera Frivillig" not in response.content.decode()


@pytest.mark.parametrize("role", MAY_SEE)
def test_roles_that_may_see_people_get_the_directory(request, login, role, vera):
    response = login(request.getfixturevalue(role)).get(LIST_URL)

    assert response.status_code == 200
    assert "Vera Frivillig" in names(response)


def test_outsider_is_refused(login, outsider, vera):
    response = login(outsider).get(LIST_URL, **HTMX)

    assert response.status_code == 403
    assert "Vera Frivillig" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, vera):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={LIST_URL}"


@pytest.mark.parametrize(("role", "may_add"), [("coordinator", True), ("member", False)])
def test_only_those_who_may_add_people_see_the_add_button(request, login, role, may_add):
    response = login(request.getfixturevalue(role)).get(LIST_URL)

    assert response.context["may_add"] is may_add
    assert (reverse("person_create", args=["testby"]) in response.content.decode()) is may_add


def test_member_whose_membership_ended_loses_the_directory(login, member):
    member.person.memberships.update(ends_on=timezone.localdate() - timedelta(days=1))

    assert login(member).get(LIST_URL).status_code == 403


def test_person_list_rejects_post(login, member):
    assert login(member).post(LIST_URL).status_code == 405


# --- guests -----------------------------------------------------------------------------


@pytest.fixture
def gerda(network):
    """A guest at one of the network's meetings, with no other tie to the plan."""
    person = make_person("Gerda Gæst", email="gerda@example.org")
    Invitation.objects.create(meeting=make_meeting(network), person=person, is_guest=True)
    return person


@pytest.mark.parametrize("role", MAY_SEE)
def test_guests_are_not_listed_by_default(request, login, role, gerda, vera):
    response = login(request.getfixturevalue(role)).get(LIST_URL)

    assert "Gerda Gæst" not in names(response)
    assert "Vera Frivillig" in names(response)
    assert "Gerda Gæst" not in response.content.decode()


@pytest.mark.parametrize("role", ["admin_user", "coordinator"])
def test_coordinators_and_administrators_may_show_the_guests(request, login, role, gerda):
    client = login(request.getfixturevalue(role))

    assert 'name="guests"' in client.get(LIST_URL).content.decode()
    response = client.get(LIST_URL, {"guests": "1"})
    assert "Gerda Gæst" in names(response)
    assert "Gerda Gæst" in client.get(LIST_URL, {"guests": "1"}, **HTMX).content.decode()


@pytest.mark.parametrize("role", ["member", "board_member"])
def test_members_and_board_cannot_show_the_guests(request, login, role, gerda):
    client = login(request.getfixturevalue(role))

    assert 'name="guests"' not in client.get(LIST_URL).content.decode()
    assert "Gerda Gæst" not in names(client.get(LIST_URL, {"guests": "1"}))


def test_a_guest_who_is_also_a_member_stays_listed(login, member, network, gerda):
    Membership.objects.create(network=network, person=gerda, starts_on=date.today())

    assert "Gerda Gæst" in names(login(member).get(LIST_URL))
