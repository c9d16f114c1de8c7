from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ressourcenet.blog.models import Post
from ressourcenet.blog.search import index_post
from ressourcenet.blog.tests.conftest import make_post
from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import SearchEntry


def found_urls(user, q: str) -> list[str]:
    return [entry.url for entry in search.find(user, q)[:20]]


def test_visitors_find_visible_posts_by_inflected_words(plan, blogger):
    post = make_post(
        blogger, "lektier", title="Frivillige i lektiecaféen", body="Beboerne hjælper."
    )
    post.tags.create(name="Unge", slug="unge")
    index_post(post)
    anonymous = __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser()
    assert found_urls(anonymous, "beboer") == ["/blog/lektier/"]
    assert found_urls(anonymous, "unge") == ["/blog/lektier/"]


def test_drafts_and_posts_not_yet_due_are_not_found(plan, blogger):
    draft = make_post(blogger, "kladde", title="Hemmelig kladde", state=Post.State.DRAFT)
    later = make_post(
        blogger, "senere", title="Hemmelig plan", state=Post.State.SCHEDULED, days_ago=-1
    )
    assert index_post(draft) is None and index_post(later) is None
    call_command("reindex", stdout=__import__("io").StringIO())
    assert not SearchEntry.objects.filter(kind=SearchEntry.Kind.POST).exists()
    # Its time comes: the nightly purgeblog adds it.
    Post.objects.filter(pk=later.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    call_command("purgeblog", stdout=__import__("io").StringIO())
    assert SearchEntry.objects.get(kind=SearchEntry.Kind.POST).url == "/blog/senere/"


def test_a_post_back_to_draft_leaves_the_search(plan, blogger):
    post = make_post(blogger, "ud", title="Snart væk")
    index_post(post)
    post.state = Post.State.DRAFT
    post.save()
    index_post(post)
    assert not SearchEntry.objects.filter(kind=SearchEntry.Kind.POST).exists()


def test_a_scheduled_post_is_found_as_soon_as_it_is_due(plan, blogger, member, monkeypatch):
    later = make_post(
        blogger, "snart", title="Sommerfest i gården", state=Post.State.SCHEDULED, days_ago=-1
    )
    index_post(later)
    anonymous = AnonymousUser()
    assert found_urls(anonymous, "sommerfest") == []
    # Its time comes, and nothing has run since: the next search finds it.
    due = later.publish_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: due)
    assert found_urls(anonymous, "sommerfest") == ["/blog/snart/"]
    assert found_urls(member, "sommerfest") == ["/blog/snart/"]
    assert SearchEntry.objects.filter(kind=SearchEntry.Kind.POST).count() == 1


def test_a_search_with_nothing_due_asks_once_for_due_posts(plan, blogger):
    """With nothing due, the search asks one question about posts and writes nothing."""
    index_post(make_post(blogger, "synlig", title="Sommerfest"))

    with CaptureQueriesContext(connection) as done:
        found = found_urls(AnonymousUser(), "sommerfest")

    assert found == ["/blog/synlig/"]
    about_posts = [q["sql"] for q in done if '"blog_post"' in q["sql"]]
    assert len(about_posts) == 1
    assert not any(q["sql"].lstrip().upper().startswith("INSERT") for q in done)


def test_until_a_post_comes_due_later_searches_ask_nothing_about_posts(plan, blogger):
    index_post(make_post(blogger, "synlig", title="Sommerfest"))
    found_urls(AnonymousUser(), "sommerfest")  # looks, and notes that nothing is to come

    with CaptureQueriesContext(connection) as done:
        assert found_urls(AnonymousUser(), "sommerfest") == ["/blog/synlig/"]

    assert not [q["sql"] for q in done if '"blog_post"' in q["sql"]]


def test_a_post_saved_for_sooner_is_found_when_its_time_comes(plan, blogger, monkeypatch):
    later = make_post(blogger, "senere", title="Sommerfest", state=Post.State.SCHEDULED)
    later.publish_at = timezone.now() + timedelta(days=7)
    later.save()
    index_post(later)
    assert found_urls(AnonymousUser(), "sommerfest") == []  # notes: the next in 7 days
    # The editor moves it to tomorrow, through the post's save (which indexes it).
    sooner = later.publish_at - timedelta(days=6)
    Post.objects.filter(pk=later.pk).update(publish_at=sooner)
    later.refresh_from_db()
    index_post(later)

    monkeypatch.setattr(timezone, "now", lambda: sooner + timedelta(minutes=1))
    assert found_urls(AnonymousUser(), "sommerfest") == ["/blog/senere/"]
