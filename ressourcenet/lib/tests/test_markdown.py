"""Markdown to HTML: what the writer meant, and none of their own HTML or scripts."""

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from ressourcenet.lib.markdown import ATTRIBUTES, TAGS, to_html


def test_markdown_becomes_html_with_headings_one_level_down():
    html = to_html("# Referat\n\n- **fed**\n- [link](https://example.org)")
    assert "<h2>Referat</h2>" in html
    assert "<li><strong>fed</strong></li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html


def test_script_tags_are_shown_as_text():
    html = to_html("<script>alert('x')</script>")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_lose_their_address():
    for text in [
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "<javascript:alert(1)>",
    ]:
        assert 'href="javascript' not in to_html(text).lower()


def test_raw_html_and_event_attributes_never_reach_the_page():
    html = to_html('<img src="x" onerror="alert(1)">\n\n<a href="https://x.dk" onclick="y">z</a>')
    assert "<img" not in html and "<a " not in html
    assert "&lt;img" in html


def test_an_image_in_markdown_is_not_kept():
    assert "<img" not in to_html('![x](https://example.org/x.png "t" )')


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


@given(st.text(max_size=300))
def test_no_input_makes_a_tag_or_attribute_outside_the_allow_list(text):
    parser = Tags()
    parser.feed(str(to_html(text)))
    for tag, attrs in parser.found:
        assert tag in TAGS
        for name, value in attrs:
            assert name in ATTRIBUTES.get(tag, set()) | {"rel", "class"}
            if name == "href":
                assert (
                    value.split(":")[0].lower() in {"http", "https", "mailto"} or ":" not in value
                )
