from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlanQuerySet(models.QuerySet):
    def current(self, today: date | None = None) -> "Plan | None":
        """The plan running today; else the one that started last (or starts next)."""
        today = today or timezone.localdate()
        running = self.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on")
        return running.first() or self.order_by("-starts_on").first()


class Plan(models.Model):
    """A comprehensive social-housing plan (helhedsplan): a period in a municipality."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    description = models.TextField(_("description"), blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plan", args=[self.slug])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The plan cannot end before it starts.")})

    @property
    def period(self) -> str:
        return f"{self.starts_on.year}–{self.ends_on.year}"


class HousingArea(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="areas", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    housing_organisation = models.ForeignKey(
        "people.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="housing_areas",
        verbose_name=_("housing organisation"),
    )
    resident_board = models.CharField(_("resident board"), max_length=200, blank=True)
    challenges = models.TextField(_("challenges"), blank=True)

    class Meta:
        verbose_name = _("housing area")
        verbose_name_plural = _("housing areas")
        ordering = ["plan", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unique_area_name_per_plan")
        ]

    def __str__(self) -> str:
        return self.name


class Effort(models.Model):
    """One of the plan's efforts (indsatsområder); each usually has one network."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="efforts", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("effort")
        verbose_name_plural = _("efforts")
        ordering = ["plan", "position", "name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    effort = models.ForeignKey(
        Effort, models.CASCADE, related_name="projects", verbose_name=_("effort")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    areas = models.ManyToManyField(
        HousingArea, blank=True, related_name="projects", verbose_name=_("housing areas")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["effort", "name"]

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """The plan's board (bestyrelse): decides the networks' recommendations."""

    plan = models.OneToOneField(Plan, models.CASCADE, related_name="board", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.name


class BoardMemberQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> "BoardMemberQuerySet":
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=on)
        )


class BoardMember(models.Model):
    board = models.ForeignKey(Board, models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", models.CASCADE, related_name="board_seats", verbose_name=_("person")
    )
    title = models.CharField(_("seat"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["board", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.board})"


class LocalSteeringGroup(models.Model):
    """One per housing area: municipality, local operations and the resident board."""

    area = models.OneToOneField(
        HousingArea, models.CASCADE, related_name="steering_group", verbose_name=_("housing area")
    )
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        "people.Person", blank=True, related_name="steering_groups", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("local steering group")
        verbose_name_plural = _("local steering groups")
        ordering = ["area__name"]

    def __str__(self) -> str:
        return self.name
