from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib import bounds

# The same words whether the address is taken in this plan or another: a stranger's
# address must not show that it is known here.
EMAIL_CANNOT_BE_USED = _("This e-mail address cannot be used. Ask the secretariat for help.")


class StakeholderGroup(models.TextChoices):
    """The groups a network wants at the table. The codes are stable: the API uses them."""

    PROFESSIONAL_MANAGEMENT = "professional_management", _("Professional, management")
    PROFESSIONAL_STAFF = "professional_staff", _("Professional, staff")
    RESIDENT_BOARD = "resident_board", _("Resident board")
    VOLUNTEER = "volunteer", _("Volunteer")
    OPERATIONS_STAFF = "operations_staff", _("Operations staff")
    SOCIAL_HOUSING_STAFF = "social_housing_staff", _("Social-housing staff")
    GUEST = "guest", _("Guest")

    @classmethod
    def expected_in_networks(cls) -> list["StakeholderGroup"]:
        """Guests come to single theme discussions; every other group belongs in a network."""
        return [group for group in cls if group != cls.GUEST]


class OrganisationQuerySet(models.QuerySet):
    def of_plan(self, plan) -> "OrganisationQuerySet":
        """The plan's own organisations, without the names typed in for guests.

        Those the plan's housing areas, networks, board and steering groups tie to it, and
        those no one is in yet (made by an administrator). An organisation whose people
        came only as guests, to this plan or another, is left out. `plan` may be None.
        """
        unused = models.Q(people__isnull=True)
        if plan is None:
            return self.filter(unused).distinct()
        tied_here = (
            models.Q(housing_areas__plan=plan)
            | models.Q(units__expected_in_networks__plan=plan)
            | models.Q(people__memberships__network__plan=plan)
            | models.Q(people__board_seats__board__plan=plan)
            | models.Q(people__steering_groups__area__plan=plan)
            | models.Q(people__housing_area__plan=plan)
        )
        return self.filter(tied_here | unused).distinct()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        HOUSING_ORGANISATION = "housing_organisation", _("Housing organisation")
        SECRETARIAT = "secretariat", _("The plan's secretariat")
        ASSOCIATION = "association", _("Association")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A part of an organisation, e.g. PPR or the job centre in the municipality."""

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_unit_name")
        ]

    def __str__(self) -> str:
        return self.name


def _tied_other_than_as_guest(plan) -> models.Q:
    """A member of its networks, on its board or a steering group, or living in its areas."""
    return (
        models.Q(memberships__network__plan=plan)
        | models.Q(board_seats__board__plan=plan)
        | models.Q(steering_groups__area__plan=plan)
        | models.Q(housing_area__plan=plan)
    )


class PersonQuerySet(models.QuerySet):
    def with_relations(self) -> "PersonQuerySet":
        return self.select_related("organisation", "unit", "housing_area", "user")

    def in_plan(self, plan, include_erased: bool = False) -> "PersonQuerySet":
        """People tied to the plan, and people not yet tied to any plan; never an erased
        person (people/privacy.py): their row only keeps counts and agreements right, it is
        no one to list, pick, invite or edit. Only the erasure page itself asks for them
        (`include_erased`), to say the erasure is done already."""
        tied_here = _tied_other_than_as_guest(plan) | models.Q(
            invitations__meeting__network__plan=plan
        )
        untied = models.Q(
            memberships__isnull=True,
            board_seats__isnull=True,
            steering_groups__isnull=True,
            housing_area__isnull=True,
            invitations__isnull=True,
        )
        people = self.filter(tied_here | untied)
        if not include_erased:
            people = people.filter(erased_at__isnull=True)
        return people.distinct()

    def without_guests(self, plan) -> "PersonQuerySet":
        """Leave out the people tied to the plan only as guests at its meetings: the person
        directory's default, on the page and in the API alike."""
        guests_here = Person.objects.filter(
            invitations__is_guest=True, invitations__meeting__network__plan=plan
        )
        tied = Person.objects.filter(_tied_other_than_as_guest(plan))
        return self.exclude(
            models.Q(pk__in=guests_here.values("pk")) & ~models.Q(pk__in=tied.values("pk"))
        )

    def search(self, text: str = "", group: str = "", area: str | int = "") -> "PersonQuerySet":
        """The directory's search, for the page and the API alike: words in the name,
        organisation, unit or job title; a stakeholder group; a housing area's id.

        Empty values, an unknown group and an area that is not a number do not filter; an
        id too large for the database finds no one (rather than failing).
        """
        people = self
        text = bounds.search_text(text)  # no control characters: NUL breaks PostgreSQL
        if text:
            people = people.filter(
                models.Q(name__icontains=text)
                | models.Q(organisation__name__icontains=text)
                | models.Q(unit__name__icontains=text)
                | models.Q(title__icontains=text)
            )
        if group in StakeholderGroup.values:
            people = people.filter(stakeholder_group=group)
        if isinstance(area, int) or str(area).isdigit():
            if not 0 < int(area) <= bounds.ID_MAX:
                return people.none()
            people = people.filter(housing_area_id=int(area))
        return people


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit, models.SET_NULL, null=True, blank=True, related_name="people", verbose_name=_("unit")
    )
    title = models.CharField(_("job or role"), max_length=200, blank=True)
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=30, choices=StakeholderGroup.choices
    )
    housing_area = models.ForeignKey(
        "plans.HousingArea",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents_and_staff",
        verbose_name=_("housing area"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    # Whom a coordinator may edit depends on it (accounts/permissions.py); set once.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # Set by people/privacy.py `erase_person`: the row stays, so that counts and agreements
    # stay right, but holds nothing about who the person was.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        constraints = [
            # Invitations and logins find a person by address: one person per address.
            models.UniqueConstraint(
                Lower("email"),
                name="unique_person_email",
                condition=~models.Q(email=""),
                violation_error_message=EMAIL_CANNOT_BE_USED,
            )
        ]

    def __str__(self) -> str:
        return str(_("Erased person")) if self.is_erased else self.name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def name_on_behalf_of(self, organisation: Organisation | None = None) -> str:
        """The name under which the person signed or wrote for their organisation: after
        an erasure "a former member of <organisation>" (agreements, recommendations)."""
        if not self.is_erased:
            return self.name
        organisation = organisation or self.organisation
        if organisation is None:
            return str(_("a former member"))
        return str(_("a former member of %(organisation)s") % {"organisation": organisation})

    @property
    def name_in_records(self) -> str:
        """The name agreements and decisions show: name_on_behalf_of their organisation."""
        return self.name_on_behalf_of()

    @property
    def has_login(self) -> bool:
        return self.user_id is not None

    def clean(self) -> None:
        errors = {}
        if self.name and not self.name.strip():
            errors["name"] = _("Write the person's name.")
        self.name = self.name.strip()
        self.email = self.email.strip().lower()
        if self.unit_id and not self.organisation_id:
            self.organisation_id = self.unit.organisation_id
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            errors["unit"] = _("The unit must belong to the chosen organisation.")
        if self.stakeholder_group == StakeholderGroup.RESIDENT_BOARD and not self.housing_area_id:
            errors["housing_area"] = _("Choose the housing area whose resident board they sit on.")
        if self.email:
            same_email = Person.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
            if same_email.exists():
                errors["email"] = EMAIL_CANNOT_BE_USED
        if errors:
            raise ValidationError(errors)
