"""The idea catalogue in a browser: a workshop's ideas typed in from the meeting's page,
then found in the catalogue with filters that apply as they change; no axe-core violations
on the quick entry, the catalogue and an idea's page, and a catalogue that fits a phone."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    COORDINATOR,
    DEMO_PLAN,
    MEMBER,
    assert_accessible,
    assert_same_page,
    da,
    da_plural,
    log_in,
    mark_page,
)
from ressourcenet.knowledge.models import Idea
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network

pytestmark = pytest.mark.e2e

CATALOGUE = f"/plans/{DEMO_PLAN}/ideas/"
WORKSHOP = "Sådan designer vi en god familieindsats"
LINES = [
    "Kaffe og kage efter skoletid i klubben",
    "Forældre viser hinanden vej til kommunen",
    "En fast dag med åbne døre i Familiehuset",
]
TAG = "værksted 2017"
PHONE = {"width": 375, "height": 812}


def test_a_workshops_ideas_go_from_the_meeting_into_the_catalogue(axe_page, demo_plan):
    page = axe_page
    meeting = Meeting.objects.get(title=WORKSHOP)
    network = meeting.network
    ideas_before = Idea.objects.filter(meeting=meeting).count()
    log_in(page, COORDINATOR)

    page.goto(meeting.get_absolute_url())
    ideas_section = page.locator("section.meeting-ideas")
    expect(ideas_section.get_by_role("listitem")).to_have_count(ideas_before)
    ideas_section.get_by_role("link", name=da("Add ideas from the meeting")).click()

    # The quick entry knows the meeting and its network already.
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Add several ideas at once"))
    expect(page.get_by_label(da("Network"), exact=True)).to_have_value(str(network.pk))
    expect(page.get_by_label(da("From the meeting"))).to_have_value(str(meeting.pk))
    assert_accessible(page, "quick entry")
    page.get_by_label(da("Ideas, one per line")).fill(
        f"  {LINES[0]}\n\n{LINES[1]}\n   \n{LINES[2]}  \n"
    )
    page.get_by_label(da("Tags for all of them")).fill(TAG)
    page.get_by_role("button", name=da("Add the ideas")).click()

    # Back on the meeting's page, which lists them and says how many were added.
    page.wait_for_url(f"**{meeting.get_absolute_url()}#ideas")
    added = da_plural(
        "%(count)d idea is added to the catalogue.",
        "%(count)d ideas are added to the catalogue.",
        3,
    ) % {"count": 3}
    expect(page.get_by_role("status").filter(has_text=added)).to_be_visible()
    expect(ideas_section.get_by_role("listitem")).to_have_count(ideas_before + 3)
    for title in LINES:
        expect(ideas_section.get_by_role("link", name=title)).to_be_visible()
    assert Idea.objects.filter(meeting=meeting, tags__name=TAG).count() == 3

    # The catalogue, from the main menu: filtered in place as the choices change.
    menu = page.get_by_role("navigation", name=da("Main menu"))
    menu.get_by_role("link", name=da("Idea catalogue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Idea catalogue"))
    assert_accessible(page, "catalogue")
    rows = page.locator("#results tbody tr")
    total = Idea.objects.filter(network__plan=demo_plan).count()
    expect(rows).to_have_count(min(total, 25))
    mark_page(page)

    page.get_by_label(da("Network"), exact=True).select_option(str(network.pk))
    in_network = Idea.objects.filter(network=network).count()
    expect(rows).to_have_count(in_network)
    page.get_by_label(da("Tag"), exact=True).select_option(label=TAG)

    expect(rows).to_have_count(3)
    for title in LINES:
        expect(rows.get_by_role("link", name=title)).to_be_visible()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("tag") == [TAG])
    assert_same_page(page)
    expect(page.get_by_label(da("Network"), exact=True)).to_have_value(str(network.pk))
    assert_accessible(page, "catalogue, filtered")

    # An idea's page, with its history.
    rows.get_by_role("link", name=LINES[1]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LINES[1])
    expect(page.get_by_role("link", name=WORKSHOP)).to_be_visible()
    history = page.locator("#status table tbody tr")
    expect(history).to_have_count(1)
    assert_accessible(page, "idea page")


def test_the_status_changes_in_place_and_the_history_grows(axe_page, demo_plan):
    page = axe_page
    idea = Idea.objects.filter(network__slug="familier-forebyggelse", status="new").first()
    steps = idea.status_changes.count()
    log_in(page, COORDINATOR)
    page.goto(idea.get_absolute_url())
    mark_page(page)

    form = page.locator("#status form")
    form.get_by_label(da("Being tried"), exact=True).check()
    form.get_by_label(da("Why does the status change?")).fill("Vi prøver den i Hedemarken.")
    form.get_by_role("button", name=da("Change the status")).click()

    history = page.locator("#status table tbody tr")
    expect(history).to_have_count(steps + 1)
    expect(history.last).to_contain_text("Vi prøver den i Hedemarken.")
    expect(page.locator("#status").get_by_role("status").first).to_contain_text(
        da("The status is changed.")
    )
    assert_same_page(page)
    assert Idea.objects.get(pk=idea.pk).status == "being_tried"
    assert_accessible(page, "idea page after a status change")


def test_the_catalogue_fits_a_375px_phone(new_page, demo_plan):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, MEMBER)

    for address in (CATALOGUE, f"{CATALOGUE}?status=parked"):
        page.goto(address)
        expect(page.locator("#results tbody tr").first).to_be_visible()
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"{address} is {scroll}px wide on a {client}px screen"
    network = Network.objects.get(plan=demo_plan, slug="familier-forebyggelse")
    page.goto(Idea.objects.filter(network=network).first().get_absolute_url())
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
