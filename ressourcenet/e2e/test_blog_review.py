"""The blog after the review of issue 12, in a browser: headings in order on a post (axe's
best-practice rules too), two waiting comments from one guest in the queue, a refused
reason shown at its comment, an editor taking a published comment down from the post, and
the message after a comment shown where the comment is, on a phone."""

import pytest
from playwright.sync_api import Page, expect

from ressourcenet.blog import forms
from ressourcenet.blog.models import Comment, Post
from ressourcenet.e2e.helpers import (
    AXE_PATH,
    EDITOR,
    MEMBER,
    assert_accessible,
    assert_in_view,
    da,
    describe_violations,
    log_in,
)

pytestmark = pytest.mark.e2e

POST = "/blog/lektiecafeen-i-kanalens-kvarter/"
WIDTHS = [{"width": 1280, "height": 900}, {"width": 375, "height": 812}]


def best_practice(page: Page) -> list[dict]:
    """axe's best-practice rules (heading order, unique landmarks) besides WCAG A/AA."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PATH))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
    )
    return result["violations"]


@pytest.fixture
def quick_form(monkeypatch):
    monkeypatch.setattr(forms, "MIN_FORM_SECONDS", 0)


@pytest.mark.parametrize("size", WIDTHS, ids=["wide", "phone"])
def test_posts_and_queue_pass_axe_with_best_practice(new_page, demo_plan, size):
    page = new_page(bypass_csp=True, viewport=size)
    where = f"at {size['width']} px"
    for post in Post.objects.visible():
        page.goto(post.get_absolute_url())
        found = best_practice(page)
        assert not found, describe_violations(f"{post.slug} {where}", found)
    page.goto("/blog/")
    found = best_practice(page)
    assert not found, describe_violations(f"index {where}", found)
    # One guest with two waiting comments on the same post.
    post = Post.objects.get(slug="lektiecafeen-i-kanalens-kvarter")
    for body in ("Første spørgsmål", "Andet spørgsmål"):
        Comment.objects.create(post=post, name="Karin Holm", email="k@example.org", body=body)
    log_in(page, EDITOR)
    page.goto("/blog/moderation/")
    expect(page.locator(".blog-moderation-item")).not_to_have_count(0)
    found = best_practice(page)
    assert not found, describe_violations(f"queue {where}", found)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    # Rejected without a reason: the error at that comment's field, focused.
    item = page.locator(".blog-moderation-item").filter(has_text="Andet spørgsmål")
    item.get_by_role("button", name=da("Reject")).click()
    reason = page.get_by_role("main").locator("textarea[aria-invalid=true]")
    expect(reason).to_be_focused()
    expect(page.get_by_role("main")).to_contain_text(
        da("Tell the writer why the comment is rejected.")
    )
    assert_accessible(page, f"queue with a refused reason {where}")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    # The post with the editor's take-down forms.
    page.goto(POST)
    assert_accessible(page, f"post for an editor {where}")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]


def test_editor_takes_a_published_comment_down(new_page, demo_plan):
    post = Post.objects.get(slug="lektiecafeen-i-kanalens-kvarter")
    comment = post.comments.published().filter(parent=None).first()
    page = new_page(bypass_csp=True, viewport=WIDTHS[1])
    log_in(page, EDITOR)
    page.goto(POST)
    shown = page.locator(f"#comment-{comment.pk}")
    shown.locator("summary").click()
    shown.get_by_role("button", name=da("Take down"), exact=True).click()
    reason = page.locator(f"#reason-{comment.pk}")
    expect(reason).to_be_focused()
    assert_accessible(page, "post with a refused take-down")
    reason.fill("Nævner en nabo ved navn.")
    page.locator(f"#comment-{comment.pk}").get_by_role(
        "button", name=da("Take down"), exact=True
    ).click()
    expect(page.get_by_role("main")).to_contain_text(
        da("The comment by %(name)s is taken down.") % {"name": comment.name}
    )
    expect(page.locator(f"#comment-{comment.pk}")).to_have_count(0)
    comment.refresh_from_db()
    assert comment.state == Comment.State.REJECTED


def test_the_message_after_a_comment_is_beside_it_on_a_phone(new_page, demo_plan, quick_form):
    page = new_page(viewport=WIDTHS[1])
    log_in(page, MEMBER)
    page.goto(POST)
    main = page.get_by_role("main")
    main.get_by_label(da("Comment"), exact=True).fill("Tak, vi kommer gerne.")
    main.get_by_role("button", name=da("Send comment")).click()
    message = page.locator("#comment-message")
    expect(message).to_be_focused()
    expect(message).to_contain_text(da("Thank you. Your comment is published."))
    page.wait_for_timeout(300)
    assert_in_view(page, message)
