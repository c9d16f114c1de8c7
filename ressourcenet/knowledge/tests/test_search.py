"""The search index (knowledge/search.py): what the services write to it, Danish
inflection, who finds what, and input that must never break a query.

Runs on the database DATABASE_URL names: the suite runs on SQLite and on PostgreSQL, so
each test here runs against FTS5 and against PostgreSQL's `danish` search in turn."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ressourcenet.knowledge import search, services
from ressourcenet.knowledge.models import Idea, SearchEntry
from ressourcenet.knowledge.tests.conftest import make_idea
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks.models import Membership

IDEA = SearchEntry.Kind.IDEA
MEETING = SearchEntry.Kind.MEETING


def found(user, q: str, **filters) -> list[tuple[str, int]]:
    return [(e.kind, e.object_id) for e in search.find(user, q, **filters)]


def new_meeting(network, title: str, why: str) -> Meeting:
    starts_at = timezone.now() + timedelta(days=10)
    meeting = Meeting(
        network=network,
        title=title,
        why=why,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    return meeting_services.save_meeting(meeting)


# --- the indexer -----------------------------------------------------------------------


def test_a_new_idea_is_indexed_with_its_words_plan_network_and_areas(idea, plan, network):
    entry = SearchEntry.objects.get(kind=IDEA, object_id=idea.pk)
    assert entry.title == "Madklub for familier"
    assert "Familier laver mad sammen" in entry.body
    assert "Mad" in entry.body  # its tags
    assert (entry.plan, entry.network, entry.public) == (plan, network, False)
    assert [a.name for a in entry.housing_areas.all()] == ["Nordparken"]
    assert entry.url == idea.get_absolute_url()


def test_a_changed_idea_is_indexed_again(idea, admin_user):
    idea.title = "Fællesspisning i beboerhuset"
    idea.public = True
    services.update_idea(idea, housing_areas=[])
    entry = SearchEntry.objects.get(kind=IDEA, object_id=idea.pk)
    assert (entry.title, entry.public) == ("Fællesspisning i beboerhuset", True)
    assert list(entry.housing_areas.all()) == []
    assert found(admin_user, "beboerhuset") == [(IDEA, idea.pk)]
    assert found(admin_user, "madklub") == []


def test_a_meeting_is_indexed_with_its_title_and_why(network, admin_user):
    meeting = new_meeting(network, "Værksted om lektiecafé", "Beboerne vælger tre lektiecaféer")
    entry = SearchEntry.objects.get(kind=MEETING, object_id=meeting.pk)
    assert (entry.title, entry.body) == ("Værksted om lektiecafé", meeting.why)
    meeting.why = "Forældrene planlægger sommerfesten"
    meeting_services.save_meeting(meeting, changed=["why"])
    assert found(admin_user, "sommerfest") == [(MEETING, meeting.pk)]
    assert found(admin_user, "lektiecaféer") == [(MEETING, meeting.pk)]  # still the title


def test_a_withdrawn_meeting_leaves_the_index(network, admin_user):
    meeting = new_meeting(network, "Værksted om haver", "Tre nye køkkenhaver")
    meeting_services.withdraw_meeting(meeting)
    assert not SearchEntry.objects.filter(kind=MEETING, object_id=meeting.pk).exists()
    assert found(admin_user, "køkkenhaver") == []


def test_reindex_writes_every_entry_again_and_drops_the_gone(idea, network, admin_user, capsys):
    SearchEntry.objects.all().delete()
    gone = SearchEntry.objects.create(
        kind=IDEA, object_id=idea.pk + 1000, plan=network.plan, title="Væk", url="/"
    )
    Meeting.objects.create(network=network, title="Sommerfest", why="Alle beboerne inviteres")
    call_command("reindex")
    out = capsys.readouterr().out
    assert "2/2" in out and "2 entries indexed." in out
    assert not SearchEntry.objects.filter(pk=gone.pk).exists()
    assert found(admin_user, "familier") == [(IDEA, idea.pk)]
    assert len(found(admin_user, "beboer")) == 1


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_on_sqlite_an_entry_that_goes_takes_its_words_along(idea):
    entry = SearchEntry.objects.get(kind=IDEA, object_id=idea.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM knowledge_searchtext WHERE rowid = %s", [entry.pk])
        assert cursor.fetchone() == ("madklub for famili",)
        entry.delete()
        cursor.execute("SELECT count(*) FROM knowledge_searchtext")
        assert cursor.fetchone() == (0,)


# --- Danish inflection --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Beboerne mødes i haven", "beboer"),
        ("Nye fællesspisninger i Nordparken", "fællesspisning"),
        ("En fællesspisning for alle", "fællesspisninger"),
        ("Lektiecaféen åbner igen", "lektiecafé"),
        ("Fællesspisning hver måned", "fælles"),  # as it is typed
        # Words joined by a slash, as the plan's efforts are named: each found.
        ("Mentorer til Uddannelse/Beskæftigelse", "beskæftigelse"),
        ("Mentorer til Uddannelse/Beskæftigelse", "uddannelse beskæftigelse"),
    ],
)
def test_a_word_finds_its_other_forms(network, admin_user, text, query):
    idea = make_idea(network, text)
    make_idea(network, "Jobcafé for unge")
    assert found(admin_user, query) == [(IDEA, idea.pk)]


def test_every_word_must_be_found(network, admin_user):
    both = make_idea(network, "Fællesspisning for beboerne")
    make_idea(network, "Fællesspisning for unge")
    assert found(admin_user, "beboer fællesspisning") == [(IDEA, both.pk)]


def test_a_word_in_the_title_ranks_above_one_in_the_description(network, admin_user):
    described = make_idea(network, "Nyt tilbud", description="Madklub og fællesspisning")
    titled = make_idea(network, "Fællesspisning", description="Hver anden torsdag")
    assert found(admin_user, "fællesspisning") == [(IDEA, titled.pk), (IDEA, described.pk)]


# --- the snippets ---------------------------------------------------------------------------


def test_the_snippet_marks_the_found_forms_and_escapes_the_rest(network, admin_user):
    make_idea(
        network,
        "<b>Beboerne</b> inviterer",
        description="Alle beboere er velkomne <script>alert(1)</script> til fællesspisningen.",
    )
    [result] = search.results(search.find(admin_user, "beboer"), "beboer")
    assert "&lt;b&gt;<mark>Beboerne</mark>&lt;/b&gt;" in result.title
    assert "<mark>beboere</mark>" in result.snippet
    # No tag of the text's own reaches the page (PostgreSQL's headline leaves tags out,
    # SQLite's snippet escapes them): the only tags are the marks.
    assert "<" not in result.snippet.replace("<mark>beboere</mark>", "")
    assert "<" not in result.title.replace("<mark>Beboerne</mark>", "")


def test_a_long_text_is_cut_around_the_found_word(network, admin_user):
    description = " ".join(["ord"] * 100 + ["beboerne"] + ["ord"] * 100)
    make_idea(network, "Lang beskrivelse", description=description)
    [result] = search.results(search.find(admin_user, "beboer"), "beboer")
    assert "<mark>beboerne</mark>" in result.snippet
    assert len(result.snippet.split()) < 50


# --- who finds what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "member", "board_member"])
def test_the_plans_circle_finds_its_ideas_and_meetings(request, role, idea, network):
    meeting = new_meeting(network, "Madklub: næste skridt", "Vi vælger en madklub")
    user = request.getfixturevalue(role)
    assert sorted(found(user, "madklub")) == sorted([(IDEA, idea.pk), (MEETING, meeting.pk)])


def test_a_member_of_another_plan_finds_nothing_of_ours(idea, network, other_plan_member):
    new_meeting(network, "Madklub: næste skridt", "Vi vælger en madklub")
    assert found(other_plan_member, "madklub") == []


@pytest.mark.parametrize("role", ["editor", "outsider"])
def test_a_user_without_a_role_in_the_plan_finds_only_public_ideas(request, role, network):
    make_idea(network, "Madklub for familier")
    public = make_idea(network, "Madklub for alle", public=True)
    new_meeting(network, "Madklub: næste skridt", "Vi vælger en madklub")
    assert found(request.getfixturevalue(role), "madklub") == [(IDEA, public.pk)]


def test_a_visitor_finds_only_public_ideas(network, other_plan_member):
    make_idea(network, "Madklub for familier")
    public = make_idea(network, "Madklub for alle", public=True)
    new_meeting(network, "Madklub: næste skridt", "Vi vælger en madklub")
    assert found(AnonymousUser(), "madklub") == [(IDEA, public.pk)]


def test_the_owner_of_an_idea_from_outside_the_plan_finds_it(network, other_plan_member):
    owner = other_plan_member.person
    membership = Membership.objects.create(
        network=network, person=owner, starts_on=date(2020, 1, 1)
    )
    idea = make_idea(network, "Madklub for familier", owner=owner)
    membership.ends_on = timezone.localdate() - timedelta(days=1)
    membership.save()
    other_plan_member._ressourcenet_roles = None
    assert found(other_plan_member, "madklub") == [(IDEA, idea.pk)]


def test_a_guest_invited_to_a_meeting_finds_it(network, other_plan_member):
    meeting = new_meeting(network, "Madklub: næste skridt", "Vi vælger en madklub")
    Invitation.objects.create(meeting=meeting, person=other_plan_member.person, is_guest=True)
    make_idea(network, "Madklub for familier")
    assert found(other_plan_member, "madklub") == [(MEETING, meeting.pk)]


def test_the_search_agrees_with_visible_ideas(network, other_network, member, outsider):
    from ressourcenet.accounts import permissions

    for title in ("Madklub én", "Madklub to", "Madklub tre"):
        make_idea(network, title)
    make_idea(other_network, "Madklub fire", public=True)
    for user in (member, outsider):
        visible = permissions.visible_ideas(user, Idea.objects.filter(public=False))
        public = Idea.objects.filter(public=True)
        expected = {pk for pk in visible.values_list("pk", flat=True)} | set(
            public.values_list("pk", flat=True)
        )
        assert {pk for _kind, pk in found(user, "madklub")} == expected


# --- filters ---------------------------------------------------------------------------------


def test_filters_by_type_network_and_area(idea, other_idea, plan, network, admin_user):
    meeting = new_meeting(network, "Familier i Nordparken", "Familier mødes")
    nordparken = plan.areas.get(name="Nordparken")
    assert found(admin_user, "familier", kind=MEETING) == [(MEETING, meeting.pk)]
    assert found(admin_user, "familier", kind=IDEA) == [(IDEA, idea.pk)]
    assert found(admin_user, "familier", area=nordparken.pk) == [(IDEA, idea.pk)]
    assert found(admin_user, "beboerhuset", network=network.pk) == []
    assert found(admin_user, "beboerhuset", network=other_idea.network_id) == [
        (IDEA, other_idea.pk)
    ]


# --- input that must not break a query --------------------------------------------------------


# Operators of FTS5 and of PostgreSQL's tsquery: each is only a word (or nothing) here.
FINDS = [
    "madklub*",
    "-madklub",
    "madklub -",
    "(madklub",
    "madklub)",
    "madklub\x00",
    "madklub'",
    "madklub & familier",
    "!madklub",
    "madklub:*",
    "^madklub",
    "{madklub}",
    "madklub | familier",
    "madklub + familier",
    '"madklub" "familier"',
    "madklub\\",
]
# Words the idea does not hold ("near", "and", "not"), or no words at all.
FINDS_NOTHING = [
    '"',
    '""',
    "*",
    "NEAR(madklub familier)",
    "NEAR(",
    "madklub AND",
    "OR",
    "NOT madklub",
    "\x00",
    "'",
    "a:b",
    "\\",
    "madklub" * 100,
    ":*",
    "&",
    "|",
    "!",
    "()",
]


@pytest.mark.parametrize("q", FINDS)
def test_query_syntax_around_a_word_is_left_out(idea, admin_user, q):
    assert found(admin_user, q) == [(IDEA, idea.pk)]


@pytest.mark.parametrize("q", FINDS_NOTHING)
def test_query_syntax_alone_or_as_a_word_finds_nothing(idea, admin_user, q):
    assert found(admin_user, q) == []


def test_a_search_without_words_finds_nothing(idea, admin_user):
    assert found(admin_user, "   ") == []
    assert found(admin_user, "— … ?") == []


def test_words_keeps_letters_and_digits_folded_and_bounded():
    assert search.words('"Beboerne" NEAR(fællesspisning) -2025*') == [
        "beboerne",
        "near",
        "fællesspisning",
        "2025",
    ]
    assert search.words("ord " * 50) == ["ord"]
    assert len(search.words(" ".join(f"ord{i}" for i in range(50)))) == search.TERMS_MAX


def test_the_queries_quote_every_word():
    assert search.fts_query(["beboerne", "og"]) == '"bebo"* "og"'
    assert search.tsquery(["beboerne", "og"]) == "'beboerne':* & 'og'"


# --- pages of results ----------------------------------------------------------------------


@pytest.fixture
def seven_ideas(network):
    return [make_idea(network, f"Fællesspisning nummer {n}") for n in range(7)]


def test_pages_of_the_results_hold_every_entry_once_in_rank_order(seven_ideas, admin_user):
    everything = found(admin_user, "fællesspisning")
    assert len(everything) == 7
    pages = [search.find(admin_user, "fællesspisning").prefetch(n, 3) for n in (1, 2, 3)]
    assert [found.count() for found in pages] == [7, 7, 7]
    read = [(e.kind, e.object_id) for n, page in enumerate(pages) for e in page[n * 3 : n * 3 + 3]]
    assert read == everything
    # The paginator asks for the last page cut at the count, and beyond the end.
    last = search.find(admin_user, "fællesspisning").prefetch(3, 3)
    assert [e.object_id for e in last[6:7]] == [everything[6][1]]
    beyond = search.find(admin_user, "fællesspisning").prefetch(4, 3)
    assert beyond[9:12] == [] and beyond.count() == 7
    nothing = search.find(admin_user, "ingenting").prefetch(1, 3)
    assert nothing[0:3] == [] and nothing.count() == 0


def test_the_search_page_shows_the_count_and_every_page(
    client, monkeypatch, seven_ideas, admin_user
):
    monkeypatch.setattr("ressourcenet.knowledge.views.PAGE_SIZE", 5)
    client.force_login(admin_user)
    seen = []
    for number in (1, 2):
        page = client.get("/search/", {"q": "fællesspisning", "page": number}).context["page"]
        assert page.paginator.count == 7
        seen += [entry.object_id for entry in page.object_list]
    assert sorted(seen) == sorted(idea.pk for idea in seven_ideas)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_on_postgresql_the_count_comes_with_the_page(seven_ideas, admin_user):
    results = search.find(admin_user, "fællesspisning").prefetch(1, 3)
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 7
        assert len(results[0:3]) == 3
    assert len(queries) == 0


# --- bounded for common words ----------------------------------------------------------------


@pytest.fixture
def most_three(monkeypatch):
    """Rank and count at most three matches (RESULTS_MAX is 1,000)."""
    monkeypatch.setattr(search, "RESULTS_MAX", 3)


def test_a_search_that_finds_more_than_the_most_ranks_the_newest(most_three, network, member):
    oldest = make_idea(network, "Fællesspisning i gården")  # the word in the title: best
    older = make_idea(network, "Madklub", description="Fællesspisning en gang")
    newer = [make_idea(network, "Madklub", description=f"Fællesspisning {n}") for n in "ab"]
    newest = make_idea(network, "Fællesspisning hver fredag")
    results = search.find(member, "fællesspisning")
    assert results.count() == 3 and results.more
    # The three newest, best first: the title match, then the newest of the rest.
    assert [e.object_id for e in results[0:3]] == [newest.pk, newer[1].pk, newer[0].pk]
    assert not {oldest.pk, older.pk} & {e.object_id for e in results[0:10]}
    assert results[3:6] == []  # a page past the most is empty, not an error


@pytest.mark.parametrize(("matches", "more"), [(2, False), (3, False), (4, True)])
def test_the_most_is_counted_exactly_at_its_bounds(most_three, network, member, matches, more):
    for n in range(matches):
        make_idea(network, f"Fællesspisning nummer {n}")
    results = search.find(member, "fællesspisning")
    assert (results.count(), results.more) == (min(matches, 3), more)
    assert len(results[0:10]) == min(matches, 3)


def test_what_a_user_may_not_see_takes_no_place_among_the_most(
    most_three, network, other_plan_member, member, outsider
):
    ours = [make_idea(network, f"Fællesspisning nummer {n}") for n in range(2)]
    theirs_network = other_plan_member.person.memberships.get().network
    # Newer than ours, and more of them than the most: none is found, nor keeps ours out.
    for n in range(5):
        make_idea(theirs_network, f"Fællesspisning hos naboen {n}")
    public = make_idea(theirs_network, "Fællesspisning for alle", public=True)
    mine = search.find(member, "fællesspisning")
    assert sorted(e.object_id for e in mine[0:10]) == sorted([public.pk, *(i.pk for i in ours)])
    assert (mine.count(), mine.more) == (3, False)
    theirs = search.find(outsider, "fællesspisning")
    assert [e.object_id for e in theirs[0:10]] == [public.pk] and not theirs.more


def test_a_search_without_words_finds_nothing_more(idea, admin_user):
    results = search.find(admin_user, "  ")
    assert (results.count(), results.more, results[0:10]) == (0, False, [])


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_on_postgresql_both_ways_to_the_newest_find_the_same(
    most_three, network, other_network, member, monkeypatch
):
    for n in range(5):
        make_idea(network if n % 2 else other_network, f"Fællesspisning nummer {n}")
    make_idea(network, "Madklub")
    ways = {}
    for walk in (True, False):
        monkeypatch.setattr(search.RankedResults, "_walk_the_key", lambda self, walk=walk: walk)
        results = search.find(member, "fællesspisning")
        ways[walk] = ([e.object_id for e in results[0:10]], results.count(), results.more)
    assert ways[True] == ways[False]
    assert ways[True][1:] == (3, True)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_on_postgresql_the_key_is_walked_only_for_many_visible_matches(
    most_three, network, member, monkeypatch
):
    for n in range(4):
        make_idea(network, f"Fællesspisning nummer {n}")
    results = search.find(member, "fællesspisning")
    monkeypatch.setattr(search, "entry_count", lambda: 10**9)  # a few among a billion
    assert not results._walk_the_key()
    monkeypatch.setattr(search, "entry_count", lambda: 0)  # every entry a match
    assert results._walk_the_key()
