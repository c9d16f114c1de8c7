"""Fixtures for the agreements: a project of the plan, a partner, and agreements."""

from datetime import date

import pytest
from django.utils import timezone

from ressourcenet.agreements import services
from ressourcenet.agreements.models import CofinancingAgreement
from ressourcenet.api.tests.conftest import client_as, person_in_second_plan, second_plan  # noqa: F401
from ressourcenet.plans.models import Effort, Project


@pytest.fixture
def project(plan) -> Project:
    effort = Effort.objects.create(plan=plan, name="Uddannelse")
    return Project.objects.create(effort=effort, name="Lektiecafé")


@pytest.fixture
def agreement(plan, project, municipality, ppr, admin_user) -> CofinancingAgreement:
    """Active for the plan's four years, with money and hours for the first two."""
    agreement = CofinancingAgreement(
        plan=plan,
        project=project,
        organisation=municipality,
        unit=ppr,
        title="PPR i lektiecaféen",
        status=CofinancingAgreement.Status.ACTIVE,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    first = plan.starts_on.year
    services.create_cofinancing(
        agreement,
        amounts=[services.Amount(first, 100_000, 200), services.Amount(first + 1, 120_000, 0)],
        by=admin_user,
    )
    return agreement


def this_year() -> int:
    return timezone.localdate().year


def years_ago(n: int) -> date:
    return date(this_year() - n, 1, 1)
