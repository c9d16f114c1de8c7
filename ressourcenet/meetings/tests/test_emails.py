"""Invitation e-mails and the task that sends them: Danish text, a personal link, an ics file."""

import base64
import re
from datetime import datetime, timedelta
from email.utils import getaddresses
from zoneinfo import ZoneInfo

import pytest
from django.core.mail.message import sanitize_address
from icalendar import Calendar

from ressourcenet.accounts.models import OutboxMessage
from ressourcenet.conftest import make_person
from ressourcenet.lib.links import LinkInvalid, read_token
from ressourcenet.mail import services as mail
from ressourcenet.meetings.emails import invitation_email, queue_invitation
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.meetings.services import send_invitations

CPH = ZoneInfo("Europe/Copenhagen")
START = datetime(2025, 9, 16, 17, 0, tzinfo=CPH)
SITE = "https://ressourcenet.example.dk"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def meeting(network) -> Meeting:
    return Meeting.objects.create(
        network=network,
        title="Kaffe & idéer til caféen",
        why="Ti idéer til produkter, som caféen kan sælge fra foråret",
        starts_at=START,
        ends_at=START + timedelta(hours=2, minutes=30),
        location="Beboerhuset, Nordparken 1",
    )


@pytest.fixture
def invitation(meeting, volunteer) -> Invitation:
    return Invitation.objects.create(meeting=meeting, person=volunteer)


def html_of(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def answer_links(text: str) -> dict[str, str]:
    """Each link on the site in the text that carries an invitation token -> the invitation id."""
    links = {}
    for url in re.findall(r"https?://[^\s\"'<>]+", text):
        for segment in url.split("/"):
            try:
                links[url] = read_token("invitation", segment)
            except LinkInvalid:
                continue
    return links


def calendar_part(message):
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return part


# The invitation


def test_the_invitation_is_in_danish(invitation, meeting):
    message = invitation_email(meeting, invitation, "REQUEST")

    assert message.subject == "Invitation: Kaffe & idéer til caféen"
    assert message.body.startswith("Kære Vera Frivillig,")
    assert "Du er inviteret til et møde i Netværk for familier." in message.body
    assert "Kære Vera Frivillig," in html_of(message)


def test_the_time_is_a_long_danish_date_in_copenhagen_time(invitation, meeting):
    message = invitation_email(meeting, invitation, "REQUEST")

    assert "tirsdag 16. september 2025, 17.00–19.30" in message.body
    assert "tirsdag 16. september 2025, 17.00–19.30" in html_of(message)


def test_the_invitation_has_a_text_and_an_html_part(invitation, meeting):
    message = invitation_email(meeting, invitation, "REQUEST")

    assert "Kaffe & idéer til caféen" in message.body
    assert "Beboerhuset, Nordparken 1" in message.body
    assert meeting.why in message.body
    html = html_of(message)
    assert "<h1" in html
    assert "Kaffe &amp; idéer til caféen" in html
    assert "Kaffe & idéer" not in html


def test_both_parts_carry_the_personal_answer_link(invitation, meeting):
    message = invitation_email(meeting, invitation, "REQUEST")

    in_text = answer_links(message.body)
    in_html = answer_links(html_of(message))
    assert list(in_text.values()) == [str(invitation.pk)]
    assert list(in_html.values()) == [str(invitation.pk)]
    assert all(url.startswith(f"{SITE}/") for url in [*in_text, *in_html])


def test_each_invitee_gets_their_own_link(meeting, invitation, member):
    other = Invitation.objects.create(meeting=meeting, person=member.person)

    mine = answer_links(invitation_email(meeting, invitation, "REQUEST").body)
    theirs = answer_links(invitation_email(meeting, other, "REQUEST").body)

    assert list(mine.values()) == [str(invitation.pk)]
    assert list(theirs.values()) == [str(other.pk)]


def test_the_invitation_goes_to_the_invitee(invitation, meeting, volunteer):
    message = mail.build(queue_invitation(meeting, invitation, "REQUEST"))

    assert getaddresses(message.to) == [("Vera Frivillig", volunteer.email)]


def test_a_name_with_a_comma_stays_one_address(meeting):
    person = make_person("Hansen, Karen", email="karen.hansen@example.org")
    invitation = Invitation.objects.create(meeting=meeting, person=person)

    message = mail.build(queue_invitation(meeting, invitation, "REQUEST"))

    assert getaddresses(message.to) == [("Hansen, Karen", "karen.hansen@example.org")]
    assert "karen.hansen@example.org" in sanitize_address(message.to[0], "utf-8")


def test_the_calendar_file_is_attached_as_a_request(invitation, meeting, volunteer):
    message = invitation_email(meeting, invitation, "REQUEST")

    (attachment,) = message.attachments
    assert attachment.filename == "invitation.ics"
    part = calendar_part(message)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert [name for name, _value in part.get_params()].count("charset") == 1
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@ressourcenet"
    assert str(event["ATTENDEE"]) == f"mailto:{volunteer.email}"


def calendar_event(message):
    (event,) = Calendar.from_ical(calendar_part(message).get_payload(decode=True)).walk("VEVENT")
    return event


def test_a_member_with_a_login_gets_a_calendar_link_to_the_meeting_page(meeting, member):
    invitation = Invitation.objects.create(meeting=meeting, person=member.person)

    event = calendar_event(invitation_email(meeting, invitation, "REQUEST"))

    assert f"{SITE}{meeting.get_absolute_url()}" in str(event["DESCRIPTION"])
    assert answer_links(str(event["DESCRIPTION"])) == {}


def test_a_guest_gets_a_calendar_link_to_their_personal_page(meeting):
    guest = make_person("Gitte Gæst", email="gitte@example.org")
    invitation = Invitation.objects.create(meeting=meeting, person=guest, is_guest=True)

    event = calendar_event(invitation_email(meeting, invitation, "REQUEST"))

    description = str(event["DESCRIPTION"])
    assert list(answer_links(description).values()) == [str(invitation.pk)]
    assert meeting.get_absolute_url() not in description


def test_an_invitee_without_a_login_gets_a_calendar_link_to_their_personal_page(
    invitation, meeting
):
    event = calendar_event(invitation_email(meeting, invitation, "REQUEST"))

    assert list(answer_links(str(event["DESCRIPTION"])).values()) == [str(invitation.pk)]


def test_the_calendar_organiser_is_the_coordinator_at_the_sites_address(
    invitation, meeting, coordinator, settings
):
    event = calendar_event(invitation_email(meeting, invitation, "REQUEST"))

    assert event["ORGANIZER"].params["CN"] == "Karen Koordinator"
    assert str(event["ORGANIZER"]) == f"mailto:{settings.DEFAULT_FROM_EMAIL_ADDRESS}"


# Changes and cancellations


def test_a_change_is_announced_as_a_change(invitation, meeting):
    invitation.sent_at = START - timedelta(days=14)
    invitation.sent_sequence = 0
    invitation.save()
    meeting.sequence = 1
    meeting.save()

    message = invitation_email(meeting, invitation, "REQUEST")

    assert message.subject == "Ændret: Kaffe & idéer til caféen"
    assert "Tidspunktet eller stedet for mødet i Netværk for familier er ændret." in message.body
    assert list(answer_links(message.body).values()) == [str(invitation.pk)]
    calendar = Calendar.from_ical(calendar_part(message).get_payload(decode=True))
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1


def test_a_cancellation_has_no_answer_link(invitation, meeting):
    meeting.sequence = 1
    meeting.cancelled_at = START - timedelta(days=1)
    meeting.save()

    message = invitation_email(meeting, invitation, "CANCEL")

    assert message.subject == "Aflyst: Kaffe & idéer til caféen"
    assert "Mødet i Netværk for familier er aflyst." in message.body
    assert answer_links(message.body) == {}
    assert answer_links(html_of(message)) == {}


def test_a_cancellation_carries_a_cancel_calendar_file(invitation, meeting):
    meeting.sequence = 1
    meeting.cancelled_at = START - timedelta(days=1)
    meeting.save()

    part = calendar_part(invitation_email(meeting, invitation, "CANCEL"))

    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "CANCEL"
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


# The task


def test_each_invitation_goes_as_its_own_email_and_is_marked_sent(
    meeting, invitation, member, mailoutbox
):
    other = Invitation.objects.create(meeting=meeting, person=member.person)
    meeting.sequence = 2
    meeting.save()

    outcome = mail.send_now(queue_invitation(meeting, i, "REQUEST") for i in (invitation, other))

    assert outcome == mail.Outcome(sent=2, failed=0)
    assert sorted(getaddresses([a for m in mailoutbox for a in m.to])) == sorted(
        [("Vera Frivillig", invitation.person.email), ("Mads Medlem", member.person.email)]
    )
    for row in Invitation.objects.filter(pk__in=[invitation.pk, other.pk]):
        assert row.sent_at is not None
        assert row.sent_sequence == 2


def test_a_cancellation_goes_as_a_cancel(meeting, invitation, mailoutbox):
    meeting.cancelled_at = START - timedelta(days=1)
    meeting.sequence = 1
    meeting.save()

    mail.send_now([queue_invitation(meeting, invitation, "CANCEL")])

    (message,) = mailoutbox
    assert calendar_part(message).get_param("method") == "CANCEL"


def test_in_demo_mode_the_invitation_lands_in_the_outbox(
    meeting, invitation, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"

    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(meeting)

    stored = OutboxMessage.objects.get()
    assert stored.to == f"Vera Frivillig <{invitation.person.email}>"
    assert list(answer_links(stored.html).values()) == [str(invitation.pk)]
    (attachment,) = stored.attachments
    assert attachment["mimetype"] == "text/calendar; method=REQUEST"
    calendar = Calendar.from_ical(base64.b64decode(attachment["content"]))
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"{meeting.uid}@ressourcenet"


def test_queueing_invitations_takes_as_many_queries_for_many_invitees_as_for_few(network):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from ressourcenet.meetings.services import queue_invitations

    def queries_for(count: int) -> int:
        meeting = Meeting.objects.create(
            network=network, title=f"Møde for {count}", starts_at=START, ends_at=START
        )
        for n in range(count):
            person = make_person(f"Inviteret {count}.{n}", email=f"i{count}.{n}@example.org")
            Invitation.objects.create(meeting=meeting, person=person)
        fresh = Meeting.objects.get(pk=meeting.pk)
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            queued = queue_invitations(fresh)
        assert len(queued) == count
        return len([q for q in queries if not q["sql"].startswith("INSERT")])

    assert queries_for(2) == queries_for(6)
