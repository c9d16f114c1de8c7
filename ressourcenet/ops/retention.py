"""The retention rules of issue 14, enforced by `ressourcenet retention` (run it daily from
cron, beside purgeblog and purgelive).

Each rule is a pair: a queryset of what is due at `now`, and a function that acts on it.
The command counts the first with `--dry-run` and calls the second otherwise; both take
the same `now`, so a rule acts on exactly what it counted. Every rule changes a row so
that it no longer matches, so a second run finds nothing more to do.

The rules:
- a blog comment's IP address goes after IP_DAYS (blog/services.py `purge_old_ips`);
- the personal links of an invitation nobody answered stop working once the meeting is
  over, unless the invitee came anyway (`Invitation.link_revoked_at`; the answer page,
  the poll page and the live board check it);
- an outgoing e-mail's body, HTML and attachments go OUTBOX_DAYS after it was queued,
  whatever became of it (a sent or dropped one lost them already; one still waiting or
  failed is dropped, so that it is never sent empty);
- an evaluation loses its invitation once the evaluation has closed, so nothing ties its
  ratings and its free text to a person; it keeps its meeting, so the totals stay right;
- people with no membership, board seat, invitation, login or change for INACTIVE_YEARS
  are proposed for erasure: listed by the command and in the admin (People → "Proposed
  for erasure"). Nobody is erased automatically.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ressourcenet.blog import services as blog_services
from ressourcenet.blog.models import IP_DAYS, Comment
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.evaluation.services import closed_before
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Invitation
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Person
from ressourcenet.plans.models import BoardMember

OUTBOX_DAYS = 90
INACTIVE_YEARS = 3


def inactive_since(now: datetime | None = None) -> datetime:
    """People with no sign of life after this moment are proposed for erasure. Three
    calendar years back (29 February becomes 28 February)."""
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - INACTIVE_YEARS)
    except ValueError:
        return now.replace(year=now.year - INACTIVE_YEARS, day=28)


def old_ips(now: datetime) -> QuerySet[Comment]:
    return Comment.objects.old_ips(now)


def unanswered_invitations(now: datetime) -> QuerySet[Invitation]:
    """Invitations never answered whose meeting is over (held or cancelled), with a link
    that still works. Someone who came anyway took part: their link stays."""
    return Invitation.objects.filter(
        answer=Invitation.Answer.PENDING,
        link_revoked_at__isnull=True,
        meeting__ends_at__lt=now,
    ).exclude(attended=True)


def old_outbox_bodies(now: datetime) -> QuerySet[OutgoingMessage]:
    has_content = ~Q(body="") | ~Q(html="") | ~Q(attachments=[])
    return OutgoingMessage.objects.filter(
        has_content, created_at__lt=now - timedelta(days=OUTBOX_DAYS)
    ).exclude(status=OutgoingMessage.Status.SENDING)


def named_evaluations(now: datetime) -> QuerySet[Evaluation]:
    """Evaluations of closed evaluations that still point at an invitation."""
    return Evaluation.objects.filter(
        invitation__isnull=False, meeting__ends_at__lte=closed_before(now)
    )


def people_to_propose_for_erasure(now: datetime | None = None) -> QuerySet[Person]:
    """People with no membership, board seat, invitation, login or change of their own
    record since `inactive_since(now)`: neither ongoing nor ended after that moment."""
    since = inactive_since(now)
    day = since.date()
    membership = Membership.objects.filter(person=OuterRef("pk")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)
    )
    board_seat = BoardMember.objects.filter(person=OuterRef("pk")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)
    )
    # A meeting after the moment (or planned after it, with no time yet), or an
    # invitation sent or answered after it.
    invitation = Invitation.objects.filter(person=OuterRef("pk")).filter(
        Q(meeting__starts_at__gt=since)
        | Q(meeting__starts_at__isnull=True, meeting__updated_at__gt=since)
        | Q(sent_at__gt=since)
        | Q(answered_at__gt=since)
    )
    return (
        Person.objects.filter(updated_at__lt=since)
        .exclude(user__last_login__gt=since)
        .exclude(Exists(membership))
        .exclude(Exists(board_seat))
        .exclude(Exists(invitation))
    )


def forget_ips(now: datetime) -> int:
    return blog_services.purge_old_ips(now)


def revoke_links(now: datetime) -> int:
    return unanswered_invitations(now).update(link_revoked_at=now)


def clear_outbox_bodies(now: datetime) -> int:
    """Empty them; one still waiting to be sent (or retried) is dropped first, so that it
    is never sent without its content."""
    dropped = mail.drop(old_outbox_bodies(now))
    return dropped + old_outbox_bodies(now).update(body="", html="", attachments=[])


def detach_evaluations(now: datetime) -> int:
    return named_evaluations(now).update(invitation=None)


@dataclass(frozen=True)
class Rule:
    label: str
    due: Callable[[datetime], QuerySet]
    act: Callable[[datetime], int] | None


RULES = [
    Rule(
        f"blog comments' IP addresses older than {IP_DAYS} days cleared",
        old_ips,
        forget_ips,
    ),
    Rule(
        "personal links of unanswered invitations to meetings that are over removed",
        unanswered_invitations,
        revoke_links,
    ),
    Rule(
        f"outgoing e-mails older than {OUTBOX_DAYS} days emptied of body and attachments",
        old_outbox_bodies,
        clear_outbox_bodies,
    ),
    Rule(
        "evaluations of closed evaluations detached from their invitee",
        named_evaluations,
        detach_evaluations,
    ),
    Rule(
        f"people without memberships or activity for {INACTIVE_YEARS} years proposed for "
        "erasure (nobody is erased: see admin → People)",
        people_to_propose_for_erasure,
        None,
    ),
]


def enforce(now: datetime | None = None, dry_run: bool = False) -> list[tuple[Rule, int]]:
    """Apply every rule at `now` (or only count with `dry_run`): (rule, count) each."""
    now = now or timezone.now()
    results = []
    with transaction.atomic():
        for rule in RULES:
            if dry_run or rule.act is None:
                results.append((rule, rule.due(now).count()))
            else:
                results.append((rule, rule.act(now)))
    return results
