"""The allocation page: who reads it, the table's sums, a year out of range, the charts
beside the areas' challenges and the open recommendations on each line."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.agreements import services
from ressourcenet.agreements.models import AllocationLine, KeyFigure
from ressourcenet.governance.tests.conftest import make_recommendation, put_in_state
from ressourcenet.plans.models import Effort


@pytest.fixture
def allocated(plan):
    effort = Effort.objects.create(plan=plan, name="Beskæftigelse")
    north, south = plan.areas.order_by("name")
    year = plan.starts_on.year + 1
    services.replace_allocation(
        plan,
        year,
        [
            services.AllocationInput(effort.pk, north.pk, 1_000, 10),
            services.AllocationInput(effort.pk, south.pk, 2_500, 5),
        ],
    )
    north.challenges = "Mange unge uden job."
    north.save()
    KeyFigure.objects.create(housing_area=north, name="Beboere", value="1.200")
    return year


@pytest.mark.parametrize(
    "role, status", [("admin_user", 200), ("board_member", 200), ("member", 403)]
)
def test_who_reads_the_allocation(role, status, request, login, plan, allocated, network):
    response = login(request.getfixturevalue(role)).get(
        reverse("allocation", args=[plan.slug]), {"year": allocated}
    )
    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        assert "Beskæftigelse" in content
        assert "3.500" in content or "3,500" in content  # the effort's sum
        assert "Mange unge uden job." in content
        assert "1.200" in content


@pytest.mark.parametrize("year", ["9999", "abc", "\x00", str(10**20)])
def test_a_year_out_of_range_shows_a_year_of_the_plan(year, login, admin_user, plan):
    response = login(admin_user).get(reverse("allocation", args=[plan.slug]), {"year": year})
    assert response.status_code == 200


def da(text: str, **values) -> str:
    with translation.override("da"):
        return gettext(text) % values


def page(client, plan, year):
    return client.get(reverse("allocation", args=[plan.slug]), {"year": year})


def test_each_area_has_a_chart_beside_its_challenges(login, admin_user, plan, allocated):
    content = page(login(admin_user), plan, allocated).content.decode()
    assert content.count('<figure class="allocation-chart"') == 2
    # The larger amount fills the chart; the smaller is drawn to scale; the values are text.
    assert '<rect width="100.0%" height="16" fill="#004d99"/>' in content
    assert '<rect width="40.0%" height="16" fill="#004d99"/>' in content
    assert '<rect width="50.0%" height="16" fill="url(#allocation-hours-stripes)"' in content
    assert content.count('aria-hidden="true" focusable="false" width="100%"') == 4
    challenges = content.index("Mange unge uden job.")
    assert challenges < content.index('<figure class="allocation-chart"', challenges)


def test_a_year_without_lines_says_so_and_draws_nothing(login, admin_user, plan, allocated):
    response = page(login(admin_user), plan, allocated + 1)
    content = response.content.decode()
    assert da("No money or hours are planned for %(year)s yet.", year=allocated + 1) in content
    assert "allocation-chart" not in content and "<table" not in content
    assert "Mange unge uden job." in content  # the challenges are still there


def test_an_area_without_lines_in_the_year_says_so(login, admin_user, plan, allocated):
    effort = Effort.objects.get(plan=plan)
    north = plan.areas.get(name="Nordparken")
    services.replace_allocation(plan, allocated, [services.AllocationInput(effort.pk, north.pk, 9)])
    content = page(login(admin_user), plan, allocated).content.decode()
    assert content.count('<figure class="allocation-chart"') == 1
    nothing = "Nothing is planned in %(area)s in %(year)s."
    assert da(nothing, area="Sydparken", year=allocated) in content


def open_recommendation(network, line, title, state="draft"):
    item = make_recommendation(network, kind="priority", title=title)
    item.allocation_lines.add(line)
    return put_in_state(item, state)


def test_each_line_shows_the_open_recommendations_that_would_change_it(
    login, board_member, plan, network, allocated
):
    line = AllocationLine.objects.get(plan=plan, year=allocated, housing_area__name="Sydparken")
    open_recommendation(network, line, "Mere til Sydparken", "submitted")
    open_recommendation(network, line, "Allerede besluttet", "approved")
    open_recommendation(network, line, "Trukket tilbage", "withdrawn")
    content = page(login(board_member), plan, allocated).content.decode()
    cell = content[content.index(f'id="line-{line.pk}"') :]
    cell = cell[: cell.index("</td>")]
    assert "Mere til Sydparken" in cell
    assert "Allerede besluttet" not in content and "Trukket tilbage" not in content


def test_the_page_asks_as_many_queries_for_many_recommendations(
    login, admin_user, plan, network, allocated
):
    client = login(admin_user)
    lines = list(AllocationLine.objects.filter(plan=plan, year=allocated))
    open_recommendation(network, lines[0], "Nr. A")
    with CaptureQueriesContext(connection) as few:
        page(client, plan, allocated)
    for index in range(8):
        item = open_recommendation(network, lines[index % 2], f"Nr. {index}")
        item.allocation_lines.set(lines)
    with CaptureQueriesContext(connection) as many:
        content = page(client, plan, allocated).content.decode()
    assert content.count("Nr. ") == 1 + 8 * 2
    assert len(many) == len(few)


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_bars_stand_out_from_the_page_by_at_least_3_to_1(login, admin_user, plan, allocated):
    """WCAG 1.4.11: the money bars' fill and the hours bars' outline against white."""
    content = page(login(admin_user), plan, allocated).content.decode()
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', content)) - {"#ffffff"}
    assert colours == {"#004d99", "#454545"}
    assert all(contrast(colour, "#ffffff") >= 3 for colour in colours)
