"""Polls on the meeting time: shared by the pages and the API. Rules raise ValidationError;
a closed poll raises PollClosed (the API answers 409).

Layering: scheduling builds on meetings, never the reverse. This module may call
meetings/services.py; meetings/ (apart from its views) imports nothing from scheduling.
The meeting design check gets the poll's outcome as a value: callers pass it
`time_outcome(meeting)`. Slot labels live in the pure `labels.py`, so the models need no
service. `ressourcenet/lib/tests/test_layering.py` keeps it so.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ressourcenet.lib.names import join_names
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.design import PollOutcome
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.scheduling import preferences, recommend
from ressourcenet.scheduling.emails import POLL_KINDS, queue_poll_email
from ressourcenet.scheduling.labels import slot_label
from ressourcenet.scheduling.models import Answer, Poll, Slot


class PollClosed(Exception):
    """The poll no longer takes answers or changes."""


class PollExists(Exception):
    """The meeting already has a poll."""


@transaction.atomic
def open_poll(
    meeting: Meeting,
    slots: Sequence[tuple[datetime, datetime]],
    key_persons: Iterable[Person] = (),
    closes_at: datetime | None = None,
) -> Poll:
    """Open a poll with candidate times; key persons are invited if they were not."""
    if Poll.objects.filter(meeting=meeting).exists():
        raise PollExists(_("The meeting already has a poll."))
    if not slots:
        raise ValidationError({"slots": _("Add at least one time to choose from.")})
    # Every problem at once, each by its field: one round of corrections, not three.
    now = timezone.now()
    errors: dict[str, list] = {}
    if closes_at is not None and closes_at <= now:
        errors["closes_at"] = [_("The poll must close in the future.")]
    new_slots = [Slot(starts_at=start, ends_at=end) for start, end in slots]
    seen = set()
    for index, slot in enumerate(new_slots):
        if slot.starts_at <= now:
            errors[f"slots.{index}.starts_at"] = [_("This time has already passed.")]
        elif (slot.starts_at, slot.ends_at) in seen:
            errors[f"slots.{index}.starts_at"] = [_("This time is already in the poll.")]
        seen.add((slot.starts_at, slot.ends_at))
        try:
            slot.full_clean(exclude=["poll"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"slots.{index}.{field}", []).extend(messages)
    first_start = min((slot.starts_at for slot in new_slots if slot.starts_at), default=None)
    late = first_start is not None and closes_at is not None and closes_at >= first_start
    if late and "closes_at" not in errors:  # one problem at a time for the one field
        errors["closes_at"] = [
            _("The answers must close before the first time in the poll begins.")
        ]
    if errors:
        raise ValidationError(errors)
    poll = Poll(meeting=meeting, closes_at=closes_at)
    poll.save()
    for slot in new_slots:
        slot.poll = poll
    Slot.objects.bulk_create(new_slots)
    key_persons = list(key_persons)
    meeting_services.invite_people(meeting, key_persons)
    poll.key_persons.set(key_persons)
    mail.send_after_commit(queue_poll_emails(poll))
    return poll


def queue_poll_emails(poll: Poll, reminder: bool = False) -> list[OutgoingMessage]:
    """Queue the e-mail with each invitee's personal link to the poll (a reminder: only to
    those who have not answered). Someone whose e-mail of this kind is on its way (a double
    click, a worker that has not run yet) gets no second one."""
    invitations = poll.meeting.invitations.exclude(person__email="").select_related("person")
    if reminder:
        answered = Answer.objects.filter(slot__poll=poll).values("person_id")
        invitations = invitations.exclude(person_id__in=answered)
    kind = OutgoingMessage.Kind.POLL_REMINDER if reminder else OutgoingMessage.Kind.POLL
    on_its_way = OutgoingMessage.objects.filter(
        invitation=OuterRef("pk"), kind=kind, status__in=mail.IN_FLIGHT
    )
    invitations = invitations.exclude(Exists(on_its_way))
    return [queue_poll_email(poll, invitation, reminder) for invitation in invitations]


def send_reminders(poll: Poll) -> mail.Outcome:
    """Remind those who have not answered, now; says how many went and how many did not."""
    with transaction.atomic():
        # Lock the poll: of two clicks at once, the second finds the reminders on their way.
        locked = Poll.objects.select_for_update().select_related("meeting").get(pk=poll.pk)
        if not locked.is_open:
            raise PollClosed(_("The poll is closed."))
        messages = queue_poll_emails(locked, reminder=True)
    return mail.send_now(messages)


@transaction.atomic
def answer_poll(
    poll: Poll, person: Person, answers: Mapping[int, str], by_coordinator: bool = False
) -> list[Answer]:
    """Save one invitee's answers; slots left out keep their earlier answer (or count as no)."""
    # Wait for a finalisation under way, and see it: no answer lands after the choice.
    locked = Poll.objects.select_for_update().filter(pk=poll.pk)
    poll.finalised_at = locked.values_list("finalised_at", flat=True).get()
    if not poll.is_open:
        raise PollClosed(_("The poll is closed. Ask the coordinator if you need to change it."))
    if not poll.meeting.invitations.filter(person=person).exists():
        raise ValidationError({"person": _("This person is not invited to the meeting.")})
    slot_ids = set(poll.slots.values_list("id", flat=True))
    errors = {}
    for slot_id, value in answers.items():
        if slot_id not in slot_ids:
            errors[f"answers.{slot_id}"] = [_("This time is not part of the poll.")]
        elif value not in Answer.Value.values:
            errors[f"answers.{slot_id}"] = [_("Answer yes, if need be or no.")]
    if errors:
        raise ValidationError(errors)
    saved = []
    for slot_id, value in answers.items():
        answer, _created = Answer.objects.update_or_create(
            slot_id=slot_id,
            person=person,
            defaults={"value": value, "recorded_by_coordinator": by_coordinator},
        )
        saved.append(answer)
    return saved


def area_names(poll: Poll) -> dict[int, str]:
    """The plan's housing areas by id; a prefetch of `meeting__network__plan__areas` serves
    it."""
    return {area.pk: area.name for area in poll.meeting.network.plan.areas.all()}


def voters(poll: Poll) -> list[recommend.Invitee]:
    key_ids = {person.pk for person in poll.key_persons.all()}
    rows = poll.meeting.invitations.values_list(
        "person_id", "person__stakeholder_group", "person__housing_area_id"
    )
    return [recommend.Invitee(pid, group, area, pid in key_ids) for pid, group, area in rows]


def poll_values(
    poll: Poll, given: Iterable[Answer] | None = None
) -> tuple[list[recommend.Slot], list[recommend.Invitee]]:
    """The poll's slots with their answers (`given`: the poll's answers, already read), and
    the invitees, as the pure module's values."""
    answers: dict[int, dict[int, str]] = {}
    rows = (
        Answer.objects.filter(slot__poll=poll).values_list("slot_id", "person_id", "value")
        if given is None
        else ((a.slot_id, a.person_id, a.value) for a in given)
    )
    for slot_id, person_id, value in rows:
        answers.setdefault(slot_id, {})[person_id] = value
    slots = [
        recommend.Slot(slot.pk, slot.starts_at, answers.get(slot.pk, {}))
        for slot in poll.slots.all()
    ]
    return slots, voters(poll)


def ranking(poll: Poll) -> list[recommend.Ranked]:
    """All slots of the poll, best first (two queries whatever the size)."""
    return recommend.rank(*poll_values(poll))


def turnout(poll: Poll) -> recommend.Turnout:
    """How many have answered, and which groups and areas have not been heard from."""
    return recommend.turnout(*poll_values(poll))


def group_names(groups: Iterable[str]) -> str:
    return join_names([str(StakeholderGroup(g).label).lower() for g in groups])


def explain(poll: Poll, ranked: Sequence[recommend.Ranked], seen: recommend.Turnout) -> str:
    """The recommendation in plain words, e.g. "6 af 27 har svaret. Tirsdag 16–18: 5 af de 6
    ..."; with no answers, no recommendation. Who has not answered is named apart from who
    answered and cannot come."""
    if not ranked:
        return _("The poll has no times yet.")
    if not seen.answered:
        return _("No one has answered yet, so there is nothing to recommend.")
    areas = area_names(poll)
    best = ranked[0]
    slot = next(slot for slot in poll.slots.all() if slot.pk == best.slot)
    label = slot_label(slot.starts_at, slot.ends_at)
    sentences = []
    if seen.answered < seen.invited:
        sentences.append(
            _("%(answered)d of %(total)d have answered.")
            % {"answered": seen.answered, "total": seen.invited}
        )
        if best.available == seen.answered:
            first = ngettext(
                "%(slot)s: the one who answered can come",
                "%(slot)s: all %(answered)d who answered can come",
                seen.answered,
            )
        else:
            first = _("%(slot)s: %(available)d of the %(answered)d who answered can come")
        first %= {"slot": label, "available": best.available, "answered": seen.answered}
    else:
        first = _("%(slot)s: %(available)d of %(total)d can come") % {
            "slot": label,
            "available": best.available,
            "total": seen.invited,
        }
    parts = [first]
    if best.groups_missing:
        parts.append(
            _("of those who answered, no one can come from: %(groups)s")
            % {"groups": group_names(best.groups_missing)}
        )
    if best.areas_missing:
        names = join_names([areas.get(a, "?") for a in best.areas_missing])
        parts.append(_("no one who answered from %(areas)s can come") % {"areas": names})
    if best.key_persons_missing:
        missing = set(best.key_persons_missing)
        people = [p.name for p in poll.key_persons.all() if p.pk in missing]
        parts.append(
            ngettext(
                "the key person %(names)s cannot come",
                "the key persons %(names)s cannot come",
                len(best.key_persons_missing),
            )
            % {"names": join_names(list(people))}
        )
    sentences.append("; ".join(parts) + ".")
    if seen.groups_not_heard:
        sentences.append(
            _("Not heard from yet – groups: %(groups)s.")
            % {"groups": group_names(seen.groups_not_heard)}
        )
    if seen.areas_not_heard:
        names = join_names([areas.get(a, "?") for a in seen.areas_not_heard])
        sentences.append(_("Not heard from yet – housing areas: %(areas)s.") % {"areas": names})
    return " ".join(sentences)


def finalise(poll: Poll, slot: Slot) -> Meeting:
    """Set the meeting's time to the slot; the calendar invitations go through the worker."""
    with transaction.atomic():
        meeting, messages = choose_time(poll, slot)
        mail.send_after_commit(messages)
    return meeting


def finalise_and_send(poll: Poll, slot: Slot) -> tuple[Meeting, mail.Outcome]:
    """Set the meeting's time to the slot and send the calendar invitations now; says how
    many went and how many did not (call it outside a transaction)."""
    with transaction.atomic():
        meeting, messages = choose_time(poll, slot)
    return meeting, mail.send_now(messages)


def invitation_recipients(meeting: Meeting) -> int:
    """How many get the calendar invitation (or its change) when the time is chosen: every
    invitee with an address."""
    return meeting.invitations.exclude(person__email="").count()


@transaction.atomic
def choose_time(poll: Poll, slot: Slot) -> tuple[Meeting, list[OutgoingMessage]]:
    """Set the meeting's time to the slot, record the poll answers as replies, and queue the
    calendar invitation for everyone who is missing it (returned, not yet sent)."""
    # Lock the row, so that of two clicks at once only one chooses and sends.
    locked = Poll.objects.select_for_update().filter(pk=poll.pk)
    if poll.finalised_at is not None or locked.values_list("finalised_at", flat=True).get():
        raise PollClosed(_("The time has already been chosen."))
    if slot.poll_id != poll.pk:
        raise ValidationError({"slot": _("This time is not part of the poll.")})
    meeting = poll.meeting
    changed = []
    if (meeting.starts_at, meeting.ends_at) != (slot.starts_at, slot.ends_at):
        meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
        changed = ["starts_at", "ends_at"]
    try:
        meeting, updates = meeting_services.save_meeting_queued(meeting, changed=changed)
    except meeting_services.MeetingCancelled:
        raise
    except ValidationError as error:
        # The slot is what the caller chose: a time too short for the agenda, say.
        raise ValidationError({"slot": error.messages}) from None
    # Poll e-mails still waiting are no use now that the time is chosen.
    mail.drop(OutgoingMessage.objects.filter(invitation__meeting=meeting, kind__in=POLL_KINDS))
    answers_become_replies(slot)
    messages = list(updates)
    if not meeting.is_cancelled:
        # Those not yet sent; the updates were queued above.
        messages += meeting_services.queue_invitations(meeting)
    poll.finalised_at = timezone.now()
    poll.chosen_slot = slot
    poll.save(update_fields=["finalised_at", "chosen_slot"])
    return meeting, messages


# A poll answer for the chosen time is the invitee's reply: "if need be" is a maybe, which
# the invitation asks them to confirm.
REPLY_OF = {
    Answer.Value.YES: Invitation.Answer.YES,
    Answer.Value.IF_NEED_BE: Invitation.Answer.MAYBE,
    Answer.Value.NO: Invitation.Answer.NO,
}


def answers_become_replies(slot: Slot) -> int:
    """Record each invitee's answer for the chosen time as their reply (it is about this
    time, so it replaces a reply to an earlier one). Someone who answered other times of
    the poll but left this one open said no to it, as the poll page told them (they can
    change it); those who did not answer the poll at all keep their reply, "not answered"
    for most. Returns how many replies were recorded."""
    values = dict(slot.answers.values_list("person_id", "value"))
    answered_poll = Answer.objects.filter(slot__poll_id=slot.poll_id).values("person_id")
    invitations = list(slot.poll.meeting.invitations.filter(person_id__in=answered_poll))
    now = timezone.now()
    for invitation in invitations:
        value = values.get(invitation.person_id, Answer.Value.NO)
        invitation.answer = REPLY_OF[value]
        invitation.answered_at = now
    Invitation.objects.bulk_update(invitations, ["answer", "answered_at"])
    return len(invitations)


def poll_of(meeting: Meeting) -> Poll | None:
    """The meeting's poll, or None; no query when the meeting came with
    `select_related("poll")`."""
    try:
        return meeting.poll
    except Poll.DoesNotExist:
        return None


def time_outcome(meeting: Meeting) -> PollOutcome | None:
    """For the design check: is the meeting at the time the poll recommends (or as good)?

    Callers of `meetings.services.design_check` pass this as its `poll` argument.
    """
    poll = poll_of(meeting)
    if poll is None:
        return None
    if not meeting.has_time:
        return PollOutcome(matches_recommendation=False, is_open=poll.is_open)
    ranked = ranking(poll)
    if not ranked:
        return None
    by_slot = {r.slot: r for r in ranked}
    # The slot the meeting is held at is found by its start: an end moved after the choice
    # (a quarter of an hour longer) keeps the day the invitees answered for.
    slots = [slot for slot in poll.slots.all() if slot.starts_at == meeting.starts_at]
    slots.sort(key=lambda slot: slot.ends_at != meeting.ends_at)  # the exact time first
    chosen = by_slot[slots[0].pk] if slots else None
    matches = chosen is not None and recommend.ties_with_best(chosen, ranked[0])
    return PollOutcome(matches_recommendation=matches)


# The length of suggested times for a meeting with neither a time nor an agenda.
DEFAULT_MINUTES = 120

# The heat-map shows no cell answered by fewer people than this: no one's own answers.
HEATMAP_MIN_PEOPLE = 3


def network_shares(network, min_people: int = 1) -> preferences.Shares:
    """Share of yes per stakeholder group, weekday and time band, over the network's polls."""
    rows = Answer.objects.filter(slot__poll__meeting__network=network).values_list(
        "person__stakeholder_group", "slot__starts_at", "value", "person_id"
    )
    return preferences.yes_shares(
        (
            preferences.PastAnswer(group, timezone.localtime(starts), value, person)
            for group, starts, value, person in rows
        ),
        min_people=min_people,
    )


# Suggestions go by times of the week answered by at least this many people of a group:
# the same rule as the heat-map, so that a suggestion never rests on one person's answers.
SUGGESTION_MIN_PEOPLE = HEATMAP_MIN_PEOPLE
BAND_WORDS = {
    preferences.MORNING: gettext_lazy("mornings"),
    preferences.MIDDAY: gettext_lazy("middays"),
    preferences.AFTERNOON: gettext_lazy("afternoons"),
    preferences.EVENING: gettext_lazy("evenings"),
}


def suggestion_reason(suggestion: preferences.Suggestion) -> str:
    """What a suggestion rests on, e.g. "Based on earlier polls – share who said yes on
    tuesday evenings: volunteer 83 %"."""
    moment = timezone.localtime(suggestion.starts_at)
    who = join_names(
        [
            f"{str(StakeholderGroup(group).label).lower()} {round(share * 100)}\u00a0%"
            for group, share in suggestion.basis
        ]
    )
    return _("Based on earlier polls – share who said yes on %(day)s %(band)s: %(who)s.") % {
        "who": who,
        "day": WEEKDAYS[moment.weekday()],  # "onsdag" in Danish, "Wednesday" in English
        "band": BAND_WORDS[preferences.time_band(moment)],
    }


def suggestions(meeting: Meeting, count: int = 4) -> list[preferences.Suggestion]:
    """Candidate times for a new poll, from what the invitees' groups have preferred, each
    with its reason in words; none when the network has too little history."""
    groups = list(meeting.invitations.values_list("person__stakeholder_group", flat=True))
    if not groups:
        groups = list(
            meeting_services.members_of(meeting).values_list("stakeholder_group", flat=True)
        )
    danish_holidays = holidays.country_holidays("DK")
    first_day = timezone.localdate() + timedelta(days=7)
    if meeting.has_time:
        first_day = max(first_day, timezone.localdate(meeting.starts_at))
    # Without a time yet, the suggestions last as long as the agenda, or two hours.
    agenda = sum(meeting.agenda_items.values_list("minutes", flat=True))
    duration = (
        meeting.ends_at - meeting.starts_at
        if meeting.has_time
        else timedelta(minutes=agenda or DEFAULT_MINUTES)
    )
    # The network's other meetings that will be held: a suggestion never clashes with one.
    others = (
        Meeting.objects.filter(network=meeting.network, cancelled_at__isnull=True)
        .exclude(pk=meeting.pk)
        .exclude(starts_at__isnull=True)
        .values_list("starts_at", "ends_at")
    )
    found = preferences.suggest_slots(
        network_shares(meeting.network, SUGGESTION_MIN_PEOPLE),
        groups,
        first_day=first_day,
        duration=duration,
        tzinfo=timezone.get_current_timezone(),
        is_holiday=lambda day: day in danish_holidays,
        count=count,
        busy=list(others),
    )
    return [replace(s, reason=suggestion_reason(s)) for s in found]
