"""Without JavaScript, on a phone: a refused form opens at its error summary, not 2,000 px
above it, and a reload of the error page lands on the form's page, not a blank one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import COORDINATOR, DEMO_NETWORK, assert_in_view, da, log_in
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import invite_members
from ressourcenet.networks.models import Network

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def meeting(demo_plan) -> Meeting:
    network = Network.objects.get(plan=demo_plan, slug=DEMO_NETWORK)
    starts = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        network=network,
        title="Forældrecafé i Hyldespjældet",
        why="Hvordan når vi de forældre, vi ikke ser?",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    invite_members(meeting)  # a long list of invitees above the guest form
    return meeting


def step(meeting: Meeting, name: str) -> str:
    return reverse(f"meeting_plan_{name}", args=[meeting.network.plan.slug, meeting.pk])


@pytest.fixture
def page(new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    log_in(page, COORDINATOR)
    return page


def assert_summary_in_view_and_reload_lands_on(page, path: str) -> None:
    summary = page.locator("[data-module='error-summary']")
    expect(summary).to_be_visible()
    assert_in_view(page, summary)
    # The error page's address, opened again (the address bar, a bookmark, the language
    # switcher before): a GET on the POST-only address leads to the form's page.
    response = page.goto(page.url.split("#")[0])
    assert response.status == 200
    assert page.url.split("#")[0].endswith(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_an_agenda_item_without_a_title_opens_at_the_summary(page, meeting):
    page.goto(step(meeting, "agenda"))
    page.get_by_role("button", name=da("Add to the agenda")).tap()

    expect(page.locator("[data-module='error-summary']")).to_contain_text(
        da("Write the item's title.")
    )
    assert_summary_in_view_and_reload_lands_on(page, step(meeting, "agenda"))


def test_a_guest_with_a_wrong_e_mail_opens_at_the_summary(page, meeting):
    page.goto(step(meeting, "invitations"))
    guest = page.locator("form.guest-invite")
    guest.get_by_label(da("Name"), exact=True).fill("Gitte Gæst")
    guest.get_by_label(da("E-mail"), exact=True).fill("ikke en adresse")
    guest.get_by_role("button", name=da("Invite the guest")).tap()

    expect(page.locator("[data-module='error-summary']")).to_contain_text(
        da("Write a valid e-mail address, such as name@example.com.")
    )
    assert_summary_in_view_and_reload_lands_on(page, step(meeting, "invitations"))
