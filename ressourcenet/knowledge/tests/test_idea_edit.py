"""Editing an idea: its coordinator, its owner and administrators; the status stays."""

import pytest
from django.urls import reverse

from ressourcenet.knowledge import services
from ressourcenet.knowledge.models import Idea


def url(idea) -> str:
    return reverse("idea_edit", args=["testby", idea.pk])


def form_data(idea, **changes) -> dict:
    data = {
        "title": "Madklub for alle",
        "description": "Alle beboere kan være med.",
        "tags": "mad, fællesskab",
        "housing_areas": [a.pk for a in idea.network.plan.areas.all()],
        "owner": "",
    }
    data.update(changes)
    return data


def test_the_form_shows_the_idea_as_it_is(login, coordinator, idea):
    response = login(coordinator).get(url(idea))

    assert response.status_code == 200
    form = response.context["form"]
    assert "network" not in form.fields
    assert form.initial["tags"] == ["familier", "Mad"]
    assert 'value="familier, Mad"' in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "admin_user"])
def test_saving_changes_the_idea_and_keeps_its_status(request, login, idea, volunteer, role):
    client = login(request.getfixturevalue(role))

    response = client.post(url(idea), form_data(idea, owner=volunteer.pk, status="implemented"))

    assert response.status_code == 302
    assert response.url == idea.get_absolute_url()
    idea.refresh_from_db()
    assert (idea.title, idea.owner, idea.status) == ("Madklub for alle", volunteer, "new")
    # "mad" is the tag "Mad" the plan has already.
    assert list(idea.tags.values_list("name", flat=True)) == ["fællesskab", "Mad"]
    assert idea.housing_areas.count() == 2


def test_the_owner_may_edit_their_idea(login, member, idea):
    idea.owner = member.person
    services.update_idea(idea)

    response = login(member).post(url(idea), form_data(idea, owner=member.person.pk))

    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).title == "Madklub for alle"


def test_an_empty_title_is_refused_and_nothing_changes(login, coordinator, idea):
    response = login(coordinator).post(url(idea), form_data(idea, title=""))

    assert response.status_code == 422
    assert response.context["form"].errors["title"]
    assert Idea.objects.get(pk=idea.pk).title == "Madklub for familier"


@pytest.mark.parametrize("role", ["member", "board_member", "outsider"])
def test_others_may_not_edit(request, login, idea, role):
    client = login(request.getfixturevalue(role))

    assert client.get(url(idea)).status_code == 403
    assert client.post(url(idea), form_data(idea)).status_code == 403
    assert Idea.objects.get(pk=idea.pk).title == "Madklub for familier"


def test_the_form_takes_no_other_method(login, coordinator, idea):
    assert login(coordinator).delete(url(idea)).status_code == 405
    assert Idea.objects.filter(pk=idea.pk).exists()
