"""RSS 2.0 and Atom feeds of the visible posts, all of them or one tag's.

Every address in them is on the configured SITE_URL, never on the request's Host header
(which a client chooses)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ressourcenet.blog.models import BlogTag, Post

FEED_SIZE = 20


class PostsRss(Feed):
    url_name = "blog:feed_rss"

    def title(self, obj=None) -> str:
        return _("Ressourcenet – the blog")

    def description(self, obj=None) -> str:
        return _("Posts about the resource networks and the partnership.")

    def link(self, obj=None) -> str:
        return settings.SITE_URL + reverse("blog:index")

    def feed_url(self, obj=None) -> str:
        return settings.SITE_URL + reverse(self.url_name)

    def item_link(self, item: Post) -> str:
        return settings.SITE_URL + item.get_absolute_url()

    def items(self, obj=None):
        return Post.objects.visible().select_related("author")[:FEED_SIZE]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.teaser

    def item_author_name(self, item: Post) -> str:
        return item.author.name

    def item_pubdate(self, item: Post):
        return item.publish_at

    def item_updateddate(self, item: Post):
        return item.updated_at


class PostsAtom(PostsRss):
    feed_type = Atom1Feed
    url_name = "blog:feed_atom"
    subtitle = PostsRss.description


class TagRss(PostsRss):
    url_name = "blog:tag_feed_rss"

    def get_object(self, request, tag_slug: str) -> BlogTag:
        return get_object_or_404(BlogTag, slug=tag_slug)

    def title(self, obj=None) -> str:
        return _("Ressourcenet – the blog: %(tag)s") % {"tag": obj.name}

    def link(self, obj=None) -> str:
        return settings.SITE_URL + obj.get_absolute_url()

    def feed_url(self, obj=None) -> str:
        return settings.SITE_URL + reverse(self.url_name, args=[obj.slug])

    def items(self, obj=None):
        return Post.objects.visible().filter(tags=obj).select_related("author")[:FEED_SIZE]


class TagAtom(TagRss):
    feed_type = Atom1Feed
    url_name = "blog:tag_feed_atom"
    subtitle = PostsRss.description
