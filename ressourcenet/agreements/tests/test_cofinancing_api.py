"""The co-financing agreements in the API: who may do what, versions, bounds."""

import json

import pytest

from ressourcenet.agreements.models import CofinancingAgreement, CofinancingVersion
from ressourcenet.api.tests.utils import ROLES, error_locs, patch_json, post_json, refusal_status

URL = "/api/v1/cofinancing-agreements"
READERS = {"admin_user", "coordinator", "board_member"}


def new_body(plan, project, municipality, ppr, /, **changes) -> dict:
    first = plan.starts_on.year
    body = {
        "plan": plan.pk,
        "project": project.pk,
        "organisation": municipality.pk,
        "unit": ppr.pk,
        "title": "Boligsocial medarbejder",
        "status": "active",
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "amounts": [
            {"year": first, "money": 50_000, "hours": 100},
            {"year": first + 1, "money": 60_000},
        ],
    }
    return body | changes


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_create(role, client_as, plan, project, municipality, ppr, network):
    response = post_json(client_as(role), URL, new_body(plan, project, municipality, ppr))
    if role == "admin_user":
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["version"] == 1
        assert [a["money"] for a in data["amounts"]] == [50_000, 60_000]
        assert data["amounts"][1]["hours"] == 0
    else:
        assert response.status_code == refusal_status(role)
        assert not CofinancingAgreement.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_coordinators_and_board_members_of_the_plan_read(role, client_as, agreement, network):
    response = client_as(role).get(f"{URL}/{agreement.pk}")
    if role in READERS:
        assert response.status_code == 200
        assert response.json()["title"] == "PPR i lektiecaféen"
        versions = client_as(role).get(f"{URL}/{agreement.pk}/versions")
        assert versions.status_code == 200
    else:
        assert response.status_code == refusal_status(role)


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_change(role, client_as, agreement, network):
    response = patch_json(
        client_as(role), f"{URL}/{agreement.pk}", {"reason": "Ny aftale", "status": "ended"}
    )
    agreement.refresh_from_db()
    if role == "admin_user":
        assert response.status_code == 200
        assert agreement.status == "ended"
    else:
        assert response.status_code == refusal_status(role)
        assert agreement.status == "active"
        assert agreement.versions.count() == 1


def test_a_coordinator_of_another_plan_does_not_read(
    client_as, agreement, api_client, person_in_second_plan
):
    from ressourcenet.conftest import make_user
    from ressourcenet.networks.models import Membership

    Membership.objects.filter(person=person_in_second_plan).update(role=Membership.Role.COORDINATOR)
    user = make_user("ole@example.org", person_in_second_plan)
    assert api_client(user).get(f"{URL}/{agreement.pk}").status_code == 403
    listed = api_client(user).get(URL).json()
    assert listed["count"] == 0


def test_a_change_makes_a_new_version_with_who_why_and_source(client_as, agreement, plan):
    first = plan.starts_on.year
    response = patch_json(
        client_as("admin_user"),
        f"{URL}/{agreement.pk}",
        {
            "reason": "Bestyrelsen godkendte flere timer.",
            "source": "https://example.org/indstillinger/4",
            "amounts": [{"year": first, "money": 100_000, "hours": 300}],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    versions = client_as("coordinator").get(f"{URL}/{agreement.pk}/versions").json()
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[1]["reason"] == "Bestyrelsen godkendte flere timer."
    assert versions[1]["source"] == "https://example.org/indstillinger/4"
    assert versions[1]["amounts"] == [{"year": first, "money": 100_000, "hours": 300}]
    # The first version is kept as it was.
    assert len(versions[0]["amounts"]) == 2


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"status": "active"},
        {"title": "PPR i lektiecaféen"},
        {"amounts": "SAME"},
        {"source": "Intet nyt"},
    ],
)
def test_a_change_that_changes_nothing_makes_no_version(client_as, agreement, plan, body):
    if body.get("amounts") == "SAME":
        first = plan.starts_on.year
        body["amounts"] = [
            {"year": first + 1, "money": 120_000, "hours": 0},
            {"year": first, "money": 100_000, "hours": 200},
        ]
    response = patch_json(
        client_as("admin_user"), f"{URL}/{agreement.pk}", {"reason": "Ingenting", **body}
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    assert agreement.versions.count() == 1


def test_a_new_title_is_applied(client_as, agreement):
    response = patch_json(
        client_as("admin_user"),
        f"{URL}/{agreement.pk}",
        {"reason": "Nyt navn", "title": "PPR's psykolog i lektiecaféen"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "PPR's psykolog i lektiecaféen"
    assert response.json()["version"] == 2
    agreement.refresh_from_db()
    assert agreement.title == "PPR's psykolog i lektiecaféen"


@pytest.mark.parametrize("title", ["", "Linje\x00brud", "x" * 201])
def test_a_bad_title_is_refused(client_as, agreement, title):
    response = patch_json(
        client_as("admin_user"), f"{URL}/{agreement.pk}", {"reason": "x", "title": title}
    )
    assert ["body", "payload", "title"] in error_locs(response)
    assert agreement.versions.count() == 1


def test_a_refused_title_names_the_field_in_danish(client_as, agreement):
    """»Titel«, not »Title«: the API's messages name the field in the caller's language."""
    from django.utils import translation
    from django.utils.translation import gettext

    response = client_as("admin_user").patch(
        f"{URL}/{agreement.pk}",
        json.dumps({"reason": "x", "title": "x" * 201}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 422
    with translation.override("da"):
        expected = gettext("“%(field)s” can be at most %(max)d characters long.") % {
            "field": gettext("title").capitalize(),
            "max": 200,
        }
    assert [d["msg"] for d in response.json()["detail"]] == [expected]


def test_a_change_without_a_reason_is_refused(client_as, agreement):
    response = patch_json(client_as("admin_user"), f"{URL}/{agreement.pk}", {"status": "ended"})
    assert ["body", "payload", "reason"] in error_locs(response)
    blank = patch_json(client_as("admin_user"), f"{URL}/{agreement.pk}", {"reason": "   "})
    assert ["body", "payload", "reason"] in error_locs(blank)
    assert agreement.versions.count() == 1


@pytest.mark.parametrize(
    "amount, field",
    [
        ({"money": -1}, "money"),
        ({"hours": -5}, "hours"),
        ({"money": 10**20}, "money"),
        ({"hours": 10**20}, "hours"),
        ({"year": 9999}, "year"),
        ({"year": 10**20}, "year"),
        ({"money": 1.5}, "money"),
    ],
)
def test_amounts_out_of_bounds_are_refused_naming_the_field(
    amount, field, client_as, agreement, plan
):
    line = {"year": plan.starts_on.year, "money": 1, "hours": 1} | amount
    response = patch_json(
        client_as("admin_user"), f"{URL}/{agreement.pk}", {"reason": "x", "amounts": [line]}
    )
    assert ["body", "payload", "amounts", 0, field] in error_locs(response)
    assert agreement.versions.count() == 1


def test_a_year_outside_the_period_is_refused(client_as, agreement, plan):
    line = {"year": plan.ends_on.year + 1, "money": 1}
    response = patch_json(
        client_as("admin_user"), f"{URL}/{agreement.pk}", {"reason": "x", "amounts": [line]}
    )
    assert error_locs(response) == [["body", "payload", "amounts", 0, "year"]]


def test_a_year_given_twice_is_refused(client_as, agreement, plan):
    year = plan.starts_on.year
    response = patch_json(
        client_as("admin_user"),
        f"{URL}/{agreement.pk}",
        {"reason": "x", "amounts": [{"year": year, "money": 1}, {"year": year, "money": 2}]},
    )
    assert error_locs(response) == [["body", "payload", "amounts", 1, "year"]]
    assert agreement.versions.count() == 1


def test_shortening_the_period_past_its_amounts_is_refused(client_as, agreement, plan):
    """Amounts stay within the period: ending before a year with an amount is refused."""
    response = patch_json(
        client_as("admin_user"),
        f"{URL}/{agreement.pk}",
        {"reason": "x", "ends_on": f"{plan.starts_on.year}-12-31"},
    )
    assert error_locs(response) == [["body", "payload", "amounts", 1, "year"]]
    agreement.refresh_from_db()
    assert agreement.ends_on == plan.ends_on


def test_nul_bytes_are_refused(client_as, plan, project, municipality, ppr):
    body = new_body(plan, project, municipality, ppr, title="Aftale\x00")
    assert ["body", "payload", "title"] in error_locs(post_json(client_as("admin_user"), URL, body))
    assert not CofinancingAgreement.objects.exists()


def test_a_project_or_unit_of_another_plan_or_organisation_is_refused(
    client_as, plan, project, municipality, ppr, second_plan
):
    from ressourcenet.people.models import Organisation, Unit
    from ressourcenet.plans.models import Effort, Project

    other_project = Project.objects.create(
        effort=Effort.objects.create(plan=second_plan, name="Job"), name="Jobcafé"
    )
    other_unit = Unit.objects.create(
        organisation=Organisation.objects.create(name="Andeby Boligselskab"), name="Drift"
    )
    body = new_body(plan, project, municipality, ppr, project=other_project.pk)
    assert error_locs(post_json(client_as("admin_user"), URL, body)) == [
        ["body", "payload", "project"]
    ]
    body = new_body(plan, project, municipality, ppr, unit=other_unit.pk)
    assert error_locs(post_json(client_as("admin_user"), URL, body)) == [
        ["body", "payload", "unit"]
    ]
    huge = new_body(plan, project, municipality, ppr, project=2**70)
    assert ["body", "payload", "project"] in error_locs(
        post_json(client_as("admin_user"), URL, huge)
    )
    assert not CofinancingVersion.objects.exists()


def test_an_unknown_agreement_is_not_found(client_as, agreement):
    assert client_as("admin_user").get(f"{URL}/{agreement.pk + 1000}").status_code == 404


def test_the_list_takes_a_constant_number_of_queries(
    client_as, agreement, plan, project, municipality, django_assert_max_num_queries
):
    from ressourcenet.agreements import services

    client = client_as("coordinator")
    with django_assert_max_num_queries(20) as few:
        assert client.get(URL).json()["count"] == 1
    for i in range(6):
        services.amend(agreement, by=None, reason=f"Ændring {i}")
        services.create_cofinancing(
            CofinancingAgreement(
                plan=plan,
                project=project,
                organisation=municipality,
                title=f"Aftale {i}",
                status="draft",
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
            ),
            amounts=[],
            by=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get(URL).json()
    assert data["count"] == 7
    assert next(a for a in data["items"] if a["id"] == agreement.pk)["version"] == 7


@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
def test_a_period_outside_the_plan_is_refused(field, client_as, plan, project, municipality, ppr):
    """A co-financing agreement pays for a project of its plan: within the plan's period."""
    outside = {
        "starts_on": plan.starts_on.replace(year=plan.starts_on.year - 1),
        "ends_on": plan.ends_on.replace(year=plan.ends_on.year + 1),
    }[field]
    body = new_body(plan, project, municipality, ppr, **{field: outside.isoformat()})
    response = post_json(client_as("admin_user"), URL, body)
    assert ["body", "payload", field] in error_locs(response)
    assert not CofinancingAgreement.objects.exists()


def test_extending_past_the_plan_is_refused(client_as, agreement, plan):
    later = plan.ends_on.replace(year=plan.ends_on.year + 1).isoformat()
    response = patch_json(
        client_as("admin_user"), f"{URL}/{agreement.pk}", {"reason": "x", "ends_on": later}
    )
    assert ["body", "payload", "ends_on"] in error_locs(response)
    assert agreement.versions.count() == 1


def test_money_beyond_the_bound_is_told_with_danish_separators(client_as, agreement, plan):
    line = {"year": plan.starts_on.year, "money": 10**12 + 1}
    response = patch_json(
        client_as("admin_user"), f"{URL}/{agreement.pk}", {"reason": "x", "amounts": [line]}
    )
    messages = [error["msg"] for error in response.json()["detail"]]
    assert any("1.000.000.000.000" in message for message in messages), messages
