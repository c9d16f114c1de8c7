"""A network's calendar to subscribe to: the secret in the address is the only key."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import make_meeting


def feed_url(network) -> str:
    return reverse("network_feed", args=[network.calendar_secret])


def events(response) -> dict[str, str]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): str(event["STATUS"]) for event in calendar.walk("VEVENT")}


def announced(meeting: Meeting) -> Meeting:
    """As after "send invitations": the meeting is in the invitees' calendars."""
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    return meeting


def test_feed_lists_the_networks_meetings_without_login(client, network, meeting, other_meeting):
    announced(meeting)
    announced(other_meeting)
    earlier = announced(
        make_meeting(
            network, title="Sidste måneds møde", starts_at=timezone.now() - timedelta(days=30)
        )
    )
    cancelled = announced(make_meeting(network, title="Aflyst møde"))
    cancel_meeting(cancelled)

    response = client.get(feed_url(network))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert events(response) == {
        earlier.title: "CONFIRMED",
        "Idéer til caféen": "CONFIRMED",
        "Aflyst møde": "CANCELLED",
    }
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Netværk for familier"


def test_feed_leaves_out_drafts_and_meetings_without_a_decided_time(client, network, meeting):
    announced(make_meeting(network, title="Tid ikke fastlagt", starts_at=None))
    # `meeting` is a draft: its invitations were never sent.

    response = client.get(feed_url(network))

    assert response.status_code == 200
    assert events(response) == {}


def test_feed_address_is_shown_to_members_on_the_network_page(login, member, network):
    content = login(member).get(network.get_absolute_url()).content.decode()

    assert feed_url(network) in content


def test_wrong_secret_is_not_found(client, network, meeting):
    response = client.get("/calendar/gaet-en-hemmelighed.ics")

    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_new_secret_shuts_out_the_old_address(client, network, meeting):
    old = feed_url(network)
    network.calendar_secret = "en-ny-hemmelighed-0123456789"
    network.save()

    assert client.get(old).status_code == 404
    assert client.get(feed_url(network)).status_code == 200


def test_network_feed_rejects_post(client, network):
    assert client.post(feed_url(network)).status_code == 405
