from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib import bounds
from ressourcenet.scheduling.labels import slot_label


class Poll(models.Model):
    """A vote on the meeting's time among its invitees."""

    meeting = models.OneToOneField(
        "meetings.Meeting", models.CASCADE, related_name="poll", verbose_name=_("meeting")
    )
    key_persons = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="key_in_polls",
        verbose_name=_("key persons"),
        help_text=_("People who must be able to come, such as the speaker."),
    )
    closes_at = models.DateTimeField(_("answers close"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("time chosen"), null=True, blank=True, editable=False)
    chosen_slot = models.ForeignKey(
        "Slot",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("chosen time"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_open(self) -> bool:
        if self.finalised_at is not None or self.meeting.is_cancelled:
            return False
        return self.closes_at is None or self.closes_at > timezone.now()


class Slot(models.Model):
    poll = models.ForeignKey(Poll, models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["poll", "starts_at", "id"]

    def __str__(self) -> str:
        return slot_label(self.starts_at, self.ends_at)

    def clean(self) -> None:
        if not (self.starts_at and self.ends_at):
            return
        for field in ("starts_at", "ends_at"):
            if problem := bounds.year_problem(getattr(self, field)):
                raise ValidationError({field: problem})
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The time must end after it starts.")})
        if problem := bounds.duration_problem(self.starts_at, self.ends_at):
            raise ValidationError({"ends_at": problem})


class Answer(models.Model):
    class Value(models.TextChoices):
        YES = "yes", _("Yes")
        IF_NEED_BE = "if_need_be", _("If need be")
        NO = "no", _("No")

    slot = models.ForeignKey(Slot, models.CASCADE, related_name="answers")
    person = models.ForeignKey("people.Person", models.CASCADE, related_name="poll_answers")
    value = models.CharField(_("answer"), max_length=12, choices=Value.choices)
    answered_at = models.DateTimeField(_("answered"), auto_now=True)
    recorded_by_coordinator = models.BooleanField(_("recorded by the coordinator"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["slot", "person"], name="one_answer_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.value}"
