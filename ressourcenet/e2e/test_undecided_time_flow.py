"""A meeting without a time, on a phone from start to finish: the coordinator creates it and
opens a poll, the invitees answer, members see that the time is not decided, the coordinator
chooses the time after a confirmation, and the poll answers become the replies."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from ressourcenet.accounts.models import OutboxMessage
from ressourcenet.e2e.helpers import COORDINATOR, DEMO_NETWORK, MEMBER, NETWORK_PAGE, da, log_in
from ressourcenet.e2e.test_poll_flow import (
    IF_NEED_BE,
    NO,
    YES,
    answer_on_a_phone,
    as_input,
    at,
    label_of,
)
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks.models import Network
from ressourcenet.people.models import Person
from ressourcenet.scheduling.models import Answer, Poll

pytestmark = pytest.mark.e2e

WIDTH = 375
PHONE = {"viewport": {"width": WIDTH, "height": 800}, "is_mobile": True, "has_touch": True}
TITLE = "Sommerferie uden ensomhed"


@pytest.fixture
def outbox(settings, live_server):
    """E-mail goes to the demo's outbox, with links to the live server."""
    settings.EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"
    settings.SITE_URL = live_server.url
    return OutboxMessage.objects


def assert_fits(page: Page, step: str) -> None:
    """The page is never wider than the phone's screen."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{step}: {page.url} is {width}px wide on a {WIDTH}px screen"


def da_count(singular: str, plural: str, count: int) -> str:
    with translation.override("da"):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def test_a_meeting_without_a_time_gets_it_from_the_poll_and_the_answers_become_replies(
    new_page, demo_plan, outbox, live_server
):
    network = Network.objects.get(plan=demo_plan, slug=DEMO_NETWORK)
    day = timezone.localdate() + timedelta(days=21)
    times = [
        (at(day, 17), at(day, 19)),
        (at(day + timedelta(days=2), 16), at(day + timedelta(days=2), 18)),
    ]

    # 1. The coordinator, on a phone, creates the meeting without a time.
    page = new_page(**PHONE)
    log_in(page, COORDINATOR)
    page.goto(NETWORK_PAGE)
    assert_fits(page, "network page")
    page.get_by_role("link", name=da("Plan a meeting")).click()
    assert_fits(page, "new meeting")
    page.get_by_label(da("Title"), exact=True).fill(TITLE)
    by_poll = da("Find a time with a poll among the invitees")
    time_way = page.get_by_role("group", name=da("When is the meeting?"))
    time_way.get_by_role("radio", name=by_poll).check()
    expect(time_way.get_by_role("radio", name=by_poll)).to_be_checked()
    page.get_by_role("main").get_by_role("button", name=da("Save and build the agenda")).click()
    expect(page.locator(".messages").get_by_role("status")).to_contain_text(
        da("The meeting is saved. Invite the members, then find the time with a poll.")
    )
    assert_fits(page, "planning page")
    meeting = Meeting.objects.get(network=network, title=TITLE)
    assert meeting.starts_at is None and meeting.ends_at is None

    # The members are invited; instead of sending invitations, the coordinator invites
    # them to the poll.
    page.get_by_role("button", name=da("Invite all members")).click()
    assert_fits(page, "planning page with invitees")
    expect(
        page.get_by_role("button", name=re.compile(da("Send"))).filter(has_text=re.compile(r"\d"))
    ).to_have_count(0)
    page.get_by_role("link", name=da("Invite to the poll")).click()
    assert_fits(page, "new poll")
    rows = page.locator("fieldset.poll-slot-row")
    for index in range(rows.count()):
        starts, ends = (as_input(t) for t in times[index]) if index < len(times) else ("", "")
        rows.nth(index).get_by_label(da("Starts"), exact=True).fill(starts)
        rows.nth(index).get_by_label(da("Ends"), exact=True).fill(ends)
    page.get_by_role("button", name=da("Open the poll and send the e-mails")).click()
    expect(
        page.get_by_role("main")
        .get_by_role("status")
        .filter(has_text=da("The poll is open. The invitees get an e-mail with a link."))
    ).to_be_visible()
    assert_fits(page, "poll page")
    poll = Poll.objects.get(meeting=meeting)
    first, second = poll.slots.order_by("starts_at")
    labels = [label_of(first), label_of(second)]

    # 2. The invitees answer from their personal links. The second time is chosen below:
    # two said yes to it, the member said "if need be", one said no.
    member = Person.objects.get(email=MEMBER)
    others = list(
        meeting.invitations.exclude(person__email="")
        .exclude(person__email__in=[MEMBER, COORDINATOR])
        .select_related("person")
        .order_by("person__name")[:3]
    )
    assert len(others) == 3, "the demo network has too few members with an e-mail address"
    yes_voters, no_voter = [others[0].person, others[1].person], others[2].person
    answers = {
        yes_voters[0]: [NO, YES],
        yes_voters[1]: [YES, YES],
        member: [YES, IF_NEED_BE],
        no_voter: [IF_NEED_BE, NO],
    }
    poll_subject = da("When can you come to %(title)s?") % {"title": TITLE}
    for person, values in answers.items():
        email = outbox.get(subject=poll_subject, to__contains=person.email)
        link = re.search(rf"{re.escape(live_server.url)}/poll/\S+/", email.body).group()
        phone = new_page(**PHONE)
        answer_on_a_phone(phone, link, person, dict(zip(labels, values, strict=True)))
        assert_fits(phone, f"poll link of {person.name}")
        saved = Answer.objects.filter(person=person, slot__poll=poll).order_by("slot__starts_at")
        assert list(saved.values_list("value", flat=True)) == values

    # 3. A member sees that the time is not decided: no RSVP, no calendar file.
    member_page = new_page(**PHONE)
    log_in(member_page, MEMBER)
    member_page.goto(meeting.get_absolute_url())
    assert_fits(member_page, "meeting page before the time is chosen")
    main = member_page.get_by_role("main")
    assert poll.closes_at is None  # the coordinator gave the poll no closing date
    expect(main).to_contain_text(da("The time is not decided – the poll is open"))
    expect(main).to_contain_text("Tidspunktet er ikke fastlagt")
    expect(main.get_by_role("heading", name=da("Are you coming?"))).to_have_count(0)
    expect(main.get_by_role("button", name=da("Yes, I am coming"))).to_have_count(0)
    expect(main.get_by_role("link", name=da("Add to your calendar (.ics)"))).to_have_count(0)
    expect(main.get_by_role("link", name=da("Say which times suit you"))).to_be_visible()

    # 4. The coordinator chooses the second time, and first sees how many get the invitation.
    page.reload()
    assert_fits(page, "poll page with answers")
    choose = page.get_by_role("button", name=f"{da('Choose this time')} {labels[1]}")
    choose.scroll_into_view_if_needed()
    assert_fits(page, "poll page scrolled to the choice")
    choose.click()
    recipients = meeting.invitations.exclude(person__email="").count()
    expect(page.locator("[data-recipients]")).to_have_text(
        da_count(
            "%(counter)s person gets a calendar invitation by e-mail.",
            "%(counter)s people get a calendar invitation by e-mail.",
            recipients,
        )
    )
    assert_fits(page, "confirmation")
    invitation_subject = da("Invitation: %(title)s") % {"title": TITLE}
    assert not outbox.filter(subject=invitation_subject).exists()
    assert Poll.objects.get(pk=poll.pk).finalised_at is None
    page.get_by_role("button", name=da("Choose the time and send")).click()
    expect(
        page.get_by_role("main")
        .get_by_role("status")
        .filter(has_text=da("The meeting is set to %(time)s.") % {"time": labels[1]})
    ).to_be_visible()
    assert_fits(page, "poll page after the choice")
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == times[1]
    assert outbox.filter(subject=invitation_subject).count() == recipients

    # 5. The poll answers are the replies: yes is coming and not asked again, "if need be"
    # is asked to confirm, no is not coming; only those who did not answer are asked.
    replies = dict(meeting.invitations.values_list("person_id", "answer"))
    assert replies[yes_voters[0].pk] == Invitation.Answer.YES
    assert replies[yes_voters[1].pk] == Invitation.Answer.YES
    assert replies[member.pk] == Invitation.Answer.MAYBE
    assert replies[no_voter.pk] == Invitation.Answer.NO
    answered = {person.pk for person in answers}
    assert {a for p, a in replies.items() if p not in answered} == {Invitation.Answer.PENDING}
    ask = da("Tell us if you are coming. You do not need to log in:")
    for person in yes_voters:
        email = outbox.get(subject=invitation_subject, to__contains=person.email)
        assert da("Are you coming?") not in email.body
        assert ask not in email.body
        assert (
            da(
                "You said in the poll that this time suits you, so you are down as coming. "
                "If that changes, tell us here:"
            )
            in email.body
        )
    email = outbox.get(subject=invitation_subject, to__contains=member.email)
    assert (
        da(
            "You said in the poll that this time suits you if need be. "
            "Please confirm whether you are coming:"
        )
        in email.body
    )

    # The member who said "if need be" is asked to confirm on the meeting page.
    member_page.reload()
    assert_fits(member_page, "meeting page after the time is chosen")
    expect(main.get_by_role("heading", name=da("Are you coming?"))).to_be_visible()
    expect(main).to_contain_text(
        da("You said the time suits you if need be. Please confirm whether you are coming.")
    )
    expect(main.get_by_role("button", name=da("Yes, I am coming"))).to_be_visible()

    # A yes-voter's link from the calendar invitation says they are down as coming.
    email = outbox.get(subject=invitation_subject, to__contains=yes_voters[1].email)
    link = re.search(rf"{re.escape(live_server.url)}/invitation/\S+/", email.body).group()
    yes_page = new_page(**PHONE)
    yes_page.goto(link)
    expect(yes_page.get_by_role("main")).to_contain_text(
        da("Thank you. You have said you are coming.")
    )
    assert_fits(yes_page, "invitation link of a yes-voter")
