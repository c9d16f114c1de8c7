"""Meeting workflows: saving, cancelling, the agenda, roles, invitations and the design check."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from icalendar import Calendar, Event

from ressourcenet.conftest import make_person, year_like
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.mail.services import Outcome
from ressourcenet.meetings.design import Status
from ressourcenet.meetings.models import (
    AgendaItem,
    DesignSettings,
    Invitation,
    Meeting,
    MeetingRole,
)
from ressourcenet.meetings.services import (
    AgendaRow,
    add_agenda_item,
    add_role,
    agenda_with_times,
    answer_invitation,
    cancel_meeting,
    design_check,
    design_plan,
    invite_guest,
    invite_members,
    invite_people,
    move_agenda_item,
    queue_invitations,
    record_attendance,
    save_meeting,
    send_invitations,
    set_agenda,
)
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Organisation, Person, StakeholderGroup

CPH = ZoneInfo("Europe/Copenhagen")
START = datetime(year_like(2030), 9, 17, 17, 0, tzinfo=CPH)  # ahead: answers close after it


@pytest.fixture
def meeting(network) -> Meeting:
    return Meeting.objects.create(
        network=network,
        title="Idéer til den sociale café",
        why="Ti idéer til produkter, som caféen kan sælge fra foråret",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        location="Beboerhuset, Nordparken 1",
        capture=["ideas"],
    )


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(meeting) -> how many e-mails went (those queued for later go at the commit)."""

    def _send(meeting: Meeting, **options) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_invitations(meeting, **options).sent

    return _send


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def agenda_in_db(meeting: Meeting) -> list[tuple[int, str, str, int]]:
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("position", "kind", "title", "minutes")
    )


def calendar_event(message) -> tuple[str, Event]:
    """The METHOD and the single VEVENT of the e-mail's calendar file."""
    (attachment,) = message.attachments
    calendar = Calendar.from_ical(attachment.content)
    (event,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


# save_meeting


@pytest.mark.parametrize("minutes", [0, -30])
def test_a_meeting_must_end_after_it_starts(network, minutes):
    meeting = Meeting(
        network=network,
        title="Fyraftensmøde",
        starts_at=START,
        ends_at=START + timedelta(minutes=minutes),
    )

    with pytest.raises(ValidationError) as error:
        save_meeting(meeting)

    assert list(error.value.message_dict) == ["ends_at"]
    assert not Meeting.objects.exists()


def test_an_unknown_form_of_capture_is_refused(network):
    meeting = Meeting(
        network=network,
        title="Fyraftensmøde",
        starts_at=START,
        ends_at=START + timedelta(hours=1),
        capture=["summary", "podcast"],
    )

    with pytest.raises(ValidationError) as error:
        save_meeting(meeting)

    assert list(error.value.message_dict) == ["capture"]
    assert "podcast" in error.value.message_dict["capture"][0]
    assert not Meeting.objects.exists()


def test_a_new_meeting_is_saved_without_sending_anything(network, mailoutbox):
    meeting = save_meeting(
        Meeting(
            network=network,
            title="Fyraftensmøde",
            starts_at=START,
            ends_at=START + timedelta(hours=1),
            capture=["summary", "leaflet"],
        )
    )

    saved = Meeting.objects.get(pk=meeting.pk)
    assert saved.title == "Fyraftensmøde"
    assert saved.capture == ["summary", "leaflet"]
    assert saved.sequence == 0
    assert mailoutbox == []


def test_moving_an_announced_meeting_updates_only_those_already_invited(
    meeting, member, volunteer, coordinator, send, django_capture_on_commit_callbacks, mailoutbox
):
    invite_people(meeting, [member.person, volunteer])
    send(meeting)
    late = invite_people(meeting, [coordinator.person])[0]
    mailoutbox.clear()

    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        save_meeting(meeting, changed=["starts_at", "ends_at"])

    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert meeting.starts_at == START + timedelta(hours=1)
    assert recipients(mailoutbox) == sorted(
        [f"Mads Medlem <{member.person.email}>", f"Vera Frivillig <{volunteer.email}>"]
    )
    for message in mailoutbox:
        method, event = calendar_event(message)
        assert (method, event["SEQUENCE"]) == ("REQUEST", 1)
        assert event.decoded("DTSTART") == START + timedelta(hours=1)
    assert set(meeting.invitations.exclude(pk=late.pk).values_list("sent_sequence", flat=True)) == {
        1
    }
    late.refresh_from_db()
    assert late.sent_at is None


def test_a_new_place_for_an_announced_meeting_is_also_an_update(
    meeting, volunteer, send, django_capture_on_commit_callbacks, mailoutbox
):
    invite_people(meeting, [volunteer])
    send(meeting)
    mailoutbox.clear()

    meeting.location = "Kulturhuset, sal 2"
    with django_capture_on_commit_callbacks(execute=True):
        save_meeting(meeting, changed=["location"])

    assert Meeting.objects.get(pk=meeting.pk).sequence == 1
    (message,) = mailoutbox
    _method, event = calendar_event(message)
    assert str(event["LOCATION"]) == "Kulturhuset, sal 2"
    assert event["SEQUENCE"] == 1


def test_a_new_title_sends_no_update(
    meeting, volunteer, send, django_capture_on_commit_callbacks, mailoutbox
):
    invite_people(meeting, [volunteer])
    send(meeting)
    mailoutbox.clear()

    meeting.title = "Produktidéer til caféen"
    with django_capture_on_commit_callbacks(execute=True):
        save_meeting(meeting, changed=["title"])

    saved = Meeting.objects.get(pk=meeting.pk)
    assert saved.title == "Produktidéer til caféen"
    assert saved.sequence == 0
    assert mailoutbox == []


def test_moving_a_meeting_nobody_was_invited_to_sends_nothing(
    meeting, volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    invite_people(meeting, [volunteer])

    meeting.starts_at += timedelta(days=1)
    meeting.ends_at += timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        save_meeting(meeting, changed=["starts_at", "ends_at"])

    assert Meeting.objects.get(pk=meeting.pk).sequence == 0
    assert mailoutbox == []


# cancel_meeting


def test_cancelling_tells_those_who_were_invited(
    meeting, member, volunteer, send, django_capture_on_commit_callbacks, mailoutbox
):
    invite_people(meeting, [volunteer])
    send(meeting)
    invite_people(meeting, [member.person])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting)

    saved = Meeting.objects.get(pk=meeting.pk)
    assert saved.cancelled_at is not None
    assert saved.sequence == 1
    (message,) = mailoutbox
    assert message.to == [f"Vera Frivillig <{volunteer.email}>"]
    method, event = calendar_event(message)
    assert method == "CANCEL"
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CANCELLED", 1)


def test_cancelling_a_meeting_that_was_never_announced_sends_nothing(
    meeting, volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    invite_people(meeting, [volunteer])

    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting)

    assert Meeting.objects.get(pk=meeting.pk).is_cancelled
    assert mailoutbox == []


def test_a_meeting_cannot_be_cancelled_twice(meeting):
    cancel_meeting(meeting)
    first = Meeting.objects.get(pk=meeting.pk)

    with pytest.raises(ValidationError):
        cancel_meeting(Meeting.objects.get(pk=meeting.pk))

    again = Meeting.objects.get(pk=meeting.pk)
    assert (again.cancelled_at, again.sequence) == (first.cancelled_at, 1)


# the agenda

OLD_AGENDA = [
    AgendaRow("welcome", "Velkommen", 10),
    AgendaRow("talk", "Oplæg om caféen", 20),
    AgendaRow("workshop", "Idéværksted", 45),
]


def test_set_agenda_replaces_every_item_in_the_given_order(meeting):
    set_agenda(meeting, OLD_AGENDA)

    result = set_agenda(
        meeting,
        [AgendaRow("workshop", "Idéværksted", 60), AgendaRow("wrap_up", "Opsamling", 15)],
    )

    expected = [(0, "workshop", "Idéværksted", 60), (1, "wrap_up", "Opsamling", 15)]
    assert agenda_in_db(meeting) == expected
    assert [(i.position, i.kind, i.title, i.minutes) for i in result] == expected


def test_set_agenda_numbers_positions_from_zero(meeting):
    set_agenda(meeting, OLD_AGENDA)

    assert [position for position, *_ in agenda_in_db(meeting)] == [0, 1, 2]


def test_set_agenda_keeps_the_responsible_person(meeting, volunteer):
    set_agenda(meeting, [AgendaRow("talk", "Oplæg", 15, responsible=volunteer)])

    assert AgendaItem.objects.get(meeting=meeting).responsible == volunteer


def test_an_empty_agenda_clears_the_old_one(meeting):
    set_agenda(meeting, OLD_AGENDA)

    assert set_agenda(meeting, []) == []
    assert agenda_in_db(meeting) == []


@pytest.mark.parametrize(
    ("bad_row", "field"),
    [
        (AgendaRow("food", "Mad", 0), "items.2.minutes"),
        (AgendaRow("food", "Mad", -5), "items.2.minutes"),
        (AgendaRow("karaoke", "Sang", 15), "items.2.kind"),
    ],
)
def test_a_bad_item_names_its_place_and_leaves_the_old_agenda(meeting, bad_row, field):
    set_agenda(meeting, OLD_AGENDA)
    before = agenda_in_db(meeting)
    rows = [AgendaRow("welcome", "Kaffe", 5), AgendaRow("workshop", "Værksted", 30), bad_row]

    with pytest.raises(ValidationError) as error:
        set_agenda(meeting, rows)

    assert list(error.value.message_dict) == [field]
    assert agenda_in_db(meeting) == before


def test_add_agenda_item_puts_it_last(meeting):
    set_agenda(meeting, OLD_AGENDA)

    item = add_agenda_item(meeting, AgendaItem(kind="wrap_up", title="Opsamling", minutes=15))

    assert item.pk is not None
    assert agenda_in_db(meeting)[-1] == (3, "wrap_up", "Opsamling", 15)


def test_the_first_agenda_item_gets_position_zero(meeting):
    add_agenda_item(meeting, AgendaItem(kind="welcome", title="Velkommen", minutes=5))

    assert agenda_in_db(meeting) == [(0, "welcome", "Velkommen", 5)]


def test_add_agenda_item_refuses_zero_minutes(meeting):
    with pytest.raises(ValidationError) as error:
        add_agenda_item(meeting, AgendaItem(kind="talk", title="Oplæg", minutes=0))

    assert list(error.value.message_dict) == ["minutes"]
    assert agenda_in_db(meeting) == []


def titles(meeting: Meeting) -> list[str]:
    return [title for _position, _kind, title, _minutes in agenda_in_db(meeting)]


@pytest.mark.parametrize(
    ("title", "offset", "expected"),
    [
        ("Oplæg om caféen", -1, ["Oplæg om caféen", "Velkommen", "Idéværksted"]),
        ("Oplæg om caféen", +1, ["Velkommen", "Idéværksted", "Oplæg om caféen"]),
        ("Velkommen", -1, ["Velkommen", "Oplæg om caféen", "Idéværksted"]),
        ("Idéværksted", +1, ["Velkommen", "Oplæg om caféen", "Idéværksted"]),
        ("Velkommen", +1, ["Oplæg om caféen", "Velkommen", "Idéværksted"]),
        ("Idéværksted", -1, ["Velkommen", "Idéværksted", "Oplæg om caféen"]),
    ],
)
def test_move_agenda_item(meeting, title, offset, expected):
    set_agenda(meeting, OLD_AGENDA)

    move_agenda_item(AgendaItem.objects.get(meeting=meeting, title=title), offset)

    assert titles(meeting) == expected
    assert [position for position, *_ in agenda_in_db(meeting)] == [0, 1, 2]


def test_moving_renumbers_positions_with_gaps(meeting):
    for position, title in [(0, "Velkommen"), (4, "Oplæg"), (9, "Værksted")]:
        AgendaItem.objects.create(
            meeting=meeting, position=position, kind="talk", title=title, minutes=10
        )

    move_agenda_item(AgendaItem.objects.get(meeting=meeting, title="Værksted"), -1)

    assert agenda_in_db(meeting) == [
        (0, "talk", "Velkommen", 10),
        (1, "talk", "Værksted", 10),
        (2, "talk", "Oplæg", 10),
    ]


def test_agenda_with_times_gives_each_item_its_clock_time(meeting):
    set_agenda(meeting, OLD_AGENDA)

    items = agenda_with_times(meeting)

    clock = [
        (item.title, item.starts_at.astimezone(CPH).strftime("%H.%M"))
        + (item.ends_at.astimezone(CPH).strftime("%H.%M"),)
        for item in items
    ]
    assert clock == [
        ("Velkommen", "17.00", "17.10"),
        ("Oplæg om caféen", "17.10", "17.30"),
        ("Idéværksted", "17.30", "18.15"),
    ]


def test_agenda_with_times_also_times_unsaved_items(meeting):
    items = [
        AgendaItem(kind="talk", title="Oplæg", minutes=25),
        AgendaItem(kind="food", title="Aftensmad", minutes=40),
    ]

    timed = agenda_with_times(meeting, items)

    assert [item.ends_at for item in timed] == [
        START + timedelta(minutes=25),
        START + timedelta(minutes=65),
    ]


# roles


def test_add_role_gives_a_person_a_role(meeting, volunteer):
    role = add_role(meeting, volunteer, MeetingRole.Role.TABLE_HOST)

    saved = MeetingRole.objects.get(pk=role.pk)
    assert (saved.person, saved.role) == (volunteer, "table_host")
    with translation.override("en"):
        assert saved.label == "Table host"


def test_the_role_other_needs_a_description(meeting, volunteer):
    with pytest.raises(ValidationError) as error:
        add_role(meeting, volunteer, MeetingRole.Role.OTHER, description="  ")

    assert "description" in error.value.message_dict
    assert not MeetingRole.objects.exists()


def test_the_role_other_is_shown_by_its_description(meeting, volunteer):
    role = add_role(meeting, volunteer, MeetingRole.Role.OTHER, description="Fotograf")

    assert MeetingRole.objects.get(pk=role.pk).label == "Fotograf"


def test_the_same_role_twice_for_one_person_is_refused(meeting, volunteer):
    add_role(meeting, volunteer, MeetingRole.Role.SPEAKER)

    with pytest.raises(ValidationError):
        add_role(meeting, volunteer, MeetingRole.Role.SPEAKER)

    assert MeetingRole.objects.filter(meeting=meeting).count() == 1


def test_one_person_may_have_two_different_roles(meeting, volunteer):
    add_role(meeting, volunteer, MeetingRole.Role.SPEAKER)
    add_role(meeting, volunteer, MeetingRole.Role.NOTE_TAKER)

    assert set(MeetingRole.objects.values_list("role", flat=True)) == {"speaker", "note_taker"}


def test_an_unknown_role_is_refused(meeting, volunteer):
    with pytest.raises(ValidationError) as error:
        add_role(meeting, volunteer, "juggler")

    assert "role" in error.value.message_dict
    assert not MeetingRole.objects.exists()


# invitations


def invited_names(meeting: Meeting) -> list[str]:
    return sorted(meeting.invitations.values_list("person__name", flat=True))


def test_invite_members_invites_only_active_members(
    meeting, network, other_network, member, volunteer, coordinator
):
    left = make_person("Lene Tidligere")
    Membership.objects.create(
        network=network, person=left, starts_on=date(2024, 1, 1), ends_on=date(2025, 1, 1)
    )
    Membership.objects.create(
        network=network,
        person=make_person("Frida Fremtid"),
        starts_on=timezone.localdate() + timedelta(days=1),
    )
    Membership.objects.create(
        network=other_network, person=make_person("Ole Andetsteds"), starts_on=date(2025, 1, 1)
    )

    invitations = invite_members(meeting)

    assert len(invitations) == 3
    assert invited_names(meeting) == ["Karen Koordinator", "Mads Medlem", "Vera Frivillig"]
    assert not meeting.invitations.filter(is_guest=True).exists()


def test_inviting_members_twice_keeps_the_first_invitations(meeting, member, volunteer):
    invite_members(meeting)
    answer_invitation(meeting.invitations.get(person=volunteer), "yes")

    assert invite_members(meeting) == []

    assert meeting.invitations.count() == 2
    assert meeting.invitations.get(person=volunteer).answer == "yes"


def test_invite_guest_creates_a_person_without_login(meeting):
    invitation = invite_guest(
        meeting,
        name="Gitte Gæst",
        email=" Gitte@Foreningen.dk ",
        organisation="Foreningen Grøn Gård",
        stakeholder_group=StakeholderGroup.VOLUNTEER,
    )

    person = Person.objects.get(pk=invitation.person_id)
    assert (person.name, person.email) == ("Gitte Gæst", "gitte@foreningen.dk")
    assert person.stakeholder_group == StakeholderGroup.VOLUNTEER
    assert person.organisation.name == "Foreningen Grøn Gård"
    assert person.user is None
    assert Invitation.objects.get(pk=invitation.pk).is_guest is True


def test_a_guest_is_in_the_guest_group_unless_told_otherwise(meeting):
    invitation = invite_guest(meeting, name="Gitte Gæst", email="gitte@foreningen.dk")

    person = Person.objects.get(pk=invitation.person_id)
    assert person.stakeholder_group == StakeholderGroup.GUEST
    assert person.organisation is None


def test_a_guest_invited_again_by_the_same_email_is_the_same_person(meeting, network):
    first = invite_guest(meeting, name="Gitte Gæst", email="gitte@foreningen.dk")
    later_meeting = Meeting.objects.create(
        network=network,
        title="Næste møde",
        starts_at=START + timedelta(days=30),
        ends_at=START + timedelta(days=30, hours=2),
    )

    again = invite_guest(meeting, name="G. Gæst", email="GITTE@foreningen.dk")
    elsewhere = invite_guest(later_meeting, name="Gitte", email="gitte@foreningen.dk")

    assert Person.objects.filter(email="gitte@foreningen.dk").count() == 1
    assert again.pk == first.pk
    assert elsewhere.person_id == first.person_id
    assert elsewhere.meeting == later_meeting
    assert Person.objects.get(pk=first.person_id).name == "Gitte Gæst"


def test_a_guest_from_a_known_organisation_joins_it(meeting, municipality):
    invitation = invite_guest(
        meeting, name="Gitte Gæst", email="gitte@testby.dk", organisation="Testby Kommune"
    )

    assert Person.objects.get(pk=invitation.person_id).organisation == municipality
    assert Organisation.objects.filter(name="Testby Kommune").count() == 1


@pytest.mark.parametrize("email", ["", "   ", "ikke-en-adresse"])
def test_a_guest_needs_a_valid_email(meeting, email):
    with pytest.raises(ValidationError) as error:
        invite_guest(meeting, name="Gitte Gæst", email=email, organisation="Ny Forening")

    assert "email" in error.value.message_dict
    assert not Person.objects.filter(name="Gitte Gæst").exists()
    assert not Organisation.objects.filter(name="Ny Forening").exists()
    assert not meeting.invitations.exists()


def test_send_invitations_emails_each_invitee_with_an_address(
    meeting, member, volunteer, send, mailoutbox
):
    no_email = make_person("Nils Uden Mail", email="")
    invite_people(meeting, [member.person, volunteer, no_email])

    assert send(meeting) == 2

    assert recipients(mailoutbox) == sorted(
        [f"Mads Medlem <{member.person.email}>", f"Vera Frivillig <{volunteer.email}>"]
    )
    sent = dict(meeting.invitations.values_list("person__name", "sent_at"))
    assert sent["Mads Medlem"] is not None
    assert sent["Vera Frivillig"] is not None
    assert sent["Nils Uden Mail"] is None
    assert Meeting.objects.get(pk=meeting.pk).invitations_sent_at is not None


def test_sending_again_only_reaches_new_invitees(meeting, member, volunteer, send, mailoutbox):
    invite_people(meeting, [volunteer])
    send(meeting)
    mailoutbox.clear()

    assert send(meeting) == 0
    assert mailoutbox == []

    invite_people(meeting, [member.person])
    assert send(meeting) == 1
    assert recipients(mailoutbox) == [f"Mads Medlem <{member.person.email}>"]


def test_a_second_send_sends_nothing_twice(meeting, volunteer, mailoutbox):
    invite_people(meeting, [volunteer])

    assert send_invitations(meeting) == Outcome(sent=1, failed=0)
    assert send_invitations(meeting) == Outcome(sent=0, failed=0)

    assert len(mailoutbox) == 1


def test_an_invitation_waiting_for_the_worker_is_not_queued_twice(meeting, volunteer, mailoutbox):
    invite_people(meeting, [volunteer])

    assert len(queue_invitations(meeting)) == 1
    assert queue_invitations(meeting) == []
    assert OutgoingMessage.objects.get().status == OutgoingMessage.Status.QUEUED
    assert mailoutbox == []


def test_sending_with_nobody_invited_announces_nothing(meeting, send, mailoutbox):
    assert send(meeting) == 0

    assert Meeting.objects.get(pk=meeting.pk).invitations_sent_at is None
    assert mailoutbox == []


def test_a_cancelled_meeting_cannot_be_sent(meeting, volunteer, send, mailoutbox):
    invite_people(meeting, [volunteer])
    cancel_meeting(meeting)

    with pytest.raises(ValidationError):
        send(meeting)

    assert mailoutbox == []
    assert meeting.invitations.get().sent_at is None


def test_a_guest_invited_after_a_change_gets_an_invitation_not_a_change(
    meeting, volunteer, send, django_capture_on_commit_callbacks, mailoutbox
):
    invite_people(meeting, [volunteer])
    send(meeting)
    (invitation_subject,) = [message.subject for message in mailoutbox]
    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        save_meeting(meeting, changed=["starts_at", "ends_at"])
    (change_subject,) = [message.subject for message in mailoutbox[1:]]
    invite_guest(meeting, name="Gitte Gæst", email="gitte@foreningen.dk")
    mailoutbox.clear()

    send(meeting)

    (message,) = mailoutbox
    assert message.subject == invitation_subject
    assert message.subject != change_subject


# answers and attendance


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_an_invitee_answers_yes_or_no(meeting, volunteer, answer):
    (invitation,) = invite_people(meeting, [volunteer])

    answer_invitation(invitation, answer)

    saved = Invitation.objects.get(pk=invitation.pk)
    assert saved.answer == answer
    assert saved.answered_at is not None


@pytest.mark.parametrize("answer", ["pending", "maybe", ""])
def test_other_answers_are_refused(meeting, volunteer, answer):
    (invitation,) = invite_people(meeting, [volunteer])

    with pytest.raises(ValidationError) as error:
        answer_invitation(invitation, answer)

    assert list(error.value.message_dict) == ["answer"]
    saved = Invitation.objects.get(pk=invitation.pk)
    assert (saved.answer, saved.answered_at) == ("pending", None)


def test_a_cancelled_meeting_takes_no_answers(meeting, volunteer):
    (invitation,) = invite_people(meeting, [volunteer])
    cancel_meeting(meeting)

    with pytest.raises(ValidationError):
        answer_invitation(Invitation.objects.get(pk=invitation.pk), "yes")

    assert Invitation.objects.get(pk=invitation.pk).answer == "pending"


def test_record_attendance_marks_who_came(meeting, member, volunteer, coordinator):
    invite_people(meeting, [member.person, volunteer, coordinator.person])
    stranger = make_person("Sofie Fremmed")

    record_attendance(meeting, [volunteer.pk, coordinator.person.pk, stranger.pk])

    attended = dict(meeting.invitations.values_list("person__name", "attended"))
    assert attended == {"Mads Medlem": False, "Vera Frivillig": True, "Karen Koordinator": True}
    assert not Invitation.objects.filter(person=stranger).exists()


def test_record_attendance_again_corrects_the_first(meeting, member, volunteer):
    invite_people(meeting, [member.person, volunteer])
    record_attendance(meeting, [volunteer.pk])

    record_attendance(meeting, [member.person.pk])

    attended = dict(meeting.invitations.values_list("person__name", "attended"))
    assert attended == {"Mads Medlem": True, "Vera Frivillig": False}


# the design check


def rule(meeting: Meeting, code: str):
    (result,) = [r for r in design_check(meeting, poll=None).rules if r.code == code]
    return result


def test_design_plan_reads_the_meeting(meeting):
    set_agenda(meeting, OLD_AGENDA)

    plan = design_plan(meeting, poll=None)

    assert (plan.title, plan.why) == (meeting.title, meeting.why)
    assert plan.minutes == 120
    assert [(str(item.kind), item.minutes) for item in plan.items] == [
        ("welcome", 10),
        ("talk", 20),
        ("workshop", 45),
    ]
    assert plan.capture_planned == {"ideas"}
    assert plan.poll is None


def test_roles_count_only_among_invitees_who_have_not_declined(meeting):
    people = [make_person(f"Person {n}") for n in range(5)]
    invitations = invite_people(meeting, people[:4])
    answer_invitation(invitations[0], "no")
    answer_invitation(invitations[1], "yes")
    add_role(meeting, people[0], MeetingRole.Role.SPEAKER)  # declined
    add_role(meeting, people[1], MeetingRole.Role.FACILITATOR)
    add_role(meeting, people[1], MeetingRole.Role.NOTE_TAKER)  # one holder, two roles
    add_role(meeting, people[4], MeetingRole.Role.TABLE_HOST)  # not invited

    plan = design_plan(meeting, poll=None)

    assert (plan.invitees_not_declined, plan.role_holders) == (3, 1)
    assert rule(meeting, "roles").status == Status.PASS


def test_role_holders_count_before_anyone_is_invited(meeting, volunteer):
    add_role(meeting, volunteer, MeetingRole.Role.TIME_KEEPER)

    plan = design_plan(meeting, poll=None)

    assert (plan.invitees_not_declined, plan.role_holders) == (0, 1)


def test_roles_of_invitees_who_all_declined_do_not_count(meeting, volunteer, member):
    for invitation in invite_people(meeting, [volunteer, member.person]):
        answer_invitation(invitation, "no")
    add_role(meeting, volunteer, MeetingRole.Role.SPEAKER)

    plan = design_plan(meeting, poll=None)

    assert (plan.invitees_not_declined, plan.role_holders) == (0, 0)
    assert rule(meeting, "roles").status == Status.FAIL


def test_too_few_role_holders_warn(meeting):
    people = [make_person(f"Person {n}") for n in range(7)]
    invite_people(meeting, people)
    add_role(meeting, people[0], MeetingRole.Role.FACILITATOR)
    add_role(meeting, people[1], MeetingRole.Role.SPEAKER)

    assert rule(meeting, "roles").status == Status.WARN


def test_design_check_uses_the_default_thresholds_without_settings(meeting):
    meeting.ends_at = meeting.starts_at + timedelta(minutes=151)
    meeting.save()

    assert rule(meeting, "duration").status == Status.FAIL
    assert "150" in rule(meeting, "duration").message


def test_design_settings_change_the_longest_meeting(meeting):
    DesignSettings.objects.create(max_minutes=90)

    result = rule(meeting, "duration")

    assert result.status == Status.FAIL
    assert "90" in result.message


def test_design_settings_can_allow_a_longer_meeting(meeting):
    meeting.ends_at = meeting.starts_at + timedelta(minutes=180)
    meeting.save()
    DesignSettings.objects.create(max_minutes=180)

    assert rule(meeting, "duration").status == Status.PASS


def test_design_settings_added_again_after_a_delete_still_count(meeting):
    DesignSettings.objects.create(max_minutes=300)
    DesignSettings.objects.all().delete()
    DesignSettings.objects.create(max_minutes=90)

    assert rule(meeting, "duration").status == Status.FAIL


def test_design_settings_change_the_share_of_role_holders(meeting):
    people = [make_person(f"Person {n}") for n in range(4)]
    invite_people(meeting, people)
    add_role(meeting, people[0], MeetingRole.Role.FACILITATOR)
    add_role(meeting, people[1], MeetingRole.Role.SPEAKER)
    assert rule(meeting, "roles").status == Status.PASS

    DesignSettings.objects.create(participants_per_role=1)

    assert rule(meeting, "roles").status == Status.WARN
