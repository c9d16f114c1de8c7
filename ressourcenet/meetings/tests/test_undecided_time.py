"""A meeting whose time is not decided: no RSVP, no calendar file, no feed entry, no
calendar invitations; the pages say so, and the design check says which state it is in."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ressourcenet.lib.dates import format_date
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import HALF_TIME, AgendaItem, Invitation, Meeting
from ressourcenet.meetings.services import (
    add_agenda_item,
    design_check,
    save_meeting,
    send_invitations,
)
from ressourcenet.meetings.tests.conftest import (
    days_ahead,
    invite,
    local_input,
    make_meeting,
    plan_url,
    rule_statuses,
)
from ressourcenet.scheduling.services import open_poll, time_outcome


def danish(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


@pytest.fixture
def undecided(network) -> Meeting:
    return make_meeting(network, title="Tid søges", starts_at=None)


@pytest.fixture
def invitation(undecided, member) -> Invitation:
    (invitation,) = invite(undecided, member.person)
    return invitation


def create_url(network) -> str:
    return reverse("meeting_create", args=[network.plan.slug, network.slug])


def test_a_meeting_whose_time_a_poll_will_find_is_created_without_one(login, coordinator, network):
    data = {
        "why": "Fem aftaler om velkomst af nye familier",
        "title": "Velkomst",
        "time_way": "poll",
        # Typed before the coordinator chose the poll: left out.
        "starts_at": local_input(days_ahead()),
    }

    response = login(coordinator).post(create_url(network), data)

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.starts_at, meeting.ends_at) == (None, None)
    # On to the step where the members are invited and the poll is opened.
    assert response.url == plan_url(meeting, "invitations")


def test_we_know_the_time_asks_for_it(login, coordinator, network):
    data = {"title": "Velkomst", "time_way": "known"}

    response = login(coordinator).post(create_url(network), data)

    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"starts_at", "ends_at"}
    assert not Meeting.objects.exists()


def test_the_create_page_offers_both_ways_to_the_time(login, coordinator, network):
    content = login(coordinator).get(create_url(network)).content.decode()

    assert 'name="time_way" value="known"' in content
    assert 'name="time_way" value="poll"' in content


def test_a_start_without_an_end_is_refused_at_the_end(login, coordinator, network):
    data = {"title": "Velkomst", "starts_at": local_input(days_ahead())}

    response = login(coordinator).post(create_url(network), data)

    assert response.status_code == 422
    assert response.context["form"].errors["ends_at"] == [danish(str(HALF_TIME))]
    assert not Meeting.objects.exists()


def test_the_service_refuses_half_a_time_by_the_field(network):
    meeting = Meeting(network=network, title="Velkomst", ends_at=days_ahead())

    with pytest.raises(ValidationError) as error:
        save_meeting(meeting)

    assert set(error.value.message_dict) == {"starts_at"}


def test_the_meeting_page_says_the_time_is_not_decided_and_offers_no_reply(
    login, member, undecided, invitation
):
    closes = timezone.now() + timedelta(days=5)
    open_poll(undecided, [(days_ahead(12), days_ahead(12) + timedelta(hours=2))], closes_at=closes)

    response = login(member).get(undecided.get_absolute_url())

    content = response.content.decode()
    with translation.override("da"):
        expected = gettext("The time is not decided – the poll is open until %(date)s") % {
            "date": format_date(closes, "day_time")
        }
    assert expected in content
    assert reverse("meeting_rsvp", args=[undecided.network.plan.slug, undecided.pk]) not in content
    assert reverse("meeting_ics", args=[undecided.network.plan.slug, undecided.pk]) not in content
    assert "/poll/" in content  # the way to answer is the poll


def test_no_reply_is_taken_before_the_time_is_decided(login, member, undecided, invitation):
    url = reverse("meeting_rsvp", args=[undecided.network.plan.slug, undecided.pk])

    login(member).post(url, {"answer": "yes"})

    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.PENDING


def test_the_calendar_file_of_an_undecided_meeting_is_not_found(login, member, undecided):
    url = reverse("meeting_ics", args=[undecided.network.plan.slug, undecided.pk])

    assert login(member).get(url).status_code == 404


def test_no_calendar_invitation_goes_out_for_an_undecided_meeting(
    undecided, invitation, mailoutbox
):
    with pytest.raises(ValidationError):
        send_invitations(undecided)

    assert mailoutbox == []
    assert not OutgoingMessage.objects.exists()
    undecided.refresh_from_db()
    assert undecided.invitations_sent_at is None


def test_the_planning_page_invites_to_the_poll_instead_of_sending(
    login, coordinator, undecided, invitation
):
    response = login(coordinator).get(plan_url(undecided, "invitations"))

    content = response.content.decode()
    assert reverse("invitations_send", args=[undecided.network.plan.slug, undecided.pk]) not in (
        content
    )
    assert reverse("poll_create", args=[undecided.network.plan.slug, undecided.pk]) in content
    assert danish("Invite to the poll") in content


def test_the_time_rule_fails_without_a_time_or_a_poll(undecided):
    (rule,) = [r for r in design_check(undecided, None).rules if r.code == "time"]

    assert str(rule.status) == "fail"
    assert rule.message == danish(
        "The time is not decided yet. Set it, or find it with a poll among the invitees."
    )


def test_the_time_rule_says_the_poll_is_open(login, coordinator, undecided, invitation):
    open_poll(undecided, [(days_ahead(12), days_ahead(12) + timedelta(hours=2))])

    response = login(coordinator).get(plan_url(undecided))

    assert rule_statuses(response.content.decode())["time"] == "warn"
    (rule,) = [
        r for r in design_check(undecided, time_outcome(undecided)).rules if r.code == "time"
    ]
    assert "poll" in rule.message or "afstemning" in rule.message


def test_an_agenda_is_built_before_the_time_is_known(undecided):
    add_agenda_item(undecided, AgendaItem(kind="talk", title="Oplæg", minutes=45))

    assert list(undecided.agenda_items.values_list("minutes", flat=True)) == [45]


def test_undecided_meetings_are_among_the_coming_ones_and_last(network, meeting, undecided):
    assert list(Meeting.objects.upcoming()) == [meeting, undecided]


def test_the_network_page_lists_the_undecided_meeting(login, member, network, undecided):
    response = login(member).get(network.get_absolute_url())

    assert danish("The time is not decided yet") in response.content.decode()


def test_an_announced_meeting_cannot_lose_its_time(meeting):
    meeting.invitations_sent_at = timezone.now()
    meeting.save()
    meeting.starts_at = meeting.ends_at = None

    with pytest.raises(ValidationError) as error:
        save_meeting(meeting, changed=["starts_at", "ends_at"])

    assert "starts_at" in error.value.message_dict
