"""Editing a person: administrators, and coordinators for people in their networks."""

from datetime import date

import pytest
from django.urls import reverse

from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Organisation, StakeholderGroup

MAY_NOT = ["member", "board_member", "editor", "outsider"]


def edit_url(person) -> str:
    return reverse("person_edit", args=["testby", person.pk])


def form_data(person, **changes) -> dict:
    data = {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "stakeholder_group": person.stakeholder_group,
        "organisation": person.organisation_id or "",
        "unit": person.unit_id or "",
        "title": person.title,
        "housing_area": person.housing_area_id or "",
    }
    return {**data, **changes}


def test_form_shows_the_person_as_they_are(login, coordinator, volunteer):
    response = login(coordinator).get(edit_url(volunteer))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Vera Frivillig"' in content
    assert 'value="vera.frivillig@example.org"' in content


def test_coordinator_changes_a_member_of_their_network(login, coordinator, volunteer, plan):
    nordparken = plan.areas.get(name="Nordparken")

    response = login(coordinator).post(
        edit_url(volunteer),
        form_data(volunteer, title="Lektiehjælper", housing_area=nordparken.pk, phone=""),
    )

    assert response.status_code == 302
    assert response.url == reverse("person_detail", args=["testby", volunteer.pk])
    volunteer.refresh_from_db()
    assert (volunteer.title, volunteer.housing_area, volunteer.phone) == (
        "Lektiehjælper",
        nordparken,
        "",
    )


def test_invalid_change_shows_the_error_keeps_the_input_and_saves_nothing(
    login, coordinator, volunteer, ppr
):
    housing = Organisation.objects.create(name="Boligselskabet")

    response = login(coordinator).post(
        edit_url(volunteer),
        form_data(volunteer, title="Ny titel", organisation=housing.pk, unit=ppr.pk),
    )

    assert response.status_code == 422
    (error,) = response.context["form"].errors["unit"]
    content = response.content.decode()
    assert error in content
    assert 'value="Ny titel"' in content
    volunteer.refresh_from_db()
    assert (volunteer.title, volunteer.organisation) == ("", None)


def test_email_of_another_person_is_refused_whatever_its_case(
    login, coordinator, volunteer, member
):
    response = login(coordinator).post(
        edit_url(volunteer), form_data(volunteer, email="MADS.medlem@example.ORG")
    )

    assert "email" in response.context["form"].errors
    volunteer.refresh_from_db()
    assert volunteer.email == "vera.frivillig@example.org"


def test_keeping_ones_own_email_is_fine(login, coordinator, volunteer):
    response = login(coordinator).post(
        edit_url(volunteer), form_data(volunteer, email="VERA.Frivillig@example.org")
    )

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.email == "vera.frivillig@example.org"


def test_resident_board_member_needs_a_housing_area(login, coordinator, volunteer):
    response = login(coordinator).post(
        edit_url(volunteer),
        form_data(volunteer, stakeholder_group=StakeholderGroup.RESIDENT_BOARD, housing_area=""),
    )

    assert "housing_area" in response.context["form"].errors
    volunteer.refresh_from_db()
    assert volunteer.stakeholder_group == StakeholderGroup.VOLUNTEER


def test_coordinator_may_edit_people_they_created_who_are_in_no_network(login, coordinator, plan):
    newcomer = make_person("Nina Ny", created_by=coordinator)

    response = login(coordinator).post(edit_url(newcomer), form_data(newcomer, title="Frivillig"))

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.title == "Frivillig"


def test_coordinator_cannot_manage_other_network(login, coordinator, other_network):
    jens = make_person("Jens Job")
    Membership.objects.create(network=other_network, person=jens, starts_on=date(2025, 1, 1))

    client = login(coordinator)

    assert client.get(edit_url(jens)).status_code == 403
    assert client.post(edit_url(jens), form_data(jens, title="Ændret")).status_code == 403
    jens.refresh_from_db()
    assert jens.title == ""


def test_coordinator_cannot_edit_board_members(login, coordinator, board_member):
    person = board_member.person

    response = login(coordinator).get(edit_url(person))

    assert response.status_code == 403
    assert "bente.bestyrelse@example.org" not in response.content.decode()


def test_administrator_may_edit_anyone(login, admin_user, board_member):
    person = board_member.person

    response = login(admin_user).post(edit_url(person), form_data(person, title="Formand"))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "Formand"


@pytest.mark.parametrize("role", MAY_NOT)
def test_other_roles_may_not_edit_people(request, login, role, volunteer):
    client = login(request.getfixturevalue(role))

    assert client.get(edit_url(volunteer)).status_code == 403
    assert client.post(edit_url(volunteer), form_data(volunteer, title="X")).status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.title == ""


def test_members_may_edit_themselves_but_no_one_else(login, member, volunteer):
    client = login(member)
    me = member.person

    response = client.post(edit_url(me), form_data(me, phone="+45 99 88 77 66"))

    assert response.status_code == 302
    me.refresh_from_db()
    assert me.phone == "+45 99 88 77 66"
    assert client.get(edit_url(volunteer)).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, volunteer):
    response = client.get(edit_url(volunteer))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_person_edit_rejects_delete(login, coordinator, volunteer):
    assert login(coordinator).delete(edit_url(volunteer)).status_code == 405
