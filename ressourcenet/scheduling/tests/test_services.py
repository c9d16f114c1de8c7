"""Polls on the meeting time: opening, answering, the recommendation, choosing, reminding,
the design check's time rule and the suggestions learned from earlier answers."""

import re
from datetime import UTC, date, datetime, time, timedelta
from email.utils import getaddresses
from zoneinfo import ZoneInfo

import holidays
import pytest
from dateutil.easter import easter
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from ressourcenet.conftest import make_person
from ressourcenet.lib.links import read_token
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.mail.services import Outcome, deliver_messages
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.services import cancel_meeting, design_check, send_invitations
from ressourcenet.meetings.tests.conftest import days_ahead, invite, make_meeting
from ressourcenet.people.models import StakeholderGroup
from ressourcenet.scheduling import preferences
from ressourcenet.scheduling.emails import POLL_LINK
from ressourcenet.scheduling.labels import slot_label
from ressourcenet.scheduling.models import Answer, Poll, Slot
from ressourcenet.scheduling.services import (
    PollClosed,
    PollExists,
    answer_poll,
    explain,
    finalise,
    network_shares,
    open_poll,
    ranking,
    send_reminders,
    suggestions,
    time_outcome,
    turnout,
)

CPH = ZoneInfo("Europe/Copenhagen")
YES, IF_NEED_BE, NO = "yes", "if_need_be", "no"
DANISH_WEEKDAYS = ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag")


def two_hours(*starts: datetime) -> list[tuple[datetime, datetime]]:
    return [(start, start + timedelta(hours=2)) for start in starts]


# The meeting is 10 days ahead 17–19: the same as the first time of the poll.
STARTS = (days_ahead(10, 17), days_ahead(11, 9), days_ahead(12, 17))


@pytest.fixture
def meeting(network):
    return make_meeting(network, location="Beboerhuset", starts_at=STARTS[0])


@pytest.fixture
def people(meeting, member, volunteer, coordinator):
    """Three invitees: two volunteers (Nordparken, Sydparken) and a staff member (no area)."""
    invite(meeting, member.person, volunteer, coordinator.person)
    return member.person, volunteer, coordinator.person


@pytest.fixture
def poll(meeting, people) -> Poll:
    return open_poll(meeting, two_hours(*STARTS))


def slots_of(poll: Poll) -> list[Slot]:
    return list(poll.slots.order_by("starts_at"))


def saved_answers(poll: Poll) -> dict[tuple[str, int], str]:
    return {
        (name, slot): value
        for name, slot, value in Answer.objects.filter(slot__poll=poll).values_list(
            "person__name", "slot_id", "value"
        )
    }


def addresses(mailoutbox) -> list[str]:
    return sorted(address for _name, address in getaddresses([a for m in mailoutbox for a in m.to]))


def time_rule(meeting) -> str:
    (rule,) = [r for r in design_check(meeting, time_outcome(meeting)).rules if r.code == "time"]
    return str(rule.status)


def answer_all(poll: Poll, table: dict) -> None:
    """table: person -> [answer for each slot in time order, None for unanswered]."""
    slots = slots_of(poll)
    for person, values in table.items():
        given = {slot.pk: value for slot, value in zip(slots, values, strict=True) if value}
        answer_poll(poll, person, given)


# Opening a poll


def test_open_poll_creates_its_times_in_time_order(meeting, people):
    poll = open_poll(meeting, two_hours(STARTS[2], STARTS[0], STARTS[1]))

    assert Poll.objects.get(meeting=meeting) == poll
    assert [(s.starts_at, s.ends_at) for s in poll.slots.all()] == two_hours(*STARTS)
    assert poll.is_open
    assert poll.closes_at is None
    assert poll.finalised_at is None


def test_open_poll_keeps_when_it_closes(meeting, people):
    closes = timezone.now() + timedelta(days=3)

    poll = open_poll(meeting, two_hours(*STARTS), closes_at=closes)

    poll.refresh_from_db()
    assert poll.closes_at == closes
    assert poll.is_open


def test_key_persons_are_invited_if_they_were_not(meeting, people):
    member, _volunteer, _coordinator = people
    speaker = make_person("Sara Taler")

    poll = open_poll(meeting, two_hours(*STARTS), key_persons=[speaker, member])

    invited = list(meeting.invitations.values_list("person__name", flat=True))
    assert sorted(invited) == ["Karen Koordinator", "Mads Medlem", "Sara Taler", "Vera Frivillig"]
    assert set(poll.key_persons.all()) == {speaker, member}


def test_a_poll_needs_at_least_one_time(meeting, people):
    with pytest.raises(ValidationError) as error:
        open_poll(meeting, [])

    assert set(error.value.message_dict) == {"slots"}
    assert not Poll.objects.exists()


def test_a_poll_cannot_close_in_the_past(meeting, people):
    with pytest.raises(ValidationError) as error:
        open_poll(meeting, two_hours(*STARTS), closes_at=timezone.now() - timedelta(minutes=1))

    assert set(error.value.message_dict) == {"closes_at"}
    assert not Poll.objects.exists()


def test_the_same_time_twice_is_refused_under_the_second_number(meeting, people):
    with pytest.raises(ValidationError) as error:
        open_poll(meeting, two_hours(STARTS[0], STARTS[1], STARTS[0]))

    with translation.override("da"):
        expected = gettext("This time is already in the poll.")
    assert error.value.message_dict == {"slots.2.starts_at": [expected]}
    assert not Poll.objects.exists()


@pytest.mark.parametrize("after_start", [timedelta(0), timedelta(minutes=1), timedelta(days=1)])
def test_the_answers_close_before_the_first_time_begins(meeting, people, after_start):
    first = min(STARTS)
    with pytest.raises(ValidationError) as error:
        open_poll(meeting, two_hours(*STARTS), closes_at=first + after_start)

    assert set(error.value.message_dict) == {"closes_at"}
    assert not Poll.objects.exists()
    # A minute before is fine.
    assert open_poll(meeting, two_hours(*STARTS), closes_at=first - timedelta(minutes=1))


def test_a_time_that_has_passed_is_refused_under_its_number(meeting, people):
    yesterday = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        open_poll(meeting, two_hours(STARTS[0], yesterday))

    assert set(error.value.message_dict) == {"slots.1.starts_at"}
    assert not Poll.objects.exists()


def test_poll_emails_queued_before_the_time_was_chosen_are_not_sent(
    poll, mailoutbox, django_capture_on_commit_callbacks
):
    # The poll fixture's e-mails wait for a worker that has not run yet.
    waiting = list(OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.POLL))
    assert len(waiting) == 3
    with django_capture_on_commit_callbacks(execute=True):
        finalise(poll, slots_of(poll)[0])
    mailoutbox.clear()

    assert deliver_messages.call([message.pk for message in waiting]) == {"sent": 0, "failed": 0}
    assert mailoutbox == []
    assert {m.status for m in OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.POLL)} == {
        OutgoingMessage.Status.DROPPED
    }


def test_poll_emails_not_sent_when_the_poll_closed_are_not_sent(poll, mailoutbox):
    waiting = list(OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.POLL))
    OutgoingMessage.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert deliver_messages.call([message.pk for message in waiting]) == {"sent": 0, "failed": 0}
    assert mailoutbox == []


def test_a_time_that_ends_before_it_starts_is_refused_under_its_number(meeting, people):
    start = STARTS[1]

    with pytest.raises(ValidationError) as error:
        open_poll(meeting, [*two_hours(STARTS[0]), (start, start - timedelta(hours=1))])

    assert set(error.value.message_dict) == {"slots.1.ends_at"}
    assert not Poll.objects.exists()
    assert not Slot.objects.exists()


def test_a_time_that_ends_as_it_starts_is_refused(meeting, people):
    with pytest.raises(ValidationError) as error:
        open_poll(meeting, [(STARTS[0], STARTS[0])])

    assert set(error.value.message_dict) == {"slots.0.ends_at"}
    assert not Poll.objects.exists()


def test_a_meeting_gets_one_poll_only(poll, meeting):
    with pytest.raises(PollExists):
        open_poll(meeting, two_hours(days_ahead(20)))

    assert Poll.objects.get() == poll
    assert len(slots_of(poll)) == 3


def test_a_cancelled_meeting_gets_no_poll(meeting, people):
    cancel_meeting(meeting)

    with pytest.raises(ValidationError):
        open_poll(meeting, two_hours(*STARTS))

    assert not Poll.objects.exists()


def test_the_poll_is_e_mailed_to_each_invitee_with_an_address(
    meeting, people, mailoutbox, django_capture_on_commit_callbacks
):
    invite(meeting, make_person("Ulla Uden Mail", email=""))

    with django_capture_on_commit_callbacks(execute=True):
        open_poll(meeting, two_hours(*STARTS))

    assert addresses(mailoutbox) == [
        "karen.koordinator@example.org",
        "mads.medlem@example.org",
        "vera.frivillig@example.org",
    ]
    assert all(meeting.title in message.subject for message in mailoutbox)


def test_each_poll_e_mail_carries_its_own_link(
    meeting, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_poll(meeting, two_hours(*STARTS))

    # Compare what the links stand for, not their text: a signed link carries the second it
    # was made, and the test may make its own a second later.
    own = {i.person.email: str(i.pk) for i in meeting.invitations.select_related("person")}
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        ((_name, address),) = getaddresses(message.to)
        html, _type = message.alternatives[0]
        for text in (message.body, html):
            tokens = re.findall(r"/poll/([^/\s\"]+)/", text)
            assert tokens and {read_token(POLL_LINK, token) for token in tokens} == {own[address]}


def test_the_poll_e_mails_wait_for_the_commit(
    meeting, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        open_poll(meeting, two_hours(*STARTS))

    # The e-mails' callback; the kept pages' mark (lib/viewer_cache.py) is not counted.
    assert len([c for c in callbacks if not hasattr(c, "viewer_cache_scope")]) == 1
    assert mailoutbox == []


def test_a_key_person_added_by_the_poll_gets_the_poll_e_mail(
    meeting, people, mailoutbox, django_capture_on_commit_callbacks
):
    speaker = make_person("Sara Taler")

    with django_capture_on_commit_callbacks(execute=True):
        open_poll(meeting, two_hours(*STARTS), key_persons=[speaker])

    assert "sara.taler@example.org" in addresses(mailoutbox)


# Answering


def test_answers_are_saved_per_time(poll, people):
    _member, volunteer, _coordinator = people
    first, second, _third = slots_of(poll)

    answer_poll(poll, volunteer, {first.pk: YES, second.pk: IF_NEED_BE})

    assert saved_answers(poll) == {
        ("Vera Frivillig", first.pk): YES,
        ("Vera Frivillig", second.pk): IF_NEED_BE,
    }
    assert not Answer.objects.filter(recorded_by_coordinator=True).exists()


def test_answering_again_changes_the_answer_and_keeps_the_times_left_out(poll, people):
    _member, volunteer, _coordinator = people
    first, second, _third = slots_of(poll)
    answer_poll(poll, volunteer, {first.pk: YES, second.pk: IF_NEED_BE})

    answer_poll(poll, volunteer, {first.pk: NO})

    assert saved_answers(poll) == {
        ("Vera Frivillig", first.pk): NO,
        ("Vera Frivillig", second.pk): IF_NEED_BE,
    }
    assert Answer.objects.count() == 2


def test_answers_the_coordinator_records_are_marked_as_such(poll, people):
    _member, volunteer, _coordinator = people
    first = slots_of(poll)[0]

    answer_poll(poll, volunteer, {first.pk: YES}, by_coordinator=True)

    assert Answer.objects.get().recorded_by_coordinator


def test_a_closed_poll_takes_no_answers(poll, people):
    _member, volunteer, _coordinator = people
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    poll.refresh_from_db()

    with pytest.raises(PollClosed):
        answer_poll(poll, volunteer, {slots_of(poll)[0].pk: YES})

    assert not Answer.objects.exists()


def test_a_finalised_poll_takes_no_answers(poll, people):
    _member, volunteer, _coordinator = people
    finalise(poll, slots_of(poll)[0])

    with pytest.raises(PollClosed):
        answer_poll(poll, volunteer, {slots_of(poll)[1].pk: YES})

    assert not Answer.objects.exists()


def test_someone_not_invited_cannot_answer(poll):
    stranger = make_person("Ole Udenfor")

    with pytest.raises(ValidationError) as error:
        answer_poll(poll, stranger, {slots_of(poll)[0].pk: YES})

    assert set(error.value.message_dict) == {"person"}
    assert not Answer.objects.exists()


def test_a_time_of_another_poll_is_refused_under_its_id(poll, people, network):
    _member, volunteer, _coordinator = people
    elsewhere = make_meeting(network, title="Et andet møde")
    invite(elsewhere, volunteer)
    other_slot = slots_of(open_poll(elsewhere, two_hours(days_ahead(30))))[0]
    mine = slots_of(poll)[0]

    with pytest.raises(ValidationError) as error:
        answer_poll(poll, volunteer, {mine.pk: YES, other_slot.pk: YES})

    assert set(error.value.message_dict) == {f"answers.{other_slot.pk}"}
    assert not Answer.objects.exists()


def test_an_answer_other_than_yes_if_need_be_or_no_is_refused(poll, people):
    _member, volunteer, _coordinator = people
    first, second, _third = slots_of(poll)

    with pytest.raises(ValidationError) as error:
        answer_poll(poll, volunteer, {first.pk: YES, second.pk: "maybe"})

    assert set(error.value.message_dict) == {f"answers.{second.pk}"}
    assert not Answer.objects.exists()


# The recommendation


def test_ranking_puts_the_time_most_can_make_first(poll, people):
    member, volunteer, coordinator = people
    first, second, third = slots_of(poll)
    answer_all(
        poll,
        {
            member: [YES, YES, None],
            volunteer: [NO, IF_NEED_BE, None],
            coordinator: [YES, YES, None],
        },
    )

    ranked = ranking(poll)

    assert [r.slot for r in ranked] == [second.pk, first.pk, third.pk]
    assert (ranked[0].available, ranked[0].yes, ranked[0].if_need_be) == (3, 2, 1)
    assert (ranked[2].available, ranked[2].groups_missing) == (
        0,
        ("social_housing_staff", "volunteer"),
    )


def test_a_key_person_who_cannot_come_outweighs_the_head_count(meeting, people):
    member, volunteer, coordinator = people
    poll = open_poll(meeting, two_hours(*STARTS), key_persons=[coordinator])
    first, second, _third = slots_of(poll)
    answer_all(
        poll,
        {member: [YES, NO, None], volunteer: [YES, NO, None], coordinator: [NO, IF_NEED_BE, NO]},
    )

    ranked = ranking(poll)

    assert ranked[0].slot == second.pk
    assert ranked[0].available == 1
    assert ranked[1].slot == first.pk
    assert ranked[1].available == 2
    assert ranked[1].key_persons_missing == (coordinator.pk,)


def test_answers_of_someone_no_longer_invited_do_not_count(poll, people):
    member, volunteer, coordinator = people
    first, second, _third = slots_of(poll)
    answer_all(poll, {member: [YES, None, None], volunteer: [YES, None, None]})
    answer_all(poll, {coordinator: [None, YES, None]})
    Invitation.objects.filter(person__in=[member, volunteer]).delete()

    ranked = ranking(poll)

    assert ranked[0].slot == second.pk
    assert {r.slot: r.available for r in ranked}[first.pk] == 0


def test_ranking_takes_as_many_queries_for_a_large_poll_as_for_a_small_one(
    meeting, people, network
):
    small = open_poll(meeting, two_hours(*STARTS))
    answer_all(small, {people[0]: [YES, NO, YES]})
    with CaptureQueriesContext(connection) as for_small:
        ranking(small)

    big_meeting = make_meeting(network, title="Stormøde")
    crowd = [make_person(f"Deltager {n}", StakeholderGroup.VOLUNTEER) for n in range(12)]
    invite(big_meeting, *crowd)
    big = open_poll(big_meeting, two_hours(*(days_ahead(20 + n) for n in range(8))))
    answer_all(big, {person: [YES, NO, IF_NEED_BE, YES, NO, YES, NO, YES] for person in crowd})
    with CaptureQueriesContext(connection) as for_big:
        ranked = ranking(big)

    assert len(ranked) == 8
    assert len(for_big.captured_queries) == len(for_small.captured_queries)


def label_of(slot: Slot) -> str:
    return slot_label(slot.starts_at, slot.ends_at)


def test_explain_says_how_many_answered_and_tells_missing_from_not_heard(meeting, people):
    member, volunteer, coordinator = people
    speaker = make_person("Sara Taler", StakeholderGroup.PROFESSIONAL_STAFF)
    poll = open_poll(meeting, two_hours(*STARTS), key_persons=[speaker])
    # Vera Frivillig (volunteer, Sydparken) has not answered.
    answer_all(
        poll,
        {member: [YES, NO, None], coordinator: [IF_NEED_BE, YES, None], speaker: [NO, NO, NO]},
    )

    with translation.override("en"):
        text = explain(poll, ranking(poll), turnout(poll))
        first = label_of(slots_of(poll)[0])

    assert text == (
        f"3 of 4 have answered. {first}: 2 of the 3 who answered can come; "
        "of those who answered, no one can come from: professional, staff; "
        "the key person Sara Taler cannot come. "
        "Not heard from yet – housing areas: Sydparken."
    )


def test_explain_does_not_call_groups_missing_that_have_not_answered(poll, people):
    member, volunteer, coordinator = people
    answer_all(poll, {coordinator: [YES, None, None]})

    with translation.override("en"):
        text = explain(poll, ranking(poll), turnout(poll))
        first = label_of(slots_of(poll)[0])

    assert text == (
        f"1 of 3 have answered. {first}: the one who answered can come. "
        "Not heard from yet – groups: volunteer. "
        "Not heard from yet – housing areas: Nordparken and Sydparken."
    )
    assert "no one can come" not in text


def test_explain_with_no_answers_recommends_nothing(poll):
    with translation.override("en"):
        text = explain(poll, ranking(poll), turnout(poll))

    assert text == "No one has answered yet, so there is nothing to recommend."


def test_explain_in_english_names_the_groups_by_their_labels(poll, people):
    member, volunteer, coordinator = people
    answer_all(poll, {member: [YES, None, None], volunteer: [IF_NEED_BE, None, None]})

    with translation.override("en"):
        text = explain(poll, ranking(poll), turnout(poll))

    assert text.startswith(f"2 of 3 have answered. {STARTS[0]:%A}, {STARTS[0].day} ")
    assert "all 2 who answered can come" in text
    assert "social-housing staff" in text
    assert "social_housing_staff" not in text


def test_explain_keeps_group_names_with_commas_apart(meeting, people):
    member, volunteer, coordinator = people
    boss = make_person("Bo Leder", StakeholderGroup.PROFESSIONAL_MANAGEMENT)
    staff = make_person("Sif Fagperson", StakeholderGroup.PROFESSIONAL_STAFF)
    invite(meeting, boss, staff)
    poll = open_poll(meeting, two_hours(STARTS[0]))
    answer_all(poll, {member: [YES], volunteer: [YES], coordinator: [NO], boss: [NO], staff: [NO]})

    with translation.override("en"):
        text = explain(poll, ranking(poll), turnout(poll))

    assert (
        "no one can come from: professional, management; professional, staff; "
        "and social-housing staff."
    ) in text


def test_explain_without_any_time_says_so(poll):
    with translation.override("en"):
        assert explain(poll, [], turnout(poll)) == "The poll has no times yet."


# Choosing the time


def test_finalise_sets_the_meeting_time_and_closes_the_poll(poll, meeting):
    chosen = slots_of(poll)[1]

    result = finalise(poll, chosen)

    meeting.refresh_from_db()
    poll.refresh_from_db()
    assert result == meeting
    assert (meeting.starts_at, meeting.ends_at) == (chosen.starts_at, chosen.ends_at)
    assert poll.chosen_slot == chosen
    assert poll.finalised_at is not None
    assert not poll.is_open


def test_finalise_e_mails_the_invitation_to_every_invitee_with_an_address(
    poll, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    invite(meeting, make_person("Ulla Uden Mail", email=""))

    with django_capture_on_commit_callbacks(execute=True):
        finalise(poll, slots_of(poll)[2])

    assert addresses(mailoutbox) == [
        "karen.koordinator@example.org",
        "mads.medlem@example.org",
        "vera.frivillig@example.org",
    ]
    assert all(
        any(attachment[2].startswith("text/calendar") for attachment in message.attachments)
        for message in mailoutbox
    )
    sent = dict(meeting.invitations.values_list("person__name", "sent_at"))
    assert sent["Ulla Uden Mail"] is None
    assert all(sent[name] is not None for name in ("Mads Medlem", "Vera Frivillig"))
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is not None


def test_finalise_after_the_invitations_went_out_sends_the_change(
    poll, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(meeting)
    mailoutbox.clear()
    sequence = meeting.sequence

    with django_capture_on_commit_callbacks(execute=True):
        finalise(poll, slots_of(poll)[1])

    meeting.refresh_from_db()
    assert meeting.sequence == sequence + 1
    assert len(mailoutbox) == 3


def test_a_poll_is_finalised_once(poll, meeting):
    first, second, _third = slots_of(poll)
    finalise(poll, second)

    with pytest.raises(PollClosed):
        finalise(poll, first)

    meeting.refresh_from_db()
    poll.refresh_from_db()
    assert meeting.starts_at == second.starts_at
    assert poll.chosen_slot == second


def test_finalise_with_a_time_of_another_poll_is_refused(poll, meeting, network):
    elsewhere = make_meeting(network, title="Et andet møde")
    other_slot = slots_of(open_poll(elsewhere, two_hours(days_ahead(30))))[0]
    before = (meeting.starts_at, meeting.ends_at)

    with pytest.raises(ValidationError) as error:
        finalise(poll, other_slot)

    assert set(error.value.message_dict) == {"slot"}
    meeting.refresh_from_db()
    poll.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == before
    assert poll.finalised_at is None
    assert poll.chosen_slot is None


# Reminders


def test_reminders_go_only_to_invitees_without_any_answer(
    poll, people, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    member, _volunteer, _coordinator = people
    invite(meeting, make_person("Ulla Uden Mail", email=""))
    answer_all(poll, {member: [NO, None, None]})  # one "no" is an answer too

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(poll)

    assert sent == Outcome(sent=2, failed=0)
    assert addresses(mailoutbox) == ["karen.koordinator@example.org", "vera.frivillig@example.org"]


def test_the_reminder_is_worded_as_one(
    meeting, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        poll = open_poll(meeting, two_hours(*STARTS))
    first_subjects = {m.subject for m in mailoutbox}
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(poll)

    reminder_subjects = {m.subject for m in mailoutbox}
    assert len(mailoutbox) == 3
    assert len(first_subjects) == len(reminder_subjects) == 1
    assert reminder_subjects != first_subjects
    assert meeting.title in reminder_subjects.pop()


def test_no_reminders_when_everyone_answered(
    poll, people, mailoutbox, django_capture_on_commit_callbacks
):
    answer_all(poll, {person: [YES, None, None] for person in people})

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(poll)

    assert sent == Outcome(sent=0, failed=0)
    assert mailoutbox == []


def test_a_closed_poll_sends_no_reminders(poll, mailoutbox, django_capture_on_commit_callbacks):
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    poll.refresh_from_db()

    with pytest.raises(PollClosed), django_capture_on_commit_callbacks(execute=True):
        send_reminders(poll)

    assert mailoutbox == []


def test_a_finalised_poll_sends_no_reminders(poll):
    finalise(poll, slots_of(poll)[0])

    with pytest.raises(PollClosed):
        send_reminders(poll)


# The design check's time rule


def test_without_a_poll_the_time_rule_warns(meeting):
    assert time_outcome(meeting) is None
    assert time_rule(meeting) == "warn"


def test_a_meeting_at_the_recommended_time_passes(poll, people, meeting):
    member, volunteer, coordinator = people
    answer_all(
        poll, {member: [NO, YES, NO], volunteer: [NO, YES, YES], coordinator: [YES, YES, NO]}
    )
    best = slots_of(poll)[1]
    assert ranking(poll)[0].slot == best.pk

    finalise(poll, best)

    assert time_outcome(meeting).matches_recommendation
    assert time_rule(meeting) == "pass"


def test_a_meeting_at_a_worse_time_fails(poll, people, meeting):
    member, volunteer, coordinator = people
    answer_all(
        poll, {member: [NO, YES, NO], volunteer: [NO, YES, YES], coordinator: [YES, YES, NO]}
    )

    finalise(poll, slots_of(poll)[2])

    assert not time_outcome(meeting).matches_recommendation
    assert time_rule(meeting) == "fail"


def test_a_meeting_at_a_time_tied_on_key_persons_and_head_count_passes(poll, people, meeting):
    member, volunteer, coordinator = people
    first, second, third = slots_of(poll)
    # Two can come at the first and the second time; the first has more yes.
    answer_all(
        poll,
        {
            member: [YES, IF_NEED_BE, NO],
            volunteer: [NO, IF_NEED_BE, NO],
            coordinator: [YES, NO, NO],
        },
    )
    assert [r.slot for r in ranking(poll)][:2] == [first.pk, second.pk]

    finalise(poll, second)

    assert time_rule(meeting) == "pass"


def test_a_key_person_missing_breaks_the_tie(meeting, people):
    member, volunteer, coordinator = people
    poll = open_poll(meeting, two_hours(*STARTS), key_persons=[volunteer])
    first, second, _third = slots_of(poll)
    # Two can come at either time, but the key person only at the first.
    answer_all(
        poll,
        {member: [YES, YES, NO], volunteer: [IF_NEED_BE, NO, NO], coordinator: [NO, YES, NO]},
    )

    finalise(poll, second)

    assert time_rule(meeting) == "fail"


def test_a_meeting_moved_away_from_every_time_of_the_poll_fails(poll, people, meeting):
    answer_all(poll, {person: [YES, NO, NO] for person in people})
    assert time_rule(meeting) == "pass"  # the meeting is at the first time, the best

    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    meeting.save()

    assert time_rule(meeting) == "fail"


def test_a_poll_without_times_counts_as_no_poll(poll, meeting):
    poll.slots.all().delete()

    assert time_outcome(meeting) is None
    assert time_rule(meeting) == "warn"


# What the network's answers show


def past_poll(network, people_answers: dict, starts: list[datetime]) -> Poll:
    """A poll of a past meeting, answered: person -> answers in the order of `starts`."""
    meeting = make_meeting(network, title="Et tidligere møde", starts_at=starts[0])
    poll = Poll.objects.create(meeting=meeting)
    slots = [
        Slot.objects.create(poll=poll, starts_at=s, ends_at=s + timedelta(hours=2)) for s in starts
    ]
    for person, values in people_answers.items():
        for slot, value in zip(slots, values, strict=True):
            Answer.objects.create(slot=slot, person=person, value=value)
    return poll


# Tuesday 13 January 2026, 17.00 and 11.30 in Copenhagen (winter time: UTC + 1).
TUESDAY_EVENING_UTC = datetime(2026, 1, 13, 16, 0, tzinfo=UTC)
TUESDAY_MIDDAY_UTC = datetime(2026, 1, 13, 10, 30, tzinfo=UTC)


def test_network_shares_count_yes_per_group_in_copenhagen_time(
    network, other_network, member, volunteer, coordinator
):
    past_poll(
        network,
        {
            member.person: [YES, NO],
            volunteer: [NO, NO],
            coordinator.person: [YES, IF_NEED_BE],
        },
        [TUESDAY_EVENING_UTC, TUESDAY_MIDDAY_UTC],
    )
    # Another network's answers say nothing about this one.
    past_poll(other_network, {volunteer: [YES, YES]}, [TUESDAY_EVENING_UTC, TUESDAY_MIDDAY_UTC])

    shares = network_shares(network)

    assert shares == {
        "volunteer": {(1, preferences.EVENING): 0.5, (1, preferences.MIDDAY): 0.0},
        "social_housing_staff": {(1, preferences.EVENING): 1.0, (1, preferences.MIDDAY): 0.0},
    }


def test_a_network_without_answers_has_no_shares(network, poll):
    assert network_shares(network) == {}


# Suggestions for the next poll

# Wednesday 14 January 2026 at 17.00 and Monday 12 January 2026 at 9.00, in Copenhagen.
WEDNESDAY_EVENING = datetime(2026, 1, 14, 17, tzinfo=CPH)
MONDAY_MORNING = datetime(2026, 1, 12, 9, tzinfo=CPH)


@pytest.fixture
def history(network, member, volunteer):
    """Three volunteers came on Wednesday evening; three staff on Monday morning."""
    vibeke = make_person("Vibeke Frivillig", StakeholderGroup.VOLUNTEER)
    staff = make_person("Per Fagperson", StakeholderGroup.PROFESSIONAL_STAFF)
    more_staff = [
        make_person(f"Fagperson {n}", StakeholderGroup.PROFESSIONAL_STAFF) for n in (2, 3)
    ]
    past_poll(
        network,
        {member.person: [YES, NO], volunteer: [YES, NO], vibeke: [YES, NO]}
        | {person: [NO, YES] for person in [staff, *more_staff]},
        [WEDNESDAY_EVENING, MONDAY_MORNING],
    )
    return staff


@pytest.fixture
def every_time(network, member, volunteer):
    """Three volunteers who are no members answered every weekday and time of day: yes.
    The network's members (two volunteers) are the groups suggestions go by."""
    people = [make_person(f"Frivillig {n}", StakeholderGroup.VOLUNTEER) for n in range(3)]
    starts = [
        datetime.combine(date(2026, 1, 12) + timedelta(days=day), preferences.BAND_START[band], CPH)
        for day in range(5)
        for band in preferences.BANDS
    ]
    past_poll(network, {person: [YES] * len(starts) for person in people}, starts)


def weekday_and_band(suggestion) -> tuple[int, str]:
    return suggestion.starts_at.weekday(), preferences.time_band(suggestion.starts_at)


def test_suggestions_follow_what_the_invitees_groups_answered_before(
    network, history, member, volunteer
):
    for_volunteers = make_meeting(network, title="For frivillige")
    invite(for_volunteers, member.person, volunteer)
    for_staff = make_meeting(network, title="For fagfolk")
    invite(for_staff, history, make_person("Pia Fagperson"))

    (volunteer_time,) = suggestions(for_volunteers, count=1)
    (staff_time,) = suggestions(for_staff, count=1)

    assert weekday_and_band(volunteer_time) == (2, preferences.EVENING)
    assert volunteer_time.starts_at.astimezone(CPH).hour == 17
    assert volunteer_time.expected_yes == 2.0
    assert weekday_and_band(staff_time) == (0, preferences.MORNING)
    assert staff_time.expected_yes == 2.0


def test_a_suggestion_says_in_words_what_it_is_based_on(network, history, member, volunteer):
    meeting = make_meeting(network, title="For frivillige")
    invite(meeting, member.person, volunteer)

    with translation.override("en"):
        (suggestion,) = suggestions(meeting, count=1)

    assert suggestion.reason == (
        "Based on earlier polls – share who said yes on Wednesday evenings: volunteer 100\u00a0%."
    )


def test_too_little_history_suggests_nothing(network, member, volunteer):
    # Two volunteers said yes on Wednesday evening: fewer than three people to go by.
    past_poll(network, {member.person: [YES], volunteer: [YES]}, [WEDNESDAY_EVENING])
    meeting = make_meeting(network, title="Uden historik")
    invite(meeting, member.person, volunteer)

    assert suggestions(meeting) == []


def test_without_invitees_the_network_members_groups_count(network, history, coordinator):
    # Members: two volunteers and a social-housing staff member; the staff of the history
    # are no members.
    meeting = make_meeting(network, title="Ingen inviteret endnu")

    (suggestion,) = suggestions(meeting, count=1)

    assert weekday_and_band(suggestion) == (2, preferences.EVENING)
    assert suggestion.expected_yes == 2.5


def test_suggestions_respect_the_count_and_last_as_long_as_the_meeting(network, every_time):
    meeting = make_meeting(network, title="To og en halv time", hours=2.5)

    chosen = suggestions(meeting, count=6)

    assert len(chosen) == 6
    assert all(s.ends_at - s.starts_at == timedelta(hours=2, minutes=30) for s in chosen)
    assert [s.starts_at for s in chosen] == sorted(s.starts_at for s in chosen)
    assert len({s.starts_at.astimezone(CPH).date() for s in chosen}) == 6  # a day each


def test_suggestions_start_at_least_a_week_ahead_on_weekdays(network, every_time):
    tomorrow = make_meeting(network, title="I morgen", starts_at=days_ahead(1))

    chosen = suggestions(tomorrow, count=20)

    week_ahead = timezone.localdate() + timedelta(days=7)
    assert chosen
    assert all(s.starts_at.astimezone(CPH).date() >= week_ahead for s in chosen)
    assert all(s.starts_at.astimezone(CPH).weekday() < 5 for s in chosen)


def test_suggestions_start_from_the_meeting_day_when_that_is_later(network, every_time):
    # A Wednesday about two months ahead that is not a public holiday.
    day = timezone.localdate() + timedelta(days=60)
    day += timedelta(days=(2 - day.weekday()) % 7)
    while day in holidays.country_holidays("DK"):
        day += timedelta(weeks=1)
    later = make_meeting(network, title="Senere", starts_at=datetime.combine(day, time(17), CPH))

    chosen = suggestions(later, count=20)

    assert min(s.starts_at for s in chosen).astimezone(CPH).date() == day


def test_suggestions_skip_danish_public_holidays(network, every_time):
    # Next year's Easter: Maundy Thursday, Good Friday and Easter Monday.
    sunday = easter(timezone.localdate().year + 1)
    before_easter = make_meeting(
        network,
        title="Før påske",
        starts_at=datetime.combine(sunday - timedelta(days=4), time(17), CPH),
    )

    chosen = suggestions(before_easter, count=20)

    days = {s.starts_at.astimezone(CPH).date() for s in chosen}
    assert len(chosen) == 15 - 3  # a weekday each in three weeks, but the three holidays
    assert not days & {
        sunday - timedelta(days=3),
        sunday - timedelta(days=2),
        sunday + timedelta(days=1),
    }
    danish = holidays.country_holidays("DK")
    assert not [day for day in days if day in danish]


# The poll answer is the reply


def test_finalise_records_each_poll_answer_for_the_chosen_time_as_the_reply(poll, meeting, people):
    member, volunteer, coordinator = people
    unheard = make_person("Ulla Ubesvaret", email="ulla@example.org")
    # Answered the other times and left the chosen one open: the poll page told her that
    # counts as no.
    partial = make_person("Pia Delvis", email="pia@example.org")
    invite(meeting, unheard, partial)
    answer_all(
        poll,
        {
            member: [YES, NO, NO],
            volunteer: [IF_NEED_BE, NO, NO],
            coordinator: [NO, YES, YES],
            partial: [None, YES, NO],
        },
    )

    finalise(poll, slots_of(poll)[0])

    replies = dict(meeting.invitations.values_list("person__name", "answer"))
    assert replies == {
        member.name: Invitation.Answer.YES,
        volunteer.name: Invitation.Answer.MAYBE,
        coordinator.name: Invitation.Answer.NO,
        "Pia Delvis": Invitation.Answer.NO,
        "Ulla Ubesvaret": Invitation.Answer.PENDING,
    }
    assert meeting.invitations.get(person=partial).answered_at is not None
    assert meeting.invitations.get(person=member).answered_at is not None


def test_after_the_choice_the_yes_voters_are_not_asked_again(client, poll, meeting, member):
    answer_all(poll, {member.person: [YES, NO, NO]})
    finalise(poll, slots_of(poll)[0])
    client.force_login(member)

    content = client.get(meeting.get_absolute_url()).content.decode()

    assert 'value="no"' in content  # they may change it
    with translation.override("da"):
        coming = str(Invitation.Answer.YES.label).lower()
        shown = gettext("Your answer now: %(answer)s.") % {"answer": coming}
    assert shown in content


def test_a_later_end_after_the_choice_keeps_the_time_rule_passing(poll, meeting, people):
    member, volunteer, coordinator = people
    answer_all(poll, {member: [YES, NO, NO], volunteer: [YES, NO, NO], coordinator: [YES, NO, NO]})
    finalise(poll, slots_of(poll)[0])
    meeting.refresh_from_db()
    assert time_rule(meeting) == "pass"

    meeting.ends_at += timedelta(minutes=15)
    meeting.save()

    assert time_rule(meeting) == "pass"


def test_a_meeting_without_a_time_gets_it_from_the_poll(network, member):
    meeting = make_meeting(network, title="Tid søges", starts_at=None)
    invite(meeting, member.person)
    poll = open_poll(meeting, two_hours(*STARTS))
    assert time_rule(meeting) == "warn"

    finalise(poll, slots_of(poll)[1])

    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == (STARTS[1], STARTS[1] + timedelta(hours=2))


def test_suggestions_for_a_meeting_without_a_time_last_as_long_as_its_agenda(network):
    meeting = make_meeting(network, title="Tid søges", starts_at=None)

    for suggestion in suggestions(meeting):
        assert suggestion.ends_at - suggestion.starts_at == timedelta(hours=2)


def test_the_invitation_asks_the_if_need_be_voter_to_confirm_and_tells_the_yes_voter(
    poll, meeting, people, mailoutbox, django_capture_on_commit_callbacks
):
    member, volunteer, coordinator = people
    answer_all(poll, {member: [YES, NO, NO], volunteer: [IF_NEED_BE, NO, NO]})

    with django_capture_on_commit_callbacks(execute=True):
        finalise(poll, slots_of(poll)[0])

    bodies = {message.to[0]: message.body for message in mailoutbox}
    with translation.override("da"):
        confirm = gettext(
            "You said in the poll that this time suits you if need be. Please confirm "
            "whether you are coming:"
        )
        coming = gettext(
            "You said in the poll that this time suits you, so you are down as coming. If "
            "that changes, tell us here:"
        )
        asked = gettext("Tell us if you are coming. You do not need to log in:")
    assert confirm in next(b for to, b in bodies.items() if volunteer.email in to)
    assert coming in next(b for to, b in bodies.items() if member.email in to)
    assert asked in next(b for to, b in bodies.items() if coordinator.email in to)
