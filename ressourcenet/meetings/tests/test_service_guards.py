"""Guards in the meeting services: cancelled and past meetings, strangers' e-mails, failed sends."""

import smtplib
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.mail.services import Outcome
from ressourcenet.meetings import services
from ressourcenet.meetings.models import AgendaItem, Invitation, Meeting, MeetingRole
from ressourcenet.people.models import Person
from ressourcenet.plans.models import Plan


@pytest.fixture
def meeting(network) -> Meeting:
    start = timezone.now() + timedelta(days=10)
    return Meeting.objects.create(
        network=network, title="Temamøde", starts_at=start, ends_at=start + timedelta(hours=2)
    )


def test_a_cancelled_meeting_can_no_longer_be_changed(meeting, volunteer):
    services.cancel_meeting(meeting)
    meeting.title = "Nyt navn"
    with pytest.raises(ValidationError):
        services.save_meeting(meeting, changed=["title"])
    with pytest.raises(ValidationError):
        services.add_agenda_item(meeting, AgendaItem(kind="talk", title="Oplæg", minutes=10))
    with pytest.raises(ValidationError):
        services.invite_people(meeting, [volunteer])
    assert Meeting.objects.get(pk=meeting.pk).title == "Temamøde"
    assert not meeting.agenda_items.exists() and not meeting.invitations.exists()


def test_every_change_to_a_cancelled_meetings_plan_is_refused(meeting, volunteer):
    talk = AgendaItem.objects.create(meeting=meeting, kind="talk", title="Oplæg", minutes=10)
    AgendaItem.objects.create(meeting=meeting, kind="break", title="Pause", minutes=5, position=1)
    speaker = MeetingRole.objects.create(meeting=meeting, person=volunteer, role="speaker")
    services.invite_people(meeting, [volunteer])
    services.cancel_meeting(meeting)
    talk.meeting = meeting
    talk.title = "Nyt oplæg"

    for change in (
        lambda: services.change_agenda_item(talk),
        lambda: services.move_agenda_item(talk, 1),
        lambda: services.remove_agenda_item(talk),
        lambda: services.remove_role(speaker),
        lambda: services.record_attendance(meeting, [volunteer.pk]),
        lambda: services.add_role(meeting, volunteer, "facilitator"),
    ):
        with pytest.raises(services.MeetingCancelled):
            change()

    assert list(meeting.agenda_items.values_list("title", "position")) == [
        ("Oplæg", 0),
        ("Pause", 1),
    ]
    assert list(meeting.roles.values_list("pk", flat=True)) == [speaker.pk]
    assert meeting.invitations.get().attended is None


def test_a_cancellation_made_elsewhere_is_seen_by_a_change_already_loaded(meeting):
    """Two requests: one cancels, the other loaded the meeting before and then adds."""
    loaded_before = Meeting.objects.get(pk=meeting.pk)
    services.cancel_meeting(meeting)

    with pytest.raises(services.MeetingCancelled):
        services.add_agenda_item(loaded_before, AgendaItem(kind="talk", title="Oplæg", minutes=10))
    with pytest.raises(services.MeetingCancelled):
        services.cancel_meeting(loaded_before)
    assert not meeting.agenda_items.exists()


def test_no_answers_once_the_meeting_is_over(network, volunteer):
    past = timezone.now() - timedelta(days=2)
    meeting = Meeting.objects.create(
        network=network, title="Sidste uge", starts_at=past, ends_at=past + timedelta(hours=2)
    )
    invitation = services.invite_people(meeting, [volunteer])[0]
    with pytest.raises(ValidationError):
        services.answer_invitation(invitation, "yes")
    assert Invitation.objects.get(pk=invitation.pk).answer == "pending"


def test_a_guest_address_from_another_plan_is_not_pulled_in(meeting):
    elsewhere = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2024, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    stranger = make_person("Sofie Andetsteds", email="sofie@example.org")
    stranger.housing_area = elsewhere.areas.create(name="Andeby Øst")
    stranger.save()

    with pytest.raises(ValidationError) as raised:
        services.invite_guest(meeting, "Hvem som helst", "SOFIE@example.org")

    assert "email" in raised.value.message_dict
    assert "Sofie" not in " ".join(raised.value.messages)
    assert not meeting.invitations.exists()
    assert Person.objects.filter(email__iexact="sofie@example.org").count() == 1


def test_a_title_on_two_lines_is_refused(meeting):
    meeting.title = "Møde\nBcc: alle@example.org"
    with pytest.raises(ValidationError) as raised:
        services.save_meeting(meeting, changed=["title"])
    assert "title" in raised.value.message_dict


def test_an_e_mail_that_fails_can_be_sent_again(
    meeting, volunteer, member, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    services.invite_people(meeting, [volunteer, member.person])
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def refuse_vera(self, messages):
        if any("Vera" in address for message in messages for address in message.to):
            raise smtplib.SMTPRecipientsRefused({})
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_vera)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting)

    vera = Invitation.objects.get(meeting=meeting, person=volunteer)
    mads = Invitation.objects.get(meeting=meeting, person=member.person)
    assert vera.sent_at is None and mads.sent_at is not None
    assert len(mailoutbox) == 1
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_invitations(meeting) == Outcome(sent=1, failed=0)
    assert len(mailoutbox) == 2
