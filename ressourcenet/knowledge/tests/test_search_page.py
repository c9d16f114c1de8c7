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


def da_most(text: str) -> str:
    """A message about the most results shown, in Danish, with the number as shown."""
    from django.utils.formats import number_format

    from ressourcenet.knowledge import search

    with translation.override("da"):
        most = number_format(search.RESULTS_MAX, force_grouping=True)
        return translation.gettext(text) % {"most": most}


MORE = "More than %(most)s results – make the search more precise."
BEYOND = (
    "At most %(most)s results are shown. Add a word or choose a filter to find what you "
    "are looking for."
)


@pytest.fixture
def many(monkeypatch, network):
    """Seven matches, of which the search ranks at most four, two to a page."""
    from ressourcenet.knowledge import search

    monkeypatch.setattr(search, "RESULTS_MAX", 4)
    monkeypatch.setattr("ressourcenet.knowledge.views.PAGE_SIZE", 2)
    return [make_idea(network, f"Beboermøde nummer {n}") for n in range(7)]


def test_the_most_is_written_in_danish_with_a_thousands_separator():
    assert "1.000" in da_most(MORE) and "1,000" not in da_most(MORE)


def test_more_than_the_most_says_so_instead_of_a_count(login, member, many):
    response = login(member).get(SEARCH, {"q": "beboermøde"})
    content = response.content.decode()
    assert da_most(MORE) in content
    assert da_count(4) not in content and da_count(7) not in content
    assert len(response.context["results"]) == 2
    assert "?q=beboerm%C3%B8de&amp;page=2" in content


def test_the_last_page_of_the_most_is_shown_and_a_page_beyond_says_why_it_is_empty(
    login, member, many
):
    client = login(member)
    last = client.get(SEARCH, {"q": "beboermøde", "page": "2"})
    assert len(last.context["results"]) == 2
    assert "page=3" not in last.content.decode()
    for number in ("3", "99", "100000000000000000000"):
        beyond = client.get(SEARCH, {"q": "beboermøde", "page": number})
        assert beyond.status_code == 200
        content = beyond.content.decode()
        if number == "100000000000000000000":  # not a page number: the first page
            assert len(beyond.context["results"]) == 2
            continue
        assert beyond.context["results"] == []
        assert da_most(BEYOND) in content and da_most(MORE) in content
        assert '<a href="?q=beboerm%C3%B8de">' + da("Go to the first page") in content
        assert da("Nothing matches. Try another word, or fewer filters.") not in content


def test_as_you_type_more_than_the_most_is_read_out(login, member, many):
    content = login(member).get(SEARCH, {"q": "beboermøde"}, **HTMX).content.decode()
    assert f"<p data-announce>{da_most(MORE)}</p>" in content


def test_fewer_than_the_most_are_counted_and_a_page_beyond_shows_the_last(login, member, ideas):
    response = login(member).get(SEARCH, {"q": "beboer", "page": "5"})
    content = response.content.decode()
    assert da_count(3) in content and da_most(MORE) not in content
    assert len(response.context["results"]) == 3


def test_the_options_of_the_filters_are_escaped_and_keep_the_choice(
    login, member, network, other_network, ideas
):
    other_network.name = 'Job & "uddannelse" <unge>'
    other_network.save()
    content = login(member).get(SEARCH, {"q": "beboer", "network": other_network.pk})
    text = content.content.decode()
    assert (
        f'<option value="{other_network.pk}" selected>'
        "Job &amp; &quot;uddannelse&quot; &lt;unge&gt;</option>"
    ) in text
    assert f'<option value="{network.pk}">{network.name}</option>' in text
