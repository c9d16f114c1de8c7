"""No page scrolls sideways on a 375 px phone: a crawl of the site as each demo role."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    ADMIN,
    BOARD_MEMBER,
    COORDINATOR,
    DEMO_NETWORK,
    DEMO_PLAN,
    DEMO_POLL_MEETING,
    EDITOR,
    MEMBER,
    NETWORK_PAGE,
    PEOPLE_PAGE,
    da,
    log_in,
)
from ressourcenet.knowledge.models import Summary
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import Effort
from ressourcenet.scheduling import services as scheduling
from ressourcenet.scheduling.emails import poll_url
from ressourcenet.scheduling.models import Poll

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
ROLES = {
    "anonymous": None,
    "member": MEMBER,
    "coordinator": COORDINATOR,
    "board_member": BOARD_MEMBER,
    "editor": EDITOR,
    "administrator": ADMIN,
}
# Enough to reach every kind of page from the front page; a person page stands for all.
MAX_PAGES = 70
# Not pages of the site: the admin, the API, files, and links that change the session.
SKIP = re.compile(r"^/(admin|api)/|\.(ics|pdf|json)$|/logout|/feed|/calendar")

WIDTHS = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
    .filter((element) => !element.closest(".sr-only, [hidden]"))
    .slice(0, 3)
    .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  return [root.scrollWidth, root.clientWidth, wide];
}"""
# The planning page's four steps, which the coordinator's crawl must reach.
PLANNING_STEPS = {
    f"/plans/{DEMO_PLAN}/meetings/N/plan/{step}"
    for step in ("", "agenda/", "roles/", "invitations/")
}
EXPERIENCE_PAGES = {f"/plans/{DEMO_PLAN}/experiences/", f"/plans/{DEMO_PLAN}/experiences/N/"}
LINKS = "() => [...document.querySelectorAll('a[href]')].map((link) => link.href)"


def kind_of(path: str) -> str:
    """Pages of one kind share an address but for their numbers: /people/12/ ~ /people/7/."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def crawl(page, origin: str, starts: list[str]) -> dict[str, tuple[int, int, list[str]]]:
    queue, seen, widths = list(starts), set(), {}
    while queue and len(widths) < MAX_PAGES:
        path = queue.pop(0)
        if kind_of(path) in seen:
            continue
        seen.add(kind_of(path))
        response = page.goto(path)
        if response is None or response.status >= 400 or urlsplit(page.url).path != path:
            continue  # refused, or sent elsewhere (the login page): checked from its own link
        widths[path] = page.evaluate(WIDTHS)
        for href in page.evaluate(LINKS):
            link = urlsplit(href)
            if f"{link.scheme}://{link.netloc}" == origin and not SKIP.search(link.path):
                queue.append(link.path)
    return widths


def demo_poll() -> Poll:
    """The demo's open poll on the coming meeting whose time is not decided."""
    return Poll.objects.select_related("meeting__network__plan").get(
        meeting__title=DEMO_POLL_MEETING
    )


def poll_pages(email: str | None) -> list[str]:
    """Pages no link leads to: the coordinator's confirmation of a time (a form's answer)
    and an invitee's personal link (from an e-mail); the poll page, to be sure."""
    poll = demo_poll()
    meeting = poll.meeting
    plan = meeting.network.plan.slug
    if email == COORDINATOR:
        slot = poll.slots.order_by("starts_at").first()
        return [
            reverse("poll_detail", args=[plan, meeting.pk]),
            reverse("poll_finalise", args=[plan, meeting.pk, slot.pk]),
        ]
    if email is None:
        invitation = meeting.invitations.filter(person__user__isnull=True).first()
        return [urlsplit(poll_url(invitation)).path]
    return []


def leaflet_pages(email: str | None) -> list[str]:
    """For the coordinator, the page that chooses the ideas on the demo's leaflet: deep in
    the site, so the crawl starts there rather than hope to reach it in its first pages."""
    if email != COORDINATOR:
        return []
    summary = Summary.objects.get(state="final", meeting__network__slug=DEMO_NETWORK)
    return [reverse("leaflet_ideas", args=[summary.meeting.network.plan.slug, summary.meeting_id])]


@pytest.mark.parametrize("email", ROLES.values(), ids=ROLES.keys())
def test_no_page_is_wider_than_a_375px_phone(new_page, live_server, email):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, email)
    polls = poll_pages(email)
    leaflets = leaflet_pages(email)

    widths = crawl(page, live_server.url, [*polls, *leaflets, "/", NETWORK_PAGE, PEOPLE_PAGE])

    assert len(widths) >= 3
    assert set(polls) <= set(widths), "a poll page was not reached"
    assert set(leaflets) <= set(widths), "the leaflet's page was not reached"
    if email == COORDINATOR:
        assert {kind_of(path) for path in widths} >= PLANNING_STEPS
        assert f"/plans/{DEMO_PLAN}/meetings/N/clock/" in {kind_of(path) for path in widths}
    # Everyone reaches the shared experiences (visitors the public ones) and one of them.
    assert {kind_of(path) for path in widths} >= EXPERIENCE_PAGES
    too_wide = {
        path: f"{scroll}px wide on a {client}px screen: {wide}"
        for path, (scroll, client, wide) in widths.items()
        if scroll > client
    }
    assert too_wide == {}


def test_the_choose_this_time_buttons_fit_a_375px_phone(new_page):
    """The coordinator reaches every "Choose this time" without scrolling sideways."""
    poll = demo_poll()
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, COORDINATOR)

    page.goto(reverse("poll_detail", args=[poll.meeting.network.plan.slug, poll.meeting.pk]))

    buttons = page.get_by_role("button", name=da("Choose this time"))
    expect(buttons).to_have_count(poll.slots.count())
    for button in buttons.all():
        box = button.bounding_box()  # where it is without scrolling the table sideways
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
            f"{button.inner_text()!r} spans {box['x']:.0f}–{box['x'] + box['width']:.0f} px"
        )


# A Danish compound of 60 letters, without a space or a hyphen to break it at.
LONG_WORD = "Ressourcenetværkssamarbejdsaftaleforhandlingsudvalgsmødeplan"


@pytest.fixture
def long_words(demo_plan) -> dict[str, list[str]]:
    """A network and a meeting whose names are one long word; the pages that show them,
    by who sees them."""
    assert len(LONG_WORD) == 60
    effort = Effort.objects.create(plan=demo_plan, name=LONG_WORD)
    network = Network.objects.create(
        plan=demo_plan,
        effort=effort,
        slug="lange-ord",
        name=f"Netværk {LONG_WORD}",
        description=f"Om {LONG_WORD}.",
        tasks=LONG_WORD,
    )
    familier = Network.objects.get(plan=demo_plan, slug=DEMO_NETWORK)
    meeting = Meeting.objects.create(
        network=familier,
        title=LONG_WORD,
        why=f"{LONG_WORD} {LONG_WORD}",
        purpose=LONG_WORD,
        location=LONG_WORD,
    )
    meeting_services.set_agenda(meeting, [meeting_services.AgendaRow("workshop", LONG_WORD, 60)])
    meeting_services.invite_members(meeting)
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=30)
    poll = scheduling.open_poll(meeting, [(starts, starts + timedelta(hours=2))])
    invitation = meeting.invitations.filter(person__user__isnull=True).first()
    plan = demo_plan.slug
    return {
        COORDINATOR: [
            "/",
            network.get_absolute_url(),
            NETWORK_PAGE,
            meeting.get_absolute_url(),
            reverse("meeting_plan", args=[plan, meeting.pk]),
            reverse("poll_detail", args=[plan, meeting.pk]),
            reverse("poll_finalise", args=[plan, meeting.pk, poll.slots.get().pk]),
            reverse("meeting_cancel", args=[plan, meeting.pk]),
        ],
        MEMBER: [meeting.get_absolute_url(), NETWORK_PAGE],
        None: ["/", network.get_absolute_url(), urlsplit(poll_url(invitation)).path],
    }


@pytest.mark.parametrize(
    "email", [COORDINATOR, MEMBER, None], ids=["coordinator", "member", "anonymous"]
)
def test_a_60_letter_word_wraps_instead_of_widening_the_page(new_page, long_words, email):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, email)
    too_wide = {}

    for path in long_words[email]:
        response = page.goto(path)
        assert response.status == 200 and urlsplit(page.url).path == path, path
        expect(page.get_by_text(LONG_WORD).first).to_be_visible()
        scroll, client, wide = page.evaluate(WIDTHS)
        if scroll > client:
            too_wide[path] = f"{scroll}px wide on a {client}px screen: {wide}"

    assert not too_wide, "\n".join(f"{path}: {why}" for path, why in too_wide.items())
