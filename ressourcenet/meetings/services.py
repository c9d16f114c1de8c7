"""Workflows on meetings, shared by the pages and the API. They raise ValidationError.

Layering: scheduling (polls on the time) builds on this module, so nothing here imports
from scheduling, not even inside a function. The design check takes the poll's outcome as
a value from its caller (`scheduling.services.time_outcome`).

Every change to a meeting, its agenda, roles, invitations or attendance goes through
this module, which refuses it once the meeting is cancelled (MeetingCancelled) and
takes the meeting's row lock first, so that two requests at once cannot both pass a
check and then both write (two invitations of one person, a change after a cancel).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.knowledge import search
from ressourcenet.lib import bounds
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings import calendar, design
from ressourcenet.meetings.emails import (
    CALENDAR_KINDS,
    queue_cancellation_notice,
    queue_invitation,
)
from ressourcenet.meetings.models import (
    HALF_TIME,
    AgendaItem,
    DesignSettings,
    Invitation,
    Meeting,
    MeetingRole,
)
from ressourcenet.people import services as people_services
from ressourcenet.people.models import Organisation, Person, StakeholderGroup


@dataclass(frozen=True)
class AgendaRow:
    kind: str
    title: str
    minutes: int
    responsible: Person | None = None


def agenda_with_times(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> list:
    """Each item with its clock time, counted from the meeting's start (None while the
    time is not decided)."""
    items = list(meeting.agenda_items.select_related("responsible") if items is None else items)
    clock = meeting.starts_at
    for item in items:
        item.starts_at = clock
        clock = None if clock is None else clock + timedelta(minutes=item.minutes)
        item.ends_at = clock
    return items


# --- the meeting itself --------------------------------------------------------------

TIME_FIELDS = ("starts_at", "ends_at", "location")


class MeetingCancelled(ValidationError):
    """The meeting is cancelled: nothing about it changes any more (the API answers 422)."""


def ensure_not_cancelled(meeting: Meeting) -> None:
    """Lock the meeting's row until the transaction ends, and refuse if it is cancelled.

    Call it inside a transaction, before the change: a cancellation that commits while the
    change waits for the lock is seen (on SQLite, IMMEDIATE transactions take turns).
    """
    if meeting.pk is not None and not meeting.is_cancelled:
        locked = Meeting.objects.select_for_update().filter(pk=meeting.pk)
        meeting.cancelled_at = locked.values_list("cancelled_at", flat=True).first()
    if meeting.is_cancelled:
        raise MeetingCancelled(_("The meeting is cancelled and can no longer be changed."))


def save_meeting(meeting: Meeting, changed: Iterable[str] = ()) -> Meeting:
    """Validate and save; if the time or place of an announced meeting changed, send an
    update (through the worker, once the transaction commits)."""
    with transaction.atomic():
        meeting, updates = save_meeting_queued(meeting, changed)
        mail.send_after_commit(updates)
    return meeting


def save_and_send(meeting: Meeting, changed: Iterable[str] = ()) -> mail.Outcome:
    """Validate and save, and send the updates now; says how many went (call it outside a
    transaction, after the coordinator confirmed the number, see `notified_by_change`)."""
    with transaction.atomic():
        _meeting, updates = save_meeting_queued(meeting, changed)
    return mail.send_now(updates)


def notified_by_change(meeting: Meeting, changed: Iterable[str]) -> int:
    """How many invitees an update e-mail reaches if these fields of the meeting change."""
    announced = meeting.pk is not None and meeting.invitations_sent_at is not None
    if not announced or not any(field in TIME_FIELDS for field in changed):
        return 0
    return _update_recipients(meeting).count()


# Atomic: if the update cannot be sent (a cancelled meeting), the change is not kept either.
@transaction.atomic
def save_meeting_queued(
    meeting: Meeting, changed: Iterable[str] = ()
) -> tuple[Meeting, list[OutgoingMessage]]:
    """Validate and save; the update e-mails for a changed time or place are queued and
    returned, not sent."""
    changed = list(changed)
    ensure_not_cancelled(meeting)
    meeting.full_clean()
    if field := meeting.half_time():
        raise ValidationError({field: HALF_TIME})
    ensure_time_fits_agenda(meeting, changed)
    announced = meeting.pk is not None and meeting.invitations_sent_at is not None
    if announced and not meeting.has_time:
        raise ValidationError(
            {
                "starts_at": _(
                    "The invitees have the time already. Change it, or cancel the meeting."
                )
            }
        )
    must_update = announced and any(field in TIME_FIELDS for field in changed)
    if must_update:
        meeting.sequence += 1
    meeting.save()
    # The search index is a collaborator below the meetings: it only stores their words.
    search.index_meeting(meeting)
    return meeting, queue_updates(meeting) if must_update else []


def withdraw_meeting(meeting: Meeting) -> None:
    """Delete a meeting; one whose invitations went out is cancelled instead, and kept."""
    if meeting.invitations_sent_at is None:
        search.unindex(search.Kind.MEETING, meeting.pk)
        search.unindex(search.Kind.SUMMARY, meeting.pk)
        meeting.delete()
    else:
        cancel_meeting(meeting)


def cancel_meeting(meeting: Meeting) -> Meeting:
    """Cancel; those who received the meeting are told through the worker."""
    with transaction.atomic():
        meeting, messages = cancel_meeting_queued(meeting)
        mail.send_after_commit(messages)
    return meeting


def cancel_and_send(meeting: Meeting) -> mail.Outcome:
    """Cancel, and tell those who received the meeting now; says how many were told (call
    it outside a transaction, after the coordinator confirmed `told_of_cancel`)."""
    with transaction.atomic():
        _meeting, messages = cancel_meeting_queued(meeting)
    return mail.send_now(messages)


def _told_of_cancel(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.filter(sent_sequence__isnull=False).exclude(person__email="")


# The poll e-mails (scheduling/emails.py), named by their kind: this module imports nothing
# from scheduling.
POLL_E_MAIL_KINDS = (OutgoingMessage.Kind.POLL, OutgoingMessage.Kind.POLL_REMINDER)


def _only_polled(meeting: Meeting) -> QuerySet[Invitation]:
    """Invitees who received an e-mail on the poll on the time, but never the meeting."""
    got_poll = OutgoingMessage.objects.filter(
        invitation=OuterRef("pk"), kind__in=POLL_E_MAIL_KINDS, status=OutgoingMessage.Status.SENT
    )
    return (
        meeting.invitations.filter(sent_sequence__isnull=True)
        .exclude(person__email="")
        .filter(Exists(got_poll))
    )


def told_of_cancel(meeting: Meeting) -> int:
    """How many invitees a cancellation e-mail reaches: those who received the meeting, and
    those who received the poll on its time."""
    counts = meeting.invitations.aggregate(
        told=Count("pk", filter=Q(pk__in=_told_of_cancel(meeting).values("pk"))),
        polled=Count("pk", filter=Q(pk__in=_only_polled(meeting).values("pk"))),
    )
    return counts["told"] + counts["polled"]


@transaction.atomic
def cancel_meeting_queued(meeting: Meeting) -> tuple[Meeting, list[OutgoingMessage]]:
    """Cancel the meeting; the cancellation e-mails are queued and returned, not sent."""
    try:
        ensure_not_cancelled(meeting)
    except MeetingCancelled:
        raise MeetingCancelled(_("The meeting is already cancelled.")) from None
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    # Invitations, changes and poll e-mails still waiting go no more; those who received
    # the meeting are told it is cancelled, with the calendar file that removes it, and
    # those who received only the poll are told in a few words.
    mail.drop(OutgoingMessage.objects.filter(invitation__meeting=meeting))
    polled = [
        queue_cancellation_notice(meeting, invitation)
        for invitation in _only_polled(meeting).select_related("person")
    ]
    return meeting, queue_calendar(meeting, _told_of_cancel(meeting), calendar.CANCEL) + polled


# --- agenda --------------------------------------------------------------------------


def _validate_item(item: AgendaItem, prefix: str = "") -> None:
    try:
        item.full_clean(exclude=["meeting"])
    except ValidationError as error:
        raise ValidationError(
            {f"{prefix}{field}": messages for field, messages in error.message_dict.items()}
        ) from None


def ensure_agenda_fits(meeting: Meeting, agenda_minutes: int, field: str) -> None:
    """The agenda is never longer than the meeting (which lasts at most a day); while the
    time is not decided, the forms' limit of a day is the only bound."""
    if meeting.minutes is None:
        return
    if problem := bounds.agenda_problem(agenda_minutes, meeting.minutes):
        raise ValidationError({field: problem})


def ensure_time_fits_agenda(meeting: Meeting, changed: Iterable[str]) -> None:
    """A new start or end leaves room for the agenda already built (refused at `ends_at`)."""
    if meeting.pk is not None and any(field in ("starts_at", "ends_at") for field in changed):
        agenda = meeting.agenda_items.aggregate(total=Sum("minutes"))["total"] or 0
        ensure_agenda_fits(meeting, agenda, "ends_at")


def ensure_item_fits(meeting: Meeting, item: AgendaItem) -> None:
    """The agenda, with this item as it is now, still fits the meeting."""
    others = meeting.agenda_items.exclude(pk=item.pk).aggregate(total=Sum("minutes"))["total"]
    ensure_agenda_fits(meeting, (others or 0) + item.minutes, "minutes")


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


@transaction.atomic
def add_agenda_item(meeting: Meeting, item: AgendaItem) -> AgendaItem:
    ensure_not_cancelled(meeting)
    item.meeting = meeting
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item.position = 0 if last is None else last + 1
    _validate_item(item)
    ensure_item_fits(meeting, item)
    item.save()
    return item


@transaction.atomic
def change_agenda_item(item: AgendaItem) -> AgendaItem:
    """Save an item's new kind, title, minutes or responsible person; it keeps its place."""
    ensure_not_cancelled(item.meeting)
    _validate_item(item)
    ensure_item_fits(item.meeting, item)
    item.save()
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem) -> None:
    ensure_not_cancelled(item.meeting)
    item.delete()


@transaction.atomic
def move_agenda_item(item: AgendaItem, offset: int) -> None:
    """Move one step up (-1) or down (+1); positions are renumbered 0..n-1."""
    ensure_not_cancelled(item.meeting)
    items = list(item.meeting.agenda_items.all())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    for position, other in enumerate(items):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


# --- roles and invitations -----------------------------------------------------------


@transaction.atomic
def add_role(meeting: Meeting, person: Person, role: str, description: str = "") -> MeetingRole:
    ensure_not_cancelled(meeting)
    meeting_role = MeetingRole(meeting=meeting, person=person, role=role, description=description)
    meeting_role.full_clean()
    meeting_role.save()
    return meeting_role


@transaction.atomic
def remove_role(role: MeetingRole) -> None:
    ensure_not_cancelled(role.meeting)
    role.delete()


def members_of(meeting: Meeting):
    """The network's members today: whom the organisers invite by name."""
    return Person.objects.filter(pk__in=meeting.network.memberships.active().values("person_id"))


def people_around(meeting: Meeting):
    """Who can hold a role or an agenda item: the network's members and the invitees (an
    erased person's invitation to a held meeting only counts: no one to pick)."""
    members = meeting.network.memberships.active().values("person_id")
    invited = meeting.invitations.values("person_id")
    people = Person.objects.filter(Q(pk__in=members) | Q(pk__in=invited))
    return people.filter(erased_at__isnull=True).order_by("name")


@transaction.atomic
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
    *,
    by=None,
) -> Invitation:
    """A guest for a theme discussion: a person without a login, found again by e-mail.

    Only people already tied to this plan are found again: an address typed here must
    not reveal, or pull in, someone from elsewhere (their address is refused in the same
    words as any unusable one). A person found again keeps their creator; the invitation
    gives `by`, the inviting user, no rights over them (accounts/permissions.py).
    """
    ensure_not_cancelled(meeting)
    email = email.strip().lower()
    if not email:
        raise ValidationError({"email": _("A guest needs an e-mail for the invitation.")})
    plan = meeting.network.plan
    person = _known_in_plan(plan, email)
    if person is None:
        new = Person(
            name=name,
            email=email,
            stakeholder_group=stakeholder_group,
            organisation=(
                Organisation.objects.get_or_create(name=organisation.strip())[0]
                if organisation.strip()
                else None
            ),
        )
        try:
            person = people_services.create_person(new, created_by=by, plan=plan)
        except people_services.EmailInUse:
            # Another request made the same guest a moment ago: invite that person.
            person = _known_in_plan(plan, email)
            if person is None:
                raise
    invitation, created = Invitation.objects.get_or_create(
        meeting=meeting,
        person=person,
        # Someone already in the network is a member, whichever form invited them.
        defaults={"is_guest": not members_of(meeting).filter(pk=person.pk).exists()},
    )
    return invitation


def _known_in_plan(plan, email: str) -> Person | None:
    return Person.objects.in_plan(plan).filter(email__iexact=email).first()


def calendar_messages() -> QuerySet[OutgoingMessage]:
    return OutgoingMessage.objects.filter(kind__in=CALENDAR_KINDS)


def missing_invitations(meeting: Meeting) -> QuerySet[Invitation]:
    """Invitees with an address who have not received the meeting as it is now (never, or
    an earlier time or place), and have no e-mail on its way: whom "send" reaches. No one
    while the time is not decided: there is nothing to send yet."""
    if not meeting.has_time:
        return meeting.invitations.none()
    on_its_way = calendar_messages().filter(invitation=OuterRef("pk"), status__in=mail.IN_FLIGHT)
    return (
        meeting.invitations.exclude(person__email="")
        .filter(Q(sent_sequence__isnull=True) | Q(sent_sequence__lt=meeting.sequence))
        .exclude(Exists(on_its_way))
    )


def queue_calendar(meeting: Meeting, invitations, method: str) -> list[OutgoingMessage]:
    """Queue the calendar e-mail for each invitation; an older one not yet sent is dropped,
    as it would carry an old time."""
    invitations = list(invitations.select_related("person"))
    mail.drop(calendar_messages().filter(invitation__in=invitations))
    return [queue_invitation(meeting, invitation, method) for invitation in invitations]


def queue_updates(meeting: Meeting) -> list[OutgoingMessage]:
    """After a change of time or place: everyone who received the meeting, or whose e-mail
    has not gone yet, gets it as it is now."""
    return queue_calendar(meeting, _update_recipients(meeting), calendar.REQUEST)


def _update_recipients(meeting: Meeting) -> QuerySet[Invitation]:
    unsent = calendar_messages().filter(invitation=OuterRef("pk"), status__in=mail.UNSENT)
    return meeting.invitations.exclude(person__email="").filter(
        Q(sent_sequence__isnull=False) | Exists(unsent)
    )


def queue_invitations(meeting: Meeting) -> list[OutgoingMessage]:
    """Queue the invitation for everyone who is missing it (see missing_invitations)."""
    # Lock the meeting, so that of two clicks at once the second finds nothing missing.
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_cancelled:
        raise MeetingCancelled(_("A cancelled meeting cannot be sent."))
    if not locked.has_time:
        raise ValidationError(_("Decide the time before you send the invitations."))
    messages = queue_calendar(locked, missing_invitations(locked), calendar.REQUEST)
    if messages and locked.invitations_sent_at is None:
        locked.invitations_sent_at = meeting.invitations_sent_at = timezone.now()
        locked.save(update_fields=["invitations_sent_at"])
    return messages


def send_invitations(meeting: Meeting) -> mail.Outcome:
    """Send the invitation now to everyone who is missing it; says how many went and not.

    Those already sent are not sent again, so pressing "send" twice sends nothing twice,
    and after a failure it reaches exactly the invitees who are still missing.
    """
    with transaction.atomic():
        messages = queue_invitations(meeting)
    return mail.send_now(messages)


@dataclass(frozen=True)
class Delivery:
    """Whether an invitee has received the meeting as it is now, for the coordinator."""

    SENT = "sent"
    NOT_SENT = "not_sent"  # not sent yet, or on its way
    FAILED = "failed"
    NO_EMAIL = "no_email"

    state: str
    problem: str = ""  # why it failed, in plain words
    retry_at: datetime | None = None


def with_delivery(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Annotate each invitation with its latest calendar e-mail (one query for them all)."""
    latest = (
        calendar_messages()
        .filter(invitation=OuterRef("pk"))
        .exclude(status=OutgoingMessage.Status.DROPPED)
        .order_by("-pk")
    )
    return invitations.annotate(
        mail_status=Subquery(latest.values("status")[:1]),
        mail_problem=Subquery(latest.values("problem")[:1]),
        mail_retry_at=Subquery(latest.values("next_attempt_at")[:1]),
    )


def delivery(invitation: Invitation, meeting: Meeting) -> Delivery:
    """Read from an invitation of with_delivery() (or a new one, which has no e-mail yet)."""
    status = getattr(invitation, "mail_status", None)
    if not invitation.person.email:
        return Delivery(Delivery.NO_EMAIL)
    if status in mail.IN_FLIGHT:
        return Delivery(Delivery.NOT_SENT)
    if invitation.sent_sequence is not None and invitation.sent_sequence >= meeting.sequence:
        return Delivery(Delivery.SENT)
    if status == OutgoingMessage.Status.FAILED:
        problem = OutgoingMessage.Problem(invitation.mail_problem or OutgoingMessage.Problem.OTHER)
        return Delivery(Delivery.FAILED, str(problem.label), invitation.mail_retry_at)
    return Delivery(Delivery.NOT_SENT)


def invitations_with_delivery(meeting: Meeting) -> list[Invitation]:
    invitations = with_delivery(
        meeting.invitations.select_related("person", "person__organisation")
    )
    rows = list(invitations)
    for invitation in rows:
        invitation.delivery = delivery(invitation, meeting)
    return rows


def answer_invitation(invitation: Invitation, answer: str) -> Invitation:
    if invitation.meeting.is_cancelled:
        raise ValidationError(_("The meeting has been cancelled."))
    if not invitation.meeting.has_time:
        raise ValidationError(_("The time of the meeting is not decided yet."))
    if invitation.meeting.has_ended:
        raise ValidationError(_("The meeting has already taken place."))
    if answer not in (Invitation.Answer.YES, Invitation.Answer.NO):
        raise ValidationError({"answer": _("Answer yes or no.")})
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    return invitation


@transaction.atomic
def record_attendance(meeting: Meeting, attended_person_ids: Iterable[int]) -> None:
    ensure_not_cancelled(meeting)
    attended = set(attended_person_ids)
    invitations = list(meeting.invitations.all())
    for invitation in invitations:
        invitation.attended = invitation.person_id in attended
    Invitation.objects.bulk_update(invitations, ["attended"])


# --- the design check ----------------------------------------------------------------


def design_plan(meeting: Meeting, poll: design.PollOutcome | None) -> design.MeetingPlan:
    """The meeting as the plain values the design check reads (four queries). Ideas that
    came out of the meeting count as its idea catalogue delivered."""
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
        capture_delivered=meeting.delivered_capture,
        invitees_not_declined=len(not_declined),
        # Before anyone is invited, every role holder counts.
        role_holders=len(holders & not_declined) if answers else len(holders),
        poll=poll,
    )


def design_check(meeting: Meeting, poll: design.PollOutcome | None) -> design.CheckResult:
    """`poll` is how the time compares with the poll's recommendation, None without a poll."""
    plan = design_plan(meeting, poll)
    return design.check_meeting(plan, timezone.now(), DesignSettings.thresholds())


# --- after the meeting ---------------------------------------------------------------


@dataclass(frozen=True)
class AfterMeeting:
    """What is still to do after a held meeting, and by when (the capture rule's days)."""

    meeting: Meeting
    due: datetime
    record_attendance: bool
    capture_missing: tuple[str, ...]  # Capture codes planned and not recorded as done

    @property
    def has_tasks(self) -> bool:
        return self.record_attendance or bool(self.capture_missing)


def after_meeting_tasks(meetings: QuerySet, now: datetime | None = None) -> list[AfterMeeting]:
    """Of these meetings, those held within the capture rule's days that still have
    something to do: attendance not recorded, a planned summary, ideas or leaflet not yet
    recorded as done. Most recent first. A meeting without a time is never among them."""
    now = now or timezone.now()
    days = DesignSettings.thresholds().capture_due_days
    held = (
        meetings.past(now)
        .filter(ends_at__gte=now - timedelta(days=days))
        .with_attendance()
        .with_capture()
        .select_related("network__plan")
        .order_by("-ends_at")
    )
    result = []
    for meeting in held:
        delivered = meeting.delivered_capture
        after = AfterMeeting(
            meeting=meeting,
            due=meeting.ends_at + timedelta(days=days),
            record_attendance=meeting.invited_count > 0 and meeting.attendance_recorded == 0,
            capture_missing=tuple(c for c in meeting.capture or [] if c not in delivered),
        )
        if after.has_tasks:
            result.append(after)
    return result


@dataclass(frozen=True)
class AttendanceRow:
    label: str
    count: int
    names: tuple[str, ...]


def attendance_by_group_and_area(meeting: Meeting) -> tuple[list, list]:
    """Who came, counted by stakeholder group and by housing area (both in a stable order).

    Names are included; the page decides whether it may show them."""
    came = list(
        meeting.invitations.filter(attended=True)
        .select_related("person__housing_area")
        .order_by("person__name")
    )
    group_order = {group.value: index for index, group in enumerate(StakeholderGroup)}
    groups: dict[str, list[str]] = {}
    for invitation in sorted(came, key=lambda i: group_order[i.person.stakeholder_group]):
        groups.setdefault(invitation.person.get_stakeholder_group_display(), []).append(
            invitation.person.name
        )
    areas: dict[str, list[str]] = {}
    no_area = []
    for invitation in came:
        area = invitation.person.housing_area
        (areas.setdefault(area.name, []) if area else no_area).append(invitation.person.name)
    group_rows = [AttendanceRow(label, len(names), tuple(names)) for label, names in groups.items()]
    area_rows = [
        AttendanceRow(label, len(names), tuple(names)) for label, names in sorted(areas.items())
    ]
    if no_area:
        area_rows.append(AttendanceRow(_("No housing area"), len(no_area), tuple(no_area)))
    return group_rows, area_rows
