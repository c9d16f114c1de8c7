"""The blog's index is kept for visitors who are not logged in (lib/page_cache.py): served
without a query, with each visitor's own CSRF token, never to a logged-in user, and made
again as soon as a post, a blogger or a tag changes, or a scheduled post comes due. A
post's comment list is kept for every reader but editors, by what it shows."""

import re
import time
from datetime import timedelta

import pytest
from django.middleware.csrf import _does_token_match
from django.test import Client
from django.utils import timezone

from ressourcenet.blog import services
from ressourcenet.blog.models import BlogTag, Comment, Post
from ressourcenet.blog.tests.conftest import guest_comment, make_post
from ressourcenet.blog.views import INDEX_CACHE_SECONDS, index_cache_seconds
from ressourcenet.lib import page_cache

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
HTMX_TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{64})"')


def without_tokens(response) -> str:
    return HTMX_TOKEN.sub("", TOKEN.sub("", response.content.decode()))


def tokens(response) -> set[str]:
    content = response.content.decode()
    return set(TOKEN.findall(content)) | set(HTMX_TOKEN.findall(content))


@pytest.fixture
def posts(blogger):
    return [make_post(blogger, f"post-{day}", days_ago=day + 1) for day in range(3)]


def test_second_visit_is_served_from_the_cache_without_a_query(
    client, posts, django_assert_num_queries
):
    first = client.get("/blog/")
    with django_assert_num_queries(0):
        second = Client().get("/blog/")
    assert second.status_code == 200
    assert "/blog/post-0/" in second.content.decode()
    assert without_tokens(first) == without_tokens(second)


def test_each_visitor_gets_their_own_token_and_cookie(posts):
    first, second = Client(), Client()
    answers = [first.get("/blog/"), second.get("/blog/")]
    secrets = [client.cookies["csrftoken"].value for client in (first, second)]
    assert secrets[0] != secrets[1]
    for answer, secret in zip(answers, secrets, strict=True):
        found = tokens(answer)
        assert len(found) == 1 and page_cache.PLACEHOLDER not in answer.content.decode()
        assert all(_does_token_match(token, secret) for token in found)


def test_language_switch_works_on_a_page_from_the_cache(posts):
    Client().get("/blog/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/blog/")
    token = TOKEN.search(page.content.decode()).group(1)
    answer = visitor.post(
        "/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en", "next": "/blog/"}
    )
    assert answer.status_code == 302
    assert visitor.cookies["django_language"].value == "en"
    assert visitor.get("/blog/").headers["Content-Language"] == "en"


def test_danish_and_english_visitors_each_get_their_own_language(posts):
    danish = Client().get("/blog/", HTTP_ACCEPT_LANGUAGE="da")
    english = Client().get("/blog/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="da">' in danish.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_logged_in_users_are_never_served_or_stored(login, editor, member, posts):
    editor_page = login(editor).get("/blog/").content.decode()
    assert "/blog/new/" in editor_page
    assert "/blog/new/" not in Client().get("/blog/").content.decode()
    member_page = login(member).get("/blog/").content.decode()
    assert member.display_name in member_page and "/accounts/login/" not in member_page


def test_visitors_with_messages_or_a_session_are_not_served_from_the_cache(client, posts):
    Client().get("/blog/")
    assert Client().get("/blog/").context is None  # from the cache
    client.cookies["messages"] = "a message for this visitor only"
    assert client.get("/blog/").context is not None
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever"
    assert with_session.get("/blog/").context is not None


@pytest.mark.parametrize(
    "query", ["?page=2&x=1", "?page=02", "?page=2&page=2", "?page=99999", "?q=a"]
)
def test_other_query_strings_are_rendered_every_time(query, blogger):
    for day in range(12):
        make_post(blogger, f"post-{day}", days_ago=day + 1)
    Client().get("/blog/" + query)
    assert Client().get("/blog/" + query).context is not None


def test_pages_and_tags_are_kept_apart(post, posts):
    assert Client().get("/blog/?page=1").context is not None
    assert Client().get("/blog/?page=1").context is None  # from the cache
    by_tag = Client().get("/blog/tags/lektiecafe/").content.decode().split("<aside")[0]
    assert "/blog/lektiecafeen/" in by_tag and "/blog/post-1/" not in by_tag


def test_a_new_post_shows_at_once(client, blogger, posts, django_capture_on_commit_callbacks):
    assert "/blog/fresh/" not in client.get("/blog/").content.decode()
    fresh = Post(
        author=blogger,
        slug="fresh",
        title="Frisk",
        teaser="Ny.",
        body="Tekst.",
        state=Post.State.PUBLISHED,
        publish_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_post(fresh, tags=[])
    assert "/blog/fresh/" in Client().get("/blog/").content.decode()


def test_a_post_back_to_draft_goes_at_once(client, posts, django_capture_on_commit_callbacks):
    assert "/blog/post-0/" in client.get("/blog/").content.decode()
    posts[0].state = Post.State.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        services.save_post(posts[0])
    assert "/blog/post-0/" not in Client().get("/blog/").content.decode()


def test_a_renamed_blogger_shows_at_once(
    login, editor, blogger, posts, django_capture_on_commit_callbacks
):
    assert "Berit Blogger" in Client().get("/blog/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = login(editor).post(
            f"/blog/bloggers/{blogger.pk}/edit/",
            {"name": "Birte Blogger", "presentation": "Skriver om frivillige."},
        )
    assert answer.status_code == 302
    content = Client().get("/blog/").content.decode()
    assert "Birte Blogger" in content and "Berit Blogger" not in content


def test_changes_in_the_admin_show_at_once(
    login, admin_user, post, posts, django_capture_on_commit_callbacks
):
    admin = login(admin_user)
    tag = BlogTag.objects.get(slug="lektiecafe")
    assert "Lektiecaféen" in Client().get("/blog/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/blog/post/{post.pk}/delete/", {"post": "yes"})
    assert "Lektiecaféen" not in Client().get("/blog/").content.decode()
    Client().get("/blog/tags/lektiecafe/")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/blog/blogtag/{tag.pk}/delete/", {"post": "yes"})
    assert Client().get("/blog/tags/lektiecafe/").status_code == 404


def test_kept_until_the_next_post_comes_due(blogger, posts):
    assert index_cache_seconds() == INDEX_CACHE_SECONDS
    make_post(blogger, "later", days_ago=-1 / 24, state=Post.State.SCHEDULED)
    assert index_cache_seconds() == INDEX_CACHE_SECONDS
    make_post(blogger, "soon", days_ago=-100 / 86400, state=Post.State.PUBLISHED)
    assert 98 <= index_cache_seconds() <= 100


def test_a_scheduled_post_shows_when_its_time_comes(blogger, posts):
    due = timezone.now() + timedelta(seconds=2)
    make_post(blogger, "scheduled", state=Post.State.SCHEDULED, publish_at=due)
    assert "/blog/scheduled/" not in Client().get("/blog/").content.decode()
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.2)
    assert "/blog/scheduled/" in Client().get("/blog/").content.decode()


def test_a_page_with_an_unknown_token_is_not_kept():
    known = 'name="csrfmiddlewaretoken" value="' + "a" * 64 + '"'
    assert page_cache.without_token(f"<form>{known}</form>") == (
        f'<form>name="csrfmiddlewaretoken" value="{page_cache.PLACEHOLDER}"</form>'
    )
    twice = page_cache.without_token(known + known.replace("a" * 64, "b" * 64))
    assert "a" * 64 not in twice and "b" * 64 not in twice
    assert page_cache.without_token("<p>no token</p>") == "<p>no token</p>"


def comment_names(response) -> list[str]:
    return re.findall(
        r'class="blog-comment-by"[^>]*><strong>([^<]+)</strong>', response.content.decode()
    )


def test_comments_kept_for_readers_follow_approval_and_take_down(
    post, editor, django_capture_on_commit_callbacks
):
    """The comment list's key is the comments it shows: an approved comment shows at
    once, a taken-down one goes at once."""
    first = guest_comment(post, name="Første Gæst", state=Comment.State.PUBLISHED)
    waiting = guest_comment(post, name="Anden Gæst")
    assert comment_names(Client().get(post.get_absolute_url())) == ["Første Gæst"]
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(waiting, services.Action.APPROVE, editor)
    assert comment_names(Client().get(post.get_absolute_url())) == ["Første Gæst", "Anden Gæst"]
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(first, services.Action.SPAM, editor)
    assert comment_names(Client().get(post.get_absolute_url())) == ["Anden Gæst"]


def test_an_editor_gets_the_take_down_forms_after_a_reader_warmed_the_cache(login, post, editor):
    guest_comment(post, state=Comment.State.PUBLISHED)
    assert "blog-comment-takedown" not in Client().get(post.get_absolute_url()).content.decode()
    assert "blog-comment-takedown" in login(editor).get(post.get_absolute_url()).content.decode()
    assert "blog-comment-takedown" not in Client().get(post.get_absolute_url()).content.decode()
