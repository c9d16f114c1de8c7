"""The search box: one index over what people write (ideas, meetings' title and why,
summaries, experiences, later posts), with Danish inflection, ranked, with highlighted
snippets, and only what the user may see.

Writing: the services that change a thing call its `index_…` function here (no signals),
which writes one `SearchEntry`; `unindex` removes it; `reindex` (and the `reindex`
command) writes them all again. A new kind of thing needs one `index_…` function, a line
in `reindex` and a kind in `SearchEntry.Kind`.

Finding: on PostgreSQL, the entry's `vector` (the `danish` text-search configuration,
GIN index) matched with a prefix query, ranked by `SearchRank`, with snippets from
`SearchHeadline`. On SQLite, the FTS5 table `SearchText` holds the words stemmed with
the Danish Snowball stemmer (the same algorithm as PostgreSQL's `danish`), ranked by
bm25 (the title ten times the body), with snippets built here from the original text.
Either way "beboer" finds
"beboerne" and "fællesspisning" finds "fællesspisninger".

The user's words never reach a query language as typed: only letters and digits are
kept (no quotes, `*`, `NEAR`, `-` or parentheses), each word quoted.
"""

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache, partial

import snowballstemmer
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from ressourcenet.accounts import permissions
from ressourcenet.blog.models import Post
from ressourcenet.knowledge.models import Experience, Idea, SearchEntry, SearchText, Summary
from ressourcenet.lib import bounds
from ressourcenet.meetings.models import Meeting
from ressourcenet.plans.models import Plan

Kind = SearchEntry.Kind

# What a search may hold: more is a paste, not a search.
QUERY_MAX = 200
TERMS_MAX = 8
# Words this short are looked up whole; longer ones also as the start of a longer word
# ("fælles" finds "fællesspisning"), so that results come while the word is typed.
PREFIX_FROM = 3
SNIPPET_WORDS = 30
# A search ranks and counts at most this many matches, the newest (see `Found`).
RESULTS_MAX = 1000
WORD = re.compile(r"[^\W_]+")
# Where PostgreSQL's headline marks a found word; taken out of every text indexed.
START, STOP = "\ue000", "\ue001"
CONFIG = "danish"
# SQLite's rank (lower is better): a word in the title weighs ten times one in the body.
BM25 = "bm25(knowledge_searchtext, 10.0, 1.0)"


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("danish")


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.casefold())


def stemmed(text: str) -> str:
    """The text as FTS5 gets it on SQLite: each word folded and stemmed."""
    return " ".join(stem(word) for word in WORD.findall(text))


def clean(text: str) -> str:
    return text.replace(START, " ").replace(STOP, " ").replace("\x00", "")


def words(q: str) -> list[str]:
    """The words to look for: letters and digits only, folded, each once, at most
    TERMS_MAX of them from the first QUERY_MAX characters."""
    found = WORD.findall(bounds.search_text(q)[:QUERY_MAX].casefold())
    return list(dict.fromkeys(found))[:TERMS_MAX]


# --- writing ------------------------------------------------------------------------------


def index(
    kind: str,
    object_id: int,
    *,
    plan_id: int,
    network_id: int | None,
    area_ids: Iterable[int] = (),
    public: bool = False,
    title: str,
    body: str = "",
    url: str,
) -> SearchEntry:
    """Write the entry of one thing, replacing the one it had."""
    with transaction.atomic():
        entry, _created = SearchEntry.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            defaults={
                "plan_id": plan_id,
                "network_id": network_id,
                "public": public,
                "title": clean(title)[:300],
                "body": clean(body),
                "url": url,
            },
        )
        entry.housing_areas.set(list(area_ids))
        write_words([entry])
    return entry


def write_words(entries: list[SearchEntry]) -> None:
    """Put the entries' words where the database finds them (many at once for `reindex`)."""
    if connection.vendor == "postgresql":
        # PostgreSQL's parser reads "Uddannelse/Beskæftigelse" as one file path, not two
        # words (and cuts it at the first æ); a slash becomes a space first.
        def words_of(column: str) -> Replace:
            return Replace(F(column), Value("/"), Value(" "), output_field=TextField())

        vector = SearchVector(words_of("title"), weight="A", config=CONFIG) + SearchVector(
            words_of("body"), weight="B", config=CONFIG
        )
        SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).update(vector=vector)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM knowledge_searchtext WHERE rowid = %s", [[e.pk] for e in entries]
            )
            cursor.executemany(
                "INSERT INTO knowledge_searchtext (rowid, title, body) VALUES (%s, %s, %s)",
                [[e.pk, stemmed(e.title), stemmed(e.body)] for e in entries],
            )


def unindex(kind: str, object_id: int) -> None:
    """The thing is gone: so is its entry (on SQLite a trigger removes its words)."""
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@dataclass(frozen=True)
class Entry:
    """What one thing's search entry holds: `index` writes one, `index_new` many."""

    kind: str
    object_id: int
    plan_id: int
    network_id: int | None
    title: str
    url: str
    body: str = ""
    public: bool = False
    area_ids: tuple[int, ...] = ()


def _write(entry: Entry) -> SearchEntry:
    return index(
        entry.kind,
        entry.object_id,
        plan_id=entry.plan_id,
        network_id=entry.network_id,
        area_ids=entry.area_ids,
        public=entry.public,
        title=entry.title,
        body=entry.body,
        url=entry.url,
    )


def idea_entry(idea: Idea) -> Entry:
    """An idea: its title, description and tags; public when the idea is."""
    tags = " ".join(tag.name for tag in idea.tags.all())
    return Entry(
        Kind.IDEA,
        idea.pk,
        plan_id=idea.network.plan_id,
        network_id=idea.network_id,
        area_ids=tuple(area.pk for area in idea.housing_areas.all()),
        public=idea.public,
        title=idea.title,
        body="\n".join(part for part in (idea.description, tags) if part),
        url=idea.get_absolute_url(),
    )


def index_idea(idea: Idea) -> SearchEntry:
    return _write(idea_entry(idea))


def meeting_entry(meeting: Meeting) -> Entry:
    """A meeting alone: its title and its why."""
    return Entry(
        Kind.MEETING,
        meeting.pk,
        plan_id=meeting.network.plan_id,
        network_id=meeting.network_id,
        title=meeting.title,
        body=meeting.why,
        url=meeting.get_absolute_url(),
    )


def _index_meeting_alone(meeting: Meeting) -> SearchEntry:
    return _write(meeting_entry(meeting))


def index_meeting(meeting: Meeting) -> SearchEntry:
    """A meeting: its title and its why, for the plan's circle and those invited. Its
    summary's entry carries the meeting's title, so it is written again too."""
    entry = _index_meeting_alone(meeting)
    summary = Summary.objects.filter(meeting=meeting).first()
    if summary is not None:
        summary.meeting = meeting
        index_summary(summary)
    return entry


def summary_entry(summary: Summary) -> Entry | None:
    """A meeting's summary, under the meeting's id: the meeting's title and the text as
    it stands. A draft is its writers' alone and is not found (None); an open or final
    summary is found by those who may see the meeting, and a public final one by everyone."""
    meeting = summary.meeting
    if summary.state == Summary.State.DRAFT:
        return None
    return Entry(
        Kind.SUMMARY,
        meeting.pk,
        plan_id=meeting.network.plan_id,
        network_id=meeting.network_id,
        public=summary.public and summary.is_final,
        title=meeting.title,
        body=summary.current_body(),
        url=summary.get_absolute_url(),
    )


def index_summary(summary: Summary) -> SearchEntry | None:
    entry = summary_entry(summary)
    if entry is None:
        unindex(Kind.SUMMARY, summary.meeting_id)
        return None
    return _write(entry)


def experience_entry(experience: Experience) -> Entry:
    """An experience: its activity and area as the title; the plan's effort it belongs to,
    what worked and what did not as the text."""
    effort = experience.plan_effort.name if experience.plan_effort else ""
    return Entry(
        Kind.EXPERIENCE,
        experience.pk,
        plan_id=experience.plan_id,
        network_id=experience.network_id,
        area_ids=(experience.housing_area_id,) if experience.housing_area_id else (),
        public=experience.public,
        title=f"{experience.activity} – {experience.area_name}",
        body="\n".join(
            part for part in (effort, experience.worked, experience.did_not_work) if part
        ),
        url=experience.get_absolute_url(),
    )


def index_experience(experience: Experience) -> SearchEntry:
    return _write(experience_entry(experience))


def post_entry(post: Post, plan: Plan | None) -> Entry | None:
    """A blog post, public, found by everyone once it is shown (a draft or a post not yet
    due has no entry, None): its title, teaser, text and tags. The index belongs to a plan;
    the blog is the whole site's, so its entries are written under the current plan."""
    if plan is None or not post.is_visible:
        return None
    tags = " ".join(tag.name for tag in post.tags.all())
    return Entry(
        Kind.POST,
        post.pk,
        plan_id=plan.pk,
        network_id=None,
        public=True,
        title=post.title,
        body="\n".join(part for part in (post.teaser, strip_tags(post.body_html), tags) if part),
        url=post.get_absolute_url(),
    )


def index_post(post: Post, plan: Plan | None = None) -> SearchEntry | None:
    # Its time may have changed: the next search looks for due posts again (and once more
    # after the transaction, in case one looked in between).
    cache.delete(POSTS_DUE_KEY)
    transaction.on_commit(partial(cache.delete, POSTS_DUE_KEY))
    entry = post_entry(post, plan or Plan.objects.current())
    if entry is None:
        unindex(Kind.POST, post.pk)
        return None
    return _write(entry)


def indexed_posts(now: datetime | None = None) -> QuerySet[Post]:
    """The posts that have an entry: the visible ones."""
    return Post.objects.visible(now).prefetch_related("tags")


def reindex(progress: Callable[[int, int], None] | None = None) -> int:
    """Write every entry again, and drop those of things that are gone (and of draft
    summaries). Returns how many entries there are; `progress(done, total)` is called as
    it goes."""
    ideas = Idea.objects.select_related("network__plan").prefetch_related("housing_areas", "tags")
    meetings = Meeting.objects.select_related("network__plan")
    summaries = Summary.objects.exclude(state=Summary.State.DRAFT).select_related(
        "meeting__network__plan"
    )
    experiences = Experience.objects.select_related("plan", "housing_area", "plan_effort")
    # (kind, things, the id their entries have, how to index one)
    sources = [
        (Kind.IDEA, ideas, "pk", index_idea),
        (Kind.MEETING, meetings, "pk", _index_meeting_alone),
        (Kind.SUMMARY, summaries, "meeting_id", index_summary),
        (Kind.EXPERIENCE, experiences, "pk", index_experience),
        (Kind.POST, indexed_posts(), "pk", index_post),
    ]
    total = sum(queryset.count() for _kind, queryset, _id, _index in sources)
    done = 0
    for kind, queryset, id_field, index_one in sources:
        gone = SearchEntry.objects.filter(kind=kind).exclude(
            object_id__in=queryset.values(id_field)
        )
        gone.delete()
        for thing in queryset.order_by("pk").iterator(chunk_size=500):
            index_one(thing)
            done += 1
            if progress:
                progress(done, total)
    return done


BULK = 2000


def index_new(progress: Callable[[int], None] | None = None) -> int:
    """Write the entries of every thing that has none, many rows per query: for a database
    filled in bulk (`ressourcenet generate`), where `reindex`, one thing at a time, would take
    long. The entries are those `reindex` writes. Returns how many were written;
    `progress(count)` is called after each batch with how many it wrote."""
    summaries = Summary.objects.exclude(state=Summary.State.DRAFT).prefetch_related("revisions")
    sources = [
        (
            Kind.IDEA,
            Idea.objects.select_related("network__plan").prefetch_related("housing_areas", "tags"),
            "pk",
            idea_entry,
        ),
        (Kind.MEETING, Meeting.objects.select_related("network__plan"), "pk", meeting_entry),
        (
            Kind.SUMMARY,
            summaries.select_related("meeting__network__plan"),
            "meeting_id",
            summary_entry,
        ),
        (
            Kind.EXPERIENCE,
            Experience.objects.select_related("plan", "housing_area", "plan_effort"),
            "pk",
            experience_entry,
        ),
        (Kind.POST, indexed_posts(), "pk", partial(post_entry, plan=Plan.objects.current())),
    ]
    written = 0
    for kind, queryset, id_field, entry_of in sources:
        have = SearchEntry.objects.filter(kind=kind).values("object_id")
        things = queryset.exclude(**{f"{id_field}__in": have}).order_by("pk")
        batch: list[Entry] = []
        for thing in things.iterator(chunk_size=BULK):
            if (entry := entry_of(thing)) is not None:
                batch.append(entry)
            if len(batch) == BULK:
                written += _write_many(batch, progress)
                batch = []
        written += _write_many(batch, progress)
    return written


def _write_many(entries: list[Entry], progress: Callable[[int], None] | None) -> int:
    if not entries:
        return 0
    with transaction.atomic():
        rows = SearchEntry.objects.bulk_create(
            SearchEntry(
                kind=entry.kind,
                object_id=entry.object_id,
                plan_id=entry.plan_id,
                network_id=entry.network_id,
                public=entry.public,
                title=clean(entry.title)[:300],
                body=clean(entry.body),
                url=entry.url,
            )
            for entry in entries
        )
        areas = SearchEntry.housing_areas.through
        areas.objects.bulk_create(
            areas(searchentry_id=row.pk, housingarea_id=area_id)
            for row, entry in zip(rows, entries, strict=True)
            for area_id in entry.area_ids
        )
        write_words(rows)
    if progress:
        progress(len(rows))
    return len(rows)


# --- finding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    kind: str
    id: int
    title: SafeString
    snippet: SafeString
    url: str

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


# When the next post comes due, as `index_due_posts` last found: until then a search need
# not look (a post saved through `index_post` forgets it). At most POSTS_DUE_SECONDS.
POSTS_DUE_KEY = "search:next-post-due"
POSTS_DUE_SECONDS = 300


def index_due_posts() -> int:
    """Write the entries of visible posts that have none; how many were written. Notes
    when the next post comes due, so that searches until then need not ask."""
    now = timezone.now()
    have = SearchEntry.objects.filter(kind=Kind.POST).values("object_id")
    # One query: the visible posts without an entry, and the posts still to come.
    rows = list(
        Post.objects.filter(state__in=[Post.State.PUBLISHED, Post.State.SCHEDULED])
        .filter(Q(publish_at__gt=now) | ~Q(pk__in=have))
        .order_by()
        .values_list("pk", "publish_at")
    )
    later = [at for _pk, at in rows if at > now]
    next_due = min(later, default=now + timedelta(seconds=POSTS_DUE_SECONDS))
    seconds = min(POSTS_DUE_SECONDS, int((next_due - now).total_seconds()))
    if seconds > 0:
        cache.set(POSTS_DUE_KEY, next_due, seconds)
    due = [pk for pk, at in rows if at <= now]
    if not due:  # the usual case: one query
        return 0
    plan = Plan.objects.current()
    count = 0
    for post in indexed_posts(now).filter(pk__in=due):
        if index_post(post, plan) is not None:
            count += 1
    return count


def index_posts_come_due() -> None:
    """`index_due_posts`, unless no post has come due since it last looked: no query."""
    next_due = cache.get(POSTS_DUE_KEY)
    if next_due is None or timezone.now() >= next_due:
        index_due_posts()


def find(
    user,
    q: str,
    kind: str = "",
    network: int | None = None,
    area: int | None = None,
) -> "Found":
    """The entries this user may see that hold the words of `q`, best first; none for a
    search without words. Filtered in the query, so that a page of it, with the count of
    all, is one query."""
    terms = words(q)
    if not terms:
        return Found()
    if kind in ("", Kind.POST):
        # A scheduled post is found from the moment it is shown, not from the next
        # nightly `purgeblog`.
        index_posts_come_due()
    entries = permissions.visible_search_entries(user, SearchEntry.objects.all())
    if kind:
        entries = entries.filter(kind=kind)
    if network is not None:
        entries = entries.filter(network_id=network)
    if area is not None:
        entries = entries.filter(housing_areas__id=area)
    if connection.vendor == "postgresql":
        return RankedResults(entries, SearchQuery(tsquery(terms), config=CONFIG, search_type="raw"))
    return FtsResults(entries, fts_query(terms))


class Found:
    """What a search found, read as a page reads it: slices of entries, best first, and
    their count. A word as common as »beboere« is in tens of thousands of entries at
    national scale, and ranking and counting every one of them takes longer than a page
    may. So a search ranks at most RESULTS_MAX matches the user may see, the newest ones
    (the index's own order, newest entry first, which the databases walk without sorting
    and stop early); `more` says there are others, which a narrower search finds. Fewer
    matches than that are all ranked, as before.

    Two queries a page: the candidates' ids with their rank (which gives the count too),
    then the page's entries. With no words, nothing is found and nothing is asked."""

    def __init__(self):
        self._ids: list[int] | None = None
        self._more = False
        self._entries: dict[int, SearchEntry] = {}

    @property
    def more(self) -> bool:
        """Whether more entries match than are ranked (RESULTS_MAX)."""
        self._ranked()
        return self._more

    def _ranked(self) -> list[int]:
        if self._ids is None:
            scored = self._candidates()
            self._more = len(scored) > RESULTS_MAX
            best_first = sorted(scored[:RESULTS_MAX], key=lambda row: (-row[1], -row[0]))
            self._ids = [pk for pk, _score in best_first]
        return self._ids

    def prefetch(self, number: int, size: int) -> "Found":
        """Fetch page `number` (from 1) of `size` entries, and the count with it."""
        start = (max(number, 1) - 1) * size
        self[start : start + size]  # noqa: B018 - fetched for the count and the page
        return self

    def __getitem__(self, window: slice) -> list[SearchEntry]:
        if not isinstance(window, slice):
            raise TypeError("Search results are read in slices, as a page reads them.")
        ids = self._ranked()[window]
        missing = [pk for pk in ids if pk not in self._entries]
        if missing:
            self._entries |= self._load(missing)
        # An entry removed between the two queries is left out.
        return [self._entries[pk] for pk in ids if pk in self._entries]

    def count(self) -> int:
        return len(self._ranked())

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def _candidates(self) -> list[tuple[int, float]]:
        """(id, score: higher is better) of at most RESULTS_MAX + 1 matches, newest first."""
        return []

    def _load(self, ids: list[int]) -> dict[int, SearchEntry]:
        return SearchEntry.objects.defer("vector").in_bulk(ids)


def entry_count() -> float:
    """PostgreSQL's estimate of the search entries (kept an hour in the cache)."""

    def estimate() -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [SearchEntry._meta.db_table],
            )
            return max(cursor.fetchone()[0], 0)

    return cache.get_or_set("search:entry-count", estimate, 3600)


class RankedResults(Found):
    """PostgreSQL: the entries whose vector matches, ranked by `SearchRank`, with headlines
    marking the found words (made only for the page's rows)."""

    def __init__(self, entries: QuerySet[SearchEntry], query: SearchQuery):
        super().__init__()
        self.entries = entries.filter(vector=query)
        self.query = query

    def _candidates(self) -> list[tuple[int, float]]:
        # The newest matches, then ranked: ts_rank runs for the candidates only, not for
        # every match. Two ways to the newest, the same entries either way; see
        # `_walk_the_key` for which reads fewer rows.
        order = "-pk" if self._walk_the_key() else "-newness"
        newest = self.entries.alias(newness=F("pk") + 0).order_by(order).values("pk")
        return list(
            SearchEntry.objects.filter(pk__in=newest[: RESULTS_MAX + 1])
            .annotate(rank=SearchRank(F("vector"), self.query))
            .order_by("-pk")
            .values_list("pk", "rank")
        )

    def _walk_the_key(self) -> bool:
        """Whether to walk the primary key backwards, testing each entry, until the newest
        RESULTS_MAX + 1 visible matches are found, rather than read every match from the
        GIN index and keep the newest (ordered by `id + 0`, which the key cannot give).

        With V visible matches among N entries, the walk reads about N * RESULTS_MAX / V
        rows, the index at least V: the walk is the cheaper when V is above the square
        root of N * RESULTS_MAX (8,700 at national scale). At national scale the walk
        takes 3-8 ms for a word in a third of the entries (the index 20-30 ms), the index
        10 ms for a word in one entry of twenty (the walk 50-80 ms). V is the planner's
        estimate (EXPLAIN, from the vector column's statistics), N its count of rows."""
        sql, params = self.entries.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        visible = plan[0]["Plan"]["Plan Rows"]
        return visible * visible > RESULTS_MAX * entry_count()

    def _load(self, ids: list[int]) -> dict[int, SearchEntry]:
        headline = partial(
            SearchHeadline, query=self.query, config=CONFIG, start_sel=START, stop_sel=STOP
        )
        return (
            SearchEntry.objects.filter(pk__in=ids)
            .defer("vector")
            .annotate(
                title_marked=headline("title", highlight_all=True),
                body_marked=headline("body", max_words=SNIPPET_WORDS, min_words=SNIPPET_WORDS // 2),
            )
            .in_bulk()
        )


class FtsResults(Found):
    """SQLite: the entries found, ranked by bm25.

    Asked from the FTS5 table's side, each match checked against the entries allowed
    through its primary key: joined from the entries' side, SQLite could start from an
    index of theirs (a network's entries) and look the words up again for each; checked
    with `rowid IN (allowed)`, FTS5 would do the same, and the allowed entries would be
    listed in full for every search. FTS5 gives its matches in rowid order (newest last),
    and backwards as cheaply: the newest candidates need no sort and no look at the rest."""

    def __init__(self, entries: QuerySet[SearchEntry], match: str):
        super().__init__()
        allowed = entries.filter(pk=OuterRef("entry_id"))
        self.texts = SearchText.objects.filter(Exists(allowed), match__matches=match)

    def _candidates(self) -> list[tuple[int, float]]:
        # bm25 is lower for the better match; it runs in the FTS5 query itself, as it must.
        return list(
            self.texts.annotate(score=RawSQL(f"-{BM25}", []))
            .order_by("-entry_id")
            .values_list("entry_id", "score")[: RESULTS_MAX + 1]
        )


def tsquery(terms: list[str]) -> str:
    """PostgreSQL's query: every word (stemmed by `danish`), the longer ones as prefixes.
    Each is quoted; it holds only letters and digits."""
    return " & ".join(f"'{term}':*" if len(term) >= PREFIX_FROM else f"'{term}'" for term in terms)


def fts_query(terms: list[str]) -> str:
    """FTS5's query on SQLite: every stemmed word as a quoted string, the longer ones as
    prefixes, so no word is read as an operator (NEAR, AND, -)."""
    return " ".join(
        f'"{stem(term)}"*' if len(term) >= PREFIX_FROM else f'"{stem(term)}"' for term in terms
    )


def results(entries: Iterable[SearchEntry], q: str) -> list[Result]:
    """A page of `find`'s entries with the found words marked in title and snippet."""
    stems = [(stem(term), len(term) >= PREFIX_FROM) for term in words(q)]
    rows = []
    for entry in entries:
        if hasattr(entry, "body_marked"):  # PostgreSQL's headlines
            title, snippet = marked(entry.title_marked), marked(entry.body_marked)
        else:
            title, snippet = highlight(entry.title, stems), excerpt(entry.body, stems)
        rows.append(Result(entry.kind, entry.object_id, title, snippet, entry.url))
    return rows


def marked(headline: str) -> SafeString:
    """PostgreSQL's headline, escaped, with its marks as <mark>."""
    text = html.escape(headline)
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _found(word: str, stems: list[tuple[str, bool]]) -> bool:
    word_stem = stem(word)
    return any(
        word_stem.startswith(term) if prefix else word_stem == term for term, prefix in stems
    )


def highlight(text: str, stems: list[tuple[str, bool]]) -> SafeString:
    """The text, escaped, with the words the search found in <mark>."""
    parts, position = [], 0
    for match in WORD.finditer(text):
        if _found(match.group(), stems):
            parts.append(html.escape(text[position : match.start()]))
            parts.append(f"<mark>{html.escape(match.group())}</mark>")
            position = match.end()
    parts.append(html.escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308


def excerpt(text: str, stems: list[tuple[str, bool]]) -> SafeString:
    """About SNIPPET_WORDS words of the text around the first found word, highlighted."""
    found = list(WORD.finditer(text))
    if not found:
        return mark_safe("")
    first = next((i for i, m in enumerate(found) if _found(m.group(), stems)), 0)
    start = max(0, first - SNIPPET_WORDS // 3)
    end = min(len(found), start + SNIPPET_WORDS) - 1
    begin, finish = found[start].start(), found[end].end()
    before = "… " if begin > 0 else ""
    after = " …" if finish < len(text) else ""
    body = highlight(" ".join(text[begin:finish].split()), stems)
    return mark_safe(f"{before}{body}{after}")  # noqa: S308
