"""Creating and changing people: one path for the pages, the API, guest invitations and
the demo. They raise ValidationError; EmailInUse when another person has the address.

Duplicate addresses: the database holds one person per lower-cased address (the
constraint `unique_person_email`). When the other person is in the plan the user works
in, the message says so, since the plan's people are listed to its members anyway; any
other clash gets the same words as a refused address (EMAIL_CANNOT_BE_USED), so that
typing a stranger's address shows nothing about them.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ressourcenet.networks.models import Membership, Network
from ressourcenet.networks.services import add_member
from ressourcenet.people.models import EMAIL_CANNOT_BE_USED, Person
from ressourcenet.plans.models import Plan

EMAIL_IN_PLAN = _(
    "Someone in this plan already has this e-mail address. "
    "Find them in the list of people, or ask the secretariat."
)


class EmailInUse(ValidationError):
    """Another person has the address; the message names the `email` field."""

    def __init__(self, message) -> None:
        super().__init__({"email": [message]})


def email_in_use(email: str, plan: Plan | None, person: Person | None = None) -> EmailInUse | None:
    """The error to show if another person than `person` has this address, else None."""
    email = email.strip()
    if not email:
        return None
    others = Person.objects.filter(email__iexact=email)
    if person is not None and person.pk is not None:
        others = others.exclude(pk=person.pk)
    if not others.exists():
        return None
    if plan is not None and Person.objects.in_plan(plan).filter(pk__in=others).exists():
        return EmailInUse(EMAIL_IN_PLAN)
    return EmailInUse(EMAIL_CANNOT_BE_USED)


def validate_person(person: Person, plan: Plan | None) -> None:
    """Person.full_clean, with the duplicate-address message chosen for this plan.

    EmailInUse when the address is all that is wrong, so that callers can look again.
    """
    errors: dict = {}
    try:
        person.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    clash = email_in_use(person.email, plan, person)
    if clash is not None and set(errors) <= {"email"}:
        raise clash
    if clash is not None:
        errors["email"] = clash.error_dict["email"]
    if errors:
        raise ValidationError(errors)


def _save(person: Person, plan: Plan | None) -> None:
    """Save; a clash that slipped past the check (a parallel request) becomes EmailInUse."""
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        clash = email_in_use(person.email, plan, person)
        if clash is None:
            raise
        raise clash from None


@transaction.atomic
def create_person(
    person: Person,
    *,
    created_by=None,
    plan: Plan | None = None,
    network: Network | None = None,
    role: str = Membership.Role.MEMBER,
) -> Person:
    """Save a new person and, when a network is given, their membership: both or neither.

    `created_by` is the user who typed the person in; it decides who may edit them later
    (accounts/permissions.py). `plan` is where the user works, for the duplicate message.
    """
    person.created_by = created_by if created_by is not None and created_by.pk else None
    validate_person(person, plan)
    _save(person, plan)
    if network is not None:
        add_member(network, person, role)
    return person


def save_person(person: Person, plan: Plan | None) -> Person:
    """Save changes to an existing person, validated as on creation."""
    validate_person(person, plan)
    _save(person, plan)
    return person
