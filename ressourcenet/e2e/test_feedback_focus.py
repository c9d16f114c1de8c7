"""Feedback where the eye is: after an action, its message or the error summary has the
focus, lies inside the viewport and is read out through the live region #announcer."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    COORDINATOR,
    LOGIN_PAGE,
    MEMBER,
    PERSON_CREATE_PAGE,
    assert_in_view,
    da,
    log_in,
)
from ressourcenet.lib.links import make_token
from ressourcenet.meetings.emails import INVITATION_LINK
from ressourcenet.meetings.models import Invitation
from ressourcenet.people.models import Person

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def test_a_long_form_with_errors_focuses_its_summary_whose_links_lead_to_the_fields(
    new_page, demo_plan
):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    people_before = Person.objects.count()
    log_in(page, COORDINATOR)
    page.goto(PERSON_CREATE_PAGE)
    page.locator("#id_email").fill("ikke en adresse")
    # Sent from the bottom of the form, as a person would.
    save = page.get_by_role("main").get_by_role("button", name=da("Save"))
    save.scroll_into_view_if_needed()
    save.tap()

    summary = page.locator("[data-module='error-summary']")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text(da("There is a problem"))
    expect(summary).to_be_focused()
    assert_in_view(page, summary)
    expect(summary.get_by_role("link")).to_have_text(
        [
            da("Write the person's name."),
            da("Write a valid e-mail address, such as name@example.com."),
            da("Choose the person's stakeholder group."),
        ]
    )

    summary.get_by_role("link", name=da("Choose the person's stakeholder group.")).tap()
    expect(page.get_by_label(da("Stakeholder group"), exact=True)).to_be_focused()
    assert_in_view(page, page.locator("label[for='id_stakeholder_group']"))
    summary.get_by_role("link", name=da("Write the person's name.")).tap()
    expect(page.get_by_label(da("Name"), exact=True)).to_be_focused()
    assert Person.objects.count() == people_before


def test_a_wrong_password_is_one_focused_alert_without_a_list_to_correct(page):
    page.goto(LOGIN_PAGE)
    page.get_by_label(da("E-mail")).fill(MEMBER)
    page.get_by_label(da("Password")).fill("not-the-password")
    page.get_by_role("main").get_by_role("button", name=da("Log in")).click()

    alert = page.get_by_role("main").get_by_role("alert")
    expect(alert).to_have_text(da("The e-mail or the password is wrong. Try again."))
    expect(alert).to_be_focused()
    assert_in_view(page, alert)
    expect(page.get_by_text(da("There is a problem"))).to_have_count(0)
    expect(page.get_by_label(da("E-mail"))).to_have_value(MEMBER)


def test_a_message_after_a_redirect_is_focused_and_read_out(new_page, demo_plan):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, COORDINATOR)
    page.goto(PERSON_CREATE_PAGE)
    page.get_by_label(da("Name"), exact=True).fill("Nadia Nabo")
    page.get_by_label(da("Stakeholder group"), exact=True).select_option("volunteer")
    page.get_by_role("main").get_by_role("button", name=da("Save")).tap()

    text = da("%(person)s was added.") % {"person": "Nadia Nabo"}
    message = page.get_by_role("main").locator(".messages")
    expect(message).to_have_text(text)
    expect(message).to_be_focused()
    assert_in_view(page, message)
    expect(page.locator("#announcer")).to_have_text(text)


def test_an_answer_on_the_personal_invitation_page_is_focused_in_view_and_read_out(
    new_page, demo_plan
):
    """The invitee without an account, on a phone: the answer comes back where the eye is."""
    invitation = (
        Invitation.objects.filter(
            meeting__network__plan=demo_plan,
            meeting__starts_at__gt=timezone.now(),
            meeting__cancelled_at__isnull=True,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
        .first()
    )
    assert invitation is not None, "the demo has no coming meeting with an invitee"
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(reverse("invitation_answer", args=[make_token(INVITATION_LINK, invitation.pk)]))
    yes = page.get_by_role("button", name=da("Yes, I am coming"))
    yes.scroll_into_view_if_needed()
    yes.tap()

    answer = page.locator("#your-answer")
    expect(answer).to_contain_text(da("Thank you. You have said you are coming."))
    expect(answer).to_be_focused()
    assert_in_view(page, answer)
    expect(page.locator("#announcer")).to_contain_text(
        da("Thank you. You have said you are coming.")
    )
