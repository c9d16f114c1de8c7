"""An idea's page: what it is, where it came from, and its dated status history."""

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.knowledge import services
from ressourcenet.knowledge.tests.conftest import MAY_NOT_SEE, MAY_SEE, make_idea


def url(idea) -> str:
    return reverse("idea", args=[idea.network.plan.slug, idea.pk])


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.mark.parametrize("role", MAY_SEE)
def test_the_page_shows_the_idea_and_its_history(request, login, idea, coordinator, role):
    services.change_status(idea, "being_tried", "Vi prøver det i Nordparken.", coordinator)

    response = login(request.getfixturevalue(role)).get(url(idea))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Madklub for familier</h1>" in content
    assert "Familier laver mad sammen en gang om måneden." in content
    assert "Nordparken" in content and "Netværk for familier" in content
    assert "?tag=mad" in content and "?tag=familier" in content
    assert [c.reason for c in response.context["history"]] == ["", "Vi prøver det i Nordparken."]
    assert "Vi prøver det i Nordparken." in content
    assert content.count("Karen Koordinator") >= 2  # who added it, who changed it


def test_the_page_names_the_meeting_the_idea_came_from(login, member, network, held_meeting):
    idea = make_idea(network, "Byttedag", meeting=held_meeting)

    content = login(member).get(url(idea)).content.decode()

    assert held_meeting.get_absolute_url() in content
    assert "Værksted om madklub" in content


def test_the_coordinator_gets_the_status_form_and_the_edit_link(login, coordinator, idea):
    content = login(coordinator).get(url(idea)).content.decode()

    assert reverse("idea_status", args=["testby", idea.pk]) in content
    assert reverse("idea_edit", args=["testby", idea.pk]) in content
    # The status it has is no choice.
    assert 'value="new"' not in content and 'value="implemented"' in content


@pytest.mark.parametrize("role", ["member", "board_member"])
def test_readers_get_neither_the_form_nor_the_edit_link(request, login, idea, role):
    content = login(request.getfixturevalue(role)).get(url(idea)).content.decode()

    assert reverse("idea_status", args=["testby", idea.pk]) not in content
    assert reverse("idea_edit", args=["testby", idea.pk]) not in content


def test_the_owner_gets_the_form(login, idea, member):
    idea.owner = member.person
    services.update_idea(idea)

    content = login(member).get(url(idea)).content.decode()

    assert reverse("idea_status", args=["testby", idea.pk]) in content


@pytest.mark.parametrize("role", MAY_NOT_SEE)
def test_outsiders_may_not_see_the_idea(request, login, idea, role):
    response = login(request.getfixturevalue(role)).get(url(idea))

    assert response.status_code == 403
    assert "Madklub" not in response.content.decode()


def test_an_idea_is_found_only_under_its_own_plan(login, admin_user, idea):
    assert login(admin_user).get(f"/plans/andeby/ideas/{idea.pk}/").status_code == 404
    assert login(admin_user).get(f"/plans/testby/ideas/{idea.pk + 1}/").status_code == 404


def test_the_page_is_only_read(login, coordinator, idea):
    assert login(coordinator).post(url(idea)).status_code == 405
    assert idea.status_changes.count() == 1


def test_a_visitor_reads_a_public_idea_without_the_names_of_people(client, idea, coordinator):
    services.change_status(idea, "being_tried", "Vi prøver det i Nordparken.", coordinator)
    idea.public = True
    services.update_idea(idea)

    response = client.get(url(idea))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Madklub for familier</h1>" in content
    assert "Vi prøver det i Nordparken." in content
    # The people behind it, and the ways into the members' pages, stay with the readers.
    assert "Karen Koordinator" not in content
    assert "?tag=mad" not in content
    assert f'href="{reverse("idea_list", args=["testby"])}"' not in content
    assert idea.network.get_absolute_url() not in content


@pytest.mark.parametrize("role", MAY_NOT_SEE)
def test_outsiders_read_a_public_idea_without_the_names_of_people(request, login, idea, role):
    idea.owner = idea.created_by.person
    idea.public = True
    services.update_idea(idea)

    response = login(request.getfixturevalue(role)).get(url(idea))

    assert response.status_code == 200
    assert "Karen Koordinator" not in response.content.decode()


def test_a_visitor_may_not_read_an_idea_that_is_not_public(client, idea):
    response = client.get(url(idea))

    assert response.status_code in (302, 403)
    assert "Madklub" not in response.content.decode()
