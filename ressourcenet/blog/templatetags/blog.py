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
