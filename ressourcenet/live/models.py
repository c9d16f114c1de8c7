"""The live mode of a meeting: a board of short ideas per table, joined with a short code.

A code joiner is known by a first name only; an invitee arriving through their personal
link or logged in is tied to their invitation. Everything here is deleted 30 days after
the meeting (services.purge_expired).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Letters and digits that cannot be mistaken for one another when typed from a screen:
# no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, 6/G, U/V.
CODE_ALPHABET = "ACEFHJKMNPRTWXY34679"
CODE_LENGTH = 4
IDEA_MAX = 280
NAME_MAX = 50
OWNER_MAX = 100


class LiveSession(models.Model):
    meeting = models.OneToOneField(
        "meetings.Meeting", models.CASCADE, related_name="live", verbose_name=_("meeting")
    )
    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # Raised by every change of the board: the poll's ETag, so an unchanged board costs
    # one query and a 304.
    version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return f"{self.code} – {self.meeting}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class LiveTable(models.Model):
    session = models.ForeignKey(LiveSession, models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(default=0)
    host = models.ForeignKey(
        "people.Person", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["session", "position", "id"]

    def __str__(self) -> str:
        return self.name


class LiveParticipant(models.Model):
    session = models.ForeignKey(LiveSession, models.CASCADE, related_name="participants")
    invitation = models.ForeignKey(
        "meetings.Invitation", models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A code joiner's first name: personal data, deleted with the session.
    name = models.CharField(_("first name"), max_length=NAME_MAX, blank=True)
    table = models.ForeignKey(LiveTable, models.SET_NULL, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True, editable=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name or str(self.invitation.person if self.invitation else "")


class Mark(models.TextChoices):
    NONE = "none", _("No mark")
    DECISION = "decision", _("Decision")
    FOLLOW_UP = "follow_up", _("Follow-up")


class LiveIdea(models.Model):
    session = models.ForeignKey(LiveSession, models.CASCADE, related_name="ideas")
    table = models.ForeignKey(LiveTable, models.CASCADE, related_name="ideas")
    participant = models.ForeignKey(
        LiveParticipant, models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    text = models.CharField(_("idea"), max_length=IDEA_MAX)
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The catalogue idea it was sent to after the meeting (live/review.py); set once.
    promoted_to = models.ForeignKey(
        "knowledge.Idea", models.SET_NULL, null=True, blank=True, related_name="live_ideas"
    )
    # The note-taker's mark (live/notes.py): a decision, or a follow-up with an owner. The
    # owner is one of the meeting's invitees, or a name written in when they were not
    # invited ("the social workers"); one of the two, kept only for a follow-up.
    mark = models.CharField(_("mark"), max_length=10, choices=Mark.choices, default=Mark.NONE)
    owner_person = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner's name"), max_length=OWNER_MAX, blank=True)

    class Meta:
        verbose_name = _("live idea")
        verbose_name_plural = _("live ideas")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class PlusOne(models.Model):
    idea = models.ForeignKey(LiveIdea, models.CASCADE, related_name="plus_ones")
    participant = models.ForeignKey(LiveParticipant, models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "participant"], name="one_plus_one_each")
        ]

    def __str__(self) -> str:
        return f"+1 {self.idea_id}"
