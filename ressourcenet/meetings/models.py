import uuid
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib import bounds
from ressourcenet.meetings import design

HALF_TIME = _("Give both the start and the end, or leave both empty until the time is decided.")


class Capture(models.TextChoices):
    IDEAS = "ideas", _("Idea catalogue")
    SUMMARY = "summary", _("Summary")
    LEAFLET = "leaflet", _("Leaflet")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now: datetime | None = None) -> "MeetingQuerySet":
        """Not cancelled and not over: a meeting whose time is not decided is still coming."""
        coming = models.Q(ends_at__gte=now or timezone.now()) | models.Q(ends_at__isnull=True)
        return self.filter(coming, cancelled_at__isnull=True)

    def in_calendar(self) -> "MeetingQuerySet":
        """What a calendar feed shows: meetings with a decided time that were sent out."""
        return self.filter(starts_at__isnull=False, invitations_sent_at__isnull=False)

    def announced(self) -> "MeetingQuerySet":
        """Meetings that went out to their invitees: the invitations were sent, or a poll on
        the time was opened. A draft no one has heard of is shown on no one's home."""
        return self.filter(
            models.Q(invitations_sent_at__isnull=False) | models.Q(poll__isnull=False)
        )

    def for_person(self, person_id: int) -> "MeetingQuerySet":
        return self.filter(invitations__person_id=person_id)

    def past(self, now: datetime | None = None) -> "MeetingQuerySet":
        """Held meetings: ended and not cancelled. A meeting without a time is not past."""
        return self.filter(ends_at__lt=now or timezone.now(), cancelled_at__isnull=True)

    def undecided(self) -> "MeetingQuerySet":
        """Meetings whose time is not decided yet (no time at all), not cancelled."""
        return self.filter(starts_at__isnull=True, cancelled_at__isnull=True)

    def with_capture(self) -> "MeetingQuerySet":
        """Each meeting with `has_ideas` (whether ideas in the catalogue came out of it) and
        `summary_state` (its summary's state, None without one), read by `delivered_capture`,
        so that a list asks once, not once per meeting."""
        # The knowledge models build on meetings: reach them through relations, not imports.
        idea = self.model._meta.get_field("ideas").related_model
        summary = self.model._meta.get_field("summary").related_model
        return self.annotate(
            has_ideas=models.Exists(idea.objects.filter(meeting=models.OuterRef("pk"))),
            summary_state=models.Subquery(
                summary.objects.filter(meeting=models.OuterRef("pk")).values("state")[:1]
            ),
        )

    def with_attendance(self) -> "MeetingQuerySet":
        """Each meeting with `invited_count`, `attended_count` and `attendance_recorded`
        (how many invitations have attendance set, yes or no)."""
        return self.annotate(
            invited_count=models.Count("invitations", distinct=True),
            attended_count=models.Count(
                "invitations", filter=models.Q(invitations__attended=True), distinct=True
            ),
            attendance_recorded=models.Count(
                "invitations", filter=models.Q(invitations__attended__isnull=False), distinct=True
            ),
        )


class Meeting(models.Model):
    """A meeting of a network, planned around its why."""

    network = models.ForeignKey(
        "networks.Network", models.CASCADE, related_name="meetings", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    why = models.TextField(
        _("why"),
        blank=True,
        help_text=_("The most important thing the meeting must produce."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    # Both empty until the time is decided (by the coordinator, or by choosing a poll's time).
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    capture = models.JSONField(
        _("knowledge capture afterwards"), default=list, blank=True
    )  # codes from Capture
    capture_delivered = models.JSONField(default=list, blank=True, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        # Meetings without a time come last, on SQLite and PostgreSQL alike.
        ordering = [models.F("starts_at").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.network.plan.slug, self.pk])

    def clean(self) -> None:
        errors = {}
        for field in ("starts_at", "ends_at"):
            problem = getattr(self, field) and bounds.year_problem(getattr(self, field))
            if problem:
                errors[field] = problem
        if self.starts_at and self.ends_at and not errors:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The meeting must end after it starts.")
            elif problem := bounds.duration_problem(self.starts_at, self.ends_at):
                errors["ends_at"] = problem
        if problem := bounds.one_line_problem(
            self.title, str(self._meta.get_field("title").verbose_name)
        ):
            errors["title"] = problem
        unknown = set(self.capture or []) - set(Capture.values)
        if unknown:
            errors["capture"] = _("Unknown form of capture: %(codes)s.") % {
                "codes": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)

    @property
    def delivered_capture(self) -> frozenset[str]:
        """The forms of capture that are done: those recorded as done, the idea catalogue as
        soon as an idea names this meeting as its origin, and the summary once it is open
        for comments or final (a draft is not delivered yet), and the leaflet once the
        summary it is printed from is final."""
        has_ideas = getattr(self, "has_ideas", None)
        if has_ideas is None:
            has_ideas = self.pk is not None and self.ideas.exists()
        delivered = set(self.capture_delivered or [])
        if has_ideas:
            delivered.add(Capture.IDEAS.value)
        summary_state = self.shared_summary_state
        if summary_state is not None:
            delivered.add(Capture.SUMMARY.value)
        if summary_state == "final":
            delivered.add(Capture.LEAFLET.value)
        return frozenset(delivered)

    @property
    def shared_summary_state(self) -> str | None:
        """The summary's state once others may read it ("open" or "final"), else None."""
        if hasattr(self, "summary_state"):
            state = self.summary_state
        elif self.pk is None:
            state = None
        else:
            summary = self._meta.get_field("summary").related_model
            state = summary.objects.filter(meeting=self).values_list("state", flat=True).first()
        return state if state in ("open", "final") else None

    @property
    def capture_state(self) -> list[tuple[str, bool]]:
        """Each planned form of capture as (label, recorded), in the order of `Capture`."""
        planned = set(self.capture or [])
        delivered = self.delivered_capture
        return [(label, code in delivered) for code, label in Capture.choices if code in planned]

    @property
    def has_time(self) -> bool:
        """Whether the time is decided; until then no RSVP, calendar file or feed entry."""
        return self.starts_at is not None and self.ends_at is not None

    def half_time(self) -> str | None:
        """The field left empty when only one of start and end is given (the form and the
        service check it; clean() cannot, as a form leaves a field with an error empty)."""
        if (self.starts_at is None) == (self.ends_at is None):
            return None
        return "ends_at" if self.ends_at is None else "starts_at"

    @property
    def minutes(self) -> int | None:
        """The meeting's length; None while the time is not decided."""
        if not self.has_time:
            return None
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_ended(self) -> bool:
        return self.has_time and self.ends_at < timezone.now()

    @property
    def takes_answers(self) -> bool:
        """Whether invitees can say if they come: only to a decided, coming meeting."""
        return self.has_time and not self.is_cancelled and not self.has_ended


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        WELCOME = design.Kind.WELCOME, _("Welcome")
        TALK = design.Kind.TALK, _("Talk")
        WORKSHOP = design.Kind.WORKSHOP, _("Workshop")
        KNOWLEDGE_SHARING = design.Kind.KNOWLEDGE_SHARING, _("Knowledge sharing")
        BREAK = design.Kind.BREAK, _("Break")
        FOOD = design.Kind.FOOD, _("Food and mingling")
        WRAP_UP = design.Kind.WRAP_UP, _("Wrap-up")
        BUFFER = design.Kind.BUFFER, _("Buffer")
        OTHER = design.Kind.OTHER, _("Other")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveIntegerField(_("minutes"), validators=[MinValueValidator(1)])
    responsible = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("responsible"),
    )
    # The agenda as it ran, kept by the time-keeper (meetings/clock.py): the item that has
    # started and not ended is the current one.
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def actual_minutes(self) -> int | None:
        """How long the item ran, to the minute; None unless it ran to its end."""
        if self.started_at is None or self.ended_at is None:
            return None
        # In UTC: times in one local zone subtract as wall-clock times across a clock change.
        seconds = (self.ended_at.astimezone(UTC) - self.started_at.astimezone(UTC)).total_seconds()
        return round(seconds / 60)


class MeetingRole(models.Model):
    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        SPEAKER = "speaker", _("Speaker")
        TABLE_HOST = "table_host", _("Table host")
        NOTE_TAKER = "note_taker", _("Note-taker")
        TIME_KEEPER = "time_keeper", _("Time-keeper")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="roles")
    person = models.ForeignKey(
        "people.Person", models.CASCADE, related_name="meeting_roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    description = models.CharField(
        _("describe the role"), max_length=200, blank=True, help_text=_("Needed for Other.")
    )

    class Meta:
        verbose_name = _("meeting role")
        verbose_name_plural = _("meeting roles")
        ordering = ["meeting", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role"], name="unique_role_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.label}"

    @property
    def label(self) -> str:
        if self.role == self.Role.OTHER and self.description:
            return self.description
        return self.get_role_display()

    def clean(self) -> None:
        if self.role == self.Role.OTHER and not self.description.strip():
            raise ValidationError(
                {"description": _("Describe the role in a few words when you choose Other.")}
            )


class Invitation(models.Model):
    class Answer(models.TextChoices):
        PENDING = "pending", _("Not answered")
        YES = "yes", _("Coming")
        # From "if need be" in the time poll: the invitee is asked to confirm.
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("Not coming")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "people.Person", models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    is_guest = models.BooleanField(_("guest"), default=False)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    sent_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Set by `ressourcenet retention` when the meeting is over and the invitation was never
    # answered: its personal links (the answer page, the poll, the live board) stop working.
    link_revoked_at = models.DateTimeField(
        _("personal link removed"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class DesignSettings(models.Model):
    """The thresholds of the meeting design check; one row, changed by administrators."""

    why_min_length = models.PositiveIntegerField(
        _("a clear why has at least this many characters"), default=20
    )
    max_minutes = models.PositiveIntegerField(_("longest meeting (minutes)"), default=150)
    participants_per_role = models.PositiveIntegerField(
        _("at least one role per this many participants"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    no_break_needed_up_to = models.PositiveIntegerField(
        _("meetings this short need no break (minutes)"), default=60
    )
    max_stretch_minutes = models.PositiveIntegerField(
        _("longest stretch without a break (minutes)"), default=60
    )
    items_pass_up_to = models.PositiveIntegerField(_("most content items that are fine"), default=4)
    items_warn_up_to = models.PositiveIntegerField(
        _("most content items before it is too many"), default=6
    )
    slack_percent = models.PositiveIntegerField(_("unplanned time (%)"), default=10)
    capture_due_days = models.PositiveIntegerField(_("days to write down the results"), default=14)

    class Meta:
        verbose_name = _("design check settings")
        verbose_name_plural = _("design check settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def clean(self) -> None:
        errors = {}
        fine, too_many = self.items_pass_up_to, self.items_warn_up_to
        if fine is not None and too_many is not None and too_many < fine:
            errors["items_warn_up_to"] = _(
                "Write at least %(fine)d: the number of items that are fine (%(fine)d) cannot "
                "be too many."
            ) % {"fine": fine}
        if self.slack_percent is not None and self.slack_percent > 100:
            errors["slack_percent"] = bounds.int_range_message(0, 100)
        # Every length in minutes fits in the longest meeting.
        longest = self.max_minutes
        for name in ("no_break_needed_up_to", "max_stretch_minutes"):
            minutes = getattr(self, name)
            if longest is not None and minutes is not None and minutes > longest:
                errors[name] = _(
                    "Write at most %(max)d: the longest meeting is %(max)d minutes."
                ) % {"max": longest}
        if errors:
            raise ValidationError(errors)

    @classmethod
    def thresholds(cls) -> design.Thresholds:
        # The admin allows one row, but a deleted and re-added row has another pk.
        row = cls.objects.order_by("pk").first()
        if row is None:
            return design.Thresholds()
        return design.Thresholds(
            why_min_length=row.why_min_length,
            max_minutes=row.max_minutes,
            role_share=1 / row.participants_per_role,
            no_break_needed_up_to=row.no_break_needed_up_to,
            max_stretch_minutes=row.max_stretch_minutes,
            items_pass_up_to=row.items_pass_up_to,
            items_warn_up_to=row.items_warn_up_to,
            slack_share=row.slack_percent / 100,
            capture_due_days=row.capture_due_days,
        )
