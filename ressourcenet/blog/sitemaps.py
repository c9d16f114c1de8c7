from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ressourcenet.blog.models import Post


class BlogIndexSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["blog:index"]

    def location(self, item: str) -> str:
        return reverse(item)


class PostSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.visible().only("slug", "updated_at")

    def lastmod(self, post: Post):
        return post.updated_at


SITEMAPS = {"blog": BlogIndexSitemap, "posts": PostSitemap}
