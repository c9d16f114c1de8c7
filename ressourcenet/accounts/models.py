import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. The person behind it (name, organisation, networks) is people.Person.

    Administrators (the plan's secretariat) are superusers. Editors write the blog.
    Coordinator, member and board member follow from the linked person's memberships.
    """

    email = models.EmailField(_("e-mail"), unique=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_editor = models.BooleanField(_("editor"), default=False)
    is_demo = models.BooleanField(
        _("demo user"),
        default=False,
        help_text=_("Made by the demo data. Production will not start while a demo user exists."),
    )
    date_joined = models.DateTimeField(_("created"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def display_name(self) -> str:
        person = getattr(self, "person", None)
        return person.name if person else self.email

    def save(self, *args, **kwargs) -> None:
        # A new password (reset, change, admin, `changepassword`) ends every API token:
        # whoever learnt the old password may have made one. `_password` is set only by
        # set_password(), not by the silent re-hash Django does on login.
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            self.api_tokens.revoke()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def create_for(
        self, user: User, name: str = "", days: int | None = None
    ) -> tuple["ApiToken", str]:
        """Create a token; return it and the raw secret, which is shown once and never stored.

        It lasts `days` days (API_TOKEN_DAYS by default, at most API_TOKEN_MAX_DAYS).
        """
        days = settings.API_TOKEN_DAYS if days is None else days
        if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
            raise ValueError(f"A token lasts from 1 to {settings.API_TOKEN_MAX_DAYS} days.")
        raw = "rn_" + secrets.token_urlsafe(32)
        token = self.create(
            user=user,
            name=name,
            key_hash=hash_token(raw),
            prefix=raw[:8],
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, raw

    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def not_revoked(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)

    def revoke(self) -> int:
        return self.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())

    def user_for(self, raw: str) -> User | None:
        token = (
            self.usable()
            .select_related("user")
            .filter(key_hash=hash_token(raw), user__is_active=True)
            .first()
        )
        if token is None:
            return None
        self.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class ApiToken(models.Model):
    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class RateLimit(models.Model):
    """Attempts counted for one key (an account, an address or an IP address).

    See accounts/throttle.py. Kept in the database so that every app server counts
    together; rows are deleted once they no longer block anything.
    """

    key = models.CharField(_("key"), max_length=300, unique=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    window_ends_at = models.DateTimeField(_("counted until"))
    blocked_until = models.DateTimeField(_("blocked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("blocked login or reset")
        verbose_name_plural = _("blocked logins and resets")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class OutboxMessage(models.Model):
    """An e-mail kept in the database instead of sent (demo mode without EMAIL_URL)."""

    to = models.TextField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(default=list, blank=True)  # [{filename, mimetype, content}]
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail in the outbox")
        verbose_name_plural = _("e-mails in the outbox")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
