"""Choosing a time: the meeting gets the slot's time and everyone the calendar invitation."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from icalendar import Calendar

from ressourcenet.lib.dates import format_date
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import (
    MAY_NOT_MANAGE,
    days_ahead,
    make_meeting,
    rule_statuses,
)
from ressourcenet.scheduling.labels import slot_label
from ressourcenet.scheduling.models import Poll
from ressourcenet.scheduling.tests.helpers import give, make_poll, make_scene, meeting_url


@pytest.fixture
def scene(network, member, volunteer):
    """Mads already has the meeting's invitation from before the poll; Vera and Pia do not."""
    scene = make_scene(network, member, volunteer)
    scene.meeting.invitations_sent_at = timezone.now()
    scene.meeting.save()
    scene.invitations["mads"].sent_at = timezone.now()
    scene.invitations["mads"].sent_sequence = 0
    scene.invitations["mads"].save()
    return scene


@pytest.fixture
def choose(django_capture_on_commit_callbacks):
    """choose(client, scene, slot): confirm as the confirmation page does; e-mails go then."""

    def _choose(client, scene, slot):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                meeting_url("poll_finalise", scene.meeting, slot.pk), {"confirmed": "1"}
            )

    return _choose


def event_start(message):
    (ics,) = [content for name, content, _type in message.attachments if name.endswith(".ics")]
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    return event.decoded("DTSTART")


def test_choosing_a_time_sets_the_meeting_and_sends_everyone_the_invitation(
    login, coordinator, scene, choose, mailoutbox
):
    response = choose(login(coordinator), scene, scene.late)

    assert response.status_code == 302
    assert response.url == meeting_url("poll_detail", scene.meeting)
    scene.meeting.refresh_from_db()
    assert (scene.meeting.starts_at, scene.meeting.ends_at) == (
        scene.late.starts_at,
        scene.late.ends_at,
    )
    poll = Poll.objects.get(pk=scene.poll.pk)
    assert poll.chosen_slot == scene.late
    assert poll.finalised_at is not None
    assert not poll.is_open
    recipients = sorted(message.to[0].split(" <")[0] for message in mailoutbox)
    assert recipients == ["Mads Medlem", "Pia Professionel", "Vera Frivillig"]
    assert {event_start(message) for message in mailoutbox} == {scene.late.starts_at}
    assert set(scene.meeting.invitations.values_list("sent_sequence", flat=True)) == {1}


def test_the_page_confirms_the_choice(login, coordinator, scene, choose):
    client = login(coordinator)
    choose(client, scene, scene.evening)

    page = client.get(meeting_url("poll_detail", scene.meeting))

    # The choice, and how many calendar invitations went.
    assert [m.level_tag for m in page.context["messages"]] == ["success", "success"]
    with translation.override("da"):
        went = ngettext(
            "%(count)d calendar invitation is on its way.",
            "%(count)d calendar invitations are on their way.",
            3,
        ) % {"count": 3}
    assert went in [str(m) for m in page.context["messages"]]


def test_the_choice_is_confirmed_first_with_the_number_who_get_the_invitation(
    login, coordinator, scene, mailoutbox
):
    url = meeting_url("poll_finalise", scene.meeting, scene.late.pk)

    for response in (login(coordinator).get(url), login(coordinator).post(url)):
        assert response.status_code == 200
        assert 'data-recipients="3"' in response.content.decode()
        assert 'name="confirmed"' in response.content.decode()

    assert mailoutbox == []
    assert Poll.objects.get(pk=scene.poll.pk).finalised_at is None


def test_the_confirmation_names_the_time_inside_the_sentence_in_lowercase(
    login, coordinator, scene
):
    url = meeting_url("poll_finalise", scene.meeting, scene.late.pk)

    page = login(coordinator).get(url).content.decode()

    with translation.override("da"):
        day = format_date(scene.late.starts_at, "weekday")
        heading = gettext("Choose %(time)s?") % {
            "time": slot_label(scene.late.starts_at, scene.late.ends_at, mid_sentence=True)
        }
    assert day == day.lower()  # "tirsdag 8. december"
    assert f"<h1>{heading}</h1>" in page


def test_the_planning_pages_design_check_follows_the_poll(login, coordinator, scene, choose):
    for person in (scene.mads, scene.vera, scene.pia):
        give(person, {scene.morning: "yes", scene.evening: "no", scene.late: "no"})
    client = login(coordinator)
    plan_url = meeting_url("meeting_plan", scene.meeting)
    choose(client, scene, scene.morning)
    assert rule_statuses(client.get(plan_url).content.decode())["time"] == "pass"

    # The meeting moved away from the time everyone can come: the check says so.
    scene.meeting.refresh_from_db()
    scene.meeting.starts_at, scene.meeting.ends_at = scene.late.starts_at, scene.late.ends_at
    scene.meeting.save()

    assert rule_statuses(client.get(plan_url).content.decode())["time"] == "fail"


def test_a_time_can_be_chosen_only_once(login, coordinator, scene, choose, mailoutbox):
    client = login(coordinator)
    choose(client, scene, scene.late)
    client.get(meeting_url("poll_detail", scene.meeting))  # shows the first confirmation
    mailoutbox.clear()

    response = choose(client, scene, scene.morning)

    assert response.status_code == 302
    scene.meeting.refresh_from_db()
    assert scene.meeting.starts_at == scene.late.starts_at
    assert Poll.objects.get(pk=scene.poll.pk).chosen_slot == scene.late
    assert mailoutbox == []
    page = client.get(meeting_url("poll_detail", scene.meeting))
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_a_cancelled_meeting_keeps_its_time(login, coordinator, scene, choose, mailoutbox):
    cancel_meeting(scene.meeting)
    before = scene.meeting.starts_at
    mailoutbox.clear()

    response = choose(login(coordinator), scene, scene.late)

    assert response.status_code == 302
    scene.meeting.refresh_from_db()
    assert scene.meeting.starts_at == before
    assert Poll.objects.get(pk=scene.poll.pk).finalised_at is None
    assert mailoutbox == []


def test_a_time_from_another_poll_is_not_found(login, coordinator, network, scene, choose):
    other_poll, (other_slot,) = make_poll(make_meeting(network, "Andet møde"), days_ahead(30))

    response = login(coordinator).post(meeting_url("poll_finalise", scene.meeting, other_slot.pk))

    assert response.status_code == 404
    assert Poll.objects.get(pk=scene.poll.pk).finalised_at is None
    assert Poll.objects.get(pk=other_poll.pk).finalised_at is None


def test_administrator_may_choose(login, admin_user, scene, choose):
    choose(login(admin_user), scene, scene.evening)

    assert Poll.objects.get(pk=scene.poll.pk).chosen_slot == scene.evening


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_choose(request, login, role, scene, choose, mailoutbox):
    response = choose(login(request.getfixturevalue(role)), scene, scene.late)

    assert response.status_code == 403
    assert Poll.objects.get(pk=scene.poll.pk).finalised_at is None
    assert mailoutbox == []


def test_anonymous_visitor_is_sent_to_log_in(client, scene, choose):
    response = choose(client, scene, scene.late)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Poll.objects.get(pk=scene.poll.pk).finalised_at is None


def test_put_is_not_allowed(login, coordinator, scene):
    url = meeting_url("poll_finalise", scene.meeting, scene.late.pk)

    assert login(coordinator).put(url).status_code == 405
    assert Poll.objects.get(pk=scene.poll.pk).finalised_at is None
