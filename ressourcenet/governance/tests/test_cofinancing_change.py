"""A recommendation to change a co-financing agreement: it names the agreement (of its own
plan) and the new amounts, and the board's approval amends the agreement in the same
transaction. Through the service, the pages and the API."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.agreements import services as agreements
from ressourcenet.agreements.models import CofinancingVersion
from ressourcenet.agreements.services import Amount
from ressourcenet.governance import services
from ressourcenet.governance.models import ProposedAmount, Recommendation
from ressourcenet.governance.tests.conftest import (
    State,
    make_recommendation,
    put_in_state,
    today,
)

Kind = Recommendation.Kind
URL = "/api/v1/recommendations"


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def first_year(plan) -> int:
    return plan.starts_on.year


def new_change(network, agreement=None, kind=Kind.COFINANCING_CHANGE, title="Ny aftale"):
    return Recommendation(network=network, kind=kind, title=title, agreement=agreement)


# --- drafting -------------------------------------------------------------------------


def test_a_change_names_its_agreement_and_amounts(coordinator, network, plan, agreement):
    year = first_year(plan) + 1
    recommendation = services.create_recommendation(
        new_change(network, agreement),
        proposed_amounts=[Amount(year, 150_000, 40)],
        by=coordinator,
    )
    recommendation.refresh_from_db()
    assert recommendation.agreement == agreement
    assert services.proposed_amounts_of(recommendation) == [Amount(year, 150_000, 40)]


@pytest.mark.parametrize(
    ("with_agreement", "amounts", "fields"),
    [
        (False, [(0, 150_000, 0)], {"agreement"}),
        (True, [], {"proposed_amounts"}),
        (False, [], {"agreement", "proposed_amounts"}),
    ],
)
def test_a_change_needs_an_agreement_and_amounts(
    coordinator, network, plan, agreement, with_agreement, amounts, fields
):
    lines = [Amount(first_year(plan) + y, m, h) for y, m, h in amounts]
    new = new_change(network, agreement if with_agreement else None)
    with pytest.raises(ValidationError) as error:
        services.create_recommendation(new, proposed_amounts=lines, by=coordinator)
    assert set(error.value.message_dict) == fields
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("kind", [Kind.PRIORITY, Kind.OTHER])
def test_other_kinds_name_no_agreement_and_no_amounts(coordinator, network, plan, agreement, kind):
    with pytest.raises(ValidationError) as error:
        services.create_recommendation(
            new_change(network, agreement, kind=kind),
            proposed_amounts=[Amount(first_year(plan), 1, 1)],
            by=coordinator,
        )
    assert set(error.value.message_dict) == {"agreement", "proposed_amounts"}
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("role", ["coordinator", "admin_user"])
def test_another_plans_agreement_is_refused(request, role, network, plan, foreign_agreement):
    with pytest.raises(ValidationError) as error:
        services.create_recommendation(
            new_change(network, foreign_agreement),
            proposed_amounts=[Amount(first_year(plan), 1, 0)],
            by=request.getfixturevalue(role),
        )
    assert set(error.value.message_dict) == {"agreement"}
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize(
    ("line", "key"),
    [
        (lambda y: Amount(y, -1, 0), "proposed_amounts.0.money"),
        (lambda y: Amount(y, 0, -5), "proposed_amounts.0.hours"),
        (lambda y: Amount(y, 10**20, 0), "proposed_amounts.0.money"),
        (lambda y: Amount(y, 0, 2**31), "proposed_amounts.0.hours"),
        (lambda y: Amount(9999, 1, 0), "proposed_amounts.0.year"),
        (lambda y: Amount(y - 1, 1, 0), "proposed_amounts.0.year"),
    ],
)
def test_bad_amounts_are_named_by_line(coordinator, network, plan, agreement, line, key):
    with pytest.raises(ValidationError) as error:
        services.create_recommendation(
            new_change(network, agreement),
            proposed_amounts=[line(first_year(plan))],
            by=coordinator,
        )
    assert key in error.value.message_dict
    assert ProposedAmount.objects.count() == 0


def test_a_year_given_twice_is_refused(coordinator, network, plan, agreement):
    year = first_year(plan)
    with pytest.raises(ValidationError) as error:
        services.create_recommendation(
            new_change(network, agreement),
            proposed_amounts=[Amount(year, 1, 0), Amount(year, 2, 0)],
            by=coordinator,
        )
    assert "proposed_amounts.1.year" in error.value.message_dict


def test_editing_the_draft_replaces_the_amounts(coordinator, change, plan):
    year = first_year(plan) + 3
    services.update_draft(change, proposed_amounts=[Amount(year, 5, 6)], by=coordinator)
    assert services.proposed_amounts_of(change) == [Amount(year, 5, 6)]
    change.kind = Kind.OTHER
    with pytest.raises(ValidationError) as error:
        services.update_draft(change, by=coordinator)  # the agreement and amounts stay
    assert set(error.value.message_dict) == {"agreement", "proposed_amounts"}


# --- the approval amends the agreement ------------------------------------------------


@pytest.fixture
def submitted_change(change, held_meeting, past_board_meeting):
    return put_in_state(change, State.SUBMITTED, held_meeting, past_board_meeting)


def test_approving_a_change_makes_a_new_version(board_member, submitted_change, agreement, plan):
    first = first_year(plan)
    services.transition(submitted_change, State.APPROVED, by=board_member, reason="Pengene er der.")
    version = agreements.current_version(agreement)
    assert version.number == 2
    # The proposed years take the new amounts; the first year keeps its own.
    assert agreements.current_amounts(agreement) == [
        Amount(first, 100_000, 200),
        Amount(first + 1, 150_000, 40),
        Amount(first + 2, 90_000, 0),
    ]
    assert version.source == submitted_change.get_absolute_url()
    assert "Pengene er der." in version.reason
    assert submitted_change.title in version.reason
    assert version.created_by == board_member
    assert services.amended_version(submitted_change) == version


@pytest.mark.parametrize("decision", [State.REJECTED, State.POSTPONED])
def test_other_decisions_leave_the_agreement(board_member, submitted_change, agreement, decision):
    services.transition(submitted_change, decision, by=board_member, reason="Ikke nu.")
    assert agreements.current_version(agreement).number == 1


def test_a_refused_amendment_saves_nothing(
    board_member, admin_user, submitted_change, agreement, plan
):
    """The agreement was shortened after the draft: the proposed third year is outside it."""
    agreements.amend(
        agreement,
        by=admin_user,
        reason="Kortere aftale.",
        ends_on=plan.starts_on.replace(year=first_year(plan) + 1, month=12, day=31),
    )
    with pytest.raises(ValidationError) as error:
        services.transition(submitted_change, State.APPROVED, by=board_member, reason="Ja.")
    assert "proposed_amounts" in error.value.message_dict
    submitted_change.refresh_from_db()
    assert submitted_change.state == State.SUBMITTED
    assert submitted_change.decided_on is None
    assert submitted_change.transitions.count() == 0
    assert agreements.current_version(agreement).number == 2


def test_the_differences_before_and_after_the_approval(board_member, submitted_change, plan):
    first = first_year(plan)
    before = services.proposed_changes(submitted_change)
    assert [(c.year, c.money_before, c.money, c.money_difference) for c in before] == [
        (first + 1, 120_000, 150_000, 30_000),
        (first + 2, None, 90_000, 90_000),
    ]
    services.transition(submitted_change, State.APPROVED, by=board_member, reason="Ja.")
    amended = services.amended_version(submitted_change)
    # Still against the version before the approval, not against itself.
    after = services.proposed_changes(submitted_change, amended)
    assert after == before


# --- pages ----------------------------------------------------------------------------


def form_data(plan, **fields) -> dict:
    return {"kind": "cofinancing_change", "title": "Mere til PPR", **fields}


def test_a_coordinator_drafts_a_change_on_the_page(login, coordinator, network, plan, agreement):
    year = first_year(plan) + 1
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    page = login(coordinator).get(url).content.decode()
    assert 'name="agreement"' in page and f'name="money_{year}"' in page
    response = login(coordinator).post(
        url, form_data(plan, agreement=agreement.pk, **{f"money_{year}": "150000"})
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    # The empty hours keep the agreement's (None), not 0.
    assert services.proposed_amounts_of(recommendation) == [Amount(year, 150_000, None)]


def test_a_change_without_agreement_is_shown_by_the_field(login, coordinator, network, plan):
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    year = first_year(plan)
    response = login(coordinator).post(url, form_data(plan, **{f"money_{year}": "1000"}))
    assert response.status_code == 422
    content = response.content.decode()
    assert 'href="#id_agreement"' in content
    assert da("Choose the co-financing agreement it changes.") in content
    assert 'value="1000"' in content  # the input is kept
    assert Recommendation.objects.count() == 0


def test_a_change_without_amounts_is_shown_by_the_first_year(
    login, coordinator, network, plan, agreement
):
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    response = login(coordinator).post(url, form_data(plan, agreement=agreement.pk))
    assert response.status_code == 422
    assert f'href="#id_money_{first_year(plan)}"' in response.content.decode()
    assert da("Write the new amounts for at least one year.") in response.content.decode()


def test_another_kind_with_an_agreement_is_shown_by_the_field(
    login, coordinator, network, plan, agreement
):
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    response = login(coordinator).post(url, form_data(plan, kind="other", agreement=agreement.pk))
    assert response.status_code == 422
    assert 'href="#id_agreement"' in response.content.decode()
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("value", ["-1", str(10**20), "1.5", "a\x00"])
def test_a_bad_amount_on_the_page_is_shown_by_its_field(
    login, coordinator, network, plan, agreement, value
):
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    year = first_year(plan)
    response = login(coordinator).post(
        url, form_data(plan, agreement=agreement.pk, **{f"money_{year}": value})
    )
    assert response.status_code == 422
    assert f'href="#id_money_{year}"' in response.content.decode()
    assert Recommendation.objects.count() == 0


def test_another_plans_agreement_cannot_be_chosen_on_the_page(
    login, coordinator, network, plan, foreign_agreement
):
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    page = login(coordinator).get(url).content.decode()
    assert foreign_agreement.title not in page
    year = first_year(plan)
    response = login(coordinator).post(
        url, form_data(plan, agreement=foreign_agreement.pk, **{f"money_{year}": "1"})
    )
    assert response.status_code == 422
    assert 'href="#id_agreement"' in response.content.decode()
    assert Recommendation.objects.count() == 0


def test_editing_shows_and_changes_the_amounts(login, coordinator, change, plan):
    url = reverse("recommendation_edit", args=[plan.slug, change.pk])
    second = first_year(plan) + 1
    page = login(coordinator).get(url).content.decode()
    assert f'name="money_{second}" value="150000"' in page
    response = login(coordinator).post(
        url,
        form_data(
            plan,
            title=change.title,
            agreement=change.agreement_id,
            **{f"money_{second}": "130000", f"hours_{second}": "10"},
        ),
    )
    assert response.status_code == 302
    assert services.proposed_amounts_of(change) == [Amount(second, 130_000, 10)]


def test_the_page_shows_the_agreement_and_the_differences(
    login, coordinator, member, change, agreement
):
    page = login(coordinator).get(change.get_absolute_url()).content.decode()
    assert agreement.get_absolute_url() in page
    assert "150.000" in page and "+30.000" in page and "+90.000" in page
    # A member reads the recommendation, not the agreement's page.
    page = login(member).get(change.get_absolute_url()).content.decode()
    assert agreement.title in page and agreement.get_absolute_url() not in page


def test_approving_on_the_page_amends_the_agreement(
    login, board_member, admin_user, submitted_change, agreement
):
    url = reverse("recommendation_move", args=["testby", submitted_change.pk, "approved"])
    response = login(board_member).post(
        url, {"approved-reason": "Ja, det er godt givet ud.", "approved-decided_on": today()}
    )
    assert response.status_code == 302
    version = agreements.current_version(agreement)
    assert version.number == 2 and version.source == submitted_change.get_absolute_url()
    # The agreement's history links to the recommendation; the recommendation names the version.
    history = login(admin_user).get(agreement.get_absolute_url()).content.decode()
    assert f'href="{submitted_change.get_absolute_url()}"' in history
    assert "Ja, det er godt givet ud." in history
    page = login(board_member).get(submitted_change.get_absolute_url()).content.decode()
    assert agreement.get_absolute_url() in page


def test_a_refused_amendment_on_the_page_is_told_and_saves_nothing(
    login, board_member, admin_user, submitted_change, agreement, plan
):
    agreements.amend(
        agreement,
        by=admin_user,
        reason="Kortere aftale.",
        ends_on=plan.starts_on.replace(year=first_year(plan) + 1, month=12, day=31),
    )
    url = reverse("recommendation_move", args=["testby", submitted_change.pk, "approved"])
    response = login(board_member).post(
        url, {"approved-reason": "Ja.", "approved-decided_on": today()}
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert da("The co-financing agreement cannot be changed this way:") in content
    # The page shows the recommendation as stored: no decision yet.
    assert da("The board's decision") not in content
    assert Recommendation.objects.get().state == State.SUBMITTED
    assert CofinancingVersion.objects.filter(agreement=agreement).count() == 2


# --- API ------------------------------------------------------------------------------


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def locs(response) -> set[str]:
    return {".".join(str(p) for p in d["loc"][2:]) for d in response.json()["detail"]}


def test_the_api_takes_and_shows_the_agreement_and_amounts(
    api_client, coordinator, network, plan, agreement
):
    second = first_year(plan) + 1
    response = post(
        api_client(coordinator),
        URL,
        {
            "network": network.pk,
            "kind": "cofinancing_change",
            "title": "Mere til PPR",
            "agreement": agreement.pk,
            "proposed_amounts": [{"year": second, "money": 150_000, "hours": 40}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["agreement"] == agreement.pk
    assert body["proposed_amounts"] == [{"year": second, "money": 150_000, "hours": 40}]
    assert body["proposed_changes"] == [
        {
            "year": second,
            "money_before": 120_000,
            "hours_before": 0,
            "money": 150_000,
            "hours": 40,
            "money_kept": False,
            "hours_kept": False,
            "money_difference": 30_000,
            "hours_difference": 40,
        }
    ]
    assert body["amended_version"] is None
    listed = api_client(coordinator).get(URL).json()["items"][0]
    assert listed["agreement"] == agreement.pk and len(listed["proposed_amounts"]) == 1


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"kind": "cofinancing_change"}, "agreement"),
        ({"kind": "cofinancing_change", "agreement": "AGREEMENT"}, "proposed_amounts"),
        ({"kind": "other", "agreement": "AGREEMENT"}, "agreement"),
        ({"kind": "priority", "proposed_amounts": "ONE"}, "proposed_amounts"),
        (
            {"kind": "cofinancing_change", "agreement": "FOREIGN", "proposed_amounts": "ONE"},
            "agreement",
        ),
        ({"kind": "cofinancing_change", "agreement": 10**20}, "agreement"),
        ({"kind": "cofinancing_change", "agreement": 999_999}, "agreement"),
    ],
)
def test_the_api_refuses_a_change_without_its_parts(
    api_client, coordinator, network, plan, agreement, foreign_agreement, fields, loc
):
    ids = {"AGREEMENT": agreement.pk, "FOREIGN": foreign_agreement.pk}
    body = {"network": network.pk, "title": "Ny", **fields}
    if body.get("agreement") in ids:
        body["agreement"] = ids[body["agreement"]]
    if body.get("proposed_amounts") == "ONE":
        body["proposed_amounts"] = [{"year": first_year(plan), "money": 1}]
    response = post(api_client(coordinator), URL, body)
    assert response.status_code == 422, response.content
    assert loc in locs(response)
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "loc"),
    [
        ({"year": "FIRST", "money": 10**20}, "proposed_amounts.0.money"),
        ({"year": "FIRST", "money": -1}, "proposed_amounts.0.money"),
        ({"year": "FIRST", "hours": -1}, "proposed_amounts.0.hours"),
        ({"year": 9999, "money": 1}, "proposed_amounts.0.year"),
        ({"year": 2000, "money": 1}, "proposed_amounts.0.year"),
        ({"year": "FIRST", "money": "1\x00"}, "proposed_amounts.0.money"),
    ],
)
def test_the_api_bounds_the_amounts(api_client, coordinator, network, plan, agreement, amount, loc):
    if amount["year"] == "FIRST":
        amount["year"] = first_year(plan)
    response = post(
        api_client(coordinator),
        URL,
        {
            "network": network.pk,
            "kind": "cofinancing_change",
            "title": "Ny",
            "agreement": agreement.pk,
            "proposed_amounts": [amount],
        },
    )
    assert response.status_code == 422, response.content
    assert loc in locs(response)
    assert Recommendation.objects.count() == 0


def test_approving_through_the_api_amends_the_agreement(
    api_client, board_member, submitted_change, agreement
):
    response = post(
        api_client(board_member),
        f"{URL}/{submitted_change.pk}/transition",
        {"to": "approved", "reason": "Godkendt."},
    )
    assert response.status_code == 200, response.content
    assert response.json()["amended_version"] == 2
    versions = api_client(board_member).get(
        f"/api/v1/cofinancing-agreements/{agreement.pk}/versions"
    )
    newest = versions.json()[-1]
    assert newest["source"] == submitted_change.get_absolute_url()
    assert "Godkendt." in newest["reason"]


def test_a_refused_amendment_through_the_api_is_422(
    api_client, board_member, admin_user, submitted_change, agreement, plan
):
    agreements.amend(
        agreement,
        by=admin_user,
        reason="Kortere aftale.",
        ends_on=plan.starts_on.replace(year=first_year(plan) + 1, month=12, day=31),
    )
    response = post(
        api_client(board_member),
        f"{URL}/{submitted_change.pk}/transition",
        {"to": "approved", "reason": "Godkendt."},
    )
    assert response.status_code == 422
    assert "proposed_amounts" in locs(response)
    assert Recommendation.objects.get().state == State.SUBMITTED
    assert agreements.current_version(agreement).number == 2


def test_a_recommendation_keeps_its_agreement_from_deletion(change, agreement):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        agreement.delete()
    assert make_recommendation(change.network, title="Uden aftale").agreement is None


# --- an empty field keeps the agreement's value -----------------------------------------


def test_empty_hours_on_the_page_keep_the_agreements_hours_when_approved(
    login, coordinator, board_member, network, plan, agreement, held_meeting, past_board_meeting
):
    """Only the kroner of the first year (100.000 kr. and 200 hours now): the approval
    gives the year the new kroner and keeps its 200 hours, not 0."""
    first = first_year(plan)
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    response = login(coordinator).post(
        url, form_data(plan, agreement=agreement.pk, **{f"money_{first}": "150000"})
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert services.proposed_amounts_of(recommendation) == [Amount(first, 150_000, None)]
    # The page, the packet and the amendment say the same: 200 hours, no difference.
    (change,) = services.proposed_changes(recommendation)
    assert (change.money, change.hours, change.hours_before) == (150_000, 200, 200)
    assert change.hours_difference == 0 and change.hours_kept and not change.money_kept
    listed = Recommendation.objects.with_relations().filter(pk=recommendation.pk)
    assert services.proposed_changes_of(list(listed)) == {recommendation.pk: [change]}
    put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
    services.transition(recommendation, State.APPROVED, by=board_member, reason="Ja.")
    assert agreements.current_amounts(agreement)[0] == Amount(first, 150_000, 200)
    amended = services.amended_version(recommendation)
    assert services.proposed_changes(recommendation, amended) == [change]


def test_empty_kroner_keep_the_agreements_kroner(
    coordinator, board_member, network, plan, agreement, held_meeting, past_board_meeting
):
    first = first_year(plan)
    recommendation = services.create_recommendation(
        new_change(network, agreement), proposed_amounts=[Amount(first, None, 20)], by=coordinator
    )
    put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
    services.transition(recommendation, State.APPROVED, by=board_member, reason="Ja.")
    assert agreements.current_amounts(agreement)[0] == Amount(first, 100_000, 20)


def test_a_year_with_neither_kroner_nor_hours_is_refused(coordinator, network, plan, agreement):
    with pytest.raises(ValidationError) as error:
        services.create_recommendation(
            new_change(network, agreement),
            proposed_amounts=[Amount(first_year(plan), None, None)],
            by=coordinator,
        )
    assert "proposed_amounts.0.money" in error.value.message_dict
    assert Recommendation.objects.count() == 0


def test_the_form_shows_the_agreements_amounts_beside_each_year(
    login, coordinator, network, plan, agreement, change
):
    """The plan's one agreement: its amounts now in each year's hint (the first year has
    100.000 kr. and 200 hours, the third none)."""
    with translation.override("da"):
        expected_money = gettext("Now %(money)s kr. Empty keeps it.") % {"money": "100.000"}
        expected_hours = gettext("Now %(hours)s hours. Empty keeps them.") % {"hours": "200"}
        expected_none = gettext("Now %(money)s kr. Empty keeps it.") % {"money": "0"}
    for url in (
        reverse("recommendation_create", args=[plan.slug, network.slug]),
        reverse("recommendation_edit", args=[plan.slug, change.pk]),
    ):
        page = login(coordinator).get(url).content.decode()
        assert expected_money in page and expected_hours in page and expected_none in page


def test_the_api_keeps_omitted_hours(
    api_client,
    coordinator,
    board_member,
    network,
    plan,
    agreement,
    held_meeting,
    past_board_meeting,
):
    first = first_year(plan)
    body = {
        "network": network.pk,
        "kind": "cofinancing_change",
        "title": "Mere til PPR",
        "agreement": agreement.pk,
        "proposed_amounts": [{"year": first, "money": 150_000}],
    }
    response = post(api_client(coordinator), URL, body)
    assert response.status_code == 201, response.content
    got = response.json()
    assert got["proposed_amounts"] == [{"year": first, "money": 150_000, "hours": None}]
    assert got["proposed_changes"][0]["hours"] == 200
    assert got["proposed_changes"][0]["hours_kept"] is True
    recommendation = Recommendation.objects.get()
    put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
    services.transition(recommendation, State.APPROVED, by=board_member, reason="Ja.")
    assert agreements.current_amounts(agreement)[0] == Amount(first, 150_000, 200)
    # Neither kroner nor hours: refused, naming the line.
    body["proposed_amounts"] = [{"year": first}]
    response = post(api_client(coordinator), URL, body)
    assert response.status_code == 422
    assert "proposed_amounts.0.money" in locs(response)


def test_without_a_chosen_agreement_the_hint_lists_each_agreements_amount(
    login, coordinator, admin_user, network, plan, agreement, django_assert_max_num_queries
):
    from ressourcenet.agreements.models import CofinancingAgreement

    first = first_year(plan)
    other = CofinancingAgreement(
        plan=plan,
        project=agreement.project,
        organisation=agreement.organisation,
        title="Sundhedsplejen i klubben",
        status=agreement.status,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    agreements.create_cofinancing(other, amounts=[Amount(first, 25_000, 30)], by=admin_user)
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    client = login(coordinator)
    with django_assert_max_num_queries(40) as few:
        page = client.get(url).content.decode()
    with translation.override("da"):
        money, hours = (
            gettext("%(agreement)s: %(money)s kroner"),
            gettext("%(agreement)s: %(hours)s hours"),
        )
    expected_money = "; ".join(
        money % {"agreement": t, "money": m}
        for t, m in (("PPR i lektiecaféen", "100.000"), ("Sundhedsplejen i klubben", "25.000"))
    )
    expected_hours = "; ".join(
        hours % {"agreement": t, "hours": h}
        for t, h in (("PPR i lektiecaféen", "200"), ("Sundhedsplejen i klubben", "30"))
    )
    assert expected_money in page and expected_hours in page
    for _ in range(3):
        agreements.amend(other, by=admin_user, reason="Igen", amounts=[Amount(first, 1, 1)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
