"""What stays after a meeting. So far the idea catalogue: ideas, their tags and the dated
history of their status."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib import bounds


class Tag(models.Model):
    """A word that groups ideas across the plan's networks ("mad", "unge").

    One tag per name and plan, whatever the case: `key` is the name folded (casefold, one
    space between words), so "Unge" and "unge" are one tag on SQLite and PostgreSQL alike.
    """

    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=50)
    # casefold() can make a letter three ("ΐ"): room for the longest folding of a name.
    key = models.CharField(max_length=150, editable=False)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_tag_per_plan"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        self.key = self.key_for(self.name)

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join(name.split()).casefold()


class IdeaQuerySet(models.QuerySet):
    def in_plan(self, plan) -> "IdeaQuerySet":
        return self.filter(network__plan=plan)

    def with_relations(self) -> "IdeaQuerySet":
        """What a list of ideas shows: network, meeting, owner, areas and tags (no N+1)."""
        return self.select_related("network__plan", "meeting", "owner").prefetch_related(
            "housing_areas", "tags"
        )

    def search(
        self, network: int | None = None, area: int | None = None, status: str = "", tag: str = ""
    ) -> "IdeaQuerySet":
        """The catalogue's filters, for the page and the API alike; empty values do not
        filter, an unknown status or tag finds nothing."""
        ideas = self
        if network is not None:
            ideas = ideas.filter(network_id=network)
        if area is not None:
            ideas = ideas.filter(housing_areas__id=area)
        if status:
            ideas = ideas.filter(status=status)
        if tag.strip():
            ideas = ideas.filter(tags__key=Tag.key_for(tag))
        return ideas.distinct() if area is not None or tag.strip() else ideas


class Idea(models.Model):
    """An idea in the catalogue: from a meeting or not, with its owner and its status."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        BEING_TRIED = "being_tried", _("Being tried")
        IMPLEMENTED = "implemented", _("Implemented")
        PARKED = "parked", _("Parked")

    network = models.ForeignKey(
        "networks.Network", models.CASCADE, related_name="ideas", verbose_name=_("network")
    )
    # The meeting it came out of: the meeting's "capture" rule counts it as delivered.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("from the meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    housing_areas = models.ManyToManyField(
        "plans.HousingArea", blank=True, related_name="ideas", verbose_name=_("housing areas")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="ideas", verbose_name=_("tags"))
    owner = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas_owned",
        verbose_name=_("owner"),
        help_text=_("Who takes the idea further. They are told when its status changes."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("A public idea may be shown to visitors who are not logged in."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    # A default, not auto_now_add: the demo dates its ideas back to the plan's years.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("idea", args=[self.network.plan.slug, self.pk])

    def clean(self) -> None:
        errors = {}
        self.title = self.title.strip()
        if not self.title:
            errors["title"] = _("Write the idea's title.")
        elif problem := bounds.one_line_problem(self.title, str(_("title"))):
            errors["title"] = problem
        if problem := bounds.text_problem(self.description, str(_("description"))):
            errors["description"] = problem
        if errors:
            raise ValidationError(errors)


class IdeaStatusChange(models.Model):
    """One line of an idea's status history; the first is written when the idea is made."""

    idea = models.ForeignKey(Idea, models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=20, choices=Idea.Status.choices, blank=True
    )  # empty for the first line
    to_status = models.CharField(_("to"), max_length=20, choices=Idea.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["idea", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_to_status_display()}"
