"""A post's page is kept for visitors who are not logged in (lib/page_cache.py), as the
index is: served without a query, with each visitor's own CSRF token and comment-form
time stamp, never to a logged-in user, and made again as soon as a comment on the post is
published, taken down or erased, the post's comments are closed, or the post, a blogger
or a tag changes."""

import re
import time

import pytest
from django.core import signing
from django.middleware.csrf import _does_token_match
from django.test import Client

from ressourcenet.blog import forms, services
from ressourcenet.blog.models import Comment, email_key
from ressourcenet.blog.tests.conftest import guest_comment, make_post
from ressourcenet.lib import page_cache

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
STAMP = re.compile(r'name="started" value="([^"]+)"')
HTMX_TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{64})"')


def page(post, client: Client | None = None):
    return (client or Client()).get(post.get_absolute_url())


def text(response) -> str:
    return response.content.decode()


def comment_names(response) -> list[str]:
    return re.findall(r'class="blog-comment-by"[^>]*><strong>([^<]+)</strong>', text(response))


def from_cache(response) -> bool:
    return response.context is None


@pytest.fixture
def commented(post):
    guest_comment(post, name="Første Gæst", state=Comment.State.PUBLISHED)
    return post


def test_second_visit_is_served_from_the_cache_without_a_query(
    commented, django_assert_num_queries
):
    first = page(commented)
    with django_assert_num_queries(0):
        second = page(commented)
    assert second.status_code == 200 and from_cache(second)
    assert comment_names(second) == ["Første Gæst"]
    strip = lambda r: STAMP.sub("", HTMX_TOKEN.sub("", TOKEN.sub("", text(r))))  # noqa: E731
    assert strip(first) == strip(second)


def test_each_visitor_gets_their_own_token_and_a_fresh_time_stamp(commented):
    page(commented)
    first, second = Client(), Client()
    answers = [page(commented, first), page(commented, second)]
    assert all(from_cache(answer) for answer in answers)
    stamps = []
    for answer, client in zip(answers, (first, second), strict=True):
        content = text(answer)
        assert page_cache.PLACEHOLDER not in content and "placeholder" not in content
        secret = client.cookies["csrftoken"].value
        assert all(_does_token_match(t, secret) for t in TOKEN.findall(content))
        (stamp,) = STAMP.findall(content)
        started = signing.loads(stamp, salt=forms.STARTED_SALT)
        assert time.time() - started < 5
        stamps.append(stamp)
    assert stamps[0] != stamps[1] or time.time() - started < 1  # same second: same stamp


def test_a_guest_comments_from_a_kept_page(commented):
    page(commented)
    visitor = Client(enforce_csrf_checks=True)
    content = text(page(commented, visitor))
    answer = visitor.post(
        f"{commented.get_absolute_url()}comments/",
        {
            "csrfmiddlewaretoken": TOKEN.search(content).group(1),
            "started": STAMP.search(content).group(1),
            "name": "Ny Gæst",
            "email": "ny@example.org",
            "body": "Tak for indlægget.",
            "website": "",
        },
    )
    assert answer.status_code == 302
    assert Comment.objects.filter(name="Ny Gæst", state=Comment.State.PENDING).exists()


def test_a_stale_time_stamp_is_never_served(commented, monkeypatch):
    """Kept with the stamp of its first visitor, the page would let a bot skip the wait
    (and the stamp would age past a day): each answer has one made for it."""
    monkeypatch.setattr(forms, "MIN_FORM_SECONDS", 3)
    first = STAMP.search(text(page(commented))).group(1)
    time.sleep(1.1)
    second = STAMP.search(text(page(commented))).group(1)
    assert first != second
    assert signing.loads(second, salt=forms.STARTED_SALT) > signing.loads(
        first, salt=forms.STARTED_SALT
    )


def test_logged_in_users_are_never_served_or_stored(login, member, editor, commented):
    member_page = text(page(commented, login(member)))
    assert member.display_name in member_page and 'name="email"' not in member_page
    visitor_page = page(commented)
    assert not from_cache(visitor_page)  # the member's page was not kept
    assert member.display_name not in text(visitor_page) and 'name="email"' in text(visitor_page)
    assert from_cache(page(commented))
    editor_page = page(commented, login(editor))
    assert not from_cache(editor_page) and "blog-comment-takedown" in text(editor_page)
    assert "blog-comment-takedown" not in text(page(commented))


def test_a_reply_link_is_rendered_every_time(commented):
    comment = commented.comments.get()
    url = f"{commented.get_absolute_url()}?reply={comment.pk}"
    Client().get(url)
    assert not from_cache(Client().get(url))


def test_a_members_comment_shows_at_once(commented, member, django_capture_on_commit_callbacks):
    assert from_cache(page(commented)) is False and from_cache(page(commented))
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(commented, services.CommentIn(body="Godt."), user=member)
    assert comment_names(page(commented)) == ["Første Gæst", member.person.name]


def test_a_waiting_guest_comment_keeps_the_page(commented, django_capture_on_commit_callbacks):
    page(commented)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(
            commented, services.CommentIn(body="Hej.", name="Gæst", email="g@example.org")
        )
    assert from_cache(page(commented))


def test_approval_and_take_down_show_at_once(commented, editor, django_capture_on_commit_callbacks):
    waiting = guest_comment(commented, name="Anden Gæst")
    page(commented)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(waiting, services.Action.APPROVE, editor)
    assert comment_names(page(commented)) == ["Første Gæst", "Anden Gæst"]
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(waiting, services.Action.REJECT, editor, reason="Uden for emnet.")
    assert comment_names(page(commented)) == ["Første Gæst"]


def test_closing_the_comments_shows_at_once(commented, django_capture_on_commit_callbacks):
    assert 'name="body"' in text(page(commented))
    with django_capture_on_commit_callbacks(execute=True):
        services.set_comments_closed(commented, True)
    assert 'name="body"' not in text(page(commented))


def test_erased_guest_comments_go_at_once(commented, django_capture_on_commit_callbacks):
    page(commented)
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_guest_comments(email_key("gitte@example.org"))
    assert comment_names(page(commented)) == []


def test_a_comment_deleted_in_the_admin_goes_at_once(
    login, admin_user, commented, django_capture_on_commit_callbacks
):
    comment = commented.comments.get()
    page(commented)
    with django_capture_on_commit_callbacks(execute=True):
        answer = login(admin_user).post(
            f"/admin/blog/comment/{comment.pk}/delete/", {"post": "yes"}
        )
    assert answer.status_code == 302
    assert comment_names(page(commented)) == []


def test_an_edited_post_shows_at_once(commented, django_capture_on_commit_callbacks):
    page(commented)
    commented.title = "Lektiecaféen flytter"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_post(commented)
    assert "Lektiecaféen flytter" in text(page(commented))


def test_a_new_post_shows_as_the_next_at_once(
    blogger, commented, django_capture_on_commit_callbacks
):
    assert "/blog/nyere/" not in text(page(commented))
    newer = make_post(blogger, "nyere", days_ago=0.5)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_post(newer)
    assert "/blog/nyere/" in text(page(commented))


def test_a_comment_on_another_post_keeps_this_page(
    blogger, commented, member, django_capture_on_commit_callbacks
):
    other = make_post(blogger, "andet", days_ago=3)
    page(commented)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(other, services.CommentIn(body="Godt."), user=member)
    assert from_cache(page(commented))
