"""Blog posts in the site's search box: the entry is written by knowledge/search.py's
`index_post` (a visible post is public, found by everyone; a draft or a post not yet due
has none). Scheduled posts that have come due since they were saved are added when a
search runs (knowledge/search.py's `find`), and daily by `purgeblog`."""

from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import SearchEntry
from ressourcenet.plans.models import Plan

Kind = SearchEntry.Kind
index_post = search.index_post


def unindex_post(post_id: int) -> None:
    search.unindex(Kind.POST, post_id)


def index_due_posts() -> int:
    """Write the entries of visible posts that have none; how many were written."""
    have = SearchEntry.objects.filter(kind=Kind.POST).values("object_id")
    due = list(search.indexed_posts().exclude(pk__in=have))
    if not due:  # the usual case: one query
        return 0
    plan = Plan.objects.current()
    count = 0
    for post in due:
        if search.index_post(post, plan) is not None:
            count += 1
    return count
