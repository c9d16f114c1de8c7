import feedparser

from ressourcenet.blog.models import Post
from ressourcenet.blog.tests.conftest import make_post


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
        assert "http://testserver/blog/lektiecafeen/" in links
        assert not any("draft" in link for link in links)
    titles = [e.title for e in feedparser.parse(client.get("/blog/feed.rss").content).entries]
    assert "Mad & fællesskab <i>" in titles
    assert feedparser.parse(client.get("/blog/feed.atom").content).version == "atom10"
    assert feedparser.parse(client.get("/blog/feed.rss").content).version == "rss20"


def test_tag_feed_holds_only_the_tags_posts(client, post, blogger):
    make_post(blogger, "other")
    feed = feedparser.parse(client.get("/blog/tags/lektiecafe/feed.rss").content)
    assert [e.link for e in feed.entries] == ["http://testserver/blog/lektiecafeen/"]
    assert client.get("/blog/tags/nothing/feed.rss").status_code == 404
