"""Blog posts in the site's search box: the entry is written by knowledge/search.py's
`index_post` (a visible post is public, found by everyone; a draft or a post not yet due
has none). Scheduled posts that have come due since they were saved are added when a
search runs (knowledge/search.py's `find`), and daily by `purgeblog`."""

from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import SearchEntry

Kind = SearchEntry.Kind
index_post = search.index_post
index_due_posts = search.index_due_posts


def unindex_post(post_id: int) -> None:
    search.unindex(Kind.POST, post_id)
