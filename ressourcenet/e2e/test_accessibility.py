"""axe-core finds no WCAG 2.1 A/AA violations on the main pages, for every demo role."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.accounts.models import User
from ressourcenet.conftest import make_person
from ressourcenet.e2e.helpers import (
    ADMIN,
    BOARD_MEMBER,
    COORDINATOR,
    EDITOR,
    LOGIN_PAGE,
    MEMBER,
    MEMBER_ADD_PAGE,
    NETWORK_PAGE,
    PEOPLE_PAGE,
    PERSON_CREATE_PAGE,
    assert_accessible,
    axe_report,
    da,
    log_in,
)
from ressourcenet.meetings import services
from ressourcenet.meetings.emails import answer_url
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks import views as network_views
from ressourcenet.networks.models import Network
from ressourcenet.people.models import Person

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Role:
    email: str | None
    sees_people: bool  # the member list and the person directory
    people_page: str  # what the person directory gives them: "list", "home" or "login"


ROLES = {
    "administrator": Role(ADMIN, True, "list"),
    "coordinator": Role(COORDINATOR, True, "list"),
    "member": Role(MEMBER, True, "list"),
    "board_member": Role(BOARD_MEMBER, True, "list"),
    "editor": Role(EDITOR, False, "home"),
    "anonymous": Role(None, False, "login"),
}


@pytest.mark.parametrize("role", ROLES.values(), ids=ROLES.keys())
def test_front_network_and_people_pages_pass_axe(axe_page, demo_plan, role, monkeypatch):
    # One past meeting a page: the archive's pager is on the page and checked too.
    monkeypatch.setattr(network_views, "ARCHIVE_PAGE_SIZE", 1)
    page = axe_page
    log_in(page, role.email)
    reports = []

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_plan.name)
    menu = page.get_by_role("navigation", name=da("Main menu"))
    expect(menu.get_by_role("link", name=da("People"))).to_have_count(int(role.sees_people))
    reports.append(axe_report(page, f"front page as {role.email}"))

    network = Network.objects.get(plan=demo_plan, slug="familier-forebyggelse")
    page.goto(NETWORK_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(network.name)
    member_tables = page.locator(".member-group table")
    if role.sees_people:
        expect(member_tables.first).to_be_visible()
    else:
        expect(member_tables).to_have_count(0)
        if role.email:
            only_members = da(
                "Only members of the plan's networks and board can see who takes part."
            )
            expect(page.get_by_role("main").get_by_text(only_members)).to_be_visible()
        else:
            main = page.locator("main")
            expect(main.get_by_role("link", name=da("Log in"), exact=True)).to_be_visible()
    reports.append(axe_report(page, f"network page as {role.email}"))

    response = page.goto(PEOPLE_PAGE)
    heading = page.get_by_role("heading", level=1)
    if role.people_page == "list":
        assert response.status == 200
        expect(heading).to_have_text(da("People"))
        expect(page.locator("#results tbody tr").first).to_be_visible()
    elif role.people_page == "home":
        # An editor is sent to their own page, told why, rather than to a 403.
        assert (response.status, urlsplit(page.url).path) == (200, "/")
        expect(heading).to_have_text(demo_plan.name)
        told = da("That page is for the networks' members. Here is your own page.")
        expect(page.get_by_role("main").get_by_text(told)).to_be_visible()
        expect(page.locator("#results")).to_have_count(0)
    else:
        url = urlsplit(page.url)
        assert (url.path, parse_qs(url.query)["next"]) == (LOGIN_PAGE, [PEOPLE_PAGE])
        expect(heading).to_have_text(da("Log in"))
    reports.append(axe_report(page, f"person directory as {role.email}"))

    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


def test_login_page_with_an_error_passes_axe(axe_page):
    # The plain login page is checked above: it is where anonymous visitors are sent.
    page = axe_page
    page.goto(LOGIN_PAGE)
    page.get_by_label(da("E-mail")).fill(MEMBER)
    page.get_by_label(da("Password")).fill("not-the-password")
    page.get_by_role("main").get_by_role("button", name=da("Log in")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        da("The e-mail or the password is wrong. Try again.")
    )
    assert_accessible(page, "login page with an error")


def test_page_not_found_passes_axe(axe_page):
    page = axe_page
    response = page.goto("/plans/no-such-plan/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(da("We could not find the page"))
    assert_accessible(page, "404 page")


def test_person_form_with_errors_passes_axe(axe_page, demo_plan):
    page = axe_page
    people_before = Person.objects.count()
    log_in(page, COORDINATOR)
    page.goto(PERSON_CREATE_PAGE)
    page.get_by_role("main").get_by_role("button", name=da("Save")).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(da("There is a problem"))
    # Each error in the summary links to its field, and the field says what is wrong.
    name_field = page.get_by_label(da("Name"), exact=True)
    expect(summary.locator(f"a[href='#{name_field.get_attribute('id')}']").first).to_be_visible()
    expect(name_field).to_have_attribute("aria-describedby", "id_name_error")
    assert_accessible(page, "person form with errors")
    assert Person.objects.count() == people_before


def test_add_member_with_no_one_to_choose_passes_axe(axe_page):
    page = axe_page
    log_in(page, COORDINATOR)
    page.goto(NETWORK_PAGE)
    page.get_by_role("link", name=da("Add member")).click()
    assert page.url.endswith(MEMBER_ADD_PAGE)
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "Der er ingen, du kan vælge lige nu."
    )
    assert_accessible(page, "add member with no one to choose")


def test_add_member_form_with_errors_passes_axe(axe_page):
    page = axe_page
    # Someone the demo coordinator typed in, in no network yet: theirs to add.
    make_person("Nina Nytilflytter", created_by=User.objects.get(email=COORDINATOR))
    log_in(page, COORDINATOR)
    page.goto(NETWORK_PAGE)
    page.get_by_role("link", name=da("Add member")).click()
    assert page.url.endswith(MEMBER_ADD_PAGE)
    expect(page.get_by_label(da("Person"))).to_be_visible()

    page.get_by_role("main").get_by_role("button", name=da("Add member")).click()
    expect(page.get_by_role("alert")).to_contain_text(da("There is a problem"))
    assert_accessible(page, "add member form with errors")


def test_api_token_page_passes_axe(axe_page):
    page = axe_page
    log_in(page, MEMBER)
    page.get_by_role("link", name=da("API tokens")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("API tokens"))
    main = page.get_by_role("main")
    main.get_by_label(da("What is the token for?")).fill("Regneark")
    main.get_by_role("button", name=da("Make token")).click()
    expect(page.locator(".api-token-secret")).to_contain_text("rn_")
    expect(main.get_by_role("table")).to_contain_text("Regneark")
    reports = [axe_report(page, "API token page with a new token")]

    main.get_by_label(da("Number of days the token works")).fill("0")
    main.get_by_role("button", name=da("Make token")).click()
    expect(page.get_by_role("alert")).to_contain_text(da("There is a problem"))
    reports.append(axe_report(page, "API token form with an error"))

    main.get_by_role("button", name=da("Remove")).first.click()
    expect(main.get_by_role("table")).to_have_count(0)
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


def test_past_meeting_and_after_meeting_tasks_pass_axe(axe_page, demo_plan):
    page = axe_page
    network = Network.objects.get(plan=demo_plan, slug="familier-forebyggelse")
    starts = timezone.now() - timedelta(days=2, hours=3)
    held = Meeting.objects.create(
        network=network,
        title="Caféaften i sidste uge",
        why="Ti idéer til caféen, som beboerne selv kan drive",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capture=["summary", "ideas"],
    )
    invited = services.invite_members(held)
    services.record_attendance(held, [i.person_id for i in invited[: len(invited) // 2]])
    reports = []

    log_in(page, COORDINATOR)
    page.goto("/")
    tasks = page.locator("section.after-meeting")
    # Exactly: the link to add the ideas names the meeting too, for screen readers.
    expect(tasks.get_by_role("link", name=held.title, exact=True)).to_be_visible()
    expect(tasks).to_contain_text(da("Write the summary"))
    expect(
        tasks.get_by_role("link", name=da("Add the ideas to the idea catalogue"))
    ).to_have_attribute("href", f"/plans/{demo_plan.slug}/ideas/quick/?meeting={held.pk}")
    reports.append(axe_report(page, "front page with after-meeting tasks"))

    page.goto(held.get_absolute_url())
    expect(page.get_by_role("heading", name=da("Who came"), exact=True)).to_be_visible()
    reports.append(axe_report(page, "past meeting as coordinator"))

    page.goto(NETWORK_PAGE)
    archive = page.locator("table.meeting-archive")
    expect(archive.get_by_role("link", name=held.title)).to_be_visible()
    reports.append(axe_report(page, "network page with the archive"))

    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


PLANNING_STEPS = ("Why and frame", "Agenda", "Roles", "Invitees and time")


@pytest.mark.parametrize("width", [1280, 375])
def test_every_step_of_the_planning_page_passes_axe(new_page, demo_plan, width):
    meeting = Meeting.objects.get(network__plan=demo_plan, title="Lektiehjælp der virker")
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    log_in(page, COORDINATOR)
    page.goto(f"/plans/{demo_plan.slug}/meetings/{meeting.pk}/plan/")
    steps = page.get_by_role("navigation", name=da("Steps of the planning"))
    reports = []

    for title in PLANNING_STEPS:
        steps.get_by_role("link", name=da(title)).click()
        expect(steps.get_by_role("link", name=da(title))).to_have_attribute("aria-current", "page")
        reports.append(axe_report(page, f"planning step “{title}” at {width}px"))

    # The roles step after an htmx change, with its confirmation and the new check.
    steps.get_by_role("link", name=da("Roles")).click()
    roles = page.locator("#roles")
    roles.get_by_label(da("Person"), exact=True).select_option(index=1)
    roles.get_by_label(da("Role"), exact=True).select_option("time_keeper")
    roles.get_by_role("button", name=da("Give the role")).click()
    expect(roles.locator(".step-confirmation")).to_be_focused()
    reports.append(axe_report(page, f"planning step “Roles” with a confirmation at {width}px"))

    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


@pytest.mark.parametrize("width", [1280, 375])
def test_the_time_keeper_page_passes_axe_before_during_and_after(new_page, demo_plan, width):
    meeting = Meeting.objects.get(network__plan=demo_plan, title="Lektiehjælp der virker")
    # The clock runs from 30 minutes before the start: the meeting begins in ten minutes.
    meeting.starts_at = timezone.now() + timedelta(minutes=10)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.save()
    items = list(meeting.agenda_items.all())
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    log_in(page, COORDINATOR)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name=da("Keep time for the agenda")).click()
    main = page.get_by_role("main")
    reports = [axe_report(page, f"time-keeper before the start at {width}px")]

    main.get_by_role("button", name=da("Start")).click()
    expect(main.locator(".alert-success")).to_be_focused()
    expect(main.locator(".agenda-clock__item")).to_have_text(items[0].title)
    expect(main.locator("[aria-current=step]")).to_contain_text(items[0].title)
    reports.append(axe_report(page, f"time-keeper, first item running, at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    for _item in items:
        main.locator(".clock-next__button").click()
        expect(main.locator(".alert-success")).to_be_focused()
    expect(main.locator(".clock-next__button")).to_have_count(0)
    reports.append(axe_report(page, f"time-keeper after the end at {width}px"))

    page.goto(meeting.get_absolute_url())
    expect(page.locator(".clock-comparison table")).to_be_visible()
    reports.append(axe_report(page, f"meeting page with plan and reality at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


def test_personal_invitation_link_has_no_menu_and_passes_axe(axe_page, demo_plan):
    page = axe_page
    invitation = Invitation.objects.filter(meeting__network__plan=demo_plan).first()
    page.goto(answer_url(invitation).removeprefix(settings.SITE_URL))
    expect(page.get_by_role("heading", level=1)).to_have_text(invitation.meeting.title)
    expect(page.get_by_role("navigation", name=da("Main menu"))).to_have_count(0)
    expect(page.get_by_role("link", name=da("Log in"))).to_have_count(0)
    assert_accessible(page, "invitation by personal link")


@pytest.mark.parametrize("width", [1280, 375])
def test_dashboards_and_evaluation_pages_pass_axe(new_page, demo_plan, width, monkeypatch):
    from ressourcenet.evaluation import dashboard
    from ressourcenet.evaluation.services import evaluation_link

    # One meeting drawn one by one: the note and link to every meeting are checked too.
    monkeypatch.setattr(dashboard, "MEETINGS_SHOWN", 1)

    network = Network.objects.get(plan=demo_plan, slug="familier-forebyggelse")
    starts = timezone.now() - timedelta(days=1, hours=3)
    held = Meeting.objects.create(
        network=network,
        title="Evaluering af caféaften",
        why="Ti idéer til caféen, som beboerne selv kan drive",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    invited = services.invite_members(held)
    services.record_attendance(held, [i.person_id for i in invited])
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    reports = []

    came = held.invitations.exclude(person__user__email=MEMBER).first()
    page.goto(evaluation_link(came).removeprefix(settings.SITE_URL))
    expect(page.get_by_role("group")).to_have_count(2)
    reports.append(axe_report(page, f"evaluation by personal link at {width}px"))
    page.get_by_role("button").last.click()
    reports.append(axe_report(page, f"evaluation with errors at {width}px"))

    log_in(page, COORDINATOR)
    page.goto(f"/plans/{demo_plan.slug}/networks/{network.slug}/health/")
    expect(page.locator("svg.health-chart").first).to_be_visible()
    reports.append(axe_report(page, f"network health at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    log_in(page, ADMIN)
    page.goto(f"/plans/{demo_plan.slug}/health/")
    reports.append(axe_report(page, f"plan health at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    log_in(page, MEMBER)
    page.goto(f"/plans/{demo_plan.slug}/meetings/{held.pk}/evaluation/")
    reports.append(axe_report(page, f"evaluation from the meeting page at {width}px"))
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


def test_experience_pages_pass_axe(axe_page, demo_plan):
    """The list (and its filtered results), an experience, the form with its errors and
    after a correction, and the question before deleting, as the demo's member."""
    from ressourcenet.knowledge.models import Experience

    page = axe_page
    log_in(page, MEMBER)
    reports = []
    menu = page.get_by_role("navigation", name=da("Main menu"))
    menu.get_by_role("link", name=da("Experiences")).click()
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Experiences"))
    reports.append(axe_report(page, "experience list"))

    main.get_by_label(da("Housing area")).select_option(label="Blokland")
    expect(main.locator(".experience-card")).to_have_count(
        Experience.objects.filter(housing_area__name="Blokland").count()
    )
    reports.append(axe_report(page, "experience list filtered"))

    main.locator(".experience-card a").first.click()
    expect(page.get_by_role("heading", name=da("What worked"), exact=True)).to_be_visible()
    reports.append(axe_report(page, "experience"))

    page.goto(f"/plans/{demo_plan.slug}/experiences/")
    main.get_by_role("link", name=da("Share an experience")).click()
    main.locator("#id_activity").fill("Lektiecafé")
    main.get_by_role("button", name=da("Share")).click()
    expect(page.get_by_role("alert")).to_contain_text(da("There is a problem"))
    expect(main.locator("#id_activity")).to_have_value("Lektiecafé")
    reports.append(axe_report(page, "experience form with errors"))

    main.locator("#id_worked").fill("Vi fik flere frivillige.")
    main.get_by_role("button", name=da("Share")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lektiecafé")
    main.get_by_role("link", name=da("Delete the experience")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Delete the experience?"))
    reports.append(axe_report(page, "delete an experience"))

    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


def test_leaflet_choice_passes_axe_with_and_without_an_error(axe_page, demo_plan):
    """The demo's final summary with ideas chosen for its leaflet: the choose page, and the
    same page refusing an idea of another network that a forged form sent."""
    from ressourcenet.knowledge.models import Idea, Summary

    page = axe_page
    summary = Summary.objects.get(
        meeting__network__plan=demo_plan, meeting__title="Sådan designer vi en god familieindsats"
    )
    foreign = Idea.objects.exclude(network=summary.meeting.network_id).first()
    log_in(page, COORDINATOR)
    page.goto(summary.get_absolute_url())
    page.locator("#leaflet").get_by_role("link", name=da("Choose ideas for the leaflet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Choose the ideas on the leaflet"))
    assert_accessible(page, "choose the leaflet's ideas")
    page.locator("input[name=ideas]").first.evaluate(f"box => box.value = '{foreign.pk}'")
    page.locator("input[name=ideas]").first.check()
    page.get_by_role("button", name=da("Save the choice")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        da("Choose only ideas from this meeting's network.")
    )
    assert_accessible(page, "choose the leaflet's ideas, refused")


def test_public_experience_and_summary_pass_axe_for_visitors(axe_page, demo_plan):
    """A visitor follows a public experience to the public summary of its meeting."""
    page = axe_page
    page.goto(f"/plans/{demo_plan.slug}/")
    page.get_by_role("navigation", name=da("Main menu")).get_by_role(
        "link", name=da("Experiences")
    ).click()
    main = page.get_by_role("main")
    reports = [axe_report(page, "public experience list")]
    main.get_by_role("link", name="Fællesspisning – Blokland").click()
    reports.append(axe_report(page, "public experience"))
    main.get_by_role("link", name=da("Read the meeting's summary")).click()
    expect(
        main.get_by_role("heading", level=2, name="Sådan designer vi en god familieindsats")
    ).to_be_visible()
    reports.append(axe_report(page, "public summary"))
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


def test_a_visitor_clicks_from_the_plans_page_to_what_the_networks_learned(axe_page, demo_plan):
    """The plan's page links a visitor to the public summaries and experiences."""
    page = axe_page
    page.goto("/")
    main = page.get_by_role("main")
    learned = main.get_by_role("region", name=da("What the networks have learned"))
    reports = [axe_report(page, "front page with what the networks learned")]
    learned.get_by_role("link", name="Sådan designer vi en god familieindsats").click()
    expect(
        main.get_by_role("heading", level=2, name="Sådan designer vi en god familieindsats")
    ).to_be_visible()
    page.go_back()
    learned.get_by_role("link", name=da("All public experiences")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Experiences"))
    expect(main.locator(".experience-card").first).to_be_visible()
    reports.append(axe_report(page, "public experiences from the plan's page"))
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


@pytest.mark.parametrize("width", [1280, 375])
def test_recommendation_and_board_meeting_pages_pass_axe(new_page, demo_plan, width):
    from ressourcenet.governance.models import BoardMeeting, Recommendation

    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    reports = []
    network = Network.objects.get(plan=demo_plan, slug="familier-forebyggelse")
    base = f"/plans/{demo_plan.slug}"
    draft = Recommendation.objects.get(network=network, state="draft")
    submitted = Recommendation.objects.get(network=network, state="submitted")
    coming = submitted.board_meeting

    log_in(page, COORDINATOR)
    page.goto(f"{base}/networks/{network.slug}/recommendations/")
    reports.append(axe_report(page, f"network's recommendations at {width}px"))
    page.goto(f"{base}/recommendations/{draft.pk}/")
    reports.append(axe_report(page, f"draft with its moves at {width}px"))
    # The withdraw form sent without its reason: the error summary and the field's message.
    page.locator("#move-withdrawn").get_by_role("button").click()
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    reports.append(axe_report(page, f"a move with an error at {width}px"))
    page.goto(f"{base}/networks/{network.slug}/recommendations/new/")
    reports.append(axe_report(page, f"new recommendation at {width}px"))
    page.get_by_role("main").locator("button[type=submit]").click()
    reports.append(axe_report(page, f"new recommendation with errors at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    log_in(page, BOARD_MEMBER)
    page.goto("/")
    reports.append(axe_report(page, f"board member's front page at {width}px"))
    page.goto(f"{base}/recommendations/{submitted.pk}/")
    reports.append(axe_report(page, f"submitted, with the board's moves at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # An approved change to a co-financing agreement: its amounts and their differences.
    change = Recommendation.objects.get(kind="cofinancing_change", state="approved")
    page.goto(f"{base}/recommendations/{change.pk}/")
    expect(page.locator("#proposed-heading")).to_be_visible()
    reports.append(axe_report(page, f"approved co-financing change at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{base}/board-meetings/")
    reports.append(axe_report(page, f"board meetings at {width}px"))
    page.goto(f"{base}/board-meetings/{coming.pk}/")
    reports.append(axe_report(page, f"board meeting at {width}px"))
    # The board packet, from its link on the board meeting's page: every recommendation
    # submitted for the coming meeting, numbered.
    page.get_by_role("main").get_by_role("link", name=da("Read the board packet")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(coming))
    sections = page.get_by_role("main").locator("section.packet-recommendation")
    expect(sections).to_have_count(coming.recommendations.filter(state="submitted").count())
    expect(sections.first.get_by_role("heading", level=2)).to_contain_text("1. ")
    reports.append(axe_report(page, f"board packet at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A postponed recommendation no held meeting can decide: it waits to be submitted again,
    # and the meeting that postponed it keeps it on its page and in its packet.
    postponed = Recommendation.objects.get(network__plan=demo_plan, state="postponed")
    page.goto(f"{base}/recommendations/{postponed.pk}/")
    main = page.get_by_role("main")
    expect(main.locator(".alert-info")).to_be_visible()
    expect(main.locator("#move-approved")).to_have_count(0)
    reports.append(axe_report(page, f"postponed, waiting to be submitted again at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{base}/board-meetings/{postponed.board_meeting_id}/")
    expect(page.get_by_role("main").get_by_role("link", name=postponed.title)).to_be_visible()
    reports.append(axe_report(page, f"held board meeting at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{base}/board-meetings/{postponed.board_meeting_id}/packet/")
    expect(page.get_by_role("main").get_by_text(postponed.decision_reason)).to_be_visible()
    reports.append(axe_report(page, f"held board meeting's packet at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert BoardMeeting.objects.count() == 2
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


@pytest.mark.parametrize("width", [1280, 375])
def test_agreement_pages_pass_axe(new_page, demo_plan, width):
    """The co-financing list, an agreement with its versions, the change form with an error;
    a network's register of cooperation agreements, one agreement, and a party's link."""
    from ressourcenet.agreements.emails import party_url
    from ressourcenet.agreements.models import CofinancingAgreement, CooperationAgreement

    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    reports = []
    log_in(page, ADMIN)
    main = page.get_by_role("main")
    page.goto(f"/plans/{demo_plan.slug}/cofinancing/")
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Co-financing agreements"))
    reports.append(axe_report(page, f"co-financing list at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    agreement = CofinancingAgreement.objects.filter(plan=demo_plan).order_by("title").first()
    main.get_by_role("link", name=agreement.title).click()
    expect(page.get_by_role("heading", name=da("Versions"))).to_be_visible()
    reports.append(axe_report(page, f"co-financing agreement at {width}px"))

    main.get_by_role("link", name=da("Change the agreement")).click()
    first_year = demo_plan.starts_on.year
    main.locator(f"#id_money_{first_year}").fill("-1")
    main.get_by_role("button", name=da("Save")).click()
    expect(page.get_by_role("alert")).to_contain_text(da("There is a problem"))
    expect(main.locator(f"#id_money_{first_year}")).to_have_value("-1")
    reports.append(axe_report(page, f"co-financing form with errors at {width}px"))

    page.goto(f"/plans/{demo_plan.slug}/allocation/?year=2018")
    expect(main.locator("table tbody tr")).to_have_count(demo_plan.efforts.count())
    reports.append(axe_report(page, f"resource allocation at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(f"/plans/{demo_plan.slug}/networks/familier-forebyggelse/agreements/")
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Cooperation agreements"))
    reports.append(axe_report(page, f"cooperation register at {width}px"))
    main.get_by_role("link", name=da("New agreement")).click()
    main.get_by_role("button", name=da("Save")).click()
    expect(page.get_by_role("alert")).to_contain_text(da("There is a problem"))
    reports.append(axe_report(page, f"cooperation form with errors at {width}px"))
    page.goto(f"/plans/{demo_plan.slug}/networks/familier-forebyggelse/agreements/")
    pending = CooperationAgreement.objects.get(plan=demo_plan, state="pending")
    waiting = pending.parties.filter(accepted_at__isnull=True).select_related("person").first()
    # A party without an e-mail address: the coordinator is told to reach them another way.
    type(waiting.person).objects.filter(pk=waiting.person_id).update(email="")
    main.get_by_role("link", name=pending.title).click()
    expect(main.locator("[data-unreached]")).to_contain_text(waiting.person.name)
    reports.append(axe_report(page, f"cooperation agreement at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.context.clear_cookies()
    page.goto(party_url(waiting).removeprefix(settings.SITE_URL))
    expect(page.get_by_role("navigation", name=da("Main menu"))).to_have_count(0)
    reports.append(axe_report(page, f"cooperation agreement by personal link at {width}px"))

    # Past its end date before every party accepted: it reads expired, with nothing to do.
    today = timezone.localdate()
    CooperationAgreement.objects.filter(pk=pending.pk).update(
        starts_on=today - timedelta(days=800), ends_on=today - timedelta(days=1)
    )
    page.reload()
    expect(main.locator("[data-expired]")).to_be_visible()
    expect(main.get_by_role("button")).to_have_count(0)
    reports.append(axe_report(page, f"expired agreement by personal link at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    log_in(page, ADMIN)
    page.goto(f"/plans/{demo_plan.slug}/networks/familier-forebyggelse/agreements/")
    expect(main.locator("tbody")).to_contain_text(da("Expired"))
    reports.append(axe_report(page, f"cooperation register with an expired one at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


@pytest.mark.parametrize("width", [1280, 375])
def test_agreement_follow_up_passes_axe(new_page, demo_plan, width):
    """A pending cooperation agreement as its coordinator sees it: whether each party's link
    went, »send the link again«, and recording an acceptance on paper (with an error, then
    done, in force, and in the history)."""
    from ressourcenet.agreements.models import CooperationAgreement

    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    reports = []
    log_in(page, ADMIN)
    main = page.get_by_role("main")
    pending = CooperationAgreement.objects.get(plan=demo_plan, state="pending")
    waiting = pending.parties.filter(accepted_at__isnull=True).select_related("person").get()
    page.goto(pending.get_absolute_url())
    expect(main.locator(f"[data-party='{waiting.person_id}'] [data-link-status]")).to_have_text(
        da("No link sent by e-mail yet.")
    )
    reports.append(axe_report(page, f"agreement with follow-up controls at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    main.get_by_role("button", name=da("Send the link again")).click()
    expect(main.locator(f"[data-party='{waiting.person_id}'] [data-link-status]")).to_contain_text(
        da("Link sent by e-mail %(when)s.").split("%")[0].strip()
    )
    reports.append(axe_report(page, f"agreement after sending the link again at {width}px"))

    tomorrow = timezone.localdate() + timedelta(days=1)
    main.get_by_role("radio", name=waiting.person.name).check()
    main.get_by_label(da("Date signed")).fill(tomorrow.isoformat())
    main.get_by_role("button", name=da("Record acceptance on paper")).click()
    expect(page.get_by_role("alert")).to_contain_text(da("There is a problem"))
    expect(main.get_by_label(da("Date signed"))).to_have_value(tomorrow.isoformat())
    reports.append(axe_report(page, f"acceptance on paper with an error at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    main.get_by_label(da("Date signed")).fill(timezone.localdate().isoformat())
    main.get_by_role("button", name=da("Record acceptance on paper")).click()
    expect(main.locator("[data-history]")).to_contain_text(waiting.person.name)
    expect(main.get_by_role("button", name=da("Send the link again"))).to_have_count(0)
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.IN_FORCE
    reports.append(axe_report(page, f"agreement accepted on paper at {width}px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


@pytest.mark.parametrize("width", [1280, 375])
def test_privacy_page_and_accessibility_statement_pass_axe(new_page, demo_plan, width):
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    reports = []

    page.goto("/")
    for link, heading in [
        ("Privacy", "How we handle your personal data"),
        ("Accessibility statement", "Accessibility statement"),
    ]:
        page.get_by_role("contentinfo").get_by_role("link", name=da(link)).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(da(heading))
        reports.append(axe_report(page, f"{da(link)} at {width}px"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found
