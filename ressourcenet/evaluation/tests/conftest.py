"""A meeting held three days ago: the member and the volunteer came, Ole did not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import make_meeting


@pytest.fixture
def held(network, member, volunteer):
    meeting = make_meeting(
        network, title="Værksted om madklub", starts_at=timezone.now() - timedelta(days=3)
    )
    ole = make_person("Ole Udeblev")
    Invitation.objects.create(meeting=meeting, person=member.person, attended=True)
    Invitation.objects.create(meeting=meeting, person=volunteer, attended=True)
    Invitation.objects.create(meeting=meeting, person=ole, attended=False)
    return meeting


@pytest.fixture
def came(held, volunteer) -> Invitation:
    """The volunteer's invitation (no login): she came."""
    return held.invitations.get(person=volunteer)


@pytest.fixture
def stayed_away(held) -> Invitation:
    return held.invitations.get(person__name="Ole Udeblev")
