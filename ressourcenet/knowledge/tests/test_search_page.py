"""The search page (/search/) and the search box in the site header: ranked results with
marked snippets, filters, pages, as-you-type results with htmx, and a plain form."""

import pytest
from django.utils import translation

from ressourcenet.knowledge.tests.conftest import HTMX, make_idea
from ressourcenet.knowledge.views import PAGE_SIZE

SEARCH = "/search/"


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


def da_count(count: int) -> str:
    with translation.override("da"):
        return translation.ngettext("%(counter)s result.", "%(counter)s results.", count) % {
            "counter": count
        }


def titles(response) -> list[str]:
    return [str(result.title) for result in response.context["results"]]


@pytest.fixture
def ideas(network, other_network, plan):
    nord = plan.areas.get(name="Nordparken")
    make_idea(network, "Fællesspisning for beboerne", housing_areas=[nord])
    make_idea(other_network, "Beboerblad", description="Beboere skriver om fællesspisninger")
    make_idea(network, "Madklub", public=True, description="Åben for alle beboere")


def test_the_header_holds_a_search_box_that_goes_to_the_search_page(login, member, plan):
    content = login(member).get(f"/plans/{plan.slug}/").content.decode()
    assert f'action="{SEARCH}" role="search"' in content
    assert 'id="site-search" name="q" type="search"' in content
    assert f'<label for="site-search" class="sr-only">{da("Search the site")}</label>' in content


def test_the_search_page_lists_what_the_member_may_see_best_first(login, member, ideas):
    response = login(member).get(SEARCH, {"q": "fællesspisning"})
    assert response.status_code == 200
    assert titles(response) == [
        "<mark>Fællesspisning</mark> for beboerne",
        "Beboerblad",
    ]
    content = response.content.decode()
    assert da_count(2) in content
    assert "Beboere skriver om <mark>fællesspisninger</mark>" in content
    assert 'value="fællesspisning"' in content  # the search stays in the box


def test_a_visitor_finds_only_public_ideas(client, ideas):
    response = client.get(SEARCH, {"q": "beboer"})
    assert titles(response) == ["Madklub"]
    assert "Åben for alle <mark>beboere</mark>" in response.content.decode()


def test_an_outsider_finds_only_public_ideas(login, outsider, ideas):
    assert titles(login(outsider).get(SEARCH, {"q": "beboer"})) == ["Madklub"]


def test_the_filters_narrow_the_results(login, member, ideas, plan, other_network):
    nord = plan.areas.get(name="Nordparken")
    client = login(member)
    assert len(titles(client.get(SEARCH, {"q": "beboer", "network": other_network.pk}))) == 1
    assert len(titles(client.get(SEARCH, {"q": "beboer", "area": nord.pk}))) == 1
    assert titles(client.get(SEARCH, {"q": "beboer", "type": "meeting"})) == []
    content = client.get(SEARCH, {"q": "beboer"}).content.decode()
    assert f'<option value="{other_network.pk}">Netværk for job</option>' in content
    assert f'<option value="{nord.pk}">Nordparken</option>' in content


def test_the_results_come_in_pages(login, member, network):
    for number in range(PAGE_SIZE + 2):
        make_idea(network, f"Beboermøde nummer {number}")
    client = login(member)
    first = client.get(SEARCH, {"q": "beboermøde"})
    assert len(first.context["results"]) == PAGE_SIZE
    assert "?q=beboerm%C3%B8de&amp;page=2" in first.content.decode()
    second = client.get(SEARCH, {"q": "beboermøde", "page": "2"})
    assert len(second.context["results"]) == 2


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"q": "beboer", "page": "100000000000000000000"}, 3),
        ({"q": "beboer", "page": "-1"}, 3),
        ({"q": '("beboer"* -', "page": "x"}, 3),
        ({"q": 'NEAR("beboer" *'}, 0),
        ({"q": "beboer\x00"}, 3),
        ({"q": "\x00"}, None),
        ({"q": "beboer", "network": "100000000000000000000", "area": "-3", "type": "x"}, 3),
        ({"q": "beboer " * 1000}, 3),
    ],
)
def test_odd_input_is_read_safely(login, admin_user, ideas, params, count):
    response = login(admin_user).get(SEARCH, params)
    assert response.status_code == 200
    if count is None:
        assert da("Write what you are looking for.") in response.content.decode()
    else:
        assert da_count(count) in response.content.decode()


def test_without_a_search_the_page_asks_for_one(db, client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert da("Write what you are looking for.") in response.content.decode()


def test_nothing_found_says_so(login, member, ideas):
    content = login(member).get(SEARCH, {"q": "cykelværksted"}).content.decode()
    assert da("Nothing matches. Try another word, or fewer filters.") in content


def test_as_you_type_htmx_gets_only_the_results_with_the_count_to_read_out(login, member, ideas):
    response = login(member).get(SEARCH, {"q": "fælles"}, **HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="search-results">')
    assert f"<p data-announce>{da_count(2)}</p>" in content
    assert "<form" not in content and "<header" not in content


def test_the_form_works_without_javascript(login, member, ideas):
    content = login(member).get(SEARCH, {"q": "madklub"}).content.decode()
    assert f'<form method="get" action="{SEARCH}" role="search" class="search-page-form"' in content
    assert 'hx-get="/search/"' in content and 'hx-target="#search-results"' in content
    assert 'name="q" type="search" value="madklub"' in content
    # Without htmx the count is part of the page, not an announcement.
    assert "<p data-announce>" not in content


def test_post_is_refused(login, member):
    assert login(member).post(SEARCH, {"q": "beboer"}).status_code == 405
