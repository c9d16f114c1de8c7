"""The blog's pages for search engines, on the configured SITE_URL: never on the request's
Host header, which a client chooses."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ressourcenet.blog.models import Post


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class BlogIndexSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["blog:index"]

    def location(self, item: str) -> str:
        return reverse(item)


class PostSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.visible().only("slug", "updated_at")

    def lastmod(self, post: Post):
        return post.updated_at


SITEMAPS = {"blog": BlogIndexSitemap, "posts": PostSitemap}
