"""The planning page: the meeting's details, agenda, roles, invitations and the design check."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from icalendar import Calendar

from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import (
    MAY_NOT_MANAGE,
    add_items,
    error_at_field,
    first_why,
    invite,
    local_input,
    make_meeting,
    plan_url,
    rule_statuses,
)


def form_data(meeting: Meeting, **changes) -> dict:
    data = {
        "why": meeting.why,
        "title": meeting.title,
        "purpose": meeting.purpose,
        "starts_at": local_input(meeting.starts_at),
        "ends_at": local_input(meeting.ends_at),
        "location": meeting.location,
        "capture": meeting.capture,
    }
    data.update(changes)
    return data


def test_planning_page_shows_the_meeting_its_agenda_invitees_and_the_design_check(
    login, coordinator, meeting, volunteer
):
    add_items(meeting, ("talk", "Oplæg fra PPR", 20), ("workshop", "Værksted ved bordene", 60))
    invite(meeting, volunteer)

    response = login(coordinator).get(plan_url(meeting))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Idéer til caféen" in content
    assert "Oplæg fra PPR" in content and "Værksted ved bordene" in content
    assert "Vera Frivillig" in content
    assert 'id="design-check"' in content
    statuses = rule_statuses(content)
    assert len(statuses) == 10
    assert statuses["why"] == "pass"
    assert statuses["workshop_weight"] == "pass"
    assert response.context["check"].score == list(statuses.values()).count("pass")
    assert response.context["agenda_minutes"] == 80


def test_agenda_shows_each_item_with_its_clock_time(login, coordinator, meeting):
    add_items(meeting, ("welcome", "Velkomst", 15), ("workshop", "Værksted", 45))

    response = login(coordinator).get(plan_url(meeting))

    agenda = response.context["agenda"]
    assert [(i.title, f"{timezone.localtime(i.starts_at):%H:%M}") for i in agenda] == [
        ("Velkomst", "17:00"),
        ("Værksted", "17:15"),
    ]
    assert "17.15–18.00" in response.content.decode()


def test_saving_changes_the_meeting(login, coordinator, meeting):
    data = form_data(meeting, title="Idéer til den sociale café", location="Caféen")

    response = login(coordinator).post(plan_url(meeting), data)

    assert response.status_code == 302
    assert response.url == plan_url(meeting)
    meeting.refresh_from_db()
    assert meeting.title == "Idéer til den sociale café"
    assert meeting.location == "Caféen"
    assert meeting.sequence == 0


def test_draft_without_a_why_fails_the_first_rule_until_the_why_is_written(
    login, coordinator, meeting
):
    client = login(coordinator)
    client.post(plan_url(meeting), form_data(meeting, why=""))

    before = client.get(plan_url(meeting)).content.decode()
    client.post(plan_url(meeting), form_data(meeting, why="Tre aftaler om fælles ferieaktiviteter"))
    after = client.get(plan_url(meeting)).content.decode()

    assert 'data-code="why" data-status="fail"' in before
    assert 'data-code="why" data-status="pass"' in after


def test_end_before_start_shows_the_error_keeps_the_input_and_changes_nothing(
    login, coordinator, meeting
):
    too_early = local_input(meeting.starts_at - timedelta(hours=1))
    data = form_data(meeting, title="Nyt navn", ends_at=too_early)

    response = login(coordinator).post(plan_url(meeting), data)

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["ends_at"]
    content = response.content.decode()
    assert error_at_field(content, response.context["form"]["ends_at"])
    assert f'value="{too_early}"' in content
    assert 'value="Nyt navn"' in content
    meeting.refresh_from_db()
    assert meeting.title == "Idéer til caféen"
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)


def test_new_time_of_an_announced_meeting_sends_an_update_to_those_invited(
    login, coordinator, meeting, member, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    sent, not_sent = invite(meeting, member.person, volunteer)
    meeting.invitations_sent_at = sent.sent_at = timezone.now()
    sent.sent_sequence = 0
    meeting.save()
    sent.save()
    later = meeting.starts_at + timedelta(hours=1)
    data = form_data(
        meeting, starts_at=local_input(later), ends_at=local_input(later + timedelta(hours=2))
    )
    client = login(coordinator)

    # First the confirmation, with how many get the change; nothing is saved or sent yet.
    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(plan_url(meeting), data)
    assert confirm.status_code == 200
    assert 'data-notified="1"' in confirm.content.decode()
    assert 'name="confirmed"' in confirm.content.decode()
    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.sequence == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(plan_url(meeting), {**data, "confirmed": "1"})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == later
    assert meeting.sequence == 1
    assert [message.to for message in mailoutbox] == [["Mads Medlem <mads.medlem@example.org>"]]
    shown = [str(m) for m in client.get(plan_url(meeting)).context["messages"]]
    with translation.override("da"):
        went = ngettext(
            "%(count)d invitee is told of the change by e-mail.",
            "%(count)d invitees are told of the change by e-mail.",
            1,
        ) % {"count": 1}
    assert went in shown
    (ics,) = [a for a in mailoutbox[0].attachments if a[0] == "invitation.ics"]
    (event,) = Calendar.from_ical(ics[1]).walk("VEVENT")
    assert event["SEQUENCE"] == 1


def test_new_time_for_a_cancelled_announced_meeting_is_refused_not_a_crash(
    login, coordinator, meeting, member, mailoutbox, django_capture_on_commit_callbacks
):
    (invitation,) = invite(meeting, member.person)
    meeting.invitations_sent_at = invitation.sent_at = timezone.now()
    meeting.save()
    invitation.save()
    cancel_meeting(meeting)
    starts_at = meeting.starts_at
    later = starts_at + timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(
            plan_url(meeting),
            form_data(
                meeting,
                starts_at=local_input(later),
                ends_at=local_input(later + timedelta(hours=2)),
            ),
        )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    meeting.refresh_from_db()
    assert meeting.starts_at == starts_at
    assert meeting.sequence == 1
    assert mailoutbox == []


def test_administrator_may_plan_any_meeting(login, admin_user, meeting):
    assert login(admin_user).get(plan_url(meeting)).status_code == 200


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_see_or_change_the_plan(request, login, role, meeting):
    client = login(request.getfixturevalue(role))

    assert client.get(plan_url(meeting)).status_code == 403
    response = client.post(plan_url(meeting), form_data(meeting, title="Kapret"))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Idéer til caféen"


def test_anonymous_visitor_is_sent_to_log_in(client, meeting):
    response = client.post(plan_url(meeting), form_data(meeting, title="Kapret"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    meeting.refresh_from_db()
    assert meeting.title == "Idéer til caféen"


def test_coordinator_cannot_plan_a_meeting_of_another_network(login, coordinator, other_meeting):
    client = login(coordinator)

    assert client.get(plan_url(other_meeting)).status_code == 403
    client.post(plan_url(other_meeting), form_data(other_meeting, title="Kapret"))
    other_meeting.refresh_from_db()
    assert other_meeting.title == "Jobmesse i hallen"


def test_meeting_of_another_plan_address_is_not_found(login, admin_user, meeting):
    response = login(admin_user).get(f"/plans/findes-ikke/meetings/{meeting.pk}/plan/")

    assert response.status_code == 404


def test_meeting_plan_rejects_put(login, coordinator, meeting):
    assert login(coordinator).put(plan_url(meeting)).status_code == 405


def test_edit_and_fix_are_different_words_on_the_planning_page(login, coordinator, network):
    meeting = make_meeting(network, why="")  # the why rule fails: its badge asks to fix
    add_items(meeting, ("talk", "Oplæg fra PPR", 20))

    content = login(coordinator).get(plan_url(meeting)).content.decode()

    (fix,) = set(re.findall(r'<span class="badge badge-error">([^<]+)</span>', content))
    edit_url = reverse("agenda_item_edit", args=[network.plan.slug, meeting.agenda_items.get().pk])
    (edit,) = re.findall(rf'href="{re.escape(edit_url)}">([^<]+)<', content)
    assert fix.split()[0] != edit.split()[0]


def test_the_why_is_explained_where_it_first_appears(login, coordinator, meeting):
    response = login(coordinator).get(plan_url(meeting), headers={"Accept-Language": "en"})

    assert first_why(response.content.decode()).startswith(
        "why</em> is the most important thing that must come out of the meeting"
    )
