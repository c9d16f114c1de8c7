"""GET and POST /api/v1/people: people of a plan, contact details by role."""

from datetime import date

import pytest

from ressourcenet.api.tests.utils import ROLES, error_locs, post_json, refusal_status
from ressourcenet.conftest import make_person
from ressourcenet.meetings.models import Invitation
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Organisation, Person, StakeholderGroup, Unit
from ressourcenet.plans.models import HousingArea

URL = "/api/v1/people"
MAY_SEE_PEOPLE = {"admin_user", "coordinator", "member", "board_member"}
MAY_ADD_PEOPLE = {"admin_user", "coordinator"}


@pytest.fixture
def nordparken(plan) -> HousingArea:
    return plan.areas.get(name="Nordparken")


def names(response) -> list[str]:
    return [person["name"] for person in response.json()["items"]]


# --- GET /people --------------------------------------------------------------------------


def test_list_people_answers_the_plans_people(admin_user, api_client, coordinator, volunteer):
    sydparken = volunteer.housing_area

    response = api_client(admin_user).get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": coordinator.person.pk,
                "name": "Karen Koordinator",
                "email": "karen.koordinator@example.org",
                "phone": "+45 11 22 33 44",
                "organisation": None,
                "unit": None,
                "title": "",
                "stakeholder_group": "social_housing_staff",
                "housing_area": None,
            },
            {
                "id": volunteer.pk,
                "name": "Vera Frivillig",
                "email": "vera.frivillig@example.org",
                "phone": "+45 11 22 33 44",
                "organisation": None,
                "unit": None,
                "title": "",
                "stakeholder_group": "volunteer",
                "housing_area": sydparken.pk,
            },
        ],
        "count": 2,
    }


def test_list_people_names_organisation_and_unit_by_id(admin_user, api_client, ppr, plan):
    pia = make_person("Pia PPR", organisation=ppr.organisation, unit=ppr, title="Psykolog")

    [item] = api_client(admin_user).get(URL).json()["items"]

    assert item["id"] == pia.pk
    assert item["organisation"] == ppr.organisation.pk
    assert item["unit"] == ppr.pk
    assert item["title"] == "Psykolog"
    assert item["stakeholder_group"] == "professional_staff"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_list_people(role, client_as, volunteer):
    response = client_as(role).get(URL)

    if role in MAY_SEE_PEOPLE:
        assert response.status_code == 200
        assert "Vera Frivillig" in names(response)
    else:
        assert response.status_code == refusal_status(role)
        assert "Vera Frivillig" not in response.content.decode()
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    ("role", "sees_contact"),
    [("admin_user", True), ("coordinator", True), ("member", False), ("board_member", False)],
)
def test_volunteer_contact_details_in_people_list_per_role(
    role, sees_contact, client_as, volunteer
):
    items = client_as(role).get(URL).json()["items"]

    [vera] = [person for person in items if person["id"] == volunteer.pk]
    if sees_contact:
        assert (vera["email"], vera["phone"]) == ("vera.frivillig@example.org", "+45 11 22 33 44")
    else:
        assert "email" not in vera
        assert "phone" not in vera


def test_member_does_not_get_volunteer_phone_number(member, api_client, volunteer):
    response = api_client(member).get(URL)

    [vera] = [person for person in response.json()["items"] if person["id"] == volunteer.pk]
    assert "phone" not in vera
    assert "vera.frivillig@example.org" not in response.content.decode()


def test_board_member_gets_the_coordinators_contact_details(board_member, coordinator, api_client):
    items = api_client(board_member).get(URL).json()["items"]

    [karen] = [person for person in items if person["id"] == coordinator.person.pk]
    assert karen["phone"] == "+45 11 22 33 44"


def test_member_gets_their_own_contact_details(member, api_client):
    items = api_client(member).get(URL).json()["items"]

    [mads] = [person for person in items if person["id"] == member.person.pk]
    assert mads["email"] == "mads.medlem@example.org"


def test_former_coordinator_is_no_contact_point(member, api_client, network):
    former = make_person("Frede Fortid")
    Membership.objects.create(
        network=network,
        person=former,
        role=Membership.Role.COORDINATOR,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 6, 1),
    )

    items = api_client(member).get(URL).json()["items"]

    [frede] = [person for person in items if person["id"] == former.pk]
    assert "phone" not in frede


def test_list_people_leaves_out_people_of_other_plans(
    admin_user, api_client, member, person_in_second_plan
):
    response = api_client(admin_user).get(URL, {"plan": "testby"})

    assert names(response) == ["Mads Medlem"]


def test_list_people_includes_people_not_yet_in_any_plan(admin_user, api_client, member):
    make_person("Nina Ny")

    assert names(api_client(admin_user).get(URL)) == ["Mads Medlem", "Nina Ny"]


def test_list_people_of_another_plan_by_slug(admin_user, api_client, member, person_in_second_plan):
    response = api_client(admin_user).get(URL, {"plan": "andeby"})

    assert names(response) == ["Ole Andeby"]


def test_member_may_not_list_people_of_another_plan(member, api_client, person_in_second_plan):
    response = api_client(member).get(URL, {"plan": "andeby"})

    assert response.status_code == 403
    assert "Ole Andeby" not in response.content.decode()


def test_list_people_of_an_unknown_plan_is_404(admin_user, api_client, plan):
    assert api_client(admin_user).get(URL, {"plan": "no-such-plan"}).status_code == 404


def test_list_people_without_any_plan_is_404(admin_user, api_client):
    assert api_client(admin_user).get(URL).status_code == 404


# --- guests: left out as in the directory, unless asked for -----------------------------


@pytest.fixture
def gerda(meeting) -> Person:
    """A guest at one of the network's meetings, with no other tie to the plan."""
    person = make_person("Gerda Gæst", StakeholderGroup.GUEST, email="gerda@example.org")
    Invitation.objects.create(meeting=meeting, person=person, is_guest=True)
    return person


@pytest.mark.parametrize("role", sorted(MAY_SEE_PEOPLE))
def test_guests_are_not_listed_by_default(role, client_as, gerda, volunteer):
    response = client_as(role).get(URL)

    assert "Gerda Gæst" not in names(response)
    assert "Vera Frivillig" in names(response)
    assert response.json()["count"] == len(names(response))


@pytest.mark.parametrize("role", ["admin_user", "coordinator"])
def test_coordinators_and_administrators_may_include_the_guests(role, client_as, gerda, volunteer):
    response = client_as(role).get(URL, {"include_guests": "true"})

    assert {"Gerda Gæst", "Vera Frivillig"} <= set(names(response))
    assert client_as(role).get(URL, {"include_guests": "false"}).json()["count"] == (
        response.json()["count"] - 1
    )


@pytest.mark.parametrize("role", ["member", "board_member"])
def test_members_and_board_asking_for_guests_get_the_members(role, client_as, gerda, volunteer):
    response = client_as(role).get(URL, {"include_guests": "true"})

    assert response.status_code == 200
    assert "Gerda Gæst" not in names(response)
    assert "Vera Frivillig" in names(response)


def test_a_guest_who_is_also_a_member_stays_listed(member, api_client, network, gerda):
    Membership.objects.create(network=network, person=gerda, starts_on=network.plan.starts_on)

    assert "Gerda Gæst" in names(api_client(member).get(URL))


def test_a_guest_of_another_plan_is_listed_in_the_plan_they_belong_to(
    admin_user, api_client, person_in_second_plan, meeting
):
    Invitation.objects.create(meeting=meeting, person=person_in_second_plan, is_guest=True)

    assert names(api_client(admin_user).get(URL, {"plan": "andeby"})) == ["Ole Andeby"]
    assert "Ole Andeby" not in names(api_client(admin_user).get(URL, {"plan": "testby"}))


def test_include_guests_must_be_a_boolean(admin_user, api_client, plan):
    response = api_client(admin_user).get(URL, {"include_guests": "maybe"})

    assert error_locs(response) == [["query", "include_guests"]]


def make_people(network: Network, how_many: int) -> None:
    people = Person.objects.bulk_create(
        Person(name=f"Person {n:03}", stakeholder_group=StakeholderGroup.GUEST)
        for n in range(how_many)
    )
    Membership.objects.bulk_create(
        Membership(network=network, person=person, starts_on=date(2025, 1, 1)) for person in people
    )


def test_list_people_searches_as_the_directory_page_does(
    admin_user, api_client, login, coordinator, volunteer, municipality, ppr, plan
):
    make_person("Pia Psykolog", organisation=municipality, unit=ppr, title="Psykolog")
    sydparken = plan.areas.get(name="Sydparken").pk
    client, page = api_client(admin_user), login(admin_user)
    searches = [
        {"q": "vera"},
        {"q": "ppr"},
        {"q": " psykolog "},
        {"group": "volunteer"},
        {"area": sydparken},
        {"q": "a", "group": "professional_staff"},
        {"q": "vera\x00"},
    ]

    for search in searches:
        found = names(client.get(URL, search))
        shown = [p.name for p in page.get("/plans/testby/people/", search).context["page"]]
        assert found == shown, search
    assert names(client.get(URL, {"q": "ppr"})) == ["Pia Psykolog"]
    assert names(client.get(URL, {"area": sydparken})) == ["Vera Frivillig"]


def test_list_people_refuses_an_area_id_beyond_the_database_range(admin_user, api_client):
    # The page ignores such an id in its query string; the API names the bad parameter.
    response = api_client(admin_user).get(URL, {"area": "9" * 20})

    assert error_locs(response) == [["query", "area"]]


def test_list_people_refuses_an_unknown_group(admin_user, api_client, volunteer):
    response = api_client(admin_user).get(URL, {"group": "pirates"})

    assert error_locs(response) == [["query", "group"]]


def test_list_people_gives_100_by_default(admin_user, api_client, network):
    make_people(network, 101)

    body = api_client(admin_user).get(URL).json()

    assert body["count"] == 101
    assert len(body["items"]) == 100
    assert body["items"][-1]["name"] == "Person 099"


def test_list_people_pages_with_limit_and_offset(admin_user, api_client, network):
    make_people(network, 5)

    body = api_client(admin_user).get(URL, {"limit": 2, "offset": 3}).json()

    assert body["count"] == 5
    assert [person["name"] for person in body["items"]] == ["Person 003", "Person 004"]


def test_list_people_refuses_more_than_500(admin_user, api_client, network):
    response = api_client(admin_user).get(URL, {"limit": 501})

    assert error_locs(response) == [["query", "limit"]]


def test_list_people_refuses_delete(admin_user, api_client, volunteer):
    assert api_client(admin_user).delete(URL).status_code == 405
    assert Person.objects.filter(pk=volunteer.pk).exists()


# --- POST /people -------------------------------------------------------------------------

NEW_PERSON = {"name": "Nina Ny", "stakeholder_group": "professional_staff"}


def test_admin_creates_a_person(admin_user, api_client, ppr, nordparken):
    body = {
        "name": "  Nina Ny ",
        "email": "Nina.Ny@Example.org",
        "phone": "+45 22 33 44 55",
        "organisation": ppr.organisation.pk,
        "unit": ppr.pk,
        "title": "Psykolog",
        "stakeholder_group": "professional_staff",
        "housing_area": nordparken.pk,
    }

    response = post_json(api_client(admin_user), URL, body)

    assert response.status_code == 201
    nina = Person.objects.get()
    assert response.json() == {
        "id": nina.pk,
        "name": "Nina Ny",
        "email": "nina.ny@example.org",
        "phone": "+45 22 33 44 55",
        "organisation": ppr.organisation.pk,
        "unit": ppr.pk,
        "title": "Psykolog",
        "stakeholder_group": "professional_staff",
        "housing_area": nordparken.pk,
    }
    assert (nina.name, nina.email, nina.unit, nina.housing_area) == (
        "Nina Ny",
        "nina.ny@example.org",
        ppr,
        nordparken,
    )
    assert nina.memberships.count() == 0
    assert nina.user is None


def test_create_person_needs_only_name_and_group(admin_user, api_client, plan):
    response = post_json(api_client(admin_user), URL, NEW_PERSON)

    assert response.status_code == 201
    assert response.json() | {"id": None} == {
        "id": None,
        "name": "Nina Ny",
        "email": "",
        "phone": "",
        "organisation": None,
        "unit": None,
        "title": "",
        "stakeholder_group": "professional_staff",
        "housing_area": None,
    }


def test_create_person_takes_the_organisation_from_the_unit(admin_user, api_client, ppr, plan):
    response = post_json(api_client(admin_user), URL, NEW_PERSON | {"unit": ppr.pk})

    assert response.status_code == 201
    assert response.json()["organisation"] == ppr.organisation.pk
    assert Person.objects.get().organisation == ppr.organisation


@pytest.mark.parametrize("role", ROLES)
def test_who_may_create_a_person(role, client_as, volunteer):
    client = client_as(role)
    before = Person.objects.count()

    response = post_json(client, URL, NEW_PERSON)

    if role in MAY_ADD_PEOPLE:
        assert response.status_code == 201
        assert Person.objects.filter(name="Nina Ny").exists()
    else:
        assert response.status_code == refusal_status(role)
        assert Person.objects.count() == before


def test_a_new_person_shows_up_in_the_people_list(coordinator, api_client):
    client = api_client(coordinator)

    created = post_json(client, URL, NEW_PERSON).json()

    assert created["id"] in [person["id"] for person in client.get(URL).json()["items"]]


def test_coordinator_may_not_create_people_in_another_plan(
    coordinator, api_client, person_in_second_plan
):
    response = post_json(api_client(coordinator), f"{URL}?plan=andeby", NEW_PERSON)

    assert response.status_code == 403
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_create_person_in_an_unknown_plan_is_404(admin_user, api_client, plan):
    response = post_json(api_client(admin_user), f"{URL}?plan=no-such-plan", NEW_PERSON)

    assert response.status_code == 404
    assert not Person.objects.exists()


@pytest.fixture
def other_unit(db) -> Unit:
    housing = Organisation.objects.create(name="Boligselskabet", kind="housing_organisation")
    return Unit.objects.create(organisation=housing, name="Driften")


@pytest.fixture
def area_of_second_plan(second_plan) -> HousingArea:
    return second_plan.areas.get()


# Each case: changes to a valid body, and the one field the 422 must name.
INVALID = {
    "missing name": ({"name": None}, "name"),
    "empty name": ({"name": ""}, "name"),
    "blank name": ({"name": "   "}, "name"),
    "too long name": ({"name": "x" * 201}, "name"),
    "missing group": ({"stakeholder_group": None}, "stakeholder_group"),
    "unknown group": ({"stakeholder_group": "resident"}, "stakeholder_group"),
    "group by label": ({"stakeholder_group": "Volunteer"}, "stakeholder_group"),
    "unknown organisation": ({"organisation": 999_999}, "organisation"),
    "organisation not an id": ({"organisation": "Testby Kommune"}, "organisation"),
    "unknown unit": ({"unit": 999_999}, "unit"),
    "unknown housing area": ({"housing_area": 999_999}, "housing_area"),
    "invalid e-mail": ({"email": "not-an-address"}, "email"),
    "too long phone": ({"phone": "1" * 31}, "phone"),
}


@pytest.mark.parametrize(("changes", "field"), INVALID.values(), ids=INVALID.keys())
def test_create_person_names_the_invalid_field(admin_user, api_client, plan, changes, field):
    body = {k: v for k, v in (NEW_PERSON | changes).items() if v is not None}

    response = post_json(api_client(admin_user), URL, body)

    assert error_locs(response) == [["body", "payload", field]]
    assert response.json()["detail"][0]["msg"]
    assert not Person.objects.exists()


def test_create_person_refuses_a_housing_area_of_another_plan(
    admin_user, api_client, plan, area_of_second_plan
):
    body = NEW_PERSON | {"housing_area": area_of_second_plan.pk}

    response = post_json(api_client(admin_user), URL, body)

    assert error_locs(response) == [["body", "payload", "housing_area"]]
    assert not Person.objects.exists()


def test_create_person_refuses_a_unit_of_another_organisation(
    admin_user, api_client, municipality, other_unit, plan
):
    body = NEW_PERSON | {"organisation": municipality.pk, "unit": other_unit.pk}

    response = post_json(api_client(admin_user), URL, body)

    assert error_locs(response) == [["body", "payload", "unit"]]
    assert not Person.objects.exists()


def test_resident_board_member_needs_a_housing_area(admin_user, api_client, plan):
    body = NEW_PERSON | {"stakeholder_group": "resident_board"}

    response = post_json(api_client(admin_user), URL, body)

    assert error_locs(response) == [["body", "payload", "housing_area"]]
    assert not Person.objects.exists()


def test_resident_board_member_with_a_housing_area_is_created(admin_user, api_client, nordparken):
    body = NEW_PERSON | {"stakeholder_group": "resident_board", "housing_area": nordparken.pk}

    response = post_json(api_client(admin_user), URL, body)

    assert response.status_code == 201
    assert Person.objects.get().stakeholder_group == StakeholderGroup.RESIDENT_BOARD


def test_create_person_refuses_an_email_someone_else_has(admin_user, api_client, member):
    body = NEW_PERSON | {"email": "MADS.Medlem@example.org"}

    response = post_json(api_client(admin_user), URL, body)

    assert error_locs(response) == [["body", "payload", "email"]]
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_create_person_names_every_broken_rule_at_once(
    admin_user, api_client, municipality, other_unit, member
):
    body = NEW_PERSON | {
        "stakeholder_group": "resident_board",
        "organisation": municipality.pk,
        "unit": other_unit.pk,
        "email": "mads.medlem@example.org",
    }

    response = post_json(api_client(admin_user), URL, body)

    assert sorted(error_locs(response)) == [
        ["body", "payload", "email"],
        ["body", "payload", "housing_area"],
        ["body", "payload", "unit"],
    ]
    assert not Person.objects.filter(name="Nina Ny").exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
def test_create_person_refuses_a_body_that_is_not_json(admin_user, api_client, plan, content_type):
    response = api_client(admin_user).post(URL, "name=Nina", content_type=content_type)

    assert response.status_code == 400
    assert response.json() == {"detail": "Forespørgslen er ikke gyldig JSON."}
    assert not Person.objects.exists()
