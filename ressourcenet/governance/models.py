"""Recommendations (indstillinger) from a network to the plan's board, and the board's
meetings that decide them (DOMAIN.md, Governance).

The rules of who may move a recommendation, and from which state to which, live in
governance/services.py; these models only hold what happened.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib import bounds

# A board meeting's deadline for recommendations, unless another is given.
DEFAULT_DEADLINE = timedelta(days=14)


class BoardMeetingQuerySet(models.QuerySet):
    def coming(self, today=None) -> "BoardMeetingQuerySet":
        from django.utils import timezone

        return self.filter(date__gte=today or timezone.localdate())


class BoardMeeting(models.Model):
    """A meeting of the plan's board: the date it decides the recommendations submitted
    for it, and the last day a recommendation can be submitted (the deadline)."""

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="board_meetings", verbose_name=_("plan")
    )
    date = models.DateField(_("date"), validators=[bounds.validate_year])
    deadline = models.DateField(
        _("deadline for recommendations"),
        blank=True,
        validators=[bounds.validate_year],
        help_text=_("The last day a recommendation can be submitted. Usually 14 days before."),
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, validators=[bounds.OneLineValidator("title")]
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, validators=[bounds.OneLineValidator("place")]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BoardMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.title or str(_("Board meeting %(date)s") % {"date": self.date.isoformat()})

    def save(self, *args, **kwargs):
        if self.deadline is None and self.date is not None:
            self.deadline = self.date - DEFAULT_DEADLINE
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("board_meeting", args=[self.plan.slug, self.pk])

    def clean(self) -> None:
        if self.date and self.deadline and self.deadline > self.date:
            raise ValidationError(
                {"deadline": _("The deadline cannot be after the board meeting.")}
            )


class RecommendationQuerySet(models.QuerySet):
    def with_relations(self) -> "RecommendationQuerySet":
        from ressourcenet.agreements.models import AllocationLine

        lines = AllocationLine.objects.select_related("effort", "housing_area")
        return self.select_related(
            "network__plan", "author__person", "adopted_at_meeting", "board_meeting", "agreement"
        ).prefetch_related(
            "housing_areas",
            "projects",
            "proposed_amounts",
            models.Prefetch("allocation_lines", queryset=lines),
        )


class Recommendation(models.Model):
    """A network's recommendation to the board (indstilling).

    It moves draft → adopted (by the network at one of its meetings) → submitted (for a
    board meeting) → approved, rejected or postponed (by the board, with a reason); a
    postponed one is submitted again for a later board meeting; a draft or adopted one
    can be withdrawn. Each move is a RecommendationTransition.

    A recommendation of kind `cofinancing_change` names the co-financing agreement it
    changes (`agreement`, of the same plan) and the proposed new amounts per year
    (ProposedAmount rows); when the board approves it, the agreement gets a new version
    with those amounts. Other kinds name neither.
    """

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Priority of resources")
        COFINANCING_CHANGE = "cofinancing_change", _("Change to a co-financing agreement")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted by the network")
        SUBMITTED = "submitted", _("Submitted to the board")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        POSTPONED = "postponed", _("Postponed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    network = models.ForeignKey(
        "networks.Network",
        models.CASCADE,
        related_name="recommendations",
        verbose_name=_("network"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(
        _("title"), max_length=200, validators=[bounds.OneLineValidator("title")]
    )
    background = models.TextField(
        _("background"), blank=True, validators=[bounds.TextValidator("background")]
    )
    proposal = models.TextField(
        _("proposal"), blank=True, validators=[bounds.TextValidator("proposal")]
    )
    consequence = models.TextField(
        _("financial consequence"),
        blank=True,
        validators=[bounds.TextValidator("financial consequence")],
    )
    housing_areas = models.ManyToManyField(
        "plans.HousingArea",
        blank=True,
        related_name="recommendations",
        verbose_name=_("housing areas"),
    )
    projects = models.ManyToManyField(
        "plans.Project", blank=True, related_name="recommendations", verbose_name=_("projects")
    )
    # Only for kind `priority`, and only lines of the network's plan (services.py).
    allocation_lines = models.ManyToManyField(
        "agreements.AllocationLine",
        blank=True,
        related_name="recommendations",
        verbose_name=_("allocation lines"),
    )
    agreement = models.ForeignKey(
        "agreements.CofinancingAgreement",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("co-financing agreement"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False
    )
    adopted_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_recommendations",
        verbose_name=_("adopted at meeting"),
        editable=False,
    )
    board_meeting = models.ForeignKey(
        BoardMeeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("board meeting"),
        editable=False,
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("author"),
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendation", args=[self.network.plan.slug, self.pk])

    @property
    def is_decided(self) -> bool:
        return self.state in (self.State.APPROVED, self.State.REJECTED)


class ProposedAmount(models.Model):
    """The new amount a `cofinancing_change` recommendation proposes for one year of its
    agreement: whole kroner and hours, as the agreement's own amounts (CofinancingAmount).
    A year without a row keeps the agreement's amount; so does an empty (null) money or
    hours: "keep", resolved against the agreement's amounts when the board approves and
    when the change is shown beside them (services.proposed_changes).

    Rows rather than a JSON field: the same columns and constraints as the agreement's own
    amounts (one row per year, no negative numbers), and nothing to parse when reading."""

    recommendation = models.ForeignKey(
        Recommendation,
        models.CASCADE,
        related_name="proposed_amounts",
        verbose_name=_("recommendation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    money = models.PositiveBigIntegerField(_("amount (DKK)"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed amount")
        verbose_name_plural = _("proposed amounts")
        ordering = ["recommendation", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "year"], name="unique_proposed_amount_year"
            )
        ]

    def __str__(self) -> str:
        money = "–" if self.money is None else self.money
        hours = "–" if self.hours is None else self.hours
        return f"{self.year}: {money} kr., {hours} t."


class RecommendationTransition(models.Model):
    """One move of a recommendation: who, when, why, and the meeting it names."""

    recommendation = models.ForeignKey(Recommendation, models.CASCADE, related_name="transitions")
    from_state = models.CharField(
        _("from"), max_length=10, choices=Recommendation.State.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=10, choices=Recommendation.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"))
    reason = models.TextField(_("reason"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network meeting"),
    )
    board_meeting = models.ForeignKey(
        BoardMeeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="transitions",
        verbose_name=_("board meeting"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation step")
        verbose_name_plural = _("recommendation steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"
