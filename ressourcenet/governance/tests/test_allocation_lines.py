"""A priority recommendation names the allocation lines it would change: only lines of its
own plan, only for kind `priority`; on the form (grouped), in the API and on its page."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.agreements import services as agreements
from ressourcenet.agreements.models import AllocationLine
from ressourcenet.governance import services
from ressourcenet.governance.models import Recommendation
from ressourcenet.governance.tests.conftest import make_recommendation
from ressourcenet.plans.models import Effort, HousingArea

URL = "/api/v1/recommendations"
OTHER_KIND = "Only a recommendation about priority of resources names allocation lines."
OTHER_PLAN = "Choose among the plan's own allocation lines."


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


@pytest.fixture
def lines(plan, network) -> list[AllocationLine]:
    """The network's effort in both areas of the plan's first year."""
    north, south = plan.areas.order_by("name")
    year = plan.starts_on.year
    return agreements.replace_allocation(
        plan,
        year,
        [
            agreements.AllocationInput(network.effort_id, north.pk, 250_000, 300),
            agreements.AllocationInput(network.effort_id, south.pk, 1_000, 10),
        ],
    )


@pytest.fixture
def foreign_line(other_plan) -> AllocationLine:
    effort = Effort.objects.create(plan=other_plan, name="Naboskab")
    area = HousingArea.objects.create(plan=other_plan, name="Andetby Syd")
    return AllocationLine.objects.create(
        plan=other_plan, effort=effort, housing_area=area, year=other_plan.starts_on.year
    )


def draft(network, kind="priority", title="Mere til lektiecafé"):
    return Recommendation(network=network, kind=kind, title=title)


# --- the rule ---------------------------------------------------------------------------


def test_a_priority_names_lines_of_its_plan(coordinator, network, lines):
    item = services.create_recommendation(draft(network), allocation_lines=lines, by=coordinator)
    assert set(item.allocation_lines.all()) == set(lines)


def test_a_line_of_another_plan_is_refused(coordinator, network, lines, foreign_line):
    with pytest.raises(ValidationError) as refused:
        services.create_recommendation(
            draft(network), allocation_lines=[lines[0], foreign_line], by=coordinator
        )
    assert refused.value.message_dict == {"allocation_lines": [da(OTHER_PLAN)]}
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("kind", ["other", "cofinancing_change"])
def test_other_kinds_name_no_lines(kind, coordinator, network, lines):
    with pytest.raises(ValidationError) as refused:
        services.create_recommendation(
            draft(network, kind=kind), allocation_lines=lines, by=coordinator
        )
    assert refused.value.message_dict["allocation_lines"] == [da(OTHER_KIND)]


def test_a_draft_that_stops_being_a_priority_must_let_go_of_its_lines(coordinator, network, lines):
    item = services.create_recommendation(draft(network), allocation_lines=lines, by=coordinator)
    item.kind = "other"
    with pytest.raises(ValidationError):
        services.update_draft(item, by=coordinator)
    item.kind = "other"
    services.update_draft(item, allocation_lines=[], by=coordinator)
    assert not Recommendation.objects.get().allocation_lines.exists()


def test_changing_the_allocation_keeps_the_lines_that_stay(coordinator, network, plan, lines):
    item = services.create_recommendation(draft(network), allocation_lines=lines, by=coordinator)
    north = lines[0].housing_area_id
    agreements.replace_allocation(
        plan, plan.starts_on.year, [agreements.AllocationInput(network.effort_id, north, 5, 6)]
    )
    kept = item.allocation_lines.get()
    assert (kept.pk, kept.money, kept.hours) == (lines[0].pk, 5, 6)


# --- the form ---------------------------------------------------------------------------


def create_url(network) -> str:
    return reverse("recommendation_create", args=[network.plan.slug, network.slug])


def test_the_form_groups_the_lines_by_effort_and_year(login, coordinator, network, plan, lines):
    content = login(coordinator).get(create_url(network)).content.decode()
    year = plan.starts_on.year
    assert content.count('class="checkbox-group"') == 1
    assert f'<legend class="form-label">Familier, {year}</legend>' in content
    assert 'id="id_allocation_lines_0_0"' in content
    assert "Nordparken: 250.000 kr." in content or "Nordparken: 250,000 kr." in content


def test_a_coordinator_picks_lines_on_the_form(login, coordinator, network, lines):
    response = login(coordinator).post(
        create_url(network),
        {"kind": "priority", "title": "Flere timer", "allocation_lines": [lines[1].pk]},
    )
    item = Recommendation.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert list(item.allocation_lines.all()) == [lines[1]]


@pytest.mark.parametrize("bad", ["foreign", str(10**20), "-1", "1\x00"])
def test_a_bad_line_on_the_form_is_told_at_the_field(
    bad, login, coordinator, network, lines, foreign_line
):
    value = str(foreign_line.pk) if bad == "foreign" else bad
    response = login(coordinator).post(
        create_url(network),
        {"kind": "priority", "title": "Min titel bliver stående", "allocation_lines": [value]},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Min titel bliver stående" in content
    assert 'href="#id_allocation_lines_0_0"' in content
    assert 'id="id_allocation_lines_error"' in content
    assert not Recommendation.objects.exists()


def test_lines_on_another_kind_are_told_in_danish(login, coordinator, network, lines):
    response = login(coordinator).post(
        create_url(network),
        {"kind": "other", "title": "Noget andet", "allocation_lines": [lines[0].pk]},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 422
    assert da(OTHER_KIND) in response.content.decode()
    assert not Recommendation.objects.exists()


def test_the_edit_form_keeps_and_changes_the_lines(login, coordinator, network, lines):
    item = services.create_recommendation(
        draft(network), allocation_lines=[lines[0]], by=coordinator
    )
    client = login(coordinator)
    url = reverse("recommendation_edit", args=[network.plan.slug, item.pk])
    content = client.get(url).content.decode()
    assert re.search(rf'<input [^>]*value="{lines[0].pk}"[^>]* checked', content)
    assert not re.search(rf'<input [^>]*value="{lines[1].pk}"[^>]* checked', content)
    response = client.post(
        url, {"kind": "priority", "title": item.title, "allocation_lines": [lines[1].pk]}
    )
    assert response.status_code == 302
    assert list(item.allocation_lines.all()) == [lines[1]]


# --- the page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, sees_amounts", [("coordinator", True), ("board_member", True), ("member", False)]
)
def test_the_page_lists_the_lines(request, login, role, sees_amounts, network, plan, lines):
    item = make_recommendation(network, kind="priority")
    item.allocation_lines.set(lines)
    content = login(request.getfixturevalue(role)).get(item.get_absolute_url()).content.decode()
    assert "Nordparken" in content and "Sydparken" in content
    link = f"{reverse('allocation', args=[plan.slug])}?year={plan.starts_on.year}#line-"
    assert (link in content) == sees_amounts
    assert ("250.000" in content or "250,000" in content) == sees_amounts


# --- the API ----------------------------------------------------------------------------


def post(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_the_api_takes_and_returns_the_lines(api_client, coordinator, network, lines):
    client = api_client(coordinator)
    body = {"network": network.pk, "kind": "priority", "title": "Flere timer"}
    response = post(client, {**body, "allocation_lines": [lines[0].pk, lines[1].pk]})
    assert response.status_code == 201, response.content
    assert sorted(response.json()["allocation_lines"]) == sorted(line.pk for line in lines)
    listed = client.get(URL).json()["items"]
    assert sorted(listed[0]["allocation_lines"]) == sorted(line.pk for line in lines)


@pytest.mark.parametrize("bad", ["foreign", 10**20, -1, "abc"])
def test_the_api_refuses_a_bad_line_by_its_field(
    bad, api_client, coordinator, network, lines, foreign_line
):
    value = foreign_line.pk if bad == "foreign" else bad
    response = post(
        api_client(coordinator),
        {"network": network.pk, "kind": "priority", "title": "Ny", "allocation_lines": [value]},
    )
    assert response.status_code == 422
    assert any("allocation_lines" in detail["loc"] for detail in response.json()["detail"])
    assert not Recommendation.objects.exists()


def test_the_api_refuses_lines_on_another_kind(api_client, coordinator, network, lines):
    response = post(
        api_client(coordinator),
        {"network": network.pk, "kind": "other", "title": "Ny", "allocation_lines": [lines[0].pk]},
    )
    assert response.status_code == 422
    assert [detail["loc"][-1] for detail in response.json()["detail"]] == ["allocation_lines"]


def test_another_coordinator_cannot_use_the_lines(api_client, other_coordinator, network, lines):
    body = {"network": network.pk, "kind": "priority", "title": "Ny"}
    response = post(api_client(other_coordinator), {**body, "allocation_lines": [lines[0].pk]})
    assert response.status_code == 403
    assert not Recommendation.objects.exists()


def test_the_network_s_own_effort_comes_first_and_the_others_fold_away(
    login, coordinator, network, plan, lines
):
    other = Effort.objects.create(plan=plan, name="Beskæftigelse")  # first by name
    year = plan.starts_on.year
    north = plan.areas.get(name="Nordparken")
    foreign_effort = AllocationLine.objects.create(
        plan=plan, effort=other, housing_area=north, year=year, money=7
    )
    client = login(coordinator)
    content = client.get(create_url(network)).content.decode()
    own, details = content.index(f">Familier, {year}<"), content.index('<details class="details">')
    assert own < details < content.index(f">Beskæftigelse, {year}<")
    # A line of another effort may still be chosen; chosen, its group is shown open.
    item = services.create_recommendation(
        draft(network), allocation_lines=[foreign_effort], by=coordinator
    )
    url = reverse("recommendation_edit", args=[plan.slug, item.pk])
    assert '<details class="details" open>' in client.get(url).content.decode()


def test_the_admin_shows_the_lines_read_only(login, admin_user, coordinator, network, lines):
    admin_user.is_staff = True
    admin_user.save()
    item = services.create_recommendation(draft(network), allocation_lines=lines, by=coordinator)
    url = reverse("admin:governance_recommendation_change", args=[item.pk])
    content = login(admin_user).get(url).content.decode()
    assert "Nordparken" in content
    assert 'name="allocation_lines"' not in content
