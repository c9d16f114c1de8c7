"""A coordinator plans a meeting with the design check; a guest answers from the e-mail."""

import base64
import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import Page, expect

from ressourcenet.accounts.models import OutboxMessage
from ressourcenet.e2e.helpers import (
    ADMIN,
    COORDINATOR,
    DEMO_NETWORK,
    MEMBER,
    NETWORK_PAGE,
    axe_report,
    csp_violations,
    da,
    da_plural,
    log_in,
    watch_for_problems,
)
from ressourcenet.meetings import emails, services
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks.models import Network

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
GUEST = {
    "name": "Ingrid Vestergaard",
    "email": "ingrid.vestergaard@example.org",
    "organisation": "Albertslund Idrætsforening",
}


@pytest.fixture
def outbox(settings, live_server):
    """E-mail goes to the demo's outbox, with links to the live server."""
    settings.EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"
    settings.SITE_URL = live_server.url
    return OutboxMessage.objects


def label(verbose_name: str) -> str:
    """The label Django makes from a model field's verbose name."""
    return capfirst(da(verbose_name))


def da_count(singular: str, plural: str, count: int) -> str:
    """A {% blocktranslate count counter=… %} text, in Danish."""
    with translation.override("da"):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def score(page: Page) -> int:
    return int(re.search(r"\d+", page.locator(".design-score").inner_text()).group())


def rule_statuses(page: Page) -> dict[str, str]:
    return page.locator("#design-check [data-code]").evaluate_all(
        "rules => Object.fromEntries(rules.map(r => [r.dataset.code, r.dataset.status]))"
    )


def expect_rule(page: Page, code: str, status: str) -> None:
    expect(page.locator(f"#design-check [data-code='{code}']")).to_have_attribute(
        "data-status", status
    )


def expect_message(page: Page, text: str) -> None:
    """The message after a form was sent (the design check has a status region of its own)."""
    expect(page.locator(".messages").get_by_role("status")).to_contain_text(text)


def add_agenda_item(page: Page, kind: str, title: str, minutes: int) -> None:
    """Fill in the htmx form under the agenda and wait for the new row."""
    agenda = page.locator("#agenda")
    rows = agenda.locator("tbody tr")
    rows_before = rows.count()
    form = agenda.locator("form.agenda-add")
    form.get_by_label(label("kind")).select_option(kind)
    form.get_by_label(label("title")).fill(title)
    form.get_by_label(label("minutes")).fill(str(minutes))
    form.get_by_role("button", name=da("Add to the agenda")).click()
    expect(rows).to_have_count(rows_before + 1)
    expect(rows.last).to_contain_text(title)


def go_to_step(page: Page, title: str) -> None:
    """Follow the planning page's step navigation to the step of this (English) title."""
    steps = page.get_by_role("navigation", name=da("Steps of the planning"))
    steps.get_by_role("link", name=da(title)).click()
    expect(steps.get_by_role("link", name=da(title))).to_have_attribute("aria-current", "page")


def assert_no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]}px wide on a {widths[1]}px screen"


def test_coordinator_plans_a_meeting_and_a_guest_answers_from_the_email(
    new_page, demo_plan, outbox, live_server
):
    network = Network.objects.get(plan=demo_plan, slug=DEMO_NETWORK)
    page = new_page()  # under the site's real Content Security Policy
    problems = watch_for_problems(page)
    log_in(page, COORDINATOR)
    problems.clear()  # Chromium's own request for /favicon.ico is a 404

    # The coordinator starts a meeting from the network page, without a why yet.
    page.goto(NETWORK_PAGE)
    page.get_by_role("link", name=da("Plan a meeting")).click()
    day = timezone.localdate() + timedelta(days=30)
    page.get_by_label(label("title")).fill("Trygge overgange fra dagpleje til skole")
    page.get_by_label(label("starts")).fill(f"{day:%Y-%m-%d}T17:00")
    page.get_by_label(label("ends")).fill(f"{day:%Y-%m-%d}T19:00")
    page.get_by_role("main").get_by_role("button", name=da("Save and build the agenda")).click()

    expect_message(page, da("The meeting is saved. Now build the agenda."))
    meeting = Meeting.objects.get(network=network, title="Trygge overgange fra dagpleje til skole")
    # The message says what comes next, and the page is that step: the agenda.
    assert page.url.endswith(f"/meetings/{meeting.pk}/plan/agenda/")
    assert (meeting.why, meeting.minutes) == ("", 120)
    statuses = rule_statuses(page)
    failing = {code for code, status in statuses.items() if status == "fail"}
    assert failing == {"why", "roles", "breaks", "capture"}
    first_score = score(page)
    assert first_score == list(statuses.values()).count("pass") == 3

    # A 90-minute talk: the check says the weight is on the talk, and nothing changes page.
    page.evaluate("() => { window.__marker = 'planning'; }")
    add_agenda_item(page, "talk", "Hvad ved vi om overgangene?", 90)
    expect_rule(page, "workshop_weight", "fail")
    expect_rule(page, "breaks", "fail")
    assert score(page) == first_score

    # A short talk instead, then a workshop, food and a wrap-up.
    remove = f"{da('Remove')} Hvad ved vi om overgangene?"
    page.locator("#agenda").get_by_role("button", name=remove).click()
    expect(page.locator("#agenda tbody tr")).to_have_count(0)
    add_agenda_item(page, "talk", "Kort oplæg: hvad ved vi?", 15)
    add_agenda_item(page, "workshop", "Hvordan gør vi overgangen tryg?", 45)
    add_agenda_item(page, "food", "Vi spiser sammen", 20)
    add_agenda_item(page, "wrap_up", "Tre ting vi gør nu", 20)
    for code in ("workshop_weight", "breaks", "food", "few_items", "slack"):
        expect_rule(page, code, "pass")
    agenda_score = score(page)
    assert agenda_score == first_score + 3
    # Screen readers hear the new score from a live region that outlasts the swaps.
    expect(page.locator("#design-score-status")).to_have_text(
        page.locator(".design-score").inner_text()
    )
    assert page.evaluate("() => window.__marker") == "planning", "the browser loaded a new page"
    assert list(meeting.agenda_items.values_list("kind", "minutes")) == [
        ("talk", 15),
        ("workshop", 45),
        ("food", 20),
        ("wrap_up", 20),
    ]

    # The why, and how to keep the results: the check's rule leads to the step for it.
    page.locator("#design-check [data-code='why']").get_by_role("link").click()
    assert page.url.endswith(f"/meetings/{meeting.pk}/plan/")
    details = page.get_by_role("region", name=da("Why and frame"))
    details.get_by_label(da("The meeting's why")).fill(
        "Vi skal gå derfra med en fælles plan for, hvordan børn og forældre får en tryg "
        "overgang fra dagpleje til skole."
    )
    details.get_by_role("checkbox", name=da("Summary")).check()
    details.get_by_role("button", name=da("Save the meeting")).click()
    expect_message(page, da("The meeting is saved."))
    expect_rule(page, "why", "pass")
    expect_rule(page, "capture", "pass")
    assert score(page) == agenda_score + 2

    # A participant with a role; only the time is left, and no poll exists yet.
    go_to_step(page, "Roles")
    roles = page.get_by_role("region", name=da("Roles"))
    roles.get_by_label(label("person"), exact=True).select_option(label="Jamal Haddad")
    roles.get_by_label(label("role"), exact=True).select_option("note_taker")
    roles.get_by_role("button", name=da("Give the role")).click()
    expect_rule(page, "roles", "pass")
    assert score(page) == 9
    assert [code for code, status in rule_statuses(page).items() if status != "pass"] == ["time"]

    # Every member and one guest are invited, then the invitations are sent.
    go_to_step(page, "Invitees and time")
    members = network.memberships.active().count()
    invitations = page.get_by_role("region", name=da("Invitations"))
    invitations.get_by_role("button", name=da("Invite all members")).click()
    expect_message(
        page,
        da_plural("%(count)d person invited.", "%(count)d people invited.", members)
        % {"count": members},
    )
    guest_form = invitations.locator("form").filter(
        has=page.get_by_role("button", name=da("Invite the guest"))
    )
    guest_form.get_by_label(da("Name")).fill(GUEST["name"])
    guest_form.get_by_label(da("E-mail")).fill(GUEST["email"])
    guest_form.get_by_label(da("Organisation")).fill(GUEST["organisation"])
    guest_form.get_by_role("button", name=da("Invite the guest")).click()
    expect_message(
        page, da_plural("%(count)d person invited.", "%(count)d people invited.", 1) % {"count": 1}
    )
    guest = Invitation.objects.get(meeting=meeting, person__email=GUEST["email"])
    assert guest.is_guest and guest.person.organisation.name == GUEST["organisation"]
    guest_row = invitations.get_by_role("row").filter(has_text=GUEST["name"])
    expect(guest_row).to_contain_text(da("guest"))

    with_email = meeting.invitations.exclude(person__email="").count()
    assert with_email == members + 1
    send = da_count("Send %(counter)s invitation", "Send %(counter)s invitations", with_email)
    invitations.get_by_role("button", name=send).click()
    expect_message(
        page,
        da_plural(
            "%(count)d invitation is on its way.",
            "%(count)d invitations are on their way.",
            with_email,
        )
        % {"count": with_email},
    )
    assert not meeting.invitations.exclude(person__email="").filter(sent_at=None).exists()
    assert outbox.count() == with_email
    problems += csp_violations(page)
    assert not problems, "\n".join(problems)

    # The guest's e-mail carries the meeting as a calendar file.
    email = outbox.get(to__contains=GUEST["email"])
    [attachment] = email.attachments
    assert attachment["filename"] == "invitation.ics"
    assert attachment["mimetype"].startswith("text/calendar; method=REQUEST")
    ics = base64.b64decode(attachment["content"]).decode()
    assert "BEGIN:VEVENT" in ics and str(meeting.uid) in ics

    # An administrator finds it in the demo's outbox, link and attachment included.
    admin = new_page()
    log_in(admin, ADMIN)
    admin.goto("/outbox/")
    admin.get_by_role("row").filter(has_text=GUEST["email"]).get_by_role("link").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(email.subject)
    expect(admin.get_by_role("main")).to_contain_text("invitation.ics")
    answer_url = admin.locator("main a[href*='/invitation/']").get_attribute("href")
    assert answer_url.startswith(live_server.url) and answer_url in email.body

    # The guest follows the link in a browser of their own, with no account, and says yes.
    guest_page = new_page()
    guest_page.goto(answer_url)
    expect(guest_page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    expect(guest_page.get_by_role("main")).to_contain_text(GUEST["name"])
    expect(guest_page.get_by_role("button", name=da("Log out"))).to_have_count(0)
    guest_page.get_by_role("button", name=da("Yes, I am coming")).click()
    expect(guest_page.get_by_role("main").get_by_role("status")).to_contain_text(
        da("Thank you. You have said you are coming.")
    )
    assert guest_page.url == answer_url
    guest.refresh_from_db()
    assert guest.answer == Invitation.Answer.YES and guest.answered_at is not None

    # The coordinator sees the answer.
    page.reload()
    expect(guest_row).to_contain_text(da("Coming"))


def test_meeting_pages_pass_axe_on_wide_and_phone_screens(new_page, demo_plan, outbox):
    # The demo's coming meeting has an agenda, a role and its members; a guest joins.
    meeting = Meeting.objects.get(network__plan=demo_plan, title="Lektiehjælp der virker")
    guest = services.invite_guest(meeting, **GUEST)
    services.send_invitations(meeting)
    assert outbox.filter(to__contains=GUEST["email"]).exists()
    reports = []

    page = new_page(bypass_csp=True)  # axe-core is an inline script
    log_in(page, COORDINATOR)
    page.goto(f"{NETWORK_PAGE}meetings/new/")
    page.get_by_role("main").get_by_role("button", name=da("Save and build the agenda")).click()
    expect(page.get_by_role("alert")).to_contain_text(da("There is a problem"))
    reports.append(axe_report(page, "new meeting with errors"))

    # Every step is checked in test_accessibility.py; here the agenda with an error.
    page.goto(f"/plans/{demo_plan.slug}/meetings/{meeting.pk}/plan/agenda/")
    agenda = page.locator("#agenda")
    expect(agenda.locator("tbody tr")).to_have_count(meeting.agenda_items.count())
    agenda.get_by_role("button", name=da("Add to the agenda")).click()
    expect(agenda.get_by_role("alert")).to_contain_text(da("There is a problem"))
    reports.append(axe_report(page, "planning page with an agenda error"))

    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("heading", name=da("Who is coming"))).to_be_visible()
    reports.append(axe_report(page, "meeting page as coordinator"))

    # The others on a phone, where nothing may scroll sideways.
    member = new_page(bypass_csp=True, viewport=PHONE)
    log_in(member, MEMBER)
    member.goto(meeting.get_absolute_url())
    expect(member.get_by_role("button", name=da("Yes, I am coming"))).to_be_visible()
    reports.append(axe_report(member, "meeting page as member"))
    assert_no_sideways_scrolling(member)

    anonymous = new_page(bypass_csp=True, viewport=PHONE)
    anonymous.goto(emails.answer_url(guest))
    anonymous.get_by_role("button", name=da("No, I cannot come")).click()
    expect(anonymous.get_by_role("main").get_by_role("status")).to_contain_text(
        da("Thank you. You have said you cannot come.")
    )
    reports.append(axe_report(anonymous, "answer page"))
    assert_no_sideways_scrolling(anonymous)

    admin = new_page(bypass_csp=True, viewport=PHONE)
    log_in(admin, ADMIN)
    admin.goto("/outbox/")
    reports.append(axe_report(admin, "outbox"))
    assert_no_sideways_scrolling(admin)
    admin.get_by_role("row").filter(has_text=GUEST["email"]).get_by_role("link").click()
    expect(admin.get_by_role("main")).to_contain_text("invitation.ics")
    reports.append(axe_report(admin, "outbox message"))
    assert_no_sideways_scrolling(admin)

    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found
