"""The public blog: bloggers, posts with tags, and comments from members and guests.

A post is seen by everyone once it is published, or scheduled and its time has come
(`PostQuerySet.visible`). A guest's comment waits for an editor (pending); a member's is
published at once. The guest's e-mail is never shown, and the IP address of a comment is
cleared after `IP_DAYS`; rejected and spam comments are deleted `REFUSED_DAYS` after their
moderation, with the replies to them, and comments nobody moderated after `PENDING_DAYS`
(`ressourcenet purgeblog`).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib.markdown import to_html

# Paths under /blog/ that are pages of their own, never a post's slug.
RESERVED_SLUGS = {"feed", "moderation", "tags", "erase", "new", "bloggers", "comments"}
COMMENT_MAX_LENGTH = 5000
IP_DAYS = 30
# Rejected and spam comments are deleted this many days after moderation (purgeblog).
REFUSED_DAYS = 30
# A comment that waited this long without an editor reading it is deleted (purgeblog).
PENDING_DAYS = 90


class BloggerProfile(models.Model):
    """Who writes: the name shown with the posts, a one-line presentation and a photo."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="blogger",
        verbose_name=_("login"),
    )
    name = models.CharField(_("name"), max_length=200)
    presentation = models.CharField(
        _("presentation"),
        max_length=200,
        help_text=_("One line about the blogger, shown beside their posts."),
    )
    photo = models.ImageField(_("photo"), upload_to="blog/bloggers/", blank=True)

    class Meta:
        verbose_name = _("blogger")
        verbose_name_plural = _("bloggers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def initials(self) -> str:
        return "".join(word[0] for word in self.name.split()[:2]).upper()


class BlogTag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("blog tag")
        verbose_name_plural = _("blog tags")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", args=[self.slug])


class PostQuerySet(models.QuerySet):
    def visible(self, now=None) -> "PostQuerySet":
        """What visitors see: published or scheduled posts whose time has come."""
        now = now or timezone.now()
        return self.filter(
            state__in=[Post.State.PUBLISHED, Post.State.SCHEDULED], publish_at__lte=now
        )

    def with_relations(self) -> "PostQuerySet":
        return self.select_related("author").prefetch_related("tags")


class Post(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=200,
        unique=True,
        help_text=_("The post's address after /blog/: small letters, digits and hyphens."),
    )
    teaser = models.CharField(
        _("teaser"), max_length=400, help_text=_("One or two sentences shown in lists.")
    )
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    cover_image = models.ImageField(_("cover image"), upload_to="blog/covers/", blank=True)
    cover_alt = models.CharField(
        _("text for the cover image"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    tags = models.ManyToManyField(BlogTag, blank=True, related_name="posts", verbose_name=_("tags"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    publish_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("When the post is shown. A scheduled post needs a time."),
    )
    author = models.ForeignKey(
        BloggerProfile, models.PROTECT, related_name="posts", verbose_name=_("blogger")
    )
    comments_closed = models.BooleanField(_("comments closed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["state", "publish_at"], name="blog_post_visible")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:post", args=[self.slug])

    def clean(self) -> None:
        errors = {}
        if self.slug.lower() in RESERVED_SLUGS:
            errors["slug"] = _("This address is used by the blog itself. Choose another.")
        elif self.slug != self.slug.lower():
            errors["slug"] = _("Write the address in small letters.")
        if self.cover_image and not self.cover_alt.strip():
            errors["cover_alt"] = _("Describe the cover image for those who cannot see it.")
        if self.state == self.State.SCHEDULED and self.publish_at is None:
            errors["publish_at"] = _("Give the time at which the post is to be shown.")
        if errors:
            raise ValidationError(errors)
        if self.state == self.State.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()

    @property
    def is_visible(self) -> bool:
        return (
            self.state != self.State.DRAFT
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def body_html(self):
        return to_html(self.body, top=2)  # the post's own h1 is just above


class CommentQuerySet(models.QuerySet):
    def published(self) -> "CommentQuerySet":
        return self.filter(state=Comment.State.PUBLISHED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(state=Comment.State.PENDING)

    def old_ips(self, now=None) -> "CommentQuerySet":
        now = now or timezone.now()
        return self.filter(ip__isnull=False, created_at__lt=now - timedelta(days=IP_DAYS))

    def old_pending(self, now=None) -> "CommentQuerySet":
        """Comments waiting for moderation since more than PENDING_DAYS days."""
        now = now or timezone.now()
        return self.filter(
            state=Comment.State.PENDING, created_at__lt=now - timedelta(days=PENDING_DAYS)
        )

    def old_refused(self, now=None) -> "CommentQuerySet":
        """Rejected and spam comments moderated more than REFUSED_DAYS days ago."""
        now = now or timezone.now()
        return self.filter(
            state__in=[Comment.State.REJECTED, Comment.State.SPAM],
            moderated_at__lt=now - timedelta(days=REFUSED_DAYS),
        )


def email_key(email: str) -> str:
    """A guest's e-mail address as their erase link names it: the same for every way of
    writing it (Gitte@Example.org, gitte@example.org); "" for no address."""
    email = email.strip().casefold()
    return salted_hmac("ressourcenet.blog.erase", email).hexdigest() if email else ""


class Comment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    post = models.ForeignKey(
        Post, models.CASCADE, related_name="comments", verbose_name=_("blog post")
    )
    # SET_NULL: a guest erasing their comments never takes others' replies with them;
    # the replies stay, as comments of their own (services.erase_guest_comments).
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="blog_comments",
        verbose_name=_("login"),
    )
    name = models.CharField(_("name"), max_length=100)
    # A guest's address: for the moderation e-mail only, never shown.
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    # What the guest's erase link names (emails.erase_url): a keyed hash of the address, so
    # that the link finds every comment written with it, for as long as the link is valid,
    # even when the comment whose e-mail carried it is gone; never the address itself.
    email_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="blog_comment_state"),
            # A post's published comments in their order, and the replies to them: without
            # these, SQLite walks every published comment of the blog by the index above.
            models.Index(fields=["post", "state", "created_at"], name="blog_comment_post_state"),
            models.Index(fields=["parent", "state"], name="blog_comment_parent_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"

    def save(self, *args, **kwargs) -> None:
        self.email_key = email_key(self.email) if self.user_id is None else ""
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None
