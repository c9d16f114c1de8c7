"""A poll from start to finish: the coordinator asks, three invitees answer on their phones,
the coordinator chooses the recommended time, and the invitees get the calendar invitation."""

import base64
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from playwright.sync_api import Page, expect

from ressourcenet.accounts.models import OutboxMessage
from ressourcenet.e2e.helpers import (
    COORDINATOR,
    axe_report,
    csp_violations,
    da,
    da_plural,
    log_in,
    watch_for_problems,
)
from ressourcenet.lib.dates import format_date
from ressourcenet.meetings.models import Meeting
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.scheduling.models import Answer, Poll, Slot
from ressourcenet.scheduling.services import slot_label

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 800}
MEETING = "Lektiehjælp der virker"  # the demo's coming meeting: members invited, nothing sent
YES, IF_NEED_BE, NO = "yes", "if_need_be", "no"
ANSWER_LABELS = {YES: "Yes", IF_NEED_BE: "If need be", NO: "No"}


@pytest.fixture
def outbox(settings, live_server):
    """E-mail goes to the demo's outbox, with links to the live server."""
    settings.EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"
    settings.SITE_URL = live_server.url
    return OutboxMessage.objects


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def as_input(moment: datetime) -> str:
    """The value a datetime-local field takes."""
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def label_of(slot: Slot, mid_sentence: bool = False) -> str:
    with translation.override("da"):
        return slot_label(slot.starts_at, slot.ends_at, mid_sentence)


def first_invitee(meeting: Meeting, group: StakeholderGroup) -> Person:
    invitation = (
        meeting.invitations.filter(person__stakeholder_group=group)
        .exclude(person__email="")
        .select_related("person")
        .order_by("person__name")
        .first()
    )
    assert invitation is not None, f"the demo meeting invites no one from {group.label}"
    return invitation.person


def answer_on_a_phone(page: Page, link: str, person: Person, answers: dict[str, str]) -> None:
    """Open the personal link with no account and answer each time (by its label)."""
    page.goto(link)
    expect(page.get_by_role("main")).to_contain_text(person.name)
    expect(page.get_by_role("button", name=da("Log out"))).to_have_count(0)
    for label, value in answers.items():
        group = page.get_by_role("group", name=label, exact=True)
        group.get_by_text(da(ANSWER_LABELS[value]), exact=True).click()
        expect(group.get_by_label(da(ANSWER_LABELS[value]), exact=True)).to_be_checked()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the poll is {widths[0]}px wide on a {widths[1]}px screen"
    page.get_by_role("button", name=da("Save my answers")).click()
    expect(
        page.get_by_role("main")
        .get_by_role("status")
        .filter(has_text=da("Thank you. Your answers are saved."))
    ).to_be_visible()


def test_coordinator_finds_a_time_and_the_invitees_get_the_calendar_invitation(
    new_page, demo_plan, outbox, live_server
):
    meeting = Meeting.objects.get(network__plan=demo_plan, title=MEETING)
    assert meeting.invitations_sent_at is None and meeting.sequence == 0
    # A network without poll history: the demo's open poll (and its answers) goes.
    Meeting.objects.filter(network=meeting.network, poll__isnull=False).delete()
    volunteer = first_invitee(meeting, StakeholderGroup.VOLUNTEER)  # the key person
    resident = first_invitee(meeting, StakeholderGroup.RESIDENT_BOARD)
    professional = first_invitee(meeting, StakeholderGroup.PROFESSIONAL_STAFF)
    monday = timezone.localdate() + timedelta(days=28)
    monday += timedelta(days=-monday.weekday() % 7)  # the Monday on or after
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    times = [
        (at(monday, 16), at(monday, 18)),
        (at(tuesday, 17), at(tuesday, 19)),
        (at(wednesday, 10), at(wednesday, 12)),
    ]

    # The coordinator, under the site's real Content Security Policy.
    page = new_page()
    problems = watch_for_problems(page)
    log_in(page, COORDINATOR)
    problems.clear()  # Chromium's own request for /favicon.ico is a 404
    page.goto(reverse("meeting_plan_invitations", args=[demo_plan.slug, meeting.pk]))
    problems += csp_violations(page)
    page.get_by_role("region", name=da("Find a time")).get_by_role(
        "link", name=da("Find a time with the invitees")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        da("Find a time for %(title)s") % {"title": meeting.title}
    )
    problems += csp_violations(page)

    # The network has too little poll history to go by: the form says so and
    # suggests nothing; the coordinator gives three times.
    rows = page.locator("fieldset.poll-slot-row")
    expect(page.locator("[data-no-suggestions]")).to_be_visible()
    expect(rows.first.get_by_label(da("Starts"), exact=True)).to_have_value("")
    for index in range(rows.count()):
        starts, ends = (as_input(t) for t in times[index]) if index < len(times) else ("", "")
        rows.nth(index).get_by_label(da("Starts"), exact=True).fill(starts)
        rows.nth(index).get_by_label(da("Ends"), exact=True).fill(ends)
    page.get_by_role("checkbox", name=volunteer.name, exact=True).check()
    page.get_by_role("button", name=da("Open the poll and send the e-mails")).click()
    expect(
        page.get_by_role("main")
        .get_by_role("status")
        .filter(has_text=da("The poll is open. The invitees get an e-mail with a link."))
    ).to_be_visible()
    problems += csp_violations(page)

    poll = Poll.objects.get(meeting=meeting)
    assert page.url.endswith(reverse("poll_detail", args=[demo_plan.slug, meeting.pk]))
    slots = list(poll.slots.all())
    assert [(slot.starts_at, slot.ends_at) for slot in slots] == times
    assert list(poll.key_persons.all()) == [volunteer]
    monday_slot, tuesday_slot, wednesday_slot = slots
    labels = [label_of(slot) for slot in slots]
    poll_subject = da("When can you come to %(title)s?") % {"title": meeting.title}
    with_email = meeting.invitations.exclude(person__email="").count()
    assert outbox.filter(subject=poll_subject).count() == with_email

    # Each answers from the link in their own e-mail, on a phone, without an account.
    # Tuesday is best: all three can come, the key person too. Monday has more yes than
    # Wednesday, but the key person cannot come then, so it ranks last.
    answers = {
        volunteer: [NO, YES, IF_NEED_BE],
        resident: [YES, IF_NEED_BE, NO],
        professional: [YES, YES, YES],
    }
    for person, values in answers.items():
        email = outbox.get(subject=poll_subject, to__contains=person.email)
        link = re.search(rf"{re.escape(live_server.url)}/poll/\S+/", email.body).group()
        phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        phone_problems = watch_for_problems(phone)
        answer_on_a_phone(phone, link, person, dict(zip(labels, values, strict=True)))
        phone_problems += csp_violations(phone)
        problems += phone_problems
        saved = Answer.objects.filter(person=person, slot__poll=poll).order_by("slot__starts_at")
        assert list(saved.values_list("value", flat=True)) == values
        assert not saved.filter(recorded_by_coordinator=True).exists()

    # The coordinator sees the recommendation and why.
    page.reload()
    problems += csp_violations(page)
    # Three of the many invitees answered: it says so, and does not call the rest missing.
    recommendation = page.get_by_role("region", name=da("Our recommendation"))
    total = meeting.invitations.count()
    expect(recommendation).to_contain_text(
        da("%(answered)d of %(total)d have answered.") % {"answered": 3, "total": total}
    )
    all_came = da_plural(
        "%(slot)s: the one who answered can come",
        "%(slot)s: all %(answered)d who answered can come",
        3,
    )
    expect(recommendation).to_contain_text(
        all_came % {"slot": label_of(tuesday_slot), "answered": 3}
    )
    expect(recommendation).not_to_contain_text(
        da("of those who answered, no one can come from: %(groups)s").split("%")[0]
    )
    ranking = page.get_by_role("region", name=da("The times, sorted by who can come")).locator(
        "tbody tr"
    )
    assert ranking.evaluate_all("rows => rows.map(r => Number(r.dataset.slot))") == [
        tuesday_slot.pk,
        wednesday_slot.pk,
        monday_slot.pk,
    ]
    expect(ranking.first.get_by_role("rowheader")).to_contain_text(label_of(tuesday_slot))
    expect(ranking.first.get_by_role("rowheader")).to_contain_text(da("Recommended"))
    expect(ranking.first.locator("[data-available]")).to_have_attribute("data-available", "3")
    expect(ranking.last).to_contain_text(da("Key persons:"))
    expect(ranking.last.get_by_role("listitem")).to_contain_text([volunteer.name])
    grid_row = page.locator(f".poll-grid tr[data-person='{volunteer.pk}'] td[data-answer]")
    assert grid_row.evaluate_all("cells => cells.map(c => c.dataset.answer)") == answers[volunteer]

    # axe-core on the grid with answers and on the network's times, now with data.
    reports = []
    axe = new_page(bypass_csp=True)  # axe-core is an inline script
    log_in(axe, COORDINATOR)
    axe.goto(reverse("poll_detail", args=[demo_plan.slug, meeting.pk]))
    expect(axe.locator(".poll-grid td[data-answer='if_need_be']").first).to_be_visible()
    reports.append(axe_report(axe, "poll page with answers"))
    axe.goto(reverse("network_times", args=[demo_plan.slug, meeting.network.slug]))
    # One volunteer answered: too few to show without showing that person's own answers.
    expect(axe.locator(f"tr[data-group='{StakeholderGroup.VOLUNTEER}']")).to_have_count(0)
    expect(axe.locator(".heat-empty")).to_be_visible()
    reports.append(axe_report(axe, "network times with answers"))
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found

    # The coordinator chooses the recommended time.
    ranking.first.get_by_role(
        "button", name=f"{da('Choose this time')} {label_of(tuesday_slot)}"
    ).click()
    # First the confirmation with how many get the calendar invitation; nothing sent yet.
    expect(page.locator("[data-recipients]")).to_be_visible()
    assert not Poll.objects.get(pk=poll.pk).finalised_at
    page.get_by_role("button", name=da("Choose the time and send")).click()
    expect(
        page.get_by_role("main")
        .get_by_role("status")
        .filter(
            has_text=da("The meeting is set to %(time)s.")
            % {"time": label_of(tuesday_slot, mid_sentence=True)}
        )
    ).to_be_visible()
    expect(page.get_by_role("region", name=da("The chosen time"))).to_contain_text(
        label_of(tuesday_slot)
    )
    problems += csp_violations(page)
    assert not problems, "\n".join(problems)

    meeting.refresh_from_db()
    poll.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == times[1]
    assert poll.chosen_slot == tuesday_slot and poll.finalised_at is not None

    # The last invitee's link now tells them the poll is closed and when the meeting is.
    phone.reload()
    closed = phone.locator("[data-poll-closed]")
    expect(closed).to_contain_text(
        da("The poll is closed. Answers can no longer be given or changed.")
    )
    with translation.override("da"):
        held = format_date(tuesday_slot.starts_at, "datetime")
    expect(closed).to_contain_text(held)
    expect(phone.get_by_role("button", name=da("Save my answers"))).to_have_count(0)

    # The invitations had not been sent before the poll, so choosing the time sends the
    # first invitation (METHOD:REQUEST, SEQUENCE 0), not a change notice. Had they been
    # sent, the same REQUEST would come as "Changed: …" with SEQUENCE raised above 0.
    invitation_subject = da("Invitation: %(title)s") % {"title": meeting.title}
    assert not outbox.filter(subject=da("Changed: %(title)s") % {"title": meeting.title}).exists()
    for person in answers:
        email = outbox.get(subject=invitation_subject, to__contains=person.email)
        [attachment] = email.attachments
        assert attachment["filename"] == "invitation.ics"
        calendar = Calendar.from_ical(base64.b64decode(attachment["content"]))
        assert calendar["METHOD"] == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert event.decoded("DTSTART") == tuesday_slot.starts_at
        assert event.decoded("DTEND") == tuesday_slot.ends_at
        assert event["SEQUENCE"] == 0
        assert str(event["UID"]) == f"{meeting.uid}@ressourcenet"
        assert str(event["ATTENDEE"]) == f"mailto:{person.email}"
