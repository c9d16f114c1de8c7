"""A coordinator ends a membership from the network page with the htmx button."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    COORDINATOR,
    DEMO_NETWORK,
    NETWORK_PAGE,
    assert_same_page,
    da,
    log_in,
    mark_page,
)
from ressourcenet.networks.models import Membership

pytestmark = pytest.mark.e2e


def test_coordinator_ends_a_membership_after_confirming(page, demo_plan):
    membership = Membership.objects.get(
        network__plan=demo_plan, network__slug=DEMO_NETWORK, person__email="medlem@example.dk"
    )
    name = membership.person.name
    dialogs = []
    answer = {"accept": False}

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    log_in(page, COORDINATOR)
    page.goto(NETWORK_PAGE)
    mark_page(page)
    row = page.locator(f"#membership-{membership.pk}")
    end_button = row.get_by_role("button", name=f"{da('End')} {name}")

    # Saying no to the question changes nothing.
    end_button.click()
    expect(row).to_be_visible()
    membership.refresh_from_db()
    assert membership.ends_on is None

    answer["accept"] = True
    end_button.click()
    status = page.get_by_role("main").get_by_role("status").filter(has_text=name)
    expect(status).to_have_text(da("The membership of %(person)s has ended.") % {"person": name})
    expect(row).to_have_count(0)
    assert dialogs == [da("End the membership of %(name)s today?") % {"name": name}] * 2
    assert_same_page(page)
    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate()
