"""The people the object rules are tested on (accounts/permissions.py), seen from the
coordinator of the `network` fixture ("familier"): one per kind of tie."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from ressourcenet.accounts.models import User
from ressourcenet.conftest import make_person, make_user
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.plans.models import BoardMember, Plan


@dataclass
class Cast:
    own_member: Person  # no login, member of the coordinator's network only
    other_member: Person  # no login, member of the other network only
    board_person: Person  # no login, on the plan's board, in no network
    admin_person: Person  # the administrator's own person: a login, in no network
    guest_of_other: Person  # created by the other coordinator as a guest of their meeting
    other_coordinator: User  # runs the other network
    own_meeting: Meeting
    other_meeting: Meeting


def meeting_of(network: Network, title: str) -> Meeting:
    start = timezone.now() + timedelta(days=10)
    return Meeting.objects.create(
        network=network, title=title, starts_at=start, ends_at=start + timedelta(hours=2)
    )


def build_cast(plan: Plan, network: Network, other_network: Network, admin_user: User) -> Cast:
    since = timezone.localdate() - timedelta(days=30)
    own_member = make_person("Oda Egen", StakeholderGroup.VOLUNTEER)
    Membership.objects.create(network=network, person=own_member, starts_on=since)
    other_member = make_person("Jens Job")
    Membership.objects.create(network=other_network, person=other_member, starts_on=since)
    board_person = make_person("Birte Bestyrelse", StakeholderGroup.PROFESSIONAL_MANAGEMENT)
    BoardMember.objects.create(board=plan.board, person=board_person, starts_on=since)
    admin_person = make_person("Anna Sekretariat", email="anna.sekretariat@example.org")
    admin_person.user = admin_user
    admin_person.save(update_fields=["user"])
    ole = make_person("Ole Anden", StakeholderGroup.SOCIAL_HOUSING_STAFF)
    Membership.objects.create(
        network=other_network, person=ole, role=Membership.Role.COORDINATOR, starts_on=since
    )
    other_coordinator = make_user("ole.anden@example.org", ole)
    other_meeting = meeting_of(other_network, "Jobmøde")
    guest = meeting_services.invite_guest(
        other_meeting, "Gert Gæst", "gert@foreningen.dk", "Foreningen", by=other_coordinator
    ).person
    return Cast(
        own_member=own_member,
        other_member=other_member,
        board_person=board_person,
        admin_person=admin_person,
        guest_of_other=guest,
        other_coordinator=other_coordinator,
        own_meeting=meeting_of(network, "Familiemøde"),
        other_meeting=other_meeting,
    )


# Whom each kind of person stands for in the tests' parameters.
OTHERS = ["other_member", "board_person", "admin_person", "guest_of_other"]
