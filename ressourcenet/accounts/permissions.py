"""Who may do what: the one place that answers, for views and API alike.

Roles (DOMAIN.md): administrator (superuser), network coordinator, member, board member,
editor, invitee by link (see lib/links.py) and the public. Coordinator and member are
per network, board member per plan; a person may hold several roles at once.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person
from ressourcenet.plans.models import BoardMember, Plan


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool = False
    is_administrator: bool = False
    is_editor: bool = False
    person_id: int | None = None
    coordinator_of: frozenset[int] = field(default_factory=frozenset)  # network ids
    member_of: frozenset[int] = field(default_factory=frozenset)  # network ids, any role
    plans_as_member: frozenset[int] = field(default_factory=frozenset)
    plans_as_coordinator: frozenset[int] = field(default_factory=frozenset)
    plans_on_board: frozenset[int] = field(default_factory=frozenset)


ANONYMOUS = Roles()


def roles_of(user) -> Roles:
    """The user's roles today, computed once per user object (one request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_ressourcenet_roles", None)
    if cached is not None:
        return cached
    person_id = Person.objects.filter(user=user).values_list("id", flat=True).first()
    coordinator_of, member_of, plans_as_member, plans_as_coordinator, plans_on_board = (
        set(),
        set(),
        set(),
        set(),
        set(),
    )
    if person_id is not None:
        today = timezone.localdate()
        rows = Membership.objects.active(today).filter(person_id=person_id)
        for network_id, plan_id, role in rows.values_list("network_id", "network__plan_id", "role"):
            member_of.add(network_id)
            plans_as_member.add(plan_id)
            if role == Membership.Role.COORDINATOR:
                coordinator_of.add(network_id)
                plans_as_coordinator.add(plan_id)
        seats = BoardMember.objects.active(today).filter(person_id=person_id)
        plans_on_board.update(seats.values_list("board__plan_id", flat=True))
    roles = Roles(
        is_authenticated=True,
        is_administrator=user.is_superuser,
        is_editor=user.is_editor,
        person_id=person_id,
        coordinator_of=frozenset(coordinator_of),
        member_of=frozenset(member_of),
        plans_as_member=frozenset(plans_as_member),
        plans_as_coordinator=frozenset(plans_as_coordinator),
        plans_on_board=frozenset(plans_on_board),
    )
    user._ressourcenet_roles = roles
    return roles


# --- plans and networks -------------------------------------------------------------


def can_see_people(user, plan: Plan) -> bool:
    """Names, organisations and networks of people: members and up."""
    roles = roles_of(user)
    return (
        roles.is_administrator
        or plan.pk in roles.plans_as_member
        or plan.pk in roles.plans_on_board
    )


def can_see_members(user, network: Network) -> bool:
    return can_see_people(user, network.plan)


def can_manage_network(user, network: Network) -> bool:
    """Add, change and end memberships; edit the network's mandate."""
    roles = roles_of(user)
    return roles.is_administrator or network.pk in roles.coordinator_of


def managed_networks(user, plan: Plan):
    """The plan's networks that `can_manage_network` allows, as one QuerySet."""
    networks = plan.networks.all()
    roles = roles_of(user)
    return networks if roles.is_administrator else networks.filter(pk__in=roles.coordinator_of)


def can_add_people(user, plan: Plan) -> bool:
    roles = roles_of(user)
    return roles.is_administrator or plan.pk in roles.plans_as_coordinator


# --- people -------------------------------------------------------------------------


def contact_prefetches(prefix: str = "") -> list:
    """What the rules below read for each person; prefetch it for lists (no N+1).

    `prefix` reaches the person through a relation, e.g. "person__" for memberships.
    """
    from ressourcenet.meetings.models import Invitation

    memberships = Membership.objects.select_related("network").order_by("network__name")
    return [
        Prefetch(f"{prefix}memberships", queryset=memberships),
        Prefetch(f"{prefix}invitations", queryset=Invitation.objects.select_related("meeting")),
        f"{prefix}board_seats",
        f"{prefix}steering_groups",
    ]


def _network_ids(person: Person) -> set[int]:
    """The networks the person takes part in today, or was invited to as a guest."""
    today = timezone.localdate()
    current = {m.network_id for m in person.memberships.all() if m.is_active(today)}
    as_guest = {i.meeting.network_id for i in person.invitations.all() if i.is_guest}
    return current | as_guest


def _is_coordinator_now(person: Person, plan: Plan) -> bool:
    today = timezone.localdate()
    return any(
        m.role == Membership.Role.COORDINATOR
        and m.is_active(today)
        and m.network.plan_id == plan.pk
        for m in person.memberships.all()
    )


def can_see_person(user, person: Person, plan: Plan) -> bool:
    roles = roles_of(user)
    return roles.person_id == person.pk or can_see_people(user, plan)


def can_see_contact_details(user, person: Person, plan: Plan) -> bool:
    """E-mail and phone: the person, administrators, and the coordinators of their networks.

    Coordinators are contact points, so anyone who may see people sees theirs.
    """
    roles = roles_of(user)
    if roles.is_administrator or roles.person_id == person.pk:
        return True
    if roles.coordinator_of & _network_ids(person):
        return True
    if can_see_people(user, plan) and _is_coordinator_now(person, plan):
        return True
    # Whoever may edit the person sees in the form what they could see here.
    return can_edit_person(user, person, plan)


def can_edit_person(user, person: Person, plan: Plan) -> bool:
    roles = roles_of(user)
    if roles.is_administrator:
        return True
    if plan.pk not in roles.plans_as_coordinator:
        return False
    network_ids = _network_ids(person)
    if network_ids:
        return bool(roles.coordinator_of & network_ids)
    # A coordinator also edits people who are new: never in a network, never invited, and
    # not on the board or a local steering group (no coordinator runs those).
    # Uses prefetched rows when the caller loaded them.
    return not (
        person.memberships.all()
        or person.invitations.all()
        or person.board_seats.all()
        or person.steering_groups.all()
    )


# --- meetings -----------------------------------------------------------------------


def can_see_meeting(user, meeting) -> bool:
    """A meeting, its agenda, roles and calendar file: whoever may see the network's members,
    and everyone invited to it."""
    if can_see_members(user, meeting.network):
        return True
    person_id = roles_of(user).person_id
    return person_id is not None and meeting.invitations.filter(person_id=person_id).exists()


def can_manage_meeting(user, meeting) -> bool:
    """Plan, change, invite to and cancel a meeting; see its invitations and design check."""
    return can_manage_network(user, meeting.network)


def visible_meetings(user, meetings):
    """Of these meetings (a QuerySet), those `can_see_meeting` allows, as one query."""
    roles = roles_of(user)
    if roles.is_administrator:
        return meetings
    in_plans = Q(network__plan_id__in=roles.plans_as_member | roles.plans_on_board)
    invited = Q(invitations__person_id=roles.person_id) if roles.person_id else Q(pk__in=[])
    return meetings.filter(in_plans | invited).distinct()
