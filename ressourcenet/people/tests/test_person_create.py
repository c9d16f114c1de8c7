"""Adding a new person, optionally straight into a network the user runs."""

import pytest
from django.urls import reverse

from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Organisation, Person, StakeholderGroup

MAY_NOT = ["member", "board_member", "editor", "outsider"]
CREATE_URL = "/plans/testby/people/new/"


def new_person(**changes) -> dict:
    data = {
        "name": "Nina Ny",
        "email": "nina@example.org",
        "phone": "+45 12 34 56 78",
        "stakeholder_group": StakeholderGroup.VOLUNTEER,
        "organisation": "",
        "unit": "",
        "title": "Frivillig i lektiecaféen",
        "housing_area": "",
        "network": "",
        "role": Membership.Role.MEMBER,
    }
    return {**data, **changes}


def test_form_offers_only_the_networks_the_coordinator_runs(
    login, coordinator, network, other_network
):
    response = login(coordinator).get(CREATE_URL, {"network": network.pk})

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["network"].queryset) == [network]
    assert form["network"].value() == str(network.pk)
    assert f'<option value="{network.pk}" selected>' in response.content.decode()


def test_administrator_may_choose_any_network(login, admin_user, network, other_network):
    form = login(admin_user).get(CREATE_URL).context["form"]

    assert set(form.fields["network"].queryset) == {network, other_network}


def test_new_person_in_a_network_becomes_a_member(login, coordinator, network):
    response = login(coordinator).post(
        CREATE_URL, new_person(network=network.pk, role=Membership.Role.COORDINATOR)
    )

    assert response.status_code == 302
    assert response.url == network.get_absolute_url()
    person = Person.objects.get(name="Nina Ny")
    assert (person.email, person.title) == ("nina@example.org", "Frivillig i lektiecaféen")
    membership = person.memberships.get()
    assert (membership.network, membership.role) == (network, Membership.Role.COORDINATOR)
    assert membership.is_active()


def test_new_person_without_a_network_is_saved_alone(login, coordinator, network):
    response = login(coordinator).post(CREATE_URL, new_person(email=" Nina@Example.ORG "))

    person = Person.objects.get(name="Nina Ny")
    assert response.status_code == 302
    assert response.url == reverse("person_detail", args=["testby", person.pk])
    assert person.email == "nina@example.org"
    assert not person.memberships.exists()


def test_missing_name_shows_an_error_keeps_the_input_and_saves_nothing(login, coordinator, network):
    response = login(coordinator).post(CREATE_URL, new_person(name="", network=network.pk))

    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    content = response.content.decode()
    assert 'value="nina@example.org"' in content
    assert "Frivillig i lektiecaféen" in content
    assert not Person.objects.filter(email="nina@example.org").exists()
    assert network.memberships.count() == 1  # only the coordinator


def test_duplicate_email_is_refused_whatever_its_case(login, coordinator, network, member):
    response = login(coordinator).post(CREATE_URL, new_person(email="Mads.Medlem@EXAMPLE.org"))

    assert response.status_code == 422
    (error,) = response.context["form"].errors["email"]
    assert error in response.content.decode()
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_resident_board_member_needs_a_housing_area(login, coordinator, network, plan):
    client = login(coordinator)
    data = new_person(stakeholder_group=StakeholderGroup.RESIDENT_BOARD, network=network.pk)

    refused = client.post(CREATE_URL, data)
    accepted = client.post(
        CREATE_URL, {**data, "housing_area": plan.areas.get(name="Nordparken").pk}
    )

    assert "housing_area" in refused.context["form"].errors
    assert accepted.status_code == 302
    assert Person.objects.get(name="Nina Ny").housing_area.name == "Nordparken"


def test_unit_of_another_organisation_is_refused(login, coordinator, ppr):
    housing = Organisation.objects.create(name="Boligselskabet")

    response = login(coordinator).post(CREATE_URL, new_person(organisation=housing.pk, unit=ppr.pk))

    assert "unit" in response.context["form"].errors
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_coordinator_cannot_manage_other_network(login, coordinator, other_network):
    response = login(coordinator).post(CREATE_URL, new_person(network=other_network.pk))

    assert response.status_code == 422
    assert "network" in response.context["form"].errors
    assert not Person.objects.filter(name="Nina Ny").exists()
    assert not other_network.memberships.exists()


def test_administrator_may_add_people(login, admin_user, other_network):
    login(admin_user).post(CREATE_URL, new_person(network=other_network.pk))

    assert other_network.memberships.get().person.name == "Nina Ny"


@pytest.mark.parametrize("role", MAY_NOT)
def test_other_roles_may_not_add_people(request, login, role, network):
    client = login(request.getfixturevalue(role))

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, new_person()).status_code == 403
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_anonymous_visitor_is_sent_to_log_in(client, plan):
    response = client.post(CREATE_URL, new_person())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_person_create_rejects_put(login, coordinator):
    assert login(coordinator).put(CREATE_URL).status_code == 405
