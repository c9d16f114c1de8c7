"""The planning page: the meeting's details, agenda, roles, invitations and the design check."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from icalendar import Calendar

from ressourcenet.meetings import design
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
from ressourcenet.meetings.views import RULE_STEPS


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


STEPS = ["frame", "agenda", "roles", "invitations"]


def step_links(content: str) -> list[tuple[str, bool]]:
    """The step navigation as (address, is the current page)."""
    nav = re.search(r'<nav class="tab-container plan-steps".*?</nav>', content, re.DOTALL)[0]
    return [
        (href, current == ' aria-current="page"')
        for href, current in re.findall(r'<a class="tab-button" href="([^"]+)"([^>]*)>', nav)
    ]


def rule_hrefs(content: str) -> dict[str, str]:
    """The design check's rules, each with the address of the step it links to."""
    return dict(
        re.findall(
            r'data-code="(\w+)".*?<a class="design-rule-step" href="([^"]+)"', content, re.DOTALL
        )
    )


@pytest.mark.parametrize("step", STEPS)
def test_each_step_has_its_own_address_and_is_marked_in_the_step_navigation(
    login, coordinator, meeting, step
):
    response = login(coordinator).get(plan_url(meeting, step))

    assert response.status_code == 200
    assert step_links(response.content.decode()) == [
        (plan_url(meeting, each), each == step) for each in STEPS
    ]


@pytest.mark.parametrize("step", STEPS)
def test_every_step_shows_the_design_check_and_its_score_at_the_top_for_a_phone(
    login, coordinator, meeting, step
):
    response = login(coordinator).get(plan_url(meeting, step))

    content = response.content.decode()
    check = response.context["check"]
    assert len(rule_statuses(content)) == 10
    with translation.override("da"):
        score = translation.gettext("%(score)s of %(max)s in place") % {
            "score": check.score,
            "max": check.max,
        }
    summary = re.search(r'<p id="design-summary"[^>]*>(.*?)</p>', content, re.DOTALL)[1]
    assert score in summary and 'href="#design-check"' in summary
    # The bar comes before the step's content, the check after it.
    bar, section, check = (
        content.index(part) for part in ('id="design-summary"', "<section", 'id="design-check"')
    )
    assert bar < section < check


def test_each_rule_of_the_check_links_to_the_step_it_concerns(login, coordinator, meeting):
    client = login(coordinator)

    on_the_agenda = rule_hrefs(client.get(plan_url(meeting, "agenda")).content.decode())
    on_the_frame = rule_hrefs(client.get(plan_url(meeting)).content.decode())

    assert on_the_agenda == {
        "why": plan_url(meeting),
        "time": plan_url(meeting, "invitations"),
        "duration": plan_url(meeting),
        "roles": plan_url(meeting, "roles"),
        # The step on screen: its own content, without a new page.
        "breaks": "#step-content",
        "food": "#step-content",
        "workshop_weight": "#step-content",
        "few_items": "#step-content",
        "slack": "#step-content",
        "capture": plan_url(meeting),
    }
    assert on_the_frame["why"] == on_the_frame["capture"] == "#step-content"
    assert on_the_frame["slack"] == plan_url(meeting, "agenda")


def test_every_rule_of_the_design_check_belongs_to_a_step():
    assert set(RULE_STEPS) == set(design.RULE_CODES)
    assert set(RULE_STEPS.values()) == set(STEPS)


def test_the_first_step_holds_the_meetings_form_and_no_other(login, coordinator, meeting):
    response = login(coordinator).get(plan_url(meeting))

    content = response.content.decode()
    assert 'value="Idéer til caféen"' in content
    assert f'action="{plan_url(meeting)}"' in content
    for other in ("agenda_add", "role_add", "invite"):
        assert reverse(other, args=[meeting.network.plan.slug, meeting.pk]) not in content


def test_the_agenda_step_shows_the_items(login, coordinator, meeting):
    add_items(meeting, ("talk", "Oplæg fra PPR", 20), ("workshop", "Værksted ved bordene", 60))

    response = login(coordinator).get(plan_url(meeting, "agenda"))

    content = response.content.decode()
    assert "Oplæg fra PPR" in content and "Værksted ved bordene" in content
    assert rule_statuses(content)["workshop_weight"] == "pass"
    assert response.context["agenda_minutes"] == 80


def test_agenda_shows_each_item_with_its_clock_time(login, coordinator, meeting):
    add_items(meeting, ("welcome", "Velkomst", 15), ("workshop", "Værksted", 45))

    response = login(coordinator).get(plan_url(meeting, "agenda"))

    agenda = response.context["agenda"]
    assert [(i.title, f"{timezone.localtime(i.starts_at):%H:%M}") for i in agenda] == [
        ("Velkomst", "17:00"),
        ("Værksted", "17:15"),
    ]
    assert "17.15–18.00" in response.content.decode()


def test_the_invitations_step_shows_the_invitees_and_the_way_to_find_a_time(
    login, coordinator, meeting, volunteer
):
    invite(meeting, volunteer)

    response = login(coordinator).get(plan_url(meeting, "invitations"))

    content = response.content.decode()
    assert "Vera Frivillig" in content
    assert reverse("poll_create", args=[meeting.network.plan.slug, meeting.pk]) in content
    assert reverse("meeting_cancel", args=[meeting.network.plan.slug, meeting.pk]) in content


def test_an_unknown_step_is_not_found(login, coordinator, meeting):
    response = login(coordinator).get(f"{plan_url(meeting)}everything/")

    assert response.status_code == 404


@pytest.mark.parametrize("step", STEPS[1:])
def test_the_other_steps_are_only_read(login, coordinator, meeting, step):
    response = login(coordinator).post(plan_url(meeting, step), form_data(meeting, title="Nyt"))

    assert response.status_code == 405
    meeting.refresh_from_db()
    assert meeting.title == "Idéer til caféen"


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
    with translation.override("da"):
        # Counted by who received the invitation, not by whose calendar holds it (a "no").
        told = ngettext(
            "%(counter)s invitee has received the invitation and gets the change by e-mail.",
            "%(counter)s invitees have received the invitation and get the change by e-mail.",
            1,
        ) % {"counter": 1}
    assert told in confirm.content.decode()
    assert 'name="confirmed"' in confirm.content.decode()
    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.sequence == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(plan_url(meeting), {**data, "confirmed": "1"})

    # The message points at the list of invitations, so the coordinator lands on it.
    assert response.status_code == 302
    assert response.url == plan_url(meeting, "invitations")
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

    for step in STEPS:
        assert client.get(plan_url(meeting, step)).status_code == 403
    response = client.post(plan_url(meeting), form_data(meeting, title="Kapret"))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Idéer til caféen"


@pytest.mark.parametrize("step", STEPS)
def test_anonymous_visitor_of_a_step_is_sent_to_log_in(client, meeting, step):
    response = client.get(plan_url(meeting, step))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_visitor_is_sent_to_log_in(client, meeting):
    response = client.post(plan_url(meeting), form_data(meeting, title="Kapret"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    meeting.refresh_from_db()
    assert meeting.title == "Idéer til caféen"


def test_coordinator_cannot_plan_a_meeting_of_another_network(login, coordinator, other_meeting):
    client = login(coordinator)

    for step in STEPS:
        assert client.get(plan_url(other_meeting, step)).status_code == 403
    client.post(plan_url(other_meeting), form_data(other_meeting, title="Kapret"))
    other_meeting.refresh_from_db()
    assert other_meeting.title == "Jobmesse i hallen"


@pytest.mark.parametrize("step", ["", "agenda/", "roles/", "invitations/"])
def test_meeting_of_another_plan_address_is_not_found(login, admin_user, meeting, step):
    response = login(admin_user).get(f"/plans/findes-ikke/meetings/{meeting.pk}/plan/{step}")

    assert response.status_code == 404


def test_meeting_plan_rejects_put(login, coordinator, meeting):
    assert login(coordinator).put(plan_url(meeting)).status_code == 405


def test_edit_and_fix_are_different_words_on_the_planning_page(login, coordinator, network):
    meeting = make_meeting(network, why="")  # the why rule fails: its badge asks to fix
    add_items(meeting, ("talk", "Oplæg fra PPR", 20))

    content = login(coordinator).get(plan_url(meeting, "agenda")).content.decode()

    (fix,) = set(re.findall(r'<span class="badge badge-error">([^<]+)</span>', content))
    edit_url = reverse("agenda_item_edit", args=[network.plan.slug, meeting.agenda_items.get().pk])
    (edit,) = re.findall(rf'href="{re.escape(edit_url)}">([^<]+)<', content)
    assert fix.split()[0] != edit.split()[0]


def test_the_why_is_explained_where_it_is_asked_for_and_in_the_check(login, coordinator, meeting):
    client = login(coordinator)
    english = {"headers": {"Accept-Language": "en"}}

    # The step's heading names it; the text under it explains it, before its field.
    frame = client.get(plan_url(meeting), **english).content.decode()
    step = frame[frame.index('<section aria-labelledby="details-heading">') :]
    after_heading = step[step.index("</h2>") :]
    assert first_why(after_heading).startswith(
        "why</em> is the most important thing that must come out of the meeting"
    )
    assert after_heading.index("must come out of the meeting") < after_heading.index("<form")

    # Every step's design check explains it again.
    for other in STEPS:
        content = client.get(plan_url(meeting, other), **english).content.decode()
        check = content[content.index('<aside id="design-check"') :]
        assert first_why(check).startswith(
            "why</em> is the most important thing that must come out of the meeting"
        )
