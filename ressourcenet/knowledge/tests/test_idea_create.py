"""Adding one idea to the catalogue, by a member of the network it belongs to."""

import pytest
from django.urls import reverse

from ressourcenet.knowledge.models import Idea, Tag
from ressourcenet.meetings import services as meeting_services

CREATE_URL = "/plans/testby/ideas/new/"


def form_data(network, **changes) -> dict:
    data = {
        "network": network.pk,
        "title": "Madklub for familier",
        "description": "Familier laver mad sammen.",
        "tags": "Mad, familier, ",
        "housing_areas": [network.plan.areas.get(name="Nordparken").pk],
    }
    data.update(changes)
    return data


def test_the_form_offers_the_members_own_networks_only(login, member, network, other_network):
    response = login(member).get(CREATE_URL)

    assert response.status_code == 200
    assert list(response.context["form"].fields["network"].queryset) == [network]
    assert "Netværk for job" not in response.content.decode()


def test_a_link_from_a_meeting_fills_in_its_network_and_the_meeting(
    login, admin_user, network, held_meeting
):
    response = login(admin_user).get(CREATE_URL, {"meeting": held_meeting.pk})

    form = response.context["form"]
    assert form.initial == {"network": network.pk, "meeting": held_meeting.pk}


def test_saving_adds_the_idea_and_opens_its_page(login, member, network, held_meeting):
    response = login(member).post(
        CREATE_URL, form_data(network, meeting=held_meeting.pk, public="on")
    )

    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("idea", args=["testby", idea.pk])
    assert (idea.title, idea.network, idea.meeting, idea.public) == (
        "Madklub for familier",
        network,
        held_meeting,
        True,
    )
    assert idea.created_by == member
    assert sorted(idea.tags.values_list("name", flat=True)) == ["Mad", "familier"]
    assert [a.name for a in idea.housing_areas.all()] == ["Nordparken"]
    assert list(idea.status_changes.values_list("to_status", flat=True)) == ["new"]


def test_an_empty_title_is_refused_by_its_field(login, member, network):
    response = login(member).post(CREATE_URL, form_data(network, title="   "))

    assert response.status_code == 422
    assert response.context["form"].errors["title"]
    assert 'data-module="error-summary"' in response.content.decode()
    assert not Idea.objects.exists() and not Tag.objects.exists()


def test_a_meeting_ahead_is_not_offered_and_not_taken(login, member, network, meeting_ahead):
    response = login(member).post(CREATE_URL, form_data(network, meeting=meeting_ahead.pk))

    assert response.status_code == 422
    assert "meeting" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_a_member_cannot_add_to_another_network(login, member, other_network):
    response = login(member).post(CREATE_URL, form_data(other_network))

    assert response.status_code == 422
    assert "network" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_a_bad_tag_is_refused_by_the_tags_field(login, member, network):
    response = login(member).post(CREATE_URL, form_data(network, tags="mad, " + "x" * 60))

    assert response.status_code == 422
    assert "tags" in response.context["form"].errors
    assert not Idea.objects.exists()


@pytest.mark.parametrize("role", ["board_member", "editor", "outsider"])
def test_only_members_of_a_network_may_add(request, login, network, role):
    client = login(request.getfixturevalue(role))

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, form_data(network)).status_code == 403
    assert not Idea.objects.exists()


def test_the_form_takes_no_other_method(login, member, network):
    assert login(member).put(CREATE_URL).status_code == 405


def test_the_owner_is_chosen_among_the_networks_members_not_their_guests(
    login, member, network, held_meeting, volunteer
):
    meeting_services.invite_guest(held_meeting, "Gert Gæst", "gert@example.org")

    response = login(member).get(CREATE_URL)

    owners = list(response.context["form"].fields["owner"].queryset)
    assert volunteer in owners and member.person in owners
    assert "Gert Gæst" not in response.content.decode()
