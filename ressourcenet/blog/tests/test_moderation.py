import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import translation
from django.utils.html import escape

from ressourcenet.blog.emails import erase_url
from ressourcenet.blog.models import Comment
from ressourcenet.blog.tests.conftest import da, guest_comment
from ressourcenet.mail.models import OutgoingMessage

QUEUE = "/blog/moderation/"


def moderate_url(comment) -> str:
    return f"/blog/comments/{comment.pk}/moderate/"


def test_queue_is_for_editors_and_administrators(client, login, editor, admin_user, member, post):
    guest_comment(post, body="Venter på jer")
    assert "Venter på jer" in login(editor).get(QUEUE).content.decode()
    assert login(admin_user).get(QUEUE).status_code == 200
    assert login(member).get(QUEUE).status_code == 403
    assert client.get(QUEUE).status_code in (302, 403)


def test_editor_front_page_counts_waiting_comments(login, editor, plan, post):
    guest_comment(post)
    guest_comment(post)
    content = login(editor).get("/").content.decode()
    with __import__("django.utils.translation", fromlist=["override"]).override("da"):
        text = __import__("django.utils.translation", fromlist=["ngettext"]).ngettext(
            "%(counter)s comment on the blog is waiting for you.",
            "%(counter)s comments on the blog are waiting for you.",
            2,
        ) % {"counter": 2}
    assert text in content
    assert "/blog/moderation/" in content


def test_approve_publishes_and_emails_the_guest(
    login, editor, post, django_capture_on_commit_callbacks
):
    comment = guest_comment(post, body="Må jeg være med?")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(editor).post(moderate_url(comment), {"action": "approve"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED and comment.moderated_by == editor
    message = OutgoingMessage.objects.get()
    assert message.kind == OutgoingMessage.Kind.BLOG_APPROVED
    assert message.to_email == "gitte@example.org"
    assert message.status == OutgoingMessage.Status.SENT
    from django.core import mail

    sent = mail.outbox[0]
    assert "http://127.0.0.1" in sent.body or "/blog/lektiecafeen/#comment-" in sent.body
    # The signed token holds the address's key and the time it was made.
    assert f"/blog/erase/{comment.email_key}:" in sent.body
    assert "gitte" not in erase_url(comment).casefold()


def test_reject_needs_a_reason_which_the_guest_gets(
    login, editor, post, django_capture_on_commit_callbacks
):
    comment = guest_comment(post)
    editor_client = login(editor)
    response = editor_client.post(moderate_url(comment), {"action": "reject"}, follow=True)
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING
    assert escape(da("Tell the writer why the comment is rejected.")) in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            moderate_url(comment), {"action": "reject", "reason": "Den handler om en nabo."}
        )
    comment.refresh_from_db()
    assert comment.state == Comment.State.REJECTED and comment.reason == "Den handler om en nabo."
    from django.core import mail

    assert "Den handler om en nabo." in mail.outbox[0].body
    assert OutgoingMessage.objects.get().kind == OutgoingMessage.Kind.BLOG_REJECTED


def test_spam_is_not_answered_and_moderating_twice_changes_nothing(
    login, editor, post, django_capture_on_commit_callbacks
):
    comment = guest_comment(post)
    editor_client = login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(moderate_url(comment), {"action": "spam"})
        response = editor_client.post(moderate_url(comment), {"action": "approve"}, follow=True)
    comment.refresh_from_db()
    assert comment.state == Comment.State.SPAM
    assert not OutgoingMessage.objects.exists()
    assert escape(da("The comment has been moderated already.")) in response.content.decode()


def test_others_may_not_moderate(client, login, member, outsider, post):
    comment = guest_comment(post)
    for user in (member, outsider):
        assert login(user).post(moderate_url(comment), {"action": "approve"}).status_code == 403
    client.post(moderate_url(comment), {"action": "approve"})
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING


@pytest.mark.parametrize("closed", ["1", "0"])
def test_editor_closes_and_opens_comments(login, editor, member, post, closed):
    url = "/blog/lektiecafeen/comments/close/"
    assert login(member).post(url, {"closed": closed}).status_code == 403
    login(editor).post(url, {"closed": closed})
    post.refresh_from_db()
    assert post.comments_closed is (closed == "1")


def erase_path(comment) -> str:
    url = erase_url(comment)
    return url[url.find("/blog/") :]


def test_erase_link_removes_the_guests_comments(client, post):
    guest_comment(post, email="Gitte@Example.org")
    linked = guest_comment(post, state=Comment.State.PUBLISHED)
    kept = guest_comment(post, email="anden@example.org")
    url = erase_path(linked)
    assert "2" in client.get(url).content.decode()
    client.post(url)
    assert list(Comment.objects.all()) == [kept]
    assert client.get("/blog/erase/forged/").status_code == 404
    # Still valid: it finds none left.
    assert "0" in client.get(url).content.decode()


def test_erase_link_holds_no_email_address(post):
    comment = guest_comment(post, email="gitte.hansen@example.org")
    url = erase_url(comment)
    assert "gitte" not in url.casefold() and "example.org" not in url
    assert "@" not in url and "%40" not in url


@pytest.mark.parametrize(("days", "status"), [(89, 200), (91, 404)])
def test_erase_link_is_valid_for_90_days(client, post, monkeypatch, days, status):
    comment = guest_comment(post)
    url = erase_path(comment)
    later = time.time() + timedelta(days=days).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(url).status_code == status
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_erase_keeps_others_replies_to_the_guests_comment(client, login, member, post):
    own = guest_comment(post, state=Comment.State.PUBLISHED)
    reply = Comment.objects.create(
        post=post, parent=own, user=member, name="Mette Medlem", body="Godt spørgsmål.",
        state=Comment.State.PUBLISHED,
    )  # fmt: skip
    own_reply = guest_comment(post, parent=own, body="Tak for svaret.")
    url = erase_path(own)
    page = client.get(url).content.decode()
    with translation.override("da"):
        count = translation.ngettext(
            "You have %(counter)s comment on the blog written with this e-mail address.",
            "You have %(counter)s comments on the blog written with this e-mail address.",
            2,
        ) % {"counter": 2}
    assert count in page
    client.post(url)
    assert not Comment.objects.filter(pk__in=[own.pk, own_reply.pk]).exists()
    reply.refresh_from_db()
    assert reply.parent is None and reply.body == "Godt spørgsmål."
    assert "Godt spørgsmål." in client.get("/blog/lektiecafeen/").content.decode()


def test_closing_takes_only_post(login, editor, post):
    assert login(editor).get("/blog/lektiecafeen/comments/close/").status_code == 405
    post.refresh_from_db()
    assert not post.comments_closed


def test_the_address_of_a_refused_comment_leads_back_to_the_form(login, editor, post, client):
    """A refused comment is shown at the form's address: reloading it, or changing the
    language there, must not end on an empty 405."""
    for who in (client, login(editor)):
        response = who.get("/blog/lektiecafeen/comments/")
        assert response.status_code == 302
        assert response["Location"] == "/blog/lektiecafeen/#comment-form"
    assert not Comment.objects.exists()


def test_moderate_on_get_leads_to_the_queue_and_an_unknown_comment_is_404(login, editor, post):
    comment = guest_comment(post)
    response = login(editor).get(moderate_url(comment))
    assert response.status_code == 302 and response["Location"] == "/blog/moderation/"
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING
    response = login(editor).post("/blog/comments/99999999/moderate/", {"action": "approve"})
    assert response.status_code == 404
