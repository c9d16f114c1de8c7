"""Co-financing agreements (medfinansieringsaftaler) with immutable versions, and
cooperation agreements (samarbejdsaftaler) that bind only the people who sign them.

Every write goes through agreements/services.py, which holds the rules.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# --- co-financing --------------------------------------------------------------------


class CofinancingAgreement(models.Model):
    """Between a municipal unit or another organisation and the plan, for one project.

    Its current terms are those of its newest version; the row itself holds only what
    never changes (plan, project, partner) plus a copy of the current status and period
    for lists.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="cofinancing_agreements", verbose_name=_("plan")
    )
    project = models.ForeignKey(
        "plans.Project",
        models.PROTECT,
        related_name="cofinancing_agreements",
        verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        models.PROTECT,
        related_name="cofinancing_agreements",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        "people.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cofinancing_agreements",
        verbose_name=_("unit"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-financing agreement")
        verbose_name_plural = _("co-financing agreements")
        ordering = ["plan", "title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cofinancing_detail", args=[self.plan.slug, self.pk])

    @property
    def partner(self) -> str:
        return f"{self.organisation}, {self.unit.name}" if self.unit_id else str(self.organisation)


class CofinancingVersion(models.Model):
    """One state of an agreement; never changed once written. Version 1 is the creation."""

    agreement = models.ForeignKey(
        CofinancingAgreement, models.CASCADE, related_name="versions", verbose_name=_("agreement")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=CofinancingAgreement.Status.choices
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"))
    # What approved the change, as text or an address: the governance app writes its
    # recommendation's address here when an approved recommendation amends the agreement.
    source = models.CharField(_("approved by"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="unique_cofinancing_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class CofinancingAmount(models.Model):
    """What the partner puts in for one year of a version: whole kroner and hours."""

    version = models.ForeignKey(
        CofinancingVersion, models.CASCADE, related_name="amounts", verbose_name=_("version")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    money = models.PositiveBigIntegerField(_("amount (DKK)"), default=0)
    hours = models.PositiveIntegerField(_("hours"), default=0)

    class Meta:
        verbose_name = _("amount")
        verbose_name_plural = _("amounts")
        ordering = ["version", "year"]
        constraints = [
            models.UniqueConstraint(fields=["version", "year"], name="unique_cofinancing_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.money} kr., {self.hours} t."


# --- cooperation ---------------------------------------------------------------------


class CooperationAgreement(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting acceptance")
        IN_FORCE = "in_force", _("In force")
        ENDED = "ended", _("Ended")

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="cooperation_agreements", verbose_name=_("plan")
    )
    network = models.ForeignKey(
        "networks.Network",
        models.CASCADE,
        related_name="cooperation_agreements",
        verbose_name=_("network"),
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    renews_on = models.DateField(_("renewal date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        "people.Person", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The renewal date a reminder went out for: one reminder per date, even if the
    # command runs twice a day.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["network", "-starts_on", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation_detail", args=[self.plan.slug, self.pk])

    # Past its end date, an agreement that was not ended is expired: computed from the
    # date, never stored, so it is right the day after the end date without a nightly run.
    EXPIRED = "expired"

    @property
    def is_expired(self) -> bool:
        return self.state != self.State.ENDED and self.ends_on < timezone.localdate()

    @property
    def current_state(self) -> str:
        """The state as of today: the stored one, or "expired"."""
        return self.EXPIRED if self.is_expired else self.state

    def get_current_state_display(self) -> str:
        return gettext("Expired") if self.is_expired else self.get_state_display()


class Party(models.Model):
    """A person who signs on behalf of their organisation."""

    agreement = models.ForeignKey(
        CooperationAgreement, models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        related_name="cooperation_parties",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # Accepted on paper: the day the party signed, and the coordinator who recorded it
    # (accepted_at is then when it was recorded).
    signed_on = models.DateField(_("signed on paper"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The last e-mail with the party's personal link (the invitation or a reminder): its
    # status says whether it went; a reminder is not sent twice within the hour.
    last_message = models.ForeignKey(
        "mail.OutgoingMessage",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="unique_party_person")
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def signatory(self) -> str:
        """The party's name; after an erasure »a former member of <organisation>«."""
        return self.person.name_on_behalf_of(self.organisation)

    @property
    def on_paper(self) -> bool:
        return self.signed_on is not None

    @property
    def recorder_name(self) -> str:
        """Who recorded the acceptance on paper, as every reader of the agreement may see
        it: a coordinator's name (shown to the whole plan anyway), never a login's e-mail."""
        if self.recorded_by is None:
            return gettext("someone no longer here")
        person = getattr(self.recorded_by, "person", None)
        return person.name if person else gettext("an administrator")


class Obligation(models.Model):
    """What one signing party promises; an agreement binds no one else."""

    agreement = models.ForeignKey(
        CooperationAgreement,
        models.CASCADE,
        related_name="obligations",
        verbose_name=_("agreement"),
    )
    party = models.ForeignKey(
        Party, models.CASCADE, related_name="obligations", verbose_name=_("party")
    )
    text = models.TextField(_("obligation"))

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["agreement", "id"]

    def __str__(self) -> str:
        return self.text[:60]


# --- resource allocation -------------------------------------------------------------


class AllocationLine(models.Model):
    """Planned money and hours for one effort in one housing area in one year."""

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="allocation_lines", verbose_name=_("plan")
    )
    effort = models.ForeignKey(
        "plans.Effort", models.CASCADE, related_name="allocation_lines", verbose_name=_("effort")
    )
    housing_area = models.ForeignKey(
        "plans.HousingArea",
        models.CASCADE,
        related_name="allocation_lines",
        verbose_name=_("housing area"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    money = models.PositiveBigIntegerField(_("amount (DKK)"), default=0)
    hours = models.PositiveIntegerField(_("hours"), default=0)

    class Meta:
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        ordering = ["plan", "year", "effort", "housing_area"]
        constraints = [
            models.UniqueConstraint(
                fields=["effort", "housing_area", "year"], name="unique_allocation_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.effort} · {self.housing_area} · {self.year}"


class KeyFigure(models.Model):
    """A figure about a housing area that administrators enter (residents, young people
    without education…), shown beside the area's challenges and its allocation."""

    housing_area = models.ForeignKey(
        "plans.HousingArea",
        models.CASCADE,
        related_name="key_figures",
        verbose_name=_("housing area"),
    )
    name = models.CharField(_("name"), max_length=100)
    value = models.CharField(_("value"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["housing_area", "name", "year"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
