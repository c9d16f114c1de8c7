import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def active_on_q(on: date, prefix: str = "") -> models.Q:
    """Rows whose period [starts_on, ends_on) includes the day `on`."""
    return models.Q(**{f"{prefix}starts_on__lte": on}) & (
        models.Q(**{f"{prefix}ends_on__isnull": True}) | models.Q(**{f"{prefix}ends_on__gt": on})
    )


class NetworkQuerySet(models.QuerySet):
    def with_member_counts(self, on: date | None = None) -> "NetworkQuerySet":
        on = on or timezone.localdate()
        return self.annotate(
            member_count=models.Count(
                "memberships", filter=active_on_q(on, "memberships__"), distinct=True
            )
        )


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(24)


class Network(models.Model):
    """A resource network (ressourcenetværk): a thematic forum, usually one per effort."""

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="networks", verbose_name=_("plan")
    )
    effort = models.ForeignKey(
        "plans.Effort",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("effort"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    responsibility = models.TextField(_("responsibility"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True, help_text=_("One task per line."))
    expected_units = models.ManyToManyField(
        "people.Unit",
        blank=True,
        related_name="expected_in_networks",
        verbose_name=_("units that should take part"),
    )

    calendar_secret = models.CharField(
        _("secret part of the calendar address"),
        max_length=64,
        default=new_calendar_secret,
        unique=True,
        help_text=_("Change it to shut out everyone who has the old address."),
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource network")
        verbose_name_plural = _("resource networks")
        ordering = ["plan", "effort__position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_network_slug_per_plan")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network", args=[self.plan.slug, self.slug])

    @property
    def task_list(self) -> list[str]:
        return [line.strip(" •-*\t") for line in self.tasks.splitlines() if line.strip(" •-*\t")]

    def active_memberships(self, on: date | None = None) -> "MembershipQuerySet":
        return self.memberships.active(on).with_people()


class MembershipQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> "MembershipQuerySet":
        return self.filter(active_on_q(on or timezone.localdate()))

    def of_people_not_erased(self) -> "MembershipQuerySet":
        """Leave out the memberships of erased people (people/privacy.py): history that
        counts, but no one to list as a former member or to make a member again."""
        return self.filter(person__erased_at__isnull=True)

    def with_people(self) -> "MembershipQuerySet":
        return self.select_related(
            "person", "person__organisation", "person__unit", "person__housing_area"
        )


class Membership(models.Model):
    """A person's place in a network for a period; ended memberships are kept as history."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    network = models.ForeignKey(
        Network, models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    person = models.ForeignKey(
        "people.Person", models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("member from"), default=timezone.localdate)
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("From this day they are no longer a member. Leave empty while they take part."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "person__name", "-starts_on"]

    def __str__(self) -> str:
        return f"{self.person} – {self.network}"

    def is_active(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on > on)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The membership cannot end before it starts.")})
        if not (self.network_id and self.person_id and self.starts_on):
            return
        overlapping = Membership.objects.filter(
            network_id=self.network_id, person_id=self.person_id
        ).exclude(pk=self.pk)
        if self.ends_on:
            overlapping = overlapping.filter(starts_on__lt=self.ends_on)
        overlapping = overlapping.filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=self.starts_on)
        )
        if overlapping.exists():
            raise ValidationError(
                {"person": _("This person is already a member of the network in that period.")}
            )
