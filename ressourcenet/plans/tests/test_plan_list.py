"""The list of all plans: public."""

from datetime import date

import pytest
from django.urls import reverse

from ressourcenet.plans.models import Plan

ROLES = ["admin_user", "coordinator", "member", "board_member", "editor", "outsider"]


def test_plan_list_shows_every_plan_with_its_municipality(client, plan):
    Plan.objects.create(
        name="Helhedsplan Andeby 2021–2024",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2021, 1, 1),
        ends_on=date(2024, 12, 31),
    )

    response = client.get(reverse("plan_list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert plan.name in content
    assert "Helhedsplan Andeby 2021–2024" in content
    assert 'href="/plans/andeby/"' in content
    assert [p.slug for p in response.context["plans"]] == ["testby", "andeby"]


@pytest.mark.django_db
def test_plan_list_without_plans_is_empty(client):
    response = client.get(reverse("plan_list"))

    assert response.status_code == 200
    assert list(response.context["plans"]) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_plan_list(request, login, role, plan):
    response = login(request.getfixturevalue(role)).get(reverse("plan_list"))

    assert response.status_code == 200
    assert plan.name in response.content.decode()


def test_plan_list_rejects_post(client, plan):
    assert client.post(reverse("plan_list")).status_code == 405
