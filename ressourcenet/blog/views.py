"""The blog's pages: the index (per tag too), a post with its comments, writing a
comment, the editors' moderation queue, and a guest removing their comments."""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Min, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.accounts.throttle import client_ip
from ressourcenet.blog import services
from ressourcenet.blog.emails import ERASE_LINK, ERASE_LINK_MAX_AGE
from ressourcenet.blog.forms import (
    BloggerForm,
    CommentForm,
    ModerationForm,
    PostForm,
    started_stamp,
)
from ressourcenet.blog.models import BloggerProfile, BlogTag, Comment, Post, email_key
from ressourcenet.lib import bounds, page_cache
from ressourcenet.lib.links import LinkInvalid, read_token
from ressourcenet.lib.pages import site_nav

PAGE_SIZE = 10
# The index is kept for visitors at most this long (blog/services.py forgets it at every
# change it makes; this bounds what another way of changing the data would leave behind).
INDEX_CACHE_SECONDS = 300
MODERATION_PAGE_SIZE = 20
NEWEST = 5
RELATED = 3


def newest_posts(exclude: Post | None = None) -> list[Post]:
    posts = Post.objects.visible().only("title", "slug", "publish_at")
    if exclude is not None:
        posts = posts.exclude(pk=exclude.pk)
    return list(posts[:NEWEST])


def index_cache_seconds() -> int:
    """How long the index and the posts' pages may be kept (they list the newest posts):
    until the next post comes due, at most
    INDEX_CACHE_SECONDS (0: a post comes due within the second, keep nothing)."""
    now = timezone.now()
    due = Post.objects.filter(
        state__in=[Post.State.PUBLISHED, Post.State.SCHEDULED], publish_at__gt=now
    ).aggregate(first=Min("publish_at"))["first"]
    if due is None:
        return INDEX_CACHE_SECONDS
    return min(INDEX_CACHE_SECONDS, int((due - now).total_seconds()))


@page_cache.cache_anonymous_page(services.PAGE_GROUP, index_cache_seconds, params=("page",))
@require_safe
def post_list(request: HttpRequest, tag_slug: str | None = None) -> HttpResponse:
    posts = Post.objects.visible().with_relations()
    tag = None
    if tag_slug is not None:
        tag = get_object_or_404(BlogTag, slug=tag_slug)
        posts = posts.filter(tags=tag)
    page = Paginator(posts, PAGE_SIZE).get_page(bounds.parse_id(request.GET.get("page", "")))
    context = {
        **site_nav(request, "blog"),
        "page": page,
        "tag": tag,
        "newest": newest_posts(),
        "may_edit": permissions.can_edit_blog(request.user),
    }
    return render(request, "blog/post_list.html", context)


def get_post(request: HttpRequest, slug: str) -> Post:
    """A visible post; an editor also sees drafts and posts not yet shown."""
    post = get_object_or_404(Post.objects.with_relations(), slug=slug)
    if not post.is_visible and not permissions.can_edit_blog(request.user):
        raise Http404
    return post


def neighbours(post: Post) -> tuple[Post | None, Post | None]:
    """The post shown before this one and the one after, among the visible posts."""
    if post.publish_at is None:
        return None, None
    # In the index's order, (publish_at, id): two posts of the same minute follow each other.
    visible = Post.objects.visible().select_related("author").exclude(pk=post.pk)
    same_time = Q(publish_at=post.publish_at)
    earlier = Q(publish_at__lt=post.publish_at) | (same_time & Q(id__lt=post.pk))
    later = Q(publish_at__gt=post.publish_at) | (same_time & Q(id__gt=post.pk))
    previous = visible.filter(earlier).order_by("-publish_at", "-id").first()
    following = visible.filter(later).order_by("publish_at", "id").first()
    return previous, following


def related_posts(post: Post, shown: list[Post | None]) -> list[Post]:
    """Posts sharing most tags with this one, newest first, leaving out those shown as
    previous and next already."""
    tags = [tag.pk for tag in post.tags.all()]
    if not tags:
        return []
    found = (
        Post.objects.visible()
        .filter(tags__in=tags)
        .exclude(pk__in=[post.pk, *(other.pk for other in shown if other)])
        .annotate(shared=Count("tags"))
        .order_by("-shared", "-publish_at")
        # The teaser names the blogger: read it with the post, not once per post.
        .select_related("author")
        .only("title", "slug", "teaser", "publish_at", "author__name")
    )
    return list(found[:RELATED])


def post_context(
    request: HttpRequest, post: Post, form: CommentForm | None = None, failed: dict | None = None
) -> dict:
    member = request.user.is_authenticated
    # A reply is always on its parent's post: naming the post lets the database read the
    # replies by the (post, state, created_at) index, in their order, instead of walking
    # every published comment of the blog by (state, created_at) (SQLite did, ~100 ms).
    replies = Prefetch(
        "replies", queryset=Comment.objects.published().filter(post=post).select_related("user")
    )
    comments = list(
        post.comments.published()
        .filter(parent=None)
        .prefetch_related(replies)
        .order_by("created_at", "id")
    )
    shown = list(messages.get_messages(request))
    previous, following = neighbours(post)
    if form is None:
        form = CommentForm(member=member)
        reply_id = bounds.parse_id(request.GET.get("reply", ""))
        form.initial["parent"] = reply_id
    else:
        reply_id = bounds.parse_id(str(form.data.get("parent", "")))
    reply_to = next((c for c in comments if c.pk == reply_id), None)
    if reply_to is None:
        form.initial["parent"] = None
    return {
        **site_nav(request, "blog"),
        "post": post,
        "newest": newest_posts(exclude=post),
        "previous": previous,
        "following": following,
        "related": related_posts(post, [previous, following]),
        "comments": comments,
        # A comment's own message shows in the comments, beside the new comment and the
        # form; the others at the top (base.html reads `messages`).
        "comment_messages": [m for m in shown if "comment" in m.extra_tags.split()],
        "messages": [m for m in shown if "comment" not in m.extra_tags.split()],
        "failed": failed,
        "reply_to": reply_to,
        "form": form,
        "member": member,
        "may_edit": permissions.can_edit_blog(request.user),
        # On the configured address, never on the Host header a client chooses.
        "canonical": settings.SITE_URL + post.get_absolute_url(),
        "cover_url": settings.SITE_URL + reverse("blog:cover", args=[post.slug]),
        "login_url": reverse("login") + "?next=" + post.get_absolute_url() + "%23comments",
    }


# The comment form's signed time stamp (forms.started_stamp), made afresh for each visitor
# of a kept page, as the CSRF token is: a kept page does not pass the minimum time for them.
STARTED_STAMP = page_cache.Stamp(
    "__started_stamp_placeholder__",
    re.compile(r'name="started" value="([^"]+)"'),
    lambda request: started_stamp(),
)


@page_cache.cache_anonymous_page(
    services.PAGE_GROUP,
    index_cache_seconds,
    subgroup=lambda slug: services.post_group(slug),
    stamps=(STARTED_STAMP,),
)
@require_safe
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_post(request, slug)
    return render(request, "blog/post_detail.html", post_context(request, post))


@require_http_methods(["GET", "HEAD", "POST"])
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A refused comment is shown again at this address: reloaded, or after a change of
    language, it leads back to the post's form."""
    post = get_post(request, slug)
    if request.method != "POST":
        return redirect(post.get_absolute_url() + "#comment-form")
    member = request.user.is_authenticated
    form = CommentForm(request.POST, member=member)
    status = 422
    if form.is_valid():
        data = services.CommentIn(
            body=form.cleaned_data["body"],
            name=form.cleaned_data.get("name", ""),
            email=form.cleaned_data.get("email", ""),
            parent_id=form.cleaned_data.get("parent"),
        )
        try:
            comment = services.post_comment(post, data, user=request.user, ip=client_ip(request))
        except services.TooManyComments as error:
            form.add_error(None, str(error))
            status = 429
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({None: error.messages})
            for field, problems in error.message_dict.items():
                target = field if field in form.fields and field != "parent" else None
                form.add_error(target, problems)
        else:
            if comment.state == Comment.State.PUBLISHED:
                messages.success(
                    request, _("Thank you. Your comment is published."), extra_tags="comment"
                )
                return redirect(comment.get_absolute_url())
            messages.success(
                request,
                _(
                    "Thank you. Your comment will be shown when an editor has read it. "
                    "We will write to you when that has happened."
                ),
                extra_tags="comment",
            )
            return redirect(post.get_absolute_url() + "#comment-message")
    context = post_context(request, post, form)
    response = render(request, "blog/post_detail.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(services.TooManyComments.retry_after)
    return response


def require_editor(request: HttpRequest) -> None:
    if not permissions.can_edit_blog(request.user):
        raise PermissionDenied


def moderation_context(
    request: HttpRequest, page_number: int | None, failed: dict | None = None
) -> dict:
    pending = (
        Comment.objects.pending().select_related("post", "parent").order_by("created_at", "id")
    )
    return {
        **site_nav(request, "blog"),
        "page": Paginator(pending, MODERATION_PAGE_SIZE).get_page(page_number),
        "failed": failed,
        "closed_posts": list(Post.objects.filter(comments_closed=True).only("title", "slug")),
    }


@require_safe
def moderation_queue(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    context = moderation_context(request, bounds.parse_id(request.GET.get("page", "")))
    return render(request, "blog/moderation.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def comment_moderate(request: HttpRequest, comment_id: int) -> HttpResponse:
    """From the queue (a waiting comment) or, to take a published one down, from the post.
    A refused reason: the page again (422), the error and the typed reason at that comment;
    reloaded, or after a change of language, this address leads back to the queue."""
    require_editor(request)
    if request.method != "POST":
        return redirect("blog:moderation")
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=comment_id)
    from_post = request.POST.get("from") == "post"
    page_number = bounds.parse_id(request.POST.get("page", ""))
    form = ModerationForm(request.POST)
    action = request.POST.get("action", "")
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.moderate(comment, action, request.user, reason=form.cleaned_data["reason"])
    except services.ModerationRefused as error:
        messages.error(request, " ".join(error.messages))
    except ValidationError as error:
        reason = request.POST.get("reason", "")
        failed = {"id": comment.pk, "reason": reason, "errors": error.messages}
        if from_post:
            post = get_post(request, comment.post.slug)
            context = post_context(request, post, failed=failed)
            return render(request, "blog/post_detail.html", context, status=422)
        context = moderation_context(request, page_number, failed)
        return render(request, "blog/moderation.html", context, status=422)
    else:
        done = {
            services.Action.APPROVE: _("The comment by %(name)s is published."),
            services.Action.REJECT: _("The comment by %(name)s is rejected."),
            services.Action.SPAM: _("The comment by %(name)s is marked as spam."),
        }[action]
        if from_post:
            done = _("The comment by %(name)s is taken down.")
        messages.success(request, done % {"name": comment.name})
    if from_post:
        return redirect(comment.post.get_absolute_url() + "#comments")
    url = reverse("blog:moderation")
    return redirect(url + (f"?page={page_number}" if page_number else ""))


def post_form_page(request: HttpRequest, form: PostForm, post: Post | None) -> HttpResponse:
    context = {**site_nav(request, "blog"), "form": form, "post": post}
    return render(request, "blog/post_form.html", context, status=422 if form.errors else 200)


def save_post_form(request: HttpRequest, form: PostForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        post = services.save_post(
            form.save(commit=False), form.cleaned_data["tags"], form.cleaned_data["new_tags"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("The post is saved."))
    return redirect(post)


@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    own = BloggerProfile.objects.filter(user=request.user).first()
    form = PostForm(request.POST or None, request.FILES or None, initial={"author": own})
    if request.method == "POST" and (done := save_post_form(request, form)):
        return done
    return post_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str) -> HttpResponse:
    require_editor(request)
    post = get_object_or_404(Post, slug=slug)
    form = PostForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and (done := save_post_form(request, form)):
        return done
    return post_form_page(request, form, post)


@require_safe
def blogger_list(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    bloggers = BloggerProfile.objects.annotate(count=Count("posts"))
    context = {**site_nav(request, "blog"), "bloggers": bloggers}
    return render(request, "blog/blogger_list.html", context)


@require_http_methods(["GET", "POST"])
def blogger_edit(request: HttpRequest, blogger_id: int | None = None) -> HttpResponse:
    """An editor adds a blogger or changes one's name, presentation and photo."""
    require_editor(request)
    blogger = None if blogger_id is None else get_object_or_404(BloggerProfile, pk=blogger_id)
    form = BloggerForm(request.POST or None, request.FILES or None, instance=blogger)
    if request.method == "POST" and form.is_valid():
        form.save()
        transaction.on_commit(services.forget_pages)  # the index names the blogger
        messages.success(request, _("The blogger is saved."))
        return redirect("blog:bloggers")
    context = {**site_nav(request, "blog"), "form": form, "blogger": blogger}
    return render(request, "blog/blogger_form.html", context, status=422 if form.errors else 200)


@require_POST
def comments_close(request: HttpRequest, slug: str) -> HttpResponse:
    require_editor(request)
    post = get_object_or_404(Post, slug=slug)
    closed = request.POST.get("closed") == "1"
    services.set_comments_closed(post, closed)
    if closed:
        messages.success(request, _("Comments on the post are closed."))
    else:
        messages.success(request, _("Comments on the post are open again."))
    return redirect(post.get_absolute_url() + "#comments")


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, token: str) -> HttpResponse:
    """Every comment written with the guest's address, for as long as the link is valid:
    also after the comment whose e-mail carried the link was deleted."""
    try:
        key = read_token(ERASE_LINK, token, max_age=ERASE_LINK_MAX_AGE)
    except LinkInvalid:
        key = ""
    if key.isdigit():  # a link sent before the key: it names one comment
        key = Comment.objects.filter(pk=bounds.parse_id(key)).values_list("email_key", flat=True)
        key = key.first() or ""
    if len(key) != len(email_key("x")):
        context = {**site_nav(request, "blog"), "invalid": True}
        return render(request, "blog/erase.html", context, status=404)
    if request.method == "POST":
        deleted = services.erase_guest_comments(key)
        return render(request, "blog/erase.html", {**site_nav(request, "blog"), "deleted": deleted})
    count = services.guest_comments(key).count()
    return render(request, "blog/erase.html", {**site_nav(request, "blog"), "count": count})


@require_safe
def cover_image(request: HttpRequest, slug: str) -> FileResponse:
    post = get_post(request, slug)
    if not post.cover_image:
        raise Http404
    return FileResponse(post.cover_image.open("rb"))


@require_safe
def blogger_photo(request: HttpRequest, blogger_id: int) -> FileResponse:
    blogger = get_object_or_404(BloggerProfile, pk=blogger_id)
    if not blogger.photo:
        raise Http404
    return FileResponse(blogger.photo.open("rb"))
