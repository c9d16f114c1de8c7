"""The defects a second review found in the blog (issue 12), each with a test that fails
without its fix."""

from datetime import timedelta

import pytest
from django.test import RequestFactory, override_settings
from django.utils import timezone, translation
from django.utils.html import escape

from ressourcenet.accounts.throttle import client_ip
from ressourcenet.blog import services
from ressourcenet.blog.emails import erase_url, moderation_email
from ressourcenet.blog.forms import PostForm, started_stamp
from ressourcenet.blog.models import REFUSED_DAYS, BlogTag, Comment, Post
from ressourcenet.blog.tests.conftest import da, guest_comment, make_post
from ressourcenet.mail.models import OutgoingMessage

URL = "/blog/lektiecafeen/comments/"


def member_comment(post, member, **fields) -> Comment:
    values = {"name": "Mette Medlem", "email": "", "body": "Et spørgsmål.", "user": member}
    return Comment.objects.create(post=post, state=Comment.State.PUBLISHED, **(values | fields))


def test_a_reply_under_a_taken_down_comment_never_comes_back_on_its_own(post, member, editor):
    parent = member_comment(post, member)
    reply = guest_comment(post, parent=parent, state=Comment.State.PUBLISHED, body="Mit svar")
    services.moderate(parent, services.Action.SPAM, editor)
    services.purge_refused_comments(timezone.now() + timedelta(days=REFUSED_DAYS + 1))
    assert not Comment.objects.filter(pk__in=[parent.pk, reply.pk]).exists()


def test_a_reply_to_a_taken_down_comment_cannot_be_approved(post, member, editor, client):
    parent = member_comment(post, member)
    reply = guest_comment(post, parent=parent)
    services.moderate(parent, services.Action.SPAM, editor)
    with pytest.raises(services.ModerationRefused):
        services.moderate(reply, services.Action.APPROVE, editor)
    reply.refresh_from_db()
    assert reply.state == Comment.State.PENDING
    assert not OutgoingMessage.objects.exists()


def test_the_erase_link_outlives_the_comment_whose_email_carried_it(post, editor, client):
    kept = guest_comment(post, email="anna@example.org", body="Udgivet")
    services.moderate(kept, services.Action.APPROVE, editor)
    refused = guest_comment(post, email="Anna@Example.org", body="Afvist")
    services.moderate(refused, services.Action.REJECT, editor, reason="Navngiver en nabo.")
    url = erase_url(refused)
    services.purge_refused_comments(timezone.now() + timedelta(days=REFUSED_DAYS + 1))
    path = url[url.find("/blog/") :]
    page = client.get(path)
    assert page.status_code == 200
    client.post(path)
    assert not Comment.objects.filter(pk=kept.pk).exists()


def test_erasing_clears_the_guest_from_the_blog_emails(post, editor):
    comment = guest_comment(post, email="anna@example.org", name="Anna Andersen")
    services.moderate(comment, services.Action.APPROVE, editor)
    other = guest_comment(post, email="bo@example.org", name="Bo")
    services.moderate(other, services.Action.APPROVE, editor)
    services.erase_guest_comments(comment.email_key)
    assert not OutgoingMessage.objects.filter(to_email="anna@example.org").exists()
    assert not OutgoingMessage.objects.filter(to_name="Anna Andersen").exists()
    assert OutgoingMessage.objects.filter(to_email="bo@example.org").count() == 1


def test_a_taken_down_comment_is_told_as_removed_not_as_unpublished(post, editor):
    comment = guest_comment(post, state=Comment.State.PUBLISHED)
    comment.state = Comment.State.REJECTED
    comment.reason = "Navngiver en nabo."
    message = moderation_email(comment, taken_down=True)
    with translation.override("da"):
        removed = da("Your comment on “%(title)s” is removed") % {"title": post.title}
        told = da(
            "Thank you for your comment on “%(title)s”. It was published, but an editor has "
            "now removed it from the blog."
        )
    assert message.subject == removed
    assert told.replace("%(title)s", post.title) in message.body


def test_previous_and_next_walk_through_posts_of_the_same_minute(client, blogger):
    when = timezone.now() - timedelta(days=3)
    older = make_post(blogger, "aeldre", days_ago=5)
    first = make_post(blogger, "samme-a", publish_at=when)
    second = make_post(blogger, "samme-b", publish_at=when)
    from ressourcenet.blog.views import neighbours

    assert neighbours(first)[0] == older and neighbours(first)[1] == second
    assert neighbours(second)[0] == first


def test_a_closed_post_does_not_invite_comments_and_gives_the_text_back(client, post):
    post.comments_closed = True
    post.save()
    with translation.override("da"):
        page = client.get("/blog/lektiecafeen/").content.decode()
        response = client.post(
            URL,
            {
                "name": "Gitte",
                "email": "g@example.org",
                "body": "Min lange tekst",
                "started": started_stamp(),
            },
        )
    assert escape(da("There are no comments yet. Be the first to comment.")) not in page
    assert escape(da("There are no comments.")) in page
    assert response.status_code == 422
    assert "Min lange tekst" in response.content.decode()
    assert not Comment.objects.exists()


@override_settings(TRUSTED_PROXIES=1)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("unknown", "10.9.9.9"),
        ("203.0.113.9:4711", "203.0.113.9"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("203.0.113.9", "203.0.113.9"),
    ],
)
def test_a_forwarded_address_that_is_none_is_not_used(forwarded, expected):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.9.9.9")
    assert client_ip(request) == expected


def test_a_comment_keeps_no_address_that_is_none(post):
    data = services.CommentIn(body="Hej", name="Gitte", email="g@example.org")
    assert services.post_comment(post, data, ip="unknown").ip is None


def test_a_post_address_in_capitals_is_one_in_small_letters(blogger):
    form = PostForm(
        {
            "title": "Feed",
            "slug": "FEED",
            "teaser": "Kort.",
            "body": "Tekst.",
            "author": blogger.pk,
            "state": Post.State.DRAFT,
        }
    )
    assert not form.is_valid() and "slug" in form.errors  # the blog's own address
    form = PostForm(form.data | {"slug": "Nabohjaelp"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["slug"] == "nabohjaelp"


def test_an_editor_adds_new_tags_with_the_post(login, editor, blogger):
    BlogTag.objects.create(name="Frivillige", slug="frivillige")
    response = login(editor).post(
        "/blog/new/",
        {
            "title": "Børn i byen",
            "slug": "boern-i-byen",
            "teaser": "Kort.",
            "body": "Tekst.",
            "author": blogger.pk,
            "state": Post.State.DRAFT,
            "new_tags": "Børn og unge, frivillige, , Børn og unge",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="boern-i-byen")
    assert sorted(t.slug for t in post.tags.all()) == ["boern-og-unge", "frivillige"]
    assert BlogTag.objects.count() == 2


def test_a_new_tag_without_letters_is_refused_next_to_the_field(login, editor, blogger):
    response = login(editor).post(
        "/blog/new/",
        {"title": "X", "slug": "x", "teaser": "K", "body": "T", "author": blogger.pk,
         "state": Post.State.DRAFT, "new_tags": "!!!"},
    )  # fmt: skip
    assert response.status_code == 422
    assert not Post.objects.exists() and not BlogTag.objects.exists()


def test_the_openapi_document_lets_a_guest_comment_without_a_token(db, client):
    document = client.get("/api/v1/openapi.json").json()
    create = document["paths"]["/api/v1/posts/{slug}/comments"]["post"]
    assert {} in create["security"]
    assert "429" in create["responses"]
    moderate = document["paths"]["/api/v1/comments/{comment_id}/moderate"]["post"]
    assert "429" not in moderate["responses"]


def test_the_blog_keeps_the_plan_menu_for_a_member(login, member, plan, post):
    page = login(member).get("/blog/lektiecafeen/").content.decode()
    assert plan.get_absolute_url() in page
    assert f"/plans/{plan.slug}/ideas/" in page or f"/{plan.slug}/" in page
