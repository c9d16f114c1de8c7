"""The blog in Django's admin. Posts, bloggers and tags are edited here; comments are
moderated through the same service as the moderation queue (approve, spam), so the guest
gets their e-mail; their text is not changed here."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ressourcenet.blog import search as blog_search
from ressourcenet.blog import services
from ressourcenet.blog.models import BloggerProfile, BlogTag, Comment, Post
from ressourcenet.lib.admin import BoundedAdmin


class ForgetsBlogPages:
    """Every change made here also changes the blog's index kept for visitors."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(services.forget_pages)

    def delete_model(self, request: HttpRequest, obj) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(services.forget_pages)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        super().delete_queryset(request, queryset)
        transaction.on_commit(services.forget_pages)


@admin.register(BloggerProfile)
class BloggerProfileAdmin(ForgetsBlogPages, BoundedAdmin):
    list_display = ["name", "presentation", "user"]
    search_fields = ["name"]
    raw_id_fields = ["user"]


@admin.register(BlogTag)
class BlogTagAdmin(ForgetsBlogPages, BoundedAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(ForgetsBlogPages, BoundedAdmin):
    list_display = ["title", "author", "state", "publish_at", "comments_closed"]
    list_filter = ["state", "author", "tags"]
    search_fields = ["title", "teaser"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    date_hierarchy = "publish_at"

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        blog_search.index_post(form.instance)  # with its tags

    def delete_model(self, request: HttpRequest, obj: Post) -> None:
        post_id = obj.pk
        super().delete_model(request, obj)
        blog_search.unindex_post(post_id)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for post_id in ids:
            blog_search.unindex_post(post_id)


@admin.register(Comment)
class CommentAdmin(BoundedAdmin):
    list_display = ["name", "post", "state", "created_at"]
    list_filter = ["state"]
    list_select_related = ["post"]
    readonly_fields = [
        "post", "parent", "user", "name", "email", "body", "state", "reason", "ip",
        "created_at", "moderated_at", "moderated_by",
    ]  # fmt: skip
    actions = ["approve", "mark_spam"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Comment) -> None:
        services.forget_post_pages_on_commit(obj.post.slug)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        slugs = queryset.values_list("post__slug", flat=True).distinct()
        services.forget_post_pages_on_commit(*slugs)
        super().delete_queryset(request, queryset)

    def _moderate(self, request: HttpRequest, queryset, action: str) -> None:
        done = 0
        for comment in queryset:
            try:
                services.moderate(comment, action, request.user)
            except ValidationError:
                continue
            done += 1
        messages.success(
            request,
            ngettext("%(count)d comment moderated.", "%(count)d comments moderated.", done)
            % {"count": done},
        )

    @admin.action(description=_("Publish the chosen waiting comments"))
    def approve(self, request: HttpRequest, queryset) -> None:
        self._moderate(request, queryset, services.Action.APPROVE)

    @admin.action(description=_("Mark the chosen waiting comments as spam"))
    def mark_spam(self, request: HttpRequest, queryset) -> None:
        self._moderate(request, queryset, services.Action.SPAM)
