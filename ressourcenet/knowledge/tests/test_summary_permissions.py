"""Who writes a summary, who finalises a draft directly, who reads it, who proposes."""

import pytest

from ressourcenet.accounts import permissions
from ressourcenet.knowledge.tests.conftest import invitation_of
from ressourcenet.meetings.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "writes", "finalises_draft"),
    [
        ("admin_user", True, True),
        ("coordinator", True, True),
        ("note_taker", True, False),
        ("member", False, False),
        ("board_member", False, False),
        ("outsider", False, False),
    ],
)
def test_who_writes_and_who_finalises_a_draft(
    request, summary_meeting, who, writes, finalises_draft
):
    user = request.getfixturevalue(who)
    assert permissions.can_write_summary(user, summary_meeting) is writes
    assert permissions.can_finalise_draft(user, summary_meeting) is finalises_draft


def test_the_note_taker_of_another_meeting_does_not_write_this_one(
    network, note_taker, summary_meeting
):
    other = make_meeting(network, title="Et andet møde")
    assert not permissions.can_write_summary(note_taker, other)


def test_the_coordinator_of_another_network_does_not_write(other_network, summary_meeting, plan):
    from ressourcenet.conftest import make_person, make_user
    from ressourcenet.networks.models import Membership

    person = make_person("Anders Anden")
    Membership.objects.create(
        network=other_network, person=person, role="coordinator", starts_on=plan.starts_on
    )
    assert not permissions.can_write_summary(
        make_user("anden@example.org", person), summary_meeting
    )


@pytest.mark.parametrize(
    ("who", "sees_draft", "sees_open"),
    [
        ("coordinator", True, True),
        ("note_taker", True, True),
        ("member", False, True),
        ("board_member", False, True),
        ("outsider", False, False),
    ],
)
def test_a_draft_is_for_its_writers_and_an_open_summary_for_the_meetings_readers(
    request, draft, who, sees_draft, sees_open
):
    user = request.getfixturevalue(who)
    assert permissions.can_see_summary(user, draft) is sees_draft
    draft.state = draft.State.OPEN
    assert permissions.can_see_summary(user, draft) is sees_open


def test_only_invitees_who_came_propose(summary_meeting, member):
    assert permissions.can_propose_amendment(invitation_of(summary_meeting, member.person))
    absent = summary_meeting.invitations.get(attended=False)
    assert not permissions.can_propose_amendment(absent)
    assert not permissions.can_propose_amendment(None)
