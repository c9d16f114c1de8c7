"""`ressourcenet retention`: each rule at its boundaries, a dry run that changes nothing, and
a second run that finds nothing more to do. Times are relative to `timezone.now()`, so the
tests hold with the clock years ahead."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone

from ressourcenet.blog.models import BloggerProfile, Comment
from ressourcenet.blog.tests.conftest import da, guest_comment, make_post
from ressourcenet.conftest import make_person, make_user
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.evaluation.services import EVALUATION_DAYS
from ressourcenet.lib.links import make_token
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.emails import INVITATION_LINK
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.networks.models import Membership
from ressourcenet.ops import retention
from ressourcenet.people.models import Person
from ressourcenet.scheduling.emails import POLL_LINK

pytestmark = pytest.mark.django_db

REVOKED = (
    "The link no longer works: the meeting is over, and links in invitations that were not "
    "answered are removed after the meeting. Ask the coordinator of the network if you need "
    "anything."
)


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue().splitlines()


def counts(lines: list[str]) -> list[int]:
    """The count at the start of each rule's line."""
    return [int(line.split()[0]) for line in lines if line[:1].isdigit()]


def ago(**delta) -> datetime:
    return timezone.now() - timedelta(**delta)


def make_message(created_at, status=OutgoingMessage.Status.FAILED) -> OutgoingMessage:
    message = OutgoingMessage.objects.create(
        kind=OutgoingMessage.Kind.INVITATION,
        to_name="Vera Frivillig",
        to_email="vera@example.org",
        subject="Invitation",
        body="Hej Vera",
        html="<p>Hej Vera</p>",
        attachments=[{"filename": "m.ics", "mimetype": "text/calendar", "content": "QQ=="}],
        status=status,
    )
    OutgoingMessage.objects.filter(pk=message.pk).update(created_at=created_at)
    return message


def make_inactive(name: str, changed_at) -> Person:
    person = make_person(name)
    Person.objects.filter(pk=person.pk).update(updated_at=changed_at)
    return person


@pytest.fixture
def world(network, volunteer):
    """One of each thing a rule acts on, and one just inside each boundary."""
    post = make_post(BloggerProfile.objects.create(name="Berit Blogger"), "lektiecafeen")
    w = {
        "old_ip": guest_comment(post, ip="10.0.0.1", created_at=ago(days=31)),
        "new_ip": guest_comment(post, ip="10.0.0.2", created_at=ago(days=29)),
    }
    past = make_meeting(network, starts_at=ago(hours=3), hours=2)
    coming = make_meeting(network, starts_at=ago(hours=1), hours=2)
    w["unanswered"] = Invitation.objects.create(meeting=past, person=volunteer)
    w["answered"] = Invitation.objects.create(
        meeting=past, person=make_person("Ali Svar"), answer=Invitation.Answer.NO
    )
    w["running"] = Invitation.objects.create(meeting=coming, person=volunteer)
    w["old_message"] = make_message(ago(days=91))
    w["new_message"] = make_message(ago(days=89))
    closed = make_meeting(network, starts_at=ago(days=EVALUATION_DAYS, hours=3), hours=2)
    open_ = make_meeting(network, starts_at=ago(days=EVALUATION_DAYS - 1), hours=2)
    for meeting, key in ((closed, "closed"), (open_, "open")):
        for number, rating in enumerate((2, 4, 5)):
            invitation = Invitation.objects.create(
                meeting=meeting, person=make_person(f"{key} {number}"), attended=True
            )
            Evaluation.objects.create(
                meeting=meeting,
                invitation=invitation,
                relevance=rating,
                time_well_spent=rating,
                suggestion=f"Mindre snak fra {invitation.person.name}",
            )
    w["closed"], w["open"] = closed, open_
    w["inactive"] = make_inactive("Ingrid Inaktiv", retention.inactive_since() - timedelta(days=1))
    w["recent"] = make_inactive("Rasmus Nylig", retention.inactive_since() + timedelta(days=1))
    return w


def test_ip_addresses_go_after_30_days(world):
    run()
    world["old_ip"].refresh_from_db()
    world["new_ip"].refresh_from_db()
    assert world["old_ip"].ip is None
    assert world["new_ip"].ip == "10.0.0.2"


def test_unanswered_invitations_lose_their_link_once_the_meeting_is_over(world, client):
    run()
    revoked = Invitation.objects.filter(link_revoked_at__isnull=False)
    assert list(revoked) == [world["unanswered"]]
    # The answered invitation, the one to a meeting still going on and those of the people
    # who came (the evaluated meetings) keep their links.
    for key in ("unanswered", "answered", "running"):
        world[key].refresh_from_db()
    assert world["answered"].link_revoked_at is None
    assert world["running"].link_revoked_at is None


def test_a_removed_link_says_in_danish_that_it_no_longer_works(world, client):
    run()
    client.cookies["django_language"] = "da"
    for name, purpose in (("invitation_answer", INVITATION_LINK), ("poll_answer", POLL_LINK)):
        token = make_token(purpose, world["unanswered"].pk)
        response = client.get(reverse(name, args=[token]), HTTP_ACCEPT_LANGUAGE="da")
        assert response.status_code == 410
        assert da(REVOKED) in response.content.decode()
    answered = make_token(INVITATION_LINK, world["answered"].pk)
    assert client.get(reverse("invitation_answer", args=[answered])).status_code == 200


def test_outbox_bodies_go_after_90_days_whatever_their_status(world):
    sending = make_message(ago(days=91), status=OutgoingMessage.Status.SENDING)
    sent = make_message(ago(days=91), status=OutgoingMessage.Status.SENT)
    run()
    sent.refresh_from_db()
    assert (sent.body, sent.status) == ("", OutgoingMessage.Status.SENT)
    old = OutgoingMessage.objects.get(pk=world["old_message"].pk)
    new = OutgoingMessage.objects.get(pk=world["new_message"].pk)
    assert (old.body, old.html, old.attachments) == ("", "", [])
    assert (old.to_email, old.subject) == ("vera@example.org", "Invitation")
    # It failed and could have been sent again: now it never is, not empty.
    assert old.status == OutgoingMessage.Status.DROPPED
    assert new.body == "Hej Vera" and new.attachments
    # One being handed to the mail server right now is left to the sender.
    assert OutgoingMessage.objects.get(pk=sending.pk).body == "Hej Vera"


def test_closed_evaluations_keep_their_text_and_totals_without_the_person(world):
    before = Evaluation.objects.filter(meeting=world["closed"]).aggregate(Avg("relevance"))
    run()
    closed = Evaluation.objects.filter(meeting=world["closed"])
    assert closed.count() == 3
    assert not closed.filter(invitation__isnull=False).exists()
    assert closed.aggregate(Avg("relevance")) == before
    assert sorted(closed.values_list("suggestion", flat=True))[0].startswith("Mindre snak")
    # The invitations themselves stay (attendance); only the tie is cut.
    assert Invitation.objects.filter(meeting=world["closed"], attended=True).count() == 3
    # Still open: the answers keep their invitation, so nobody answers twice.
    still_open = Evaluation.objects.filter(meeting=world["open"])
    assert still_open.filter(invitation__isnull=False).count() == 3


def test_people_inactive_for_three_years_are_proposed_not_erased(world):
    lines = run("--list")
    proposed = set(retention.people_to_propose_for_erasure())
    assert world["inactive"] in proposed
    assert world["recent"] not in proposed
    assert Person.objects.filter(pk=world["inactive"].pk).exists()
    assert f"  person {world['inactive'].pk}: Ingrid Inaktiv" in lines


@pytest.mark.parametrize(
    ("ended_days", "proposed"), [(None, False), (-1, False), (1, True)], ids=str
)
def test_a_membership_ended_within_three_years_keeps_a_person(network, ended_days, proposed):
    since = retention.inactive_since()
    person = make_person("Mona Medlem")
    Membership.objects.create(
        network=network,
        person=person,
        starts_on=(since - timedelta(days=400)).date(),
        ends_on=None if ended_days is None else (since - timedelta(days=ended_days)).date(),
    )
    Person.objects.filter(pk=person.pk).update(updated_at=since - timedelta(days=400))
    assert (person in retention.people_to_propose_for_erasure()) is proposed


def test_a_meeting_or_a_login_within_three_years_keeps_a_person(network):
    since = retention.inactive_since()
    invited = make_inactive("Ivan Inviteret", since - timedelta(days=10))
    meeting = make_meeting(network, starts_at=since + timedelta(days=1))
    Invitation.objects.create(meeting=meeting, person=invited)
    logged_in = make_inactive("Lise Login", since - timedelta(days=10))
    make_user("lise@example.org", logged_in, last_login=since + timedelta(days=1))
    Person.objects.filter(pk=logged_in.pk).update(updated_at=since - timedelta(days=10))
    long_ago = make_inactive("Gamle Gert", since - timedelta(days=10))
    Invitation.objects.create(
        meeting=make_meeting(network, starts_at=since - timedelta(days=5)), person=long_ago
    )
    assert set(retention.people_to_propose_for_erasure()) == {long_ago}


def test_three_years_back_from_29_february_is_28_february():
    leap = datetime(2028, 2, 29, 12, tzinfo=UTC)
    assert retention.inactive_since(leap).date() == date(2025, 2, 28)


def test_the_admin_lists_the_people_proposed_for_erasure(world, login, admin_user):
    url = reverse("admin:people_person_changelist")
    page = login(admin_user).get(url, {"inactive": "yes"}).content.decode()
    assert "Ingrid Inaktiv" in page
    assert "Rasmus Nylig" not in page


def test_a_dry_run_changes_nothing(world):
    lines = run("--dry-run")
    assert counts(lines) == [1, 1, 1, 3, 1]
    ips = set(Comment.objects.exclude(ip=None).values_list("ip", flat=True))
    assert ips == {"10.0.0.1", "10.0.0.2"}
    assert not Invitation.objects.filter(link_revoked_at__isnull=False).exists()
    assert OutgoingMessage.objects.get(pk=world["old_message"].pk).body == "Hej Vera"
    assert not Evaluation.objects.filter(invitation__isnull=True).exists()


def test_a_second_run_finds_nothing_more_to_do(world):
    first = run()
    assert counts(first) == [1, 1, 1, 3, 1]
    assert len(first) == 5
    second = run()
    # The proposals are a list, not a change: they stay until an administrator acts.
    assert counts(second) == [0, 0, 0, 0, 1]
