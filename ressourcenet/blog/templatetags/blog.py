import hashlib

from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def comment_text(text: str) -> SafeString:
    """A comment as the writer typed it: HTML shown as text, line breaks kept, web
    addresses made links that search engines do not follow or credit to the site."""
    linked = urlize(text, nofollow=True, autoescape=True)
    linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 - escaped by urlize


@register.filter
def comment_ids(comments) -> str:
    """What a post's comment list shows, as a short key for the fragment cache: the
    published comments and replies by id, in their order. A comment's name and text never
    change once written, so a new, taken-down or erased comment gives a new key."""
    ids = []
    for comment in comments:
        ids.append(str(comment.pk))
        ids.extend(f"r{reply.pk}" for reply in comment.replies.all())
    return hashlib.sha256(",".join(ids).encode()).hexdigest()[:32]
