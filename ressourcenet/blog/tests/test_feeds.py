import feedparser
import pytest
from django.conf import settings
from django.utils import translation

from ressourcenet.blog.models import Post
from ressourcenet.blog.tests.conftest import da, make_post


def test_rss_and_atom_parse_without_errors(client, post, blogger):
    make_post(blogger, "draft", state=Post.State.DRAFT)
    make_post(blogger, "amp", title="Mad & fællesskab <i>", days_ago=2)
    for url in ["/blog/feed.rss", "/blog/feed.atom", "/blog/tags/lektiecafe/feed.rss",
                "/blog/tags/lektiecafe/feed.atom"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        links = [entry.link for entry in feed.entries]
        assert f"{settings.SITE_URL}/blog/lektiecafeen/" in links
        assert not any("draft" in link for link in links)
    titles = [e.title for e in feedparser.parse(client.get("/blog/feed.rss").content).entries]
    assert "Mad & fællesskab <i>" in titles
    assert feedparser.parse(client.get("/blog/feed.atom").content).version == "atom10"
    assert feedparser.parse(client.get("/blog/feed.rss").content).version == "rss20"


def test_tag_feed_holds_only_the_tags_posts(client, post, blogger):
    make_post(blogger, "other")
    feed = feedparser.parse(client.get("/blog/tags/lektiecafe/feed.rss").content)
    assert [e.link for e in feed.entries] == [f"{settings.SITE_URL}/blog/lektiecafeen/"]
    assert client.get("/blog/tags/nothing/feed.rss").status_code == 404


SITE = "https://ressourcenet.example"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


def test_absolute_addresses_are_on_the_site_url_not_the_host_header(client, post, site_url):
    post.cover_image = "blog/cover.png"
    post.save()
    forged = {"HTTP_HOST": "localhost"}  # allowed, but not the site's address
    page = client.get("/blog/lektiecafeen/", **forged).content.decode()
    assert f'<link rel="canonical" href="{SITE}/blog/lektiecafeen/">' in page
    assert f'<meta property="og:url" content="{SITE}/blog/lektiecafeen/">' in page
    assert f'<meta property="og:image" content="{SITE}/blog/lektiecafeen/cover">' in page
    for path in ["/blog/", "/blog/tags/lektiecafe/"]:
        page = client.get(path, **forged).content.decode()
        assert f'<link rel="canonical" href="{SITE}{path}">' in page
    for path in ["/blog/feed.rss", "/blog/feed.atom", "/blog/tags/lektiecafe/feed.atom"]:
        content = client.get(path, **forged).content.decode()
        assert "localhost" not in content and f"{SITE}/blog/lektiecafeen/" in content
    feed = feedparser.parse(client.get("/blog/tags/lektiecafe/feed.atom", **forged).content)
    assert feed.feed.link == f"{SITE}/blog/tags/lektiecafe/"
    sitemap = client.get("/sitemap.xml", **forged).content.decode()
    assert "localhost" not in sitemap
    assert f"<loc>{SITE}/blog/lektiecafeen/</loc>" in sitemap
    data = client.get("/api/v1/posts/lektiecafeen", **forged).json()
    assert data["url"] == f"{SITE}/blog/lektiecafeen/"
    assert data["cover_image"] == f"{SITE}/blog/lektiecafeen/cover"


def test_the_tag_page_links_the_tags_own_feed(client, post):
    with translation.override("da"):
        page = client.get("/blog/tags/lektiecafe/").content.decode()
    rss = da("Blog posts about %(tag)s (RSS)") % {"tag": "Lektiecafé"}
    atom = da("Blog posts about %(tag)s (Atom)") % {"tag": "Lektiecafé"}
    follow = da("Follow the posts about %(tag)s (RSS)") % {"tag": "Lektiecafé"}
    assert f'title="{rss}" href="/blog/tags/lektiecafe/feed.rss"' in page
    assert f'title="{atom}" href="/blog/tags/lektiecafe/feed.atom"' in page
    assert f'href="/blog/tags/lektiecafe/feed.rss">{follow}</a>' in page
    assert da("The blog (RSS)") not in page
