"""The blog's rules: writing a comment, moderating it, closing a post's comments, a guest
erasing their comments and the nightly clearing of IP addresses. Pages and API alike call
these functions; the e-mails go through the one send path (mail/services.py)."""

import contextlib
import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ressourcenet.accounts.throttle import network_of
from ressourcenet.blog.models import COMMENT_MAX_LENGTH, BlogTag, Comment, Post
from ressourcenet.lib import bounds, page_cache
from ressourcenet.lib.names import ascii_slug

# At most this many comments per address and per e-mail within the window (in the default
# cache: Redis when REDIS_URL is set, so that all app processes count together; each
# process's memory otherwise).
COMMENTS_PER_WINDOW = 5
WINDOW_SECONDS = 10 * 60
# The pages kept for visitors (lib/page_cache.py): the index, per tag and page, and each
# post's page, which is also in a group of its own for its comments (post_group).
PAGE_GROUP = "blog"
# The same comment from the same writer within this time is a double click: stored once.
DUPLICATE_SECONDS = 2 * 60

NAME_MAX = Comment._meta.get_field("name").max_length
EMAIL_MAX = Comment._meta.get_field("email").max_length
REASON_MAX = 1000


class TooManyComments(Exception):
    """Over the limit per IP address or e-mail: refused, nothing stored (HTTP 429, with
    Retry-After: the longest a window can still run)."""

    retry_after = WINDOW_SECONDS

    def __init__(self) -> None:
        super().__init__(
            _("You have written many comments in a short time. Wait ten minutes and try again.")
        )


class CommentsClosed(ValidationError):
    """The post takes no comments: a draft, not yet shown, or closed by an editor."""


class ModerationRefused(ValidationError):
    """The comment was moderated already (HTTP 409); only a published one can still be
    taken down (rejected or marked as spam)."""


class Action:
    APPROVE = "approve"
    REJECT = "reject"
    SPAM = "spam"
    ALL = (APPROVE, REJECT, SPAM)


@dataclass(frozen=True)
class CommentIn:
    body: str
    name: str = ""
    email: str = ""
    parent_id: int | None = None


def _keys(ip: str, email: str) -> list[str]:
    keys = []
    if ip:  # an IPv6 address counts for its whole /64: one caller has all of it
        keys.append(f"blog-comments-ip:{network_of(ip)}")
    if email:
        keys.append(f"blog-comments-email:{email.strip().casefold()}")
    return keys


def _add_one(key: str) -> int:
    """Count one more under `key` in one step (cache.add, then cache.incr: atomic on Redis
    and in memory), starting the window with the first; the count now."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, WINDOW_SECONDS)
        return 1
    if count == 1:  # Redis made the key anew in the incr (expired just then): no expiry yet
        cache.touch(key, WINDOW_SECONDS)
    return count


def _take_back(keys: list[str]) -> None:
    for key in keys:
        with contextlib.suppress(ValueError):  # expired meanwhile: nothing to take back
            if cache.decr(key) < 0:  # made anew by the decr, without expiry
                cache.delete(key)


def reserve(ip: str, email: str) -> list[str]:
    """Count a comment for its address and e-mail before it is stored, so that parallel
    requests (several processes) cannot all pass a check made before any of them counted.
    Over the limit for either: take the counts back and raise TooManyComments. Returns the
    keys counted, for `_take_back` when the comment is not stored after all."""
    keys = _keys(ip, email)
    counts = [_add_one(key) for key in keys]
    if any(count > COMMENTS_PER_WINDOW for count in counts):
        _take_back(keys)
        raise TooManyComments
    return keys


def comment_problems(post: Post, data: CommentIn, guest: bool) -> dict[str, list[str]]:
    """What is wrong with a comment, by field (the form and the API show the same)."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    body = data.body.strip()
    if not body:
        add("body", _("Write your comment."))
    elif len(data.body) > COMMENT_MAX_LENGTH:
        add(
            "body",
            bounds.with_grouped(
                _("A comment can be at most %(max)d characters long; yours has %(count)d."),
                max=COMMENT_MAX_LENGTH,
                count=len(data.body),
            ),
        )
    if problem := bounds.text_problem(data.body, _("comment")):
        add("body", problem)
    if guest:
        name = data.name.strip()
        if not name:
            add("name", _("Write your name."))
        elif len(name) > NAME_MAX:
            add("name", _("The name can be at most %(max)d characters long.") % {"max": NAME_MAX})
        elif problem := bounds.one_line_problem(name, _("name")):
            add("name", problem)
        email = data.email.strip()
        if not email:
            add("email", _("Write your e-mail address. It is never shown."))
        else:
            try:
                if len(email) > EMAIL_MAX:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                add("email", _("Write an e-mail address like name@example.dk."))
    if data.parent_id is not None:
        parent = post.comments.published().filter(pk=data.parent_id).first()
        if parent is None or parent.parent_id is not None:
            add("parent", _("You can only reply to a published comment that is not a reply."))
    return problems


def ensure_open(post: Post) -> None:
    if not post.is_visible or post.comments_closed:
        raise CommentsClosed(_("This post takes no comments."))


def member_name(user) -> str:
    """The name a logged-in user comments under: their person's name; a login without a
    person gets a neutral name, never any part of its e-mail address."""
    person = getattr(user, "person", None)
    if person is not None and person.name.strip():
        return person.name
    with translation.override(settings.LANGUAGE_CODE):  # stored: in the site's language
        return _("A member")


def post_comment(post: Post, data: CommentIn, *, user=None, ip: str = "") -> Comment:
    """A comment on a visible post: published at once from a logged-in user, held for
    moderation from a guest. Raises CommentsClosed, ValidationError (by field) or
    TooManyComments; nothing is stored then. The same comment sent again within
    DUPLICATE_SECONDS (a double click) is not stored twice: the first one is returned."""
    ensure_open(post)
    member = user is not None and user.is_authenticated
    email = user.email if member else data.email.strip()
    counted = reserve(ip, email)
    try:
        if problems := comment_problems(post, data, guest=not member):
            raise ValidationError(problems)
        with transaction.atomic():
            # One writer per post at a time, so that two clicks at once find each other.
            Post.objects.select_for_update().filter(pk=post.pk).exists()
            if first := _same_comment(post, data, user if member else None, email):
                _take_back(counted)
                return first
            comment = Comment.objects.create(
                post=post,
                parent_id=data.parent_id,
                user=user if member else None,
                name=member_name(user) if member else data.name.strip(),
                email="" if member else email,
                body=data.body.strip(),
                state=Comment.State.PUBLISHED if member else Comment.State.PENDING,
                ip=_address_or_none(ip),
            )
            if comment.state == Comment.State.PUBLISHED:
                forget_post_pages_on_commit(post.slug)
            return comment
    except BaseException:  # not stored: it does not count
        _take_back(counted)
        raise


def _address_or_none(ip: str | None) -> str | None:
    """An IP address to keep for IP_DAYS, or None for what a proxy wrote that is none."""
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


def _same_comment(post: Post, data: CommentIn, user, email: str) -> Comment | None:
    """The same comment from the same writer on the same post in the last
    DUPLICATE_SECONDS, if any."""
    since = timezone.now() - timedelta(seconds=DUPLICATE_SECONDS)
    same = Comment.objects.filter(
        post=post,
        parent_id=data.parent_id,
        body=data.body.strip(),
        created_at__gte=since,
        state__in=[Comment.State.PENDING, Comment.State.PUBLISHED],
    )
    if user is not None:
        same = same.filter(user=user)
    else:
        same = same.filter(user=None, email__iexact=email)
    return same.order_by("created_at", "id").first()


@transaction.atomic
def moderate(comment: Comment, action: str, by, reason: str = "") -> Comment:
    """Approve, reject (with a reason for the guest) or mark as spam a waiting comment, or
    take down a published one (reject or spam; a member's comment is published at once).
    The guest hears of an approval or a rejection by e-mail, a taken-down comment too;
    spam is not answered."""
    from ressourcenet.blog import emails

    comment = Comment.objects.select_for_update().select_related("post").get(pk=comment.pk)
    if action not in Action.ALL:
        raise ValidationError({"action": _("Choose approve, reject or spam.")})
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        too_long = _("The reason can be at most %(max)d characters long.")
        raise ValidationError({"reason": too_long % {"max": REASON_MAX}})
    if problem := bounds.text_problem(reason, _("reason")):
        raise ValidationError({"reason": problem})
    if action == Action.REJECT and not reason:
        raise ValidationError({"reason": _("Tell the writer why the comment is rejected.")})
    takes_down = comment.state == Comment.State.PUBLISHED and action != Action.APPROVE
    if comment.state != Comment.State.PENDING and not takes_down:
        raise ModerationRefused(_("The comment has been moderated already."))
    if action == Action.APPROVE and comment.parent_id is not None:
        parent_state = Comment.objects.filter(pk=comment.parent_id).values_list("state")
        if parent_state.first() != (Comment.State.PUBLISHED,):
            # Shown only under its comment, which is not shown: it would be published nowhere.
            raise ModerationRefused(
                _(
                    "The comment this one replies to has been taken down, so the reply "
                    "cannot be shown. Reject it, or mark it as spam."
                )
            )
    comment.state = {
        Action.APPROVE: Comment.State.PUBLISHED,
        Action.REJECT: Comment.State.REJECTED,
        Action.SPAM: Comment.State.SPAM,
    }[action]
    comment.reason = reason if action == Action.REJECT else ""
    comment.moderated_at = timezone.now()
    comment.moderated_by = by
    comment.save(update_fields=["state", "reason", "moderated_at", "moderated_by"])
    forget_post_pages_on_commit(comment.post.slug)
    if comment.is_guest and comment.email and action != Action.SPAM:
        emails.send_moderation_email(comment, taken_down=takes_down)
    return comment


def save_post(post: Post, tags=None, new_tags: list[str] = ()) -> Post:
    """Save a post an editor wrote (the model's rules checked) and its tags, with the new
    tags it names (one whose address exists already is that tag), and put it in the
    search, or take it out (a draft, a post not yet due); the index visitors are shown is
    made again."""
    from ressourcenet.blog import search

    post.full_clean()
    with transaction.atomic():
        post.save()
        if tags is not None or new_tags:
            added = [
                BlogTag.objects.filter(name__iexact=name).first()
                or BlogTag.objects.get_or_create(slug=ascii_slug(name), defaults={"name": name})[0]
                for name in new_tags
            ]
            post.tags.set([*(tags if tags is not None else post.tags.all()), *added])
        search.index_post(post)
        transaction.on_commit(forget_pages)
    return post


def forget_pages() -> None:
    """The blog's pages as kept for visitors are out of date (lib/page_cache.py): the
    index and every post's page (they show the newest, previous, next and related posts)."""
    page_cache.forget(PAGE_GROUP)


def post_group(slug: str) -> str:
    """The group of one post's page as kept for visitors: forgotten when its comments
    change."""
    return f"{PAGE_GROUP}-post:{slug}"


def forget_post_pages_on_commit(*slugs: str) -> None:
    """These posts' pages as kept for visitors are out of date once the transaction
    commits (their comments changed)."""
    for slug in set(slugs):
        transaction.on_commit(lambda slug=slug: page_cache.forget(post_group(slug)))


def set_comments_closed(post: Post, closed: bool) -> Post:
    post.comments_closed = closed
    post.save(update_fields=["comments_closed", "updated_at"])
    forget_post_pages_on_commit(post.slug)
    return post


def guest_comments(key: str):
    """The comments a guest wrote with the e-mail address of this key (models.email_key;
    none for an empty key)."""
    if not key:
        return Comment.objects.none()
    return Comment.objects.filter(user=None, email_key=key)


@transaction.atomic
def erase_guest_comments(key: str) -> int:
    """Delete every guest comment written with the address of this key (the link in the
    e-mails), and the address in the blog's e-mails to them. Others' replies to them stay,
    as comments of their own; the number deleted."""
    from ressourcenet.mail.models import OutgoingMessage

    own = guest_comments(key)
    addresses = set(own.values_list("email", flat=True))
    # Their posts' pages: the comments go, and replies to them become comments of their own.
    forget_post_pages_on_commit(*own.values_list("post__slug", flat=True).distinct())
    Comment.objects.filter(parent__in=own).exclude(pk__in=own).update(parent=None)
    deleted = own.delete()[1].get("blog.Comment", 0)
    blog_kinds = [OutgoingMessage.Kind.BLOG_APPROVED, OutgoingMessage.Kind.BLOG_REJECTED]
    # The e-mails about them no longer name the guest or the post in the admin's list; one
    # not sent yet is no longer needed (one being handed to the mail server right now goes).
    Status = OutgoingMessage.Status
    about_them = OutgoingMessage.objects.filter(kind__in=blog_kinds, to_email__in=addresses)
    about_them.filter(status__in=[Status.QUEUED, Status.FAILED]).update(status=Status.DROPPED)
    about_them.exclude(status=Status.SENDING).update(
        to_email="", to_name="", subject="", body="", html=""
    )
    return deleted


def purge_old_ips(now=None) -> int:
    """Clear the IP addresses of comments older than IP_DAYS days: personal data."""
    return Comment.objects.old_ips(now).update(ip=None)


@transaction.atomic
def purge_refused_comments(now=None) -> int:
    """Delete rejected and spam comments REFUSED_DAYS days after their moderation, with
    the replies to them (hidden with them, never to come back as comments of their own),
    and comments that waited PENDING_DAYS days without an editor reading them: the guest's
    e-mail and text are not kept for ever. The number deleted."""
    refused = Comment.objects.old_refused(now) | Comment.objects.old_pending(now)
    refused_ids = list(refused.values_list("pk", flat=True))
    gone = Comment.objects.filter(pk__in=refused_ids) | Comment.objects.filter(
        parent_id__in=refused_ids
    )
    forget_post_pages_on_commit(*gone.values_list("post__slug", flat=True).distinct())
    return gone.delete()[1].get("blog.Comment", 0)


def pending_count() -> int:
    return Comment.objects.pending().count()


def site_url(path: str) -> str:
    return settings.SITE_URL + path
