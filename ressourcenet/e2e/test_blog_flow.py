"""The blog in a browser: a guest comments, an editor publishes it from the queue, the
guest gets the e-mail and the comment is shown; a comment with a script shows as text.
axe-core finds nothing on the index, a post and the queue, on a wide screen and a phone."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from ressourcenet.accounts.models import OutboxMessage
from ressourcenet.blog import forms
from ressourcenet.blog.models import Comment
from ressourcenet.e2e.helpers import EDITOR, assert_accessible, da, log_in, watch_for_problems

pytestmark = pytest.mark.e2e

POST = "/blog/lektiecafeen-i-kanalens-kvarter/"
POST_TITLE = "Lektiecaféen i Kanalens Kvarter fylder år"
GUEST = {"name": "Karin Holm", "email": "karin.holm@example.org"}
WIDTHS = [{"width": 1280, "height": 900}, {"width": 375, "height": 812}]


@pytest.fixture
def outbox(settings, live_server, monkeypatch):
    settings.EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"
    settings.SITE_URL = live_server.url
    # The bot trap's minimum time is its own test; a browser test types faster than a person.
    monkeypatch.setattr(forms, "MIN_FORM_SECONDS", 0)
    return OutboxMessage.objects


def pending_count(count: int) -> str:
    with translation.override("da"):
        return translation.ngettext(
            "%(counter)s comment on the blog is waiting for you.",
            "%(counter)s comments on the blog are waiting for you.",
            count,
        ) % {"counter": count}


def test_guest_comment_is_moderated_and_the_guest_told(new_page, demo_plan, outbox):
    guest = new_page()
    problems = watch_for_problems(guest)
    guest.goto(POST)
    main = guest.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(POST_TITLE)
    problems.clear()  # Chromium's own request for /favicon.ico is a 404
    main.get_by_label(da("Name")).fill(GUEST["name"])
    main.get_by_label(da("E-mail")).fill(GUEST["email"])
    text = "Jeg vil gerne hjælpe med engelsk om torsdagen.\nSe https://example.org/frivillig"
    main.get_by_label(da("Comment"), exact=True).fill(text)
    main.get_by_role("button", name=da("Send comment")).click()
    thanks = da(
        "Thank you. Your comment will be shown when an editor has read it. "
        "We will write to you when that has happened."
    )
    expect(main.get_by_text(thanks)).to_be_visible()
    expect(main.get_by_text("Jeg vil gerne hjælpe med engelsk")).to_have_count(0)

    editor = new_page()
    log_in(editor, EDITOR)
    editor.goto("/")
    waiting = Comment.objects.filter(state=Comment.State.PENDING).count()
    expect(editor.get_by_role("main").get_by_text(pending_count(waiting))).to_be_visible()
    editor.get_by_role("link", name=da("Moderate comments")).click()
    item = editor.locator(".blog-moderation-item").filter(has_text=GUEST["name"])
    expect(item).to_contain_text("Jeg vil gerne hjælpe med engelsk")
    item.get_by_role("button", name=da("Publish")).click()
    published = da("The comment by %(name)s is published.") % GUEST
    expect(editor.get_by_role("main").get_by_text(published)).to_be_visible()
    expect(editor.locator(".blog-moderation-item").filter(has_text=GUEST["name"])).to_have_count(0)

    email = outbox.get(to__contains=GUEST["email"])
    assert POST_TITLE in email.subject
    assert f"{POST}#comment-" in email.body
    assert "/blog/erase/" in email.body

    guest.goto(POST)
    comment = guest.locator(".blog-comment").filter(has_text=GUEST["name"])
    expect(comment).to_contain_text("Jeg vil gerne hjælpe med engelsk om torsdagen.")
    link = comment.get_by_role("link", name="https://example.org/frivillig")
    expect(link).to_have_attribute("rel", "nofollow ugc")
    assert not problems, problems


def test_a_script_in_a_comment_shows_as_text(new_page, demo_plan, outbox):
    page = new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(POST)
    main = page.get_by_role("main")
    main.get_by_label(da("Name")).fill("Mallory")
    main.get_by_label(da("E-mail")).fill("mallory@example.org")
    script = "<script>alert('hej')</script><img src=x onerror=alert(2)>"
    main.get_by_label(da("Comment"), exact=True).fill(script)
    main.get_by_role("button", name=da("Send comment")).click()
    from ressourcenet.blog import services

    comment = Comment.objects.get(name="Mallory")
    services.moderate(comment, services.Action.APPROVE, None)
    page.goto(POST)
    shown = page.locator(f"#comment-{comment.pk} .blog-comment-text")
    expect(shown).to_have_text(script)
    expect(page.locator(f"#comment-{comment.pk} img")).to_have_count(0)
    assert dialogs == []


@pytest.mark.parametrize("size", WIDTHS, ids=["wide", "phone"])
def test_blog_pages_pass_axe(new_page, demo_plan, size):
    page = new_page(bypass_csp=True, viewport=size)
    for url in ["/blog/", POST, "/blog/tags/lektiecafe/"]:
        page.goto(url)
        assert_accessible(page, f"{url} at {size['width']} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    # A post with an error in its comment form.
    page.goto(POST)
    page.get_by_role("main").get_by_role("button", name=da("Send comment")).click()
    assert_accessible(page, f"comment form with errors at {size['width']} px")
    log_in(page, EDITOR)
    page.goto("/blog/moderation/")
    expect(page.locator(".blog-moderation-item")).not_to_have_count(0)
    assert_accessible(page, f"moderation queue at {size['width']} px")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    page.goto("/blog/bloggers/")
    expect(page.locator(".blog-author-photo").first).to_be_visible()
    assert_accessible(page, f"bloggers at {size['width']} px")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    page.goto("/blog/new/")
    page.get_by_role("main").get_by_role("button", name=da("Save")).click()
    expect(page.locator(".alert-error").first).to_be_visible()
    assert_accessible(page, f"post form with errors at {size['width']} px")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
