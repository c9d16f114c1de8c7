"""The defects a review found in the blog (issue 12), each with a test that fails without
its fix."""

import re
from datetime import datetime

from django.utils import timezone, translation
from django.utils.html import escape

from ressourcenet.blog.forms import CommentForm, started_stamp
from ressourcenet.blog.models import Comment
from ressourcenet.blog.tests.conftest import da, guest_comment
from ressourcenet.lib.markdown import to_html
from ressourcenet.mail.models import OutgoingMessage

URL = "/blog/lektiecafeen/comments/"


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_post_body_headings_follow_the_h1_without_skipping(client, post):
    post.body = "Indledning.\n\n## Første afsnit\n\nTekst.\n\n### Under\n\n## Andet afsnit\n"
    post.save()
    html = client.get("/blog/lektiecafeen/").content.decode()
    main = html[html.index("<h1") :]
    levels = headings(main)
    assert levels[:4] == [1, 2, 3, 2]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_markdown_without_top_keeps_moving_headings_one_down():
    assert headings(to_html("# A\n\n## B")) == [2, 3]
    assert headings(to_html("## A\n\n### B", top=2)) == [2, 3]
    assert headings(to_html("### A\n\n#### B\n\n###### C", top=2)) == [2, 3, 5]


def test_a_parent_id_out_of_range_is_refused_on_the_form_and_the_text_kept(client, post):
    body = "Mit svar, som ikke må forsvinde."
    data = {
        "name": "Gitte Gæst",
        "email": "gitte@example.org",
        "body": body,
        "started": started_stamp(),
        "website": "",
    }
    for parent in (str(10**20), "-3", "abc"):
        response = client.post(URL, data | {"parent": parent})
        assert response.status_code == 422
        content = response.content.decode()
        assert escape(da("You can only reply to a published comment that is not a reply.")) in (
            content
        )
        assert body in content
    assert not Comment.objects.exists()


def test_the_comment_help_text_follows_the_page_language():
    with translation.override("en"):
        english = str(CommentForm().fields["body"].help_text)
    with translation.override("da"):
        danish = str(CommentForm().fields["body"].help_text)
    assert english == "Plain text, at most 5000 characters. Links are made clickable."
    msgid = "Plain text, at most %(max)d characters. Links are made clickable."
    assert danish == da(msgid).replace("%(max)d", "5000")


QUEUE = "/blog/moderation/"


def moderate_url(comment) -> str:
    return f"/blog/comments/{comment.pk}/moderate/"


def member_comment(post, member, **fields) -> Comment:
    values = {"name": "Mads Medlem", "email": "", "user": member, "body": "Et medlems ord."}
    return Comment.objects.create(post=post, state=Comment.State.PUBLISHED, **(values | fields))


def test_an_editor_takes_a_published_comment_down_from_the_post(
    client, login, editor, member, post, django_capture_on_commit_callbacks
):
    comment = member_comment(post, member, body="Noget grimt om naboen.")
    editor_client = login(editor)
    page = editor_client.get("/blog/lektiecafeen/").content.decode()
    assert f'action="/blog/comments/{comment.pk}/moderate/#comment-{comment.pk}"' in page
    assert (
        f'action="/blog/comments/{comment.pk}/moderate/'
        not in client.get("/blog/lektiecafeen/").content.decode()
    )
    # Without a reason: the post again, the error at that comment's reason field.
    refused = editor_client.post(moderate_url(comment), {"action": "reject", "from": "post"})
    assert refused.status_code == 422
    content = refused.content.decode()
    assert escape(da("Tell the writer why the comment is rejected.")) in content
    assert f'id="reason-{comment.pk}" name="reason" rows="2" aria-describedby' in content
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            moderate_url(comment), {"action": "reject", "reason": "Om en nabo.", "from": "post"}
        )
    assert response.status_code == 302 and response["Location"].endswith("/lektiecafeen/#comments")
    comment.refresh_from_db()
    assert comment.state == Comment.State.REJECTED and comment.reason == "Om en nabo."
    assert "Noget grimt om naboen." not in client.get("/blog/lektiecafeen/").content.decode()
    assert "Noget grimt" not in client.get("/api/v1/posts/lektiecafeen").content.decode()
    assert not OutgoingMessage.objects.exists()  # a member has no e-mail on the comment


def test_a_taken_down_guest_comment_is_told_and_spam_is_not(
    login, editor, post, django_capture_on_commit_callbacks
):
    told = guest_comment(post, state=Comment.State.PUBLISHED)
    silent = guest_comment(post, state=Comment.State.PUBLISHED, email="s@example.org")
    editor_client = login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(moderate_url(told), {"action": "reject", "reason": "Privat."})
        editor_client.post(moderate_url(silent), {"action": "spam", "from": "post"})
    assert OutgoingMessage.objects.get().kind == OutgoingMessage.Kind.BLOG_REJECTED
    silent.refresh_from_db()
    assert silent.state == Comment.State.SPAM


def test_api_takes_down_a_published_comment_but_not_twice(api_client, editor, member, post):
    comment = member_comment(post, member)
    url = f"/api/v1/comments/{comment.pk}/moderate"
    editor_api = api_client(editor)
    approve = editor_api.post(url, {"action": "approve"}, content_type="application/json")
    assert approve.status_code == 409
    no_reason = editor_api.post(url, {"action": "reject"}, content_type="application/json")
    assert no_reason.status_code == 422
    assert (
        api_client(member)
        .post(url, {"action": "spam"}, content_type="application/json")
        .status_code
        == 403
    )
    done = editor_api.post(url, {"action": "spam"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "spam"
    again = editor_api.post(
        url, {"action": "reject", "reason": "x"}, content_type="application/json"
    )
    assert again.status_code == 409


def test_queue_items_are_articles_so_two_from_one_guest_are_no_twin_regions(login, editor, post):
    guest_comment(post, body="Første")
    guest_comment(post, body="Anden")
    content = login(editor).get(QUEUE).content.decode()
    assert content.count('<article class="blog-moderation-item"') == 2
    assert "<section" not in content[content.index("<main") :]


def test_a_refused_reason_is_shown_at_its_comment_and_kept(login, editor, post):
    other = guest_comment(post, body="Anden kommentar")
    comment = guest_comment(post)
    long_reason = "Æ" * 1001
    response = login(editor).post(
        moderate_url(comment), {"action": "reject", "reason": long_reason}
    )
    assert response.status_code == 422
    content = response.content.decode()
    expected = escape(da("The reason can be at most %(max)d characters long.") % {"max": 1000})
    assert expected in content
    field = content.index(f'id="reason-{comment.pk}"')
    assert content.index(f'id="reason-{comment.pk}-error"') < field
    assert f">{long_reason}</textarea>" in content
    assert "data-focus-here" in content[field : content.index("</textarea>", field)]
    assert f'id="reason-{other.pk}-error"' not in content
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING


def test_the_comment_message_is_in_the_comment_section(login, member, client, post):
    response = login(member).post(URL, {"body": "Fint!", "started": started_stamp()}, follow=True)
    content = response.content.decode()
    message = escape(da("Thank you. Your comment is published."))
    assert content.count(message) == 1
    assert content.index('id="comments"') < content.index(message)
    assert content.index("Fint!") < content.index(message) < content.index('id="comment-form"')
    data = {
        "name": "Gitte Gæst",
        "email": "gitte@example.org",
        "body": "Hej",
        "started": started_stamp(),
        "website": "",
    }
    guest = client.post(URL, data)
    assert guest["Location"].endswith("#comment-message")
    content = client.get(guest["Location"]).content.decode()
    assert content.index('id="comments"') < content.index('id="comment-message"')


def test_comment_times_use_the_blogs_long_date(client, post):
    guest_comment(post, state=Comment.State.PUBLISHED)
    Comment.objects.update(created_at=timezone.make_aware(datetime(2026, 8, 4, 11)))
    content = client.get("/blog/lektiecafeen/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "tirsdag, 4. august 2026, 11.00" in content


def test_the_queue_is_paginated(login, editor, post, django_assert_max_num_queries):
    for number in range(25):
        guest_comment(post, body=f"Kommentar nummer {number:02d}")
    editor_client = login(editor)
    with django_assert_max_num_queries(12):
        first = editor_client.get(QUEUE).content.decode()
    assert "Kommentar nummer 19" in first and "Kommentar nummer 20" not in first
    assert "?page=2" in first
    second = editor_client.get(QUEUE + "?page=2").content.decode()
    assert "Kommentar nummer 24" in second and "Kommentar nummer 00" not in second
    assert editor_client.get(QUEUE + "?page=" + str(10**20)).status_code == 200


def test_replies_to_a_taken_down_comment_go_with_it_in_the_api_too(
    client, login, editor, member, post
):
    comment = member_comment(post, member, body="Første ord.")
    member_comment(post, member, body="Et svar på det.", parent=comment)
    login(editor).post(moderate_url(comment), {"action": "spam", "from": "post"})
    assert "Et svar på det." not in client.get("/blog/lektiecafeen/").content.decode()
    assert client.get("/api/v1/posts/lektiecafeen").json()["comments"] == []
