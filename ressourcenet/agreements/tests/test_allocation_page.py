"""The allocation page: who reads it, the table's sums, a year out of range."""

import pytest
from django.urls import reverse

from ressourcenet.agreements import services
from ressourcenet.agreements.models import KeyFigure
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
