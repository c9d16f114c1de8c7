"""/api/v1/posts and comments: the public blog, with the same rules as its pages.

Anyone reads the visible posts (published, or scheduled and due). A guest without a token
comments with name and e-mail and is held for moderation; a caller with a token comments
as themselves and is published at once. At most five comments per ten minutes per address
and per e-mail (429, nothing stored). Editors moderate (blog/services.py).
"""

from typing import Literal

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ConfigDict

from ressourcenet.accounts import permissions
from ressourcenet.accounts.throttle import client_ip
from ressourcenet.api.auth import PUBLIC_WRITE
from ressourcenet.api.common import LimitOffset, PageOf, require
from ressourcenet.api.types import Id, Text, TimeOut, one_line, text
from ressourcenet.blog import services
from ressourcenet.blog.models import Comment, Post

router = Router(tags=["blog"])

Slug = one_line(Post, "slug")
CommentBody = text(Comment, "body")


class AuthorOut(Schema):
    name: str
    presentation: str


class PostOut(Schema):
    id: int
    slug: str
    title: str
    teaser: str
    url: str
    author: AuthorOut
    tags: list[str]
    publish_at: TimeOut
    comments_closed: bool


class CommentOut(Schema):
    id: int
    parent: int | None
    name: str
    body: str
    created_at: TimeOut


class PostDetailOut(PostOut):
    body: str = Field(description="Markdown.")
    body_html: str = Field(description="The body as sanitised HTML.")
    cover_image: str | None = Field(description="The cover image's address, if any.")
    cover_alt: str
    comments: list[CommentOut] = Field(description="The published comments, oldest first.")


class CommentIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field("", description="A guest's name; ignored with a token.")
    email: str = Field("", description="A guest's e-mail, never shown; ignored with a token.")
    body: CommentBody = Field(description="Plain text, at most 5,000 characters.")
    parent: Id | None = Field(None, description="A published comment to reply to (one level).")


class CommentCreatedOut(Schema):
    id: int
    state: Literal["pending", "published"]


class ModerationIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    action: Literal["approve", "reject", "spam"]
    reason: Text = Field("", description="Needed to reject; sent to a guest by e-mail.")


class ModerationOut(Schema):
    id: int
    state: str


def post_out(request: HttpRequest, post: Post) -> dict:
    return {
        "id": post.pk,
        "slug": post.slug,
        "title": post.title,
        "teaser": post.teaser,
        "url": settings.SITE_URL + post.get_absolute_url(),
        "author": {"name": post.author.name, "presentation": post.author.presentation},
        "tags": [tag.name for tag in post.tags.all()],
        "publish_at": post.publish_at,
        "comments_closed": post.comments_closed,
    }


@router.get("/posts", response=list[PostOut], auth=None)
@paginate(LimitOffset)
def list_posts(request: HttpRequest):
    """The visible posts, newest first."""
    posts = Post.objects.visible().with_relations()
    return PageOf(posts, lambda page: [post_out(request, p) for p in page])


@router.get("/posts/{slug}", response=PostDetailOut, auth=None)
def get_post(request: HttpRequest, slug: Slug):
    post = get_object_or_404(Post.objects.visible().with_relations(), slug=slug)
    # As on the page: replies to a comment taken down go with it.
    comments = (
        post.comments.published()
        .filter(Q(parent=None) | Q(parent__state=Comment.State.PUBLISHED))
        .order_by("created_at", "id")
    )
    cover = post.cover_image and f"{settings.SITE_URL}{post.get_absolute_url()}cover"
    return {
        **post_out(request, post),
        "body": post.body,
        "body_html": str(post.body_html),
        "cover_image": cover or None,
        "cover_alt": post.cover_alt,
        "comments": [
            {
                "id": c.pk,
                "parent": c.parent_id,
                "name": c.name,
                "body": c.body,
                "created_at": c.created_at,
            }
            for c in comments
        ],
    }


@router.post(
    "/posts/{slug}/comments",
    response={201: CommentCreatedOut},
    auth=PUBLIC_WRITE,
    # A guest writes without a token (`{}` joins ninja's bearer: either), and the limit answers 429.
    openapi_extra={"security": [{}], "x-rate-limited": True},
)
def create_comment(request: HttpRequest, slug: Slug, payload: CommentIn):
    """A guest (no token) gives `name` and `email` and is held for moderation; with a token
    the comment is published at once. 409 when the post takes no comments; 429 (with
    Retry-After) when too many comments came from the address (an IPv6 address: its /64) or
    the e-mail in the last ten minutes. The same comment sent again within two minutes is
    not stored twice: the answer is the first one's."""
    post = get_object_or_404(Post.objects.visible(), slug=slug)
    data = services.CommentIn(
        body=payload.body, name=payload.name, email=payload.email, parent_id=payload.parent
    )
    try:
        comment = services.post_comment(post, data, user=request.auth, ip=client_ip(request))
    except services.CommentsClosed as error:
        raise HttpError(409, " ".join(error.messages)) from None
    except services.TooManyComments as error:
        refused = JsonResponse({"detail": str(error)}, status=429)
        refused["Retry-After"] = str(error.retry_after)
        return refused
    return Status(201, {"id": comment.pk, "state": comment.state})


@router.post("/comments/{comment_id}/moderate", response=ModerationOut)
def moderate_comment(request: HttpRequest, comment_id: Id, payload: ModerationIn):
    """Editors: approve, reject (with a reason) or mark as spam a waiting comment. A
    published comment (a member's is published at once) is taken down with `reject` (with a
    reason; a guest writer is told by e-mail) or `spam`. 409 when it was rejected or marked
    as spam already, or `approve` on a published one."""
    require(permissions.can_edit_blog(request.auth), request)
    comment = get_object_or_404(Comment, pk=comment_id)
    try:
        comment = services.moderate(comment, payload.action, request.auth, payload.reason)
    except services.ModerationRefused as error:
        raise HttpError(409, " ".join(error.messages)) from None
    return {"id": comment.pk, "state": comment.state}
