"""The idea catalogue of a plan: filtered by network, housing area, status and tag."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ressourcenet.knowledge.models import Idea
from ressourcenet.knowledge.tests.conftest import HTMX, MAY_NOT_SEE, MAY_SEE, make_idea
from ressourcenet.knowledge.views import PAGE_SIZE
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import Plan

LIST_URL = "/plans/testby/ideas/"


def titles(response) -> list[str]:
    return [idea.title for idea in response.context["page"].object_list]


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.fixture
def catalogue(network, other_network, plan, held_meeting):
    """Four ideas across the plan's two networks, areas, statuses and tags."""
    nord, syd = plan.areas.get(name="Nordparken"), plan.areas.get(name="Sydparken")
    make_idea(network, "Madklub", housing_areas=[nord], tags=["Mad"], meeting=held_meeting)
    make_idea(network, "Lektiecafé", housing_areas=[syd], tags=["børn"], status="being_tried")
    make_idea(other_network, "Jobcafé", housing_areas=[nord, syd], tags=["job", "MAD"])
    make_idea(other_network, "Byttedag", status="parked")


@pytest.mark.parametrize("role", MAY_SEE)
def test_the_catalogue_lists_the_plans_ideas_newest_first(request, login, catalogue, role):
    response = login(request.getfixturevalue(role)).get(LIST_URL)

    assert response.status_code == 200
    assert titles(response) == ["Byttedag", "Jobcafé", "Lektiecafé", "Madklub"]
    content = response.content.decode()
    assert "Madklub" in content and "Værksted om madklub" in content
    assert 'aria-current="page"><span>' + da("Idea catalogue") in content


def test_the_catalogue_leaves_out_other_plans(login, member, catalogue):
    today = timezone.localdate()
    andeby = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=10),
    )
    make_idea(Network.objects.create(plan=andeby, name="Andenet", slug="ande"), "Andemad")

    response = login(member).get(LIST_URL)

    assert "Andemad" not in titles(response)
    assert "Andemad" not in response.content.decode()


def test_filters_by_network_area_status_and_tag(login, member, catalogue, network, plan):
    client = login(member)
    nord = plan.areas.get(name="Nordparken")

    assert titles(client.get(LIST_URL, {"network": network.pk})) == ["Lektiecafé", "Madklub"]
    assert titles(client.get(LIST_URL, {"area": nord.pk})) == ["Jobcafé", "Madklub"]
    assert titles(client.get(LIST_URL, {"status": "parked"})) == ["Byttedag"]
    assert titles(client.get(LIST_URL, {"tag": "mad"})) == ["Jobcafé", "Madklub"]
    assert titles(client.get(LIST_URL, {"tag": "Mad", "network": network.pk})) == ["Madklub"]
    both = client.get(LIST_URL, {"area": nord.pk, "tag": "MAD", "status": "new"})
    assert titles(both) == ["Jobcafé", "Madklub"]


def test_the_form_shows_the_chosen_filters(login, member, catalogue, network):
    content = login(member).get(LIST_URL, {"network": network.pk, "tag": "Mad"}).content.decode()

    assert f'<option value="{network.pk}" selected>' in content
    assert '<option value="mad" selected>Mad</option>' in content
    # Only the tags in use are offered, each once.
    assert content.count('<option value="mad"') == 1
    assert '<option value="børn">' in content


@pytest.mark.parametrize(
    "query",
    [{"status": "finished"}, {"network": "nine"}, {"area": "9" * 25}, {"tag": "\x00"}],
    ids=["unknown status", "not a number", "too large", "control character"],
)
def test_what_is_not_a_filter_does_not_filter(login, member, catalogue, query):
    response = login(member).get(LIST_URL, query)

    assert response.status_code == 200
    assert len(titles(response)) == 4


def test_an_unknown_tag_finds_nothing_and_says_so(login, member, catalogue):
    response = login(member).get(LIST_URL, {"tag": "findes ikke"})

    assert titles(response) == []
    assert da("No ideas match. Choose fewer filters to see more.") in response.content.decode()


def test_htmx_gets_only_the_results(login, member, catalogue):
    response = login(member).get(LIST_URL, {"status": "parked"}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert content.strip().startswith('<div id="results">')
    assert "Byttedag" in content and "Madklub" not in content
    assert "<html" not in content and 'name="status"' not in content
    # The count is read out, as the swapped region itself is not announced.
    assert "data-announce>" in content


def test_the_full_page_does_not_read_the_count_out_on_load(login, member, catalogue):
    content = login(member).get(LIST_URL).content.decode()

    assert "data-announce>" not in content
    assert 'hx-get="/plans/testby/ideas/"' in content
    assert 'action="/plans/testby/ideas/"' in content


def test_pages_of_twenty_five_keep_the_filters_in_their_links(login, member, network):
    Idea.objects.bulk_create(
        Idea(network=network, title=f"Idé {n:02}", status="parked") for n in range(PAGE_SIZE + 3)
    )
    client = login(member)

    first = client.get(LIST_URL, {"status": "parked", "network": network.pk})
    second = client.get(LIST_URL, {"status": "parked", "network": network.pk, "page": 2})

    assert len(titles(first)) == PAGE_SIZE
    assert len(titles(second)) == 3
    assert f"?network={network.pk}&amp;status=parked&amp;page=2" in first.content.decode()


def test_members_may_add_ideas_and_board_members_only_read(login, member, board_member):
    add_url = reverse("idea_create", args=["testby"])

    assert add_url in login(member).get(LIST_URL).content.decode()
    assert add_url not in login(board_member).get(LIST_URL).content.decode()


@pytest.mark.parametrize("role", MAY_NOT_SEE)
def test_who_is_not_in_the_plan_may_not_see_the_catalogue(request, login, catalogue, role):
    response = login(request.getfixturevalue(role)).get(LIST_URL)

    assert response.status_code == 403
    assert "Madklub" not in response.content.decode()


def test_a_visitor_is_asked_to_log_in(client, catalogue):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_catalogue_is_only_read(login, member, catalogue):
    assert login(member).post(LIST_URL).status_code == 405
    assert Idea.objects.count() == 4


def test_the_menu_links_the_catalogue_for_the_plans_circle_only(login, member, editor, plan):
    assert LIST_URL in login(member).get(plan.get_absolute_url()).content.decode()
    assert LIST_URL not in login(editor).get(plan.get_absolute_url()).content.decode()
