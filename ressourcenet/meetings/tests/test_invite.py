"""Inviting: all the network's members, chosen members, or a guest for this meeting only."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.conftest import make_person
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import MAY_NOT_MANAGE, error_at_field, invite, plan_url
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import EMAIL_CANNOT_BE_USED, Person, StakeholderGroup
from ressourcenet.plans.models import HousingArea, Plan


def invite_url(meeting) -> str:
    return reverse("invite", args=[meeting.network.plan.slug, meeting.pk])


def invited(meeting) -> list[tuple[str, bool]]:
    return list(
        meeting.invitations.order_by("person__name").values_list("person__name", "is_guest")
    )


def guest(**changes) -> dict:
    data = {
        "guest": "1",
        "name": "Gitte Gæst",
        "email": "gitte@foreningen.dk",
        "organisation": "Foreningen Kvarterløft",
        "stakeholder_group": StakeholderGroup.GUEST,
    }
    return data | changes


def test_all_active_members_are_invited(login, coordinator, meeting, member, volunteer):
    former = make_person("Frida Tidligere")
    Membership.objects.create(
        network=meeting.network, person=former, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1)
    )

    response = login(coordinator).post(invite_url(meeting), {"all_members": "1"})

    assert response.status_code == 302
    assert (
        response.url == plan_url(meeting, "invitations") + "#main-content"
    )  # at the message, at the top
    assert invited(meeting) == [
        ("Karen Koordinator", False),
        ("Mads Medlem", False),
        ("Vera Frivillig", False),
    ]
    assert set(meeting.invitations.values_list("answer", flat=True)) == {"pending"}


def test_inviting_all_twice_invites_no_one_twice(login, coordinator, meeting, member):
    client = login(coordinator)
    client.post(invite_url(meeting), {"all_members": "1"})

    client.post(invite_url(meeting), {"all_members": "1"})

    assert Invitation.objects.filter(meeting=meeting).count() == 2


def test_chosen_members_only_are_invited(login, coordinator, meeting, member, volunteer):
    response = login(coordinator).post(invite_url(meeting), {"people": [volunteer.pk]})

    assert response.status_code == 302
    assert invited(meeting) == [("Vera Frivillig", False)]


def test_choosing_no_one_shows_the_error_and_invites_no_one(login, coordinator, meeting, member):
    response = login(coordinator).post(invite_url(meeting), {"people": []})

    assert response.status_code == 422
    assert list(response.context["members_form"].errors) == ["people"]
    assert error_at_field(response.content.decode(), response.context["members_form"]["people"])
    assert not Invitation.objects.exists()


def test_someone_outside_the_network_cannot_be_chosen(login, coordinator, meeting):
    stranger = make_person("Svend Fremmed")

    response = login(coordinator).post(invite_url(meeting), {"people": [stranger.pk]})

    assert response.status_code == 422
    assert not Invitation.objects.exists()


def test_guest_is_created_without_login_and_invited_as_guest(login, coordinator, meeting):
    response = login(coordinator).post(invite_url(meeting), guest())

    assert response.status_code == 302
    person = Person.objects.get(email="gitte@foreningen.dk")
    assert person.name == "Gitte Gæst"
    assert person.user is None
    assert person.stakeholder_group == StakeholderGroup.GUEST
    assert person.organisation.name == "Foreningen Kvarterløft"
    assert invited(meeting) == [("Gitte Gæst", True)]
    assert not person.memberships.exists()


def test_a_member_invited_through_the_guest_form_stays_a_member(
    login, coordinator, meeting, volunteer
):
    login(coordinator).post(
        invite_url(meeting), guest(name="Vera F.", email=volunteer.email.upper())
    )

    assert Person.objects.filter(email__iexact=volunteer.email).count() == 1
    assert invited(meeting) == [("Vera Frivillig", False)]


def test_a_known_outsider_is_invited_as_a_guest_without_a_new_person(login, coordinator, meeting):
    known = make_person("Kaj Kendt", StakeholderGroup.GUEST, email="kaj@foreningen.dk")
    login(coordinator).post(invite_url(meeting), guest(name="K. Kendt", email="KAJ@foreningen.dk"))

    assert Person.objects.filter(email__iexact=known.email).count() == 1
    assert invited(meeting) == [("Kaj Kendt", True)]


def test_guest_without_e_mail_shows_the_error_keeps_the_input_and_saves_nothing(
    login, coordinator, meeting
):
    response = login(coordinator).post(invite_url(meeting), guest(email=""))

    assert response.status_code == 422
    assert list(response.context["guest_form"].errors) == ["email"]
    content = response.content.decode()
    assert error_at_field(content, response.context["guest_form"]["email"])
    assert 'value="Gitte Gæst"' in content
    assert 'value="Foreningen Kvarterløft"' in content
    assert not Person.objects.filter(name="Gitte Gæst").exists()
    assert not Invitation.objects.exists()


def test_guest_with_a_broken_e_mail_is_refused(login, coordinator, meeting):
    response = login(coordinator).post(invite_url(meeting), guest(email="gitte@"))

    assert response.status_code == 422
    assert 'value="gitte@"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_failed_guest_invitation_comes_back_on_its_step_with_the_summary_to_focus(
    login, coordinator, meeting
):
    response = login(coordinator).post(invite_url(meeting), guest(email="gitte@"))

    assert response.status_code == 422
    assert response.context["step"].name == "invitations"
    content = response.content.decode()
    # The one place site.js moves to is the error summary, inside the guest's form.
    assert content.count("data-focus-here") == 1
    guest_form = content[content.index('class="guest-invite"') :]
    assert "data-focus-here" in guest_form[: guest_form.index('name="email"')]
    assert 'value="gitte@"' in guest_form and 'value="Gitte Gæst"' in guest_form


def test_an_address_of_someone_in_another_plan_is_refused_in_the_same_words(
    login, coordinator, meeting
):
    elsewhere = Plan.objects.create(
        name="Helhedsplan Andetsted",
        slug="andetsted",
        municipality="Andetsted",
        starts_on=meeting.network.plan.starts_on,
        ends_on=meeting.network.plan.ends_on,
    )
    area = HousingArea.objects.create(plan=elsewhere, name="Østparken")
    make_person("Anne Andetsted", email="anne@andetsted.dk", housing_area=area)

    response = login(coordinator).post(invite_url(meeting), guest(email="anne@andetsted.dk"))

    assert response.status_code == 422
    with translation.override("da"):
        refused = str(EMAIL_CANNOT_BE_USED)
    assert response.context["guest_form"].errors["email"] == [refused]
    assert 'value="anne@andetsted.dk"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_choosing_no_one_shows_the_chosen_members_form_open(login, coordinator, meeting, member):
    response = login(coordinator).post(invite_url(meeting), {"people": []})

    content = response.content.decode()
    assert '<details class="details" open>' in content
    assert content.count("data-focus-here") == 1


def test_invitees_are_listed_on_the_planning_page(login, coordinator, meeting, volunteer):
    client = login(coordinator)
    client.post(invite_url(meeting), guest())
    invite(meeting, volunteer)

    page = client.get(plan_url(meeting, "invitations"))

    assert [i.person.name for i in page.context["invitations"]] == ["Gitte Gæst", "Vera Frivillig"]
    assert page.context["missing"] == 2


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_invite(request, login, role, meeting, volunteer):
    client = login(request.getfixturevalue(role))

    assert client.post(invite_url(meeting), {"all_members": "1"}).status_code == 403
    assert client.post(invite_url(meeting), guest()).status_code == 403
    assert not Invitation.objects.exists()
    assert not Person.objects.filter(name="Gitte Gæst").exists()


def test_anonymous_visitor_is_sent_to_log_in(client, meeting, volunteer):
    response = client.post(invite_url(meeting), {"all_members": "1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Invitation.objects.exists()


def test_coordinator_cannot_invite_to_a_meeting_of_another_network(
    login, coordinator, other_meeting
):
    response = login(coordinator).post(invite_url(other_meeting), guest())

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_invite_by_get_is_sent_to_the_form_s_page(login, coordinator, meeting):
    # A reload of the form's error page, or a link: to the page where the form is.
    response = login(coordinator).get(invite_url(meeting))

    assert response.status_code == 303
    assert response.url == plan_url(meeting, "invitations")
