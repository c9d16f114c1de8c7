"""Markdown as safe HTML, for pages and e-mails alike.

markdown-it-py reads CommonMark with raw HTML switched off (it is shown as text), and nh3
then keeps only an allow-list of tags, attributes and link schemes: what reaches a page
or an e-mail is never the writer's own HTML. Headings move one level down, as the text
always sits under the page's own heading.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def to_html(text: str, top: int | None = None) -> SafeString:
    """`top`: the level the text's highest heading becomes (2 under a page's h1), the
    others following it, so that no level is skipped; without it every heading moves
    one level down."""
    tokens = _parser.parse(text or "")
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    shift = 1
    if top is not None and headings:
        shift = top - min(int(t.tag[1]) for t in headings)
    for token in headings:
        token.tag = f"h{max(2, min(int(token.tag[1]) + shift, 6))}"
    html = _parser.renderer.render(tokens, _parser.options, {})
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"table": {"class": "table table--compact"}},
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just sanitised it
