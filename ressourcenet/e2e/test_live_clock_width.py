"""The projector's clock on a narrow screen: the time left stays on one line, never
"59:0 / 5", and the page is no wider than the screen."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import COORDINATOR, log_in
from ressourcenet.e2e.test_live_flow import running_meeting
from ressourcenet.live import services as live_services
from ressourcenet.meetings import clock
from ressourcenet.meetings.models import AgendaItem
from ressourcenet.people.models import Person

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [320, 375, 768])
def test_the_projectors_time_left_never_wraps(new_page, demo_plan, width):
    meeting = running_meeting()
    AgendaItem.objects.filter(meeting=meeting).update(minutes=59)
    coordinator = Person.objects.get(user__email=COORDINATOR).user
    live_services.start(meeting, coordinator)
    clock.next_item(meeting, now=timezone.now() - timedelta(seconds=55))
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    log_in(page, COORDINATOR)
    page.goto(reverse("live_projector", args=[meeting.network.plan.slug, meeting.pk]))
    time = page.locator(".agenda-clock--projector .agenda-clock__time")
    expect(time).to_have_text(re.compile(r"^58:0\d$"))
    lines = time.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; }"
    )
    assert lines == 1, f"the time wraps at {width}px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
