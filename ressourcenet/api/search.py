"""/api/v1/search: the search box's results, as on the search page.

Anyone may search; each caller finds only what they may see (without a token, what is
public). Best first, with the found words of the snippet in <mark> (the rest escaped).
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from ressourcenet.api.common import LimitOffset, PageOf
from ressourcenet.api.meeting_schemas import inline_enum
from ressourcenet.api.types import Id
from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import SearchEntry

router = Router(tags=["search"])

KindCode = Annotated[SearchEntry.Kind, inline_enum(SearchEntry.Kind)]


class SearchResultOut(Schema):
    type: KindCode
    id: int
    title: str
    snippet: str = Field(description="HTML: escaped text, the found words in <mark>.")
    url: str


def result_out(result: search.Result) -> dict:
    return {
        "type": result.kind,
        "id": result.id,
        "title": str(result.title),
        "snippet": str(result.snippet),
        "url": result.url,
    }


@router.get("/search", response=list[SearchResultOut])
@paginate(LimitOffset)
def search_entries(
    request: HttpRequest,
    q: Annotated[str, Field(max_length=search.QUERY_MAX)] = "",
    type: KindCode | None = None,  # noqa: A002 - the issue's name for it
    network: Id | None = None,
    area: Id | None = None,
):
    """What holds the words of `q` (other forms of a word too: `beboer` finds `beboerne`),
    best first; `title` and `snippet` are HTML with the found words in <mark>. The `id` of
    a summary is its meeting's (`GET /meetings/{id}/summary`). A search ranks at most the
    newest 1,000 matches: `count` is never more, and a count of 1,000 may mean more
    matches, which more words or a filter find."""
    entries = search.find(request.auth, q, kind=type or "", network=network, area=area)
    return PageOf(entries, lambda page: [result_out(r) for r in search.results(page, q)])
