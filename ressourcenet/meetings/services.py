"""Workflows on meetings, shared by the pages and the API. They raise ValidationError."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.lib import bounds
from ressourcenet.meetings import design
from ressourcenet.meetings.models import (
    AgendaItem,
    DesignSettings,
    Invitation,
    Meeting,
    MeetingRole,
)
from ressourcenet.people.models import Organisation, Person, StakeholderGroup


@dataclass(frozen=True)
class AgendaRow:
    kind: str
    title: str
    minutes: int
    responsible: Person | None = None


def agenda_with_times(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> list:
    """Each item with its clock time, counted from the meeting's start."""
    items = list(meeting.agenda_items.select_related("responsible") if items is None else items)
    clock = meeting.starts_at
    for item in items:
        item.starts_at = clock
        clock = clock + timedelta(minutes=item.minutes)
        item.ends_at = clock
    return items


# --- the meeting itself --------------------------------------------------------------

TIME_FIELDS = ("starts_at", "ends_at", "location")


# Atomic: if the update cannot be sent (a cancelled meeting), the change is not kept either.
def ensure_not_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is cancelled and can no longer be changed."))


@transaction.atomic
def save_meeting(meeting: Meeting, changed: Iterable[str] = ()) -> Meeting:
    """Validate and save; if the time or place of an announced meeting changed, send an update."""
    ensure_not_cancelled(meeting)
    meeting.full_clean()
    announced = meeting.pk is not None and meeting.invitations_sent_at is not None
    must_update = announced and any(field in TIME_FIELDS for field in changed)
    if must_update:
        meeting.sequence += 1
    meeting.save()
    if must_update:
        send_invitations(meeting, only_already_sent=True)
    return meeting


def withdraw_meeting(meeting: Meeting) -> None:
    """Delete a meeting; one whose invitations went out is cancelled instead, and kept."""
    if meeting.invitations_sent_at is None:
        meeting.delete()
    else:
        cancel_meeting(meeting)


def cancel_meeting(meeting: Meeting) -> Meeting:
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is already cancelled."))
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    if meeting.invitations_sent_at:
        from ressourcenet.meetings.tasks import send_meeting_emails

        ids = list(meeting.invitations.filter(sent_at__isnull=False).values_list("id", flat=True))
        transaction.on_commit(lambda: send_meeting_emails.enqueue(meeting.pk, ids, "CANCEL"))
    return meeting


# --- agenda --------------------------------------------------------------------------


def _validate_item(item: AgendaItem, prefix: str = "") -> None:
    try:
        item.full_clean(exclude=["meeting"])
    except ValidationError as error:
        raise ValidationError(
            {f"{prefix}{field}": messages for field, messages in error.message_dict.items()}
        ) from None


def ensure_agenda_fits(meeting: Meeting, agenda_minutes: int, field: str) -> None:
    """The agenda is never longer than the meeting (which lasts at most a day)."""
    if problem := bounds.agenda_problem(agenda_minutes, meeting.minutes):
        raise ValidationError({field: problem})


@transaction.atomic
def set_agenda(meeting: Meeting, rows: Sequence[AgendaRow]) -> list[AgendaItem]:
    """Replace the whole agenda; every item is checked before anything is saved."""
    ensure_not_cancelled(meeting)
    items = [
        AgendaItem(
            meeting=meeting,
            position=index,
            kind=row.kind,
            title=row.title,
            minutes=row.minutes,
            responsible=row.responsible,
        )
        for index, row in enumerate(rows)
    ]
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(items):
        try:
            _validate_item(item, prefix=f"items.{index}.")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    ensure_agenda_fits(meeting, sum(item.minutes for item in items), "items")
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(items)
    return list(meeting.agenda_items.select_related("responsible"))


def add_agenda_item(meeting: Meeting, item: AgendaItem) -> AgendaItem:
    ensure_not_cancelled(meeting)
    item.meeting = meeting
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item.position = 0 if last is None else last + 1
    _validate_item(item)
    others = meeting.agenda_items.exclude(pk=item.pk).aggregate(total=Sum("minutes"))["total"]
    ensure_agenda_fits(meeting, (others or 0) + item.minutes, "minutes")
    item.save()
    return item


def move_agenda_item(item: AgendaItem, offset: int) -> None:
    """Move one step up (-1) or down (+1); positions are renumbered 0..n-1."""
    items = list(item.meeting.agenda_items.all())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    for position, other in enumerate(items):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


# --- roles and invitations -----------------------------------------------------------


def add_role(meeting: Meeting, person: Person, role: str, description: str = "") -> MeetingRole:
    ensure_not_cancelled(meeting)
    meeting_role = MeetingRole(meeting=meeting, person=person, role=role, description=description)
    meeting_role.full_clean()
    meeting_role.save()
    return meeting_role


def members_of(meeting: Meeting):
    """The network's members today: whom the organisers invite by name."""
    return Person.objects.filter(pk__in=meeting.network.memberships.active().values("person_id"))


def people_around(meeting: Meeting):
    """Who can hold a role or an agenda item: the network's members and the invitees."""
    members = meeting.network.memberships.active().values("person_id")
    invited = meeting.invitations.values("person_id")
    return Person.objects.filter(Q(pk__in=members) | Q(pk__in=invited)).order_by("name")


def invite_people(meeting: Meeting, people: Iterable[Person]) -> list[Invitation]:
    """Invite these people; those already invited are left as they are."""
    ensure_not_cancelled(meeting)
    already = set(meeting.invitations.values_list("person_id", flat=True))
    unique = {p.pk: p for p in people if p.pk not in already}  # someone named twice: once
    new = [Invitation(meeting=meeting, person=p) for p in unique.values()]
    Invitation.objects.bulk_create(new)
    return new


def invite_members(meeting: Meeting) -> list[Invitation]:
    return invite_people(meeting, members_of(meeting))


@transaction.atomic
def invite_guest(
    meeting: Meeting,
    name: str,
    email: str,
    organisation: str = "",
    stakeholder_group: str = StakeholderGroup.GUEST,
) -> Invitation:
    """A guest for a theme discussion: a person without a login, found again by e-mail.

    Only people already tied to this plan are found again: an address typed here must
    not reveal, or pull in, someone from elsewhere.
    """
    ensure_not_cancelled(meeting)
    email = email.strip().lower()
    known = Person.objects.in_plan(meeting.network.plan).filter(email__iexact=email)
    person = known.first() if email else None
    if person is None:
        person = Person(
            name=name,
            email=email,
            stakeholder_group=stakeholder_group,
            organisation=(
                Organisation.objects.get_or_create(name=organisation.strip())[0]
                if organisation.strip()
                else None
            ),
        )
        if not email:
            raise ValidationError({"email": _("A guest needs an e-mail for the invitation.")})
        person.full_clean()
        person.save()
    invitation, created = Invitation.objects.get_or_create(
        meeting=meeting,
        person=person,
        # Someone already in the network is a member, whichever form invited them.
        defaults={"is_guest": not members_of(meeting).filter(pk=person.pk).exists()},
    )
    return invitation


def send_invitations(meeting: Meeting, only_already_sent: bool = False) -> int:
    """Queue the e-mails: new invitations, or updates to those who have one already."""
    from ressourcenet.meetings.tasks import send_meeting_emails

    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting cannot be sent."))
    invitations = meeting.invitations.exclude(person__email="")
    if only_already_sent:
        invitations = invitations.filter(sent_at__isnull=False)
    else:
        invitations = invitations.filter(sent_at__isnull=True)
    ids = list(invitations.values_list("id", flat=True))
    if not ids:
        return 0
    # Mark them at once, so a second click before the worker runs sends nothing twice.
    meeting.invitations.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=timezone.now())
    if meeting.invitations_sent_at is None:
        meeting.invitations_sent_at = timezone.now()
        meeting.save(update_fields=["invitations_sent_at"])
    transaction.on_commit(lambda: send_meeting_emails.enqueue(meeting.pk, ids, "REQUEST"))
    return len(ids)


def answer_invitation(invitation: Invitation, answer: str) -> Invitation:
    if invitation.meeting.is_cancelled:
        raise ValidationError(_("The meeting has been cancelled."))
    if invitation.meeting.has_ended:
        raise ValidationError(_("The meeting has already taken place."))
    if answer not in (Invitation.Answer.YES, Invitation.Answer.NO):
        raise ValidationError({"answer": _("Answer yes or no.")})
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    return invitation


def record_attendance(meeting: Meeting, attended_person_ids: Iterable[int]) -> None:
    attended = set(attended_person_ids)
    invitations = list(meeting.invitations.all())
    for invitation in invitations:
        invitation.attended = invitation.person_id in attended
    Invitation.objects.bulk_update(invitations, ["attended"])


# --- the design check ----------------------------------------------------------------


def design_plan(meeting: Meeting) -> design.MeetingPlan:
    """The meeting as the plain values the design check reads (three queries)."""
    items = tuple(
        design.Item(design.Kind(kind), minutes)
        for kind, minutes in meeting.agenda_items.values_list("kind", "minutes")
    )
    answers = dict(meeting.invitations.values_list("person_id", "answer"))
    not_declined = {person for person, answer in answers.items() if answer != Invitation.Answer.NO}
    holders = set(meeting.roles.values_list("person_id", flat=True))
    return design.MeetingPlan(
        title=meeting.title,
        why=meeting.why,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        items=items,
        capture_planned=frozenset(meeting.capture),
        capture_delivered=frozenset(meeting.capture_delivered),
        invitees_not_declined=len(not_declined),
        # Before anyone is invited, every role holder counts.
        role_holders=len(holders & not_declined) if answers else len(holders),
        poll=poll_outcome(meeting),
    )


def poll_outcome(meeting: Meeting) -> design.PollOutcome | None:
    # Scheduling builds on meetings, so it is imported here, not at the top.
    from ressourcenet.scheduling.services import time_outcome

    return time_outcome(meeting)


def design_check(meeting: Meeting) -> design.CheckResult:
    return design.check_meeting(design_plan(meeting), timezone.now(), DesignSettings.thresholds())
