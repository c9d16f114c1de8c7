"""/api/v1/experiences: shared experiences through the API, with the pages' rules."""

# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.utils import timezone

from ressourcenet.api.tests.utils import ROLES, error_locs, post_json, put_json, refusal_status
from ressourcenet.knowledge.models import Experience, SearchEntry

# The summary fixtures of the knowledge tests, imported: tests name them as parameters.
from ressourcenet.knowledge.tests.conftest import (  # noqa: F401 (fixtures)
    draft,
    foreign_effort,
    make_experience,
    note_taker,
    open_summary,
    other_plan_member,
    summary_meeting,
)
from ressourcenet.meetings.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db

EXPERIENCES = "/api/v1/experiences"
WRITE = {"admin_user", "coordinator", "member", "board_member"}


def create_url(plan) -> str:
    return f"{EXPERIENCES}?plan={plan.slug}"


def body(plan, **changes) -> dict:
    data = {
        "housing_area": plan.areas.get(name="Sydparken").pk,
        "activity": "Lektiecafé",
        "worked": "Frivillige fra gymnasiet hjalp hver tirsdag.",
    }
    return data | changes


@pytest.fixture
def mine(plan, network, member):
    return make_experience(
        plan, "Lektiecafé", author=member.person, network=network, did_not_work="Fredage."
    )


@pytest.fixture
def shared(plan, volunteer):
    return make_experience(plan, "Fællesspisning", author=volunteer, public=True)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_post(client_as, plan, role):
    response = post_json(client_as(role), create_url(plan), body(plan))
    if role in WRITE:
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["activity"] == "Lektiecafé" and data["plan"] == plan.slug
        assert data["housing_area"] == plan.areas.get(name="Sydparken").pk
        assert Experience.objects.get(pk=data["id"]).author is not None or role == "admin_user"
        assert SearchEntry.objects.filter(kind="experience", object_id=data["id"]).exists()
    else:
        assert response.status_code == refusal_status(role)
        assert not Experience.objects.exists()


def test_post_with_a_meeting_takes_its_network(client_as, plan, network):
    held = make_meeting(network, title="Holdt", starts_at=timezone.now() - timedelta(days=2))
    response = post_json(
        client_as("member"), create_url(plan), body(plan, housing_area=None, meeting=held.pk)
    )
    assert response.status_code == 201
    assert response.json()["network"] == network.pk
    assert response.json()["housing_area"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"activity": ""}, "activity"),
        ({"activity": "   "}, "activity"),
        ({"activity": "x" * 101}, "activity"),
        ({"activity": "Lektie\u0000café"}, "activity"),
        ({"worked": "", "did_not_work": ""}, "worked"),
        ({"worked": "x" * 5001}, "worked"),
        ({"did_not_work": "Ikke\u0000noget"}, "did_not_work"),
        ({"housing_area": 10**30}, "housing_area"),
        ({"housing_area": 999999}, "housing_area"),
        ({"network": 0}, "network"),
        ({"meeting": 999999}, "meeting"),
    ],
)
def test_bad_input_is_refused_naming_the_field(client_as, plan, changes, field):
    response = post_json(client_as("member"), create_url(plan), body(plan, **changes))
    assert [loc[-1] for loc in error_locs(response)] == [field]
    assert not Experience.objects.exists()


def test_a_meeting_ahead_is_refused(client_as, plan, network):
    ahead = make_meeting(network, title="Kommende")
    response = post_json(client_as("member"), create_url(plan), body(plan, meeting=ahead.pk))
    assert error_locs(response) == [["body", "payload", "meeting"]]


def test_an_unknown_plan_is_not_found(client_as, plan):
    response = post_json(client_as("member"), f"{EXPERIENCES}?plan=ingen", body(plan))
    assert response.status_code == 404


def test_the_list_shows_the_plans_people_everything_and_others_the_public(
    client_as, plan, mine, shared
):
    member = client_as("member").get(EXPERIENCES).json()
    assert {item["id"] for item in member["items"]} == {mine.pk, shared.pk}
    assert {item["author"]["name"] for item in member["items"]} == {
        "Mads Medlem",
        "Vera Frivillig",
    }
    outsider = client_as("outsider").get(EXPERIENCES).json()
    assert [item["id"] for item in outsider["items"]] == [shared.pk]
    assert outsider["items"][0]["author"] is None


def test_the_list_filters(client_as, plan, network, mine, shared):
    client = client_as("member")

    def ids(**query) -> set[int]:
        return {item["id"] for item in client.get(EXPERIENCES, query).json()["items"]}

    assert ids(network=network.pk) == {mine.pk}
    assert ids(activity="FÆLLESSPISNING") == {shared.pk}
    assert ids(area=plan.areas.get(name="Nordparken").pk) == set()


@pytest.mark.parametrize(
    "query",
    [
        {"area": 10**30},
        {"network": 0},
        {"activity": "x" * 101},
        {"activity": "a\x00b"},
        {"effort": "x"},
    ],
)
def test_bad_filters_are_refused_naming_them(client_as, query):
    response = client_as("member").get(EXPERIENCES, query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == next(iter(query))


def test_one_experience(client_as, mine, shared):
    assert client_as("board_member").get(f"{EXPERIENCES}/{mine.pk}").json()["activity"] == (
        "Lektiecafé"
    )
    assert client_as("outsider").get(f"{EXPERIENCES}/{mine.pk}").status_code == 403
    assert client_as("outsider").get(f"{EXPERIENCES}/{shared.pk}").status_code == 200
    assert client_as("member").get(f"{EXPERIENCES}/999999").status_code == 404
    assert client_as("member").get(f"{EXPERIENCES}/{10**30}").status_code == 422


def test_the_list_reads_a_page_in_a_constant_number_of_queries(client_as, plan, network, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("member")

    def queries(count: int) -> int:
        for number in range(count):
            make_experience(plan, f"Indsats {number}", author=member.person, network=network)
        with CaptureQueriesContext(connection) as context:
            assert client.get(EXPERIENCES, {"limit": 50}).status_code == 200
        return len(context)

    assert queries(2) == queries(30)


def test_a_visitors_list_reads_in_a_constant_number_of_queries(client_as, plan, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("anonymous")

    def queries(count: int) -> int:
        for number in range(count):
            make_experience(plan, f"Aktivitet {number}", network=network, public=True)
        with CaptureQueriesContext(connection) as context:
            assert client.get(EXPERIENCES, {"limit": 50}).status_code == 200
        return len(context)

    assert queries(2) == queries(30)


# --- the plan's effort ----------------------------------------------------------------------


def test_post_takes_the_effort_or_the_networks(client_as, plan, network, other_network):
    from ressourcenet.plans.models import Effort

    jobs = Effort.objects.create(plan=plan, name="Uddannelse/Beskæftigelse")
    client = client_as("member")
    chosen = post_json(client, create_url(plan), body(plan, effort=jobs.pk, network=network.pk))
    assert chosen.json()["effort"] == {"id": jobs.pk, "name": "Uddannelse/Beskæftigelse"}
    taken = post_json(client, create_url(plan), body(plan, network=network.pk))
    assert taken.json()["effort"] == {"id": network.effort_id, "name": "Familier"}
    none = post_json(client, create_url(plan), body(plan, network=other_network.pk))
    assert none.json()["effort"] is None


def test_another_plans_effort_is_refused_naming_the_field(client_as, plan, foreign_effort):
    response = post_json(
        client_as("member"), create_url(plan), body(plan, effort=foreign_effort.pk)
    )
    assert response.status_code == 422
    assert error_locs(response) == [["body", "payload", "effort"]]
    assert not Experience.objects.exists()


def test_the_list_filters_by_effort_and_activity(client_as, network, mine, shared):
    client = client_as("member")

    def ids(**query) -> set[int]:
        return {item["id"] for item in client.get(EXPERIENCES, query).json()["items"]}

    assert ids(effort=network.effort_id) == {mine.pk}
    assert ids(effort=network.effort_id, activity="fællesspisning") == set()
    assert ids(effort=999999) == set()
    assert client.get(f"{EXPERIENCES}/{mine.pk}").json()["effort"]["name"] == "Familier"


# --- visitors without a token ---------------------------------------------------------------


def test_a_visitor_reads_the_public_experiences_without_names(client_as, mine, shared):
    client = client_as("anonymous")
    listed = client.get(EXPERIENCES)
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [shared.pk]
    assert listed.json()["items"][0]["author"] is None
    one = client.get(f"{EXPERIENCES}/{shared.pk}")
    assert one.status_code == 200 and one.json()["author"] is None
    assert client.get(f"{EXPERIENCES}/{mine.pk}").status_code == 401
    assert "Lektiecafé" not in client.get(EXPERIENCES, {"activity": "Lektiecafé"}).content.decode()


def test_a_visitor_may_not_post(client_as, plan):
    response = post_json(client_as("anonymous"), create_url(plan), body(plan))
    assert response.status_code == 401
    assert not Experience.objects.exists()


# --- the summary's public flag ------------------------------------------------------------


def test_put_summary_sets_public_and_keeps_it_when_left_out(api_client, draft, note_taker):
    client = api_client(note_taker)
    url = f"/api/v1/meetings/{draft.meeting_id}/summary"
    answer = put_json(client, url, {"body": "# Referat", "public": True})
    assert answer.status_code == 200 and answer.json()["public"] is True
    answer = put_json(client, url, {"body": "# Referat 2"})
    assert answer.json()["public"] is True
    answer = put_json(client, url, {"body": "# Referat 2", "public": "ja"})
    assert answer.status_code == 422


def test_an_outsider_reads_a_public_final_summary_without_proposals(
    api_client, open_summary, note_taker, outsider
):
    from ressourcenet.knowledge import summaries

    url = f"/api/v1/meetings/{open_summary.meeting_id}/summary"
    assert api_client(outsider).get(url).status_code == 403
    summaries.set_public(open_summary, True)
    summaries.finalise(open_summary, by=note_taker)
    answer = api_client(outsider).get(url)
    assert answer.status_code == 200 and answer.json()["amendments"] == []
