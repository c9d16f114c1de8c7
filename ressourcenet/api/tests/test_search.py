"""/api/v1/search: the search box's results through the API, with the page's rules."""

from datetime import date

import pytest

from ressourcenet.api.tests.utils import error_locs
from ressourcenet.conftest import make_person, make_user
from ressourcenet.knowledge.tests.conftest import make_idea
from ressourcenet.networks.models import Membership, Network
from ressourcenet.plans.models import Plan

SEARCH = "/api/v1/search"


@pytest.fixture
def ideas(network, other_network, plan):
    nord = plan.areas.get(name="Nordparken")
    return {
        "spisning": make_idea(network, "Fællesspisning for beboerne", housing_areas=[nord]),
        "blad": make_idea(
            other_network, "Beboerblad", description="Beboere skriver om fællesspisninger"
        ),
        "madklub": make_idea(
            network, "Madklub", public=True, description="Åben for alle <b>beboere</b>"
        ),
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "member", "board_member"])
def test_the_plans_circle_finds_its_ideas_best_first(role, client_as, ideas):
    response = client_as(role).get(SEARCH, {"q": "fællesspisning"})
    assert ids(response) == [ideas["spisning"].pk, ideas["blad"].pk]
    first, second = response.json()["items"]
    assert first == {
        "type": "idea",
        "id": ideas["spisning"].pk,
        "title": "<mark>Fællesspisning</mark> for beboerne",
        "snippet": "",
        "url": ideas["spisning"].get_absolute_url(),
    }
    assert second["snippet"] == "Beboere skriver om <mark>fællesspisninger</mark>"
    assert response.json()["count"] == 2


@pytest.mark.parametrize("role", ["editor", "outsider", "anonymous"])
def test_others_find_only_public_ideas_with_the_text_escaped(role, client_as, ideas):
    response = client_as(role).get(SEARCH, {"q": "beboer"})
    assert ids(response) == [ideas["madklub"].pk]
    snippet = response.json()["items"][0]["snippet"]
    assert "<b>" not in snippet and "<mark>beboere</mark>" in snippet


def test_a_member_of_another_plan_finds_nothing_of_ours(api_client, ideas):
    plan = Plan.objects.create(
        name="Andetsted",
        slug="andetsted",
        municipality="Andetsted",
        starts_on=date(2020, 1, 1),
        ends_on=date(2099, 12, 31),
    )
    network = Network.objects.create(plan=plan, name="Unge", slug="unge")
    person = make_person("Anders Andetsted")
    Membership.objects.create(network=network, person=person, starts_on=date(2020, 1, 1))
    client = api_client(make_user("anders@example.org", person))
    assert ids(client.get(SEARCH, {"q": "fællesspisning"})) == []


def test_filters_and_pages(client_as, ideas, plan, other_network):
    client = client_as("member")
    nord = plan.areas.get(name="Nordparken")
    assert ids(client.get(SEARCH, {"q": "beboer", "network": other_network.pk})) == [
        ideas["blad"].pk
    ]
    assert ids(client.get(SEARCH, {"q": "beboer", "area": nord.pk})) == [ideas["spisning"].pk]
    assert ids(client.get(SEARCH, {"q": "beboer", "type": "meeting"})) == []
    page = client.get(SEARCH, {"q": "beboer", "limit": 1, "offset": 1}).json()
    assert (len(page["items"]), page["count"]) == (1, 3)


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(", "NEAR(beboer", "-", "(beboer))", "beboer\x00", "\x00", "' & |"]
)
def test_query_syntax_never_breaks_the_search(client_as, ideas, q):
    response = client_as("admin_user").get(SEARCH, {"q": q})
    expected = 0 if "near" in q.casefold() or "beboer" not in q else 3
    assert response.status_code == 200
    assert response.json()["count"] == expected


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"q": "beboer", "offset": 10**20}, ["query", "offset"]),
        ({"q": "beboer", "limit": 0}, ["query", "limit"]),
        ({"q": "x" * 201}, ["query", "q"]),
        ({"q": "beboer", "type": "nothing"}, ["query", "type"]),
        ({"q": "beboer", "network": 2**63}, ["query", "network"]),
    ],
)
def test_out_of_bounds_is_a_danish_422(client_as, ideas, params, loc):
    response = client_as("member").get(SEARCH, params, HTTP_ACCEPT_LANGUAGE="da")
    assert error_locs(response) == [loc]


def test_without_words_nothing_is_found(client_as, ideas):
    assert client_as("member").get(SEARCH).json() == {"items": [], "count": 0}


def test_a_search_too_long_is_refused_in_danish(client_as):
    from django.utils import translation

    response = client_as("member").get(SEARCH, {"q": "x" * 201}, HTTP_ACCEPT_LANGUAGE="da")
    with translation.override("da"):
        expected = translation.gettext("Write at most %(max_length)s characters.") % {
            "max_length": 200
        }
    assert response.json()["detail"][0]["msg"] == expected


def test_the_count_and_the_pages_end_at_the_most_ranked(client_as, network, monkeypatch):
    from ressourcenet.knowledge import search

    monkeypatch.setattr(search, "RESULTS_MAX", 3)
    ideas = [make_idea(network, f"Fællesspisning nummer {n}") for n in range(5)]
    client = client_as("member")
    first = client.get(SEARCH, {"q": "fællesspisning", "limit": 2})
    assert first.json()["count"] == 3
    assert set(ids(first)) <= {idea.pk for idea in ideas[2:]}  # the newest three
    assert len(ids(client.get(SEARCH, {"q": "fællesspisning", "limit": 2, "offset": 2}))) == 1
    assert ids(client.get(SEARCH, {"q": "fællesspisning", "offset": 3})) == []
