import re
from datetime import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from ressourcenet.blog.models import Comment, Post
from ressourcenet.blog.tests.conftest import da, guest_comment, make_post
from ressourcenet.blog.views import PAGE_SIZE


def test_index_lists_visible_posts_newest_first_and_pages(client, blogger):
    for day in range(PAGE_SIZE + 2):
        make_post(blogger, f"post-{day}", days_ago=day + 1)
    make_post(blogger, "draft", state=Post.State.DRAFT)
    content = client.get("/blog/").content.decode()
    titles = re.findall(r'<a href="/blog/(post-\d+)/">', content)
    assert titles[:3] == ["post-0", "post-1", "post-2"]
    assert "/blog/draft/" not in content
    second = client.get("/blog/?page=2").content.decode()
    assert "/blog/post-11/" in second


def test_index_by_tag(client, post, blogger):
    make_post(blogger, "other")
    content = client.get("/blog/tags/lektiecafe/").content.decode().split("<aside")[0]
    assert "/blog/lektiecafeen/" in content
    assert "/blog/other/" not in content
    assert client.get("/blog/tags/nothing/").status_code == 404


def test_post_page_shows_blogger_date_and_empty_comments(client, post):
    post.publish_at = timezone.make_aware(datetime(2022, 8, 18, 12))
    post.save()
    response = client.get("/blog/lektiecafeen/", HTTP_ACCEPT_LANGUAGE="da")
    content = response.content.decode()
    assert "torsdag, 18. august 2022" in content
    assert "Berit Blogger" in content and "Skriver om frivillige i boligområderne." in content
    assert escape(da("There are no comments yet. Be the first to comment.")) in content
    assert "/accounts/login/?next=/blog/lektiecafeen/%23comments" in content
    assert f'<link rel="canonical" href="{settings.SITE_URL}/blog/lektiecafeen/">' in content
    assert '<meta property="og:title" content="Lektiecaféen">' in content
    assert "<h2>Mellemrubrik</h2>" in content


def test_previous_next_newest_and_related(client, post, blogger):
    make_post(blogger, "older", days_ago=5)
    newer = make_post(blogger, "newer", days_ago=0.5)
    related = make_post(blogger, "related", days_ago=30)
    related.tags.set(post.tags.all())
    content = client.get("/blog/lektiecafeen/").content.decode()
    main = content[content.find("blog-neighbours") :]
    assert main.find("/blog/older/") < main.find("/blog/newer/")
    assert 'id="related-heading"' in content
    related_part = content[content.find('id="related-heading"') :]
    assert "/blog/related/" in related_part.split("</section>")[0]
    assert "/blog/older/" not in related_part.split("</section>")[0]
    newer.tags.set(post.tags.all())  # shown as the next post: not again as related
    content = client.get("/blog/lektiecafeen/").content.decode()
    related_part = content[content.find('id="related-heading"') :].split("</section>")[0]
    assert "/blog/related/" in related_part and "/blog/newer/" not in related_part


def test_draft_is_hidden_from_visitors_but_shown_to_editors(client, login, editor, member, blogger):
    make_post(blogger, "draft", state=Post.State.DRAFT)
    assert client.get("/blog/draft/").status_code == 404
    assert login(member).get("/blog/draft/").status_code == 404
    assert login(editor).get("/blog/draft/").status_code == 200


def test_only_published_comments_show(client, post):
    guest_comment(post, body="Synlig kommentar", state=Comment.State.PUBLISHED)
    guest_comment(post, body="Venter stadig")
    guest_comment(post, body="Køb billige ure", state=Comment.State.SPAM)
    content = client.get("/blog/lektiecafeen/").content.decode()
    assert "Synlig kommentar" in content
    assert "Venter stadig" not in content and "Køb billige ure" not in content
    assert "gitte@example.org" not in content


def test_post_page_queries_do_not_grow_with_comments(client, post, django_assert_max_num_queries):
    for number in range(10):
        parent = guest_comment(post, body=f"k{number}", state=Comment.State.PUBLISHED)
        guest_comment(post, parent=parent, body=f"svar{number}", state=Comment.State.PUBLISHED)
    with django_assert_max_num_queries(14):
        response = client.get("/blog/lektiecafeen/")
    assert "svar9" in response.content.decode()


def test_sitemap_lists_visible_posts(client, post, blogger):
    make_post(blogger, "draft", state=Post.State.DRAFT)
    content = client.get("/sitemap.xml").content.decode()
    assert "/blog/lektiecafeen/" in content
    assert "/blog/draft/" not in content


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_post_page_takes_only_get(client, post, method):
    assert getattr(client, method)("/blog/lektiecafeen/").status_code == 405


def test_a_reader_gets_no_lasting_cookie(client, post):
    """The language form's CSRF cookie ends with the browser session."""
    for path in ["/blog/", "/blog/lektiecafeen/"]:
        response = client.get(path)
        cookie = response.cookies[settings.CSRF_COOKIE_NAME]
        assert cookie["max-age"] == "" and cookie["expires"] == ""
        assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
