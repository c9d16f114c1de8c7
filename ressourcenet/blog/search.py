"""Blog posts in the site's search box (knowledge/search.py): a visible post is public,
found by everyone; a draft or a post not yet due has no entry. The search index belongs to
a plan, so a post's entry is written under the current plan (the blog is the whole
site's), and with no plan there is none."""

from django.db.models import QuerySet

from ressourcenet.blog.models import Post
from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import SearchEntry
from ressourcenet.lib.markdown import to_html
from ressourcenet.plans.models import Plan

Kind = SearchEntry.Kind


def _plain(markdown: str) -> str:
    """The body's words without Markdown or HTML, as the snippets show them."""
    from django.utils.html import strip_tags

    return strip_tags(str(to_html(markdown)))


def index_post(post: Post, plan: Plan | None = None) -> SearchEntry | None:
    plan = plan or Plan.objects.current()
    if plan is None or not post.is_visible:
        search.unindex(Kind.POST, post.pk)
        return None
    tags = " ".join(tag.name for tag in post.tags.all())
    return search.index(
        Kind.POST,
        post.pk,
        plan_id=plan.pk,
        network_id=None,
        public=True,
        title=post.title,
        body="\n".join(part for part in (post.teaser, _plain(post.body), tags) if part),
        url=post.get_absolute_url(),
    )


def unindex_post(post_id: int) -> None:
    search.unindex(Kind.POST, post_id)


def indexed_posts() -> QuerySet[Post]:
    """What `reindex` writes: the visible posts."""
    return Post.objects.visible().prefetch_related("tags")


def index_due_posts() -> int:
    """Write the entries of visible posts that have none: scheduled posts whose time has
    come since they were saved (run daily by `purgeblog`)."""
    have = SearchEntry.objects.filter(kind=Kind.POST).values("object_id")
    missing = indexed_posts().exclude(pk__in=have)
    plan = Plan.objects.current()
    count = 0
    for post in missing:
        if index_post(post, plan) is not None:
            count += 1
    return count
