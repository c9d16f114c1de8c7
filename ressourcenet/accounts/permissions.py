"""Who may do what: the one place that answers, for views and API alike.

Roles (DOMAIN.md): administrator (superuser), network coordinator, member, board member,
editor, invitee by link (see lib/links.py) and the public. Coordinator and member are
per network, board member per plan; a person may hold several roles at once.

People are protected as objects, not only by role (DOMAIN.md, "Decided so far"):

- A person who has a login is edited only by themselves and by administrators.
- A coordinator edits a person without a login only while that person belongs to the
  coordinator's networks and to nothing else:
  * every membership that runs today or starts later is in a network the coordinator
    runs, and there is at least one; or the person has no such membership, was created
    by this coordinator (`Person.created_by`), and is not a guest at any meeting of a
    network the coordinator does not run;
  * and in both cases the person has no board seat (current or coming) and no place in
    a local steering group: no coordinator runs those, the secretariat does.
  Ended memberships are history and tie no one. A person with no ties at all is not
  "new" for everyone: only their creator and administrators may edit them.
- Contact details (e-mail, phone) are shown to the person, administrators, the
  coordinators of the networks the person is a member of today, and whoever may edit
  the person. Coordinators' own contact details are shown to everyone who may see the
  plan's people.
- Inviting someone as a guest never widens anyone's rights: an invitation is not a
  membership, and a guest found again by e-mail keeps their creator.
- The member picker offers a coordinator only the people they may already edit or
  reach (`people_to_add`), so adding a member never opens anyone's contact details.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Exists, IntegerField, OuterRef, Prefetch, Q, Value
from django.utils import timezone

from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person
from ressourcenet.plans.models import BoardMember, LocalSteeringGroup, Plan


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool = False
    is_administrator: bool = False
    is_editor: bool = False
    user_id: int | None = None
    person_id: int | None = None
    coordinator_of: frozenset[int] = field(default_factory=frozenset)  # network ids
    member_of: frozenset[int] = field(default_factory=frozenset)  # network ids, any role
    plans_as_member: frozenset[int] = field(default_factory=frozenset)
    plans_as_coordinator: frozenset[int] = field(default_factory=frozenset)
    plans_on_board: frozenset[int] = field(default_factory=frozenset)
    plans_in_steering: frozenset[int] = field(default_factory=frozenset)  # local steering groups


ANONYMOUS = Roles()
# What ties a person to a plan besides a membership (whose tie is its role), in `_ties`.
BOARD_SEAT = "board seat"
STEERING_SEAT = "steering seat"


def _ties(person_id: int, today) -> list[tuple[int | None, int, str]]:
    """The person's memberships, board seats and steering-group seats that run today, as
    (network id or None, plan id, role or seat) rows: one query for all three."""
    no_network = Value(None, output_field=IntegerField())
    memberships = (
        Membership.objects.active(today)
        .filter(person_id=person_id)
        .values_list("network_id", "network__plan_id", "role")
        .order_by()
    )
    seats = (
        BoardMember.objects.active(today)
        .filter(person_id=person_id)
        .annotate(no_network=no_network, tie=Value(BOARD_SEAT, output_field=CharField()))
        .values_list("no_network", "board__plan_id", "tie")
        .order_by()
    )
    steering = (
        LocalSteeringGroup.objects.filter(members=person_id)
        .annotate(no_network=no_network, tie=Value(STEERING_SEAT, output_field=CharField()))
        .values_list("no_network", "area__plan_id", "tie")
        .order_by()
    )
    return list(memberships.union(seats, steering, all=True))


def roles_of(user) -> Roles:
    """The user's roles today, computed once per user object (one request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_ressourcenet_roles", None)
    if cached is not None:
        return cached
    # The person comes whole and stays on the user: `user.person` in a page is no query.
    person = Person.objects.filter(user=user).first()
    Person.user.field.remote_field.set_cached_value(user, person)
    person_id = person.pk if person is not None else None
    coordinator_of, member_of, plans_as_member, plans_as_coordinator, plans_on_board = (
        set(),
        set(),
        set(),
        set(),
        set(),
    )
    plans_in_steering = set()
    if person_id is not None:
        for network_id, plan_id, tie in _ties(person_id, timezone.localdate()):
            if tie == BOARD_SEAT:
                plans_on_board.add(plan_id)
            elif tie == STEERING_SEAT:
                plans_in_steering.add(plan_id)
            else:
                member_of.add(network_id)
                plans_as_member.add(plan_id)
                if tie == Membership.Role.COORDINATOR:
                    coordinator_of.add(network_id)
                    plans_as_coordinator.add(plan_id)
    roles = Roles(
        is_authenticated=True,
        is_administrator=user.is_superuser,
        is_editor=user.is_editor,
        user_id=user.pk,
        person_id=person_id,
        coordinator_of=frozenset(coordinator_of),
        member_of=frozenset(member_of),
        plans_as_member=frozenset(plans_as_member),
        plans_as_coordinator=frozenset(plans_as_coordinator),
        plans_on_board=frozenset(plans_on_board),
        plans_in_steering=frozenset(plans_in_steering),
    )
    user._ressourcenet_roles = roles
    return roles


def is_only_editor(user) -> bool:
    """An editor with no other role in any plan: the members' pages are not theirs."""
    roles = roles_of(user)
    return roles.is_editor and not (
        roles.is_administrator or roles.member_of or roles.plans_on_board
    )


def can_read_audit_log(user) -> bool:
    """The audit log (who changed what) is the secretariat's: administrators only."""
    return roles_of(user).is_administrator


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


def member_contact_prefetches(user, network: Network) -> list:
    """What `can_see_member_contact_details` reads for the network's members: nothing for
    those who run the network, their memberships for whoever coordinates nothing in the
    plan (`can_edit_person` refuses them at once), else all of `contact_prefetches`."""
    if can_manage_network(user, network):
        return []
    if network.plan_id not in roles_of(user).plans_as_coordinator:
        return contact_prefetches("person__")[:1]
    return contact_prefetches("person__")


def can_see_member_contact_details(user, membership: Membership) -> bool:
    """`can_see_contact_details` of a current member of the network: its coordinators and
    administrators see every member's (coordinators see those of their networks' members)."""
    if can_manage_network(user, membership.network):
        return True
    return can_see_contact_details(user, membership.person, membership.network.plan)


def _not_ended(period, today) -> bool:
    """A membership or board seat that runs today or starts later."""
    return period.ends_on is None or period.ends_on > today


def _current_network_ids(person: Person) -> set[int]:
    today = timezone.localdate()
    return {m.network_id for m in person.memberships.all() if m.is_active(today)}


def _is_coordinator_now(person: Person, plan: Plan) -> bool:
    today = timezone.localdate()
    return any(
        m.role == Membership.Role.COORDINATOR
        and m.is_active(today)
        and m.network.plan_id == plan.pk
        for m in person.memberships.all()
    )


def _belongs_to_coordinator(roles: Roles, person: Person) -> bool:
    """The person is tied to this coordinator's networks and to nothing else (see the top).

    Reads prefetched rows when the caller loaded them; `coordinators_people` is the same
    rule as a query.
    """
    today = timezone.localdate()
    networks = {m.network_id for m in person.memberships.all() if _not_ended(m, today)}
    if networks - roles.coordinator_of:
        return False
    if any(_not_ended(seat, today) for seat in person.board_seats.all()):
        return False
    if person.steering_groups.all():
        return False
    if networks:
        return True
    guest_elsewhere = {
        i.meeting.network_id for i in person.invitations.all() if i.is_guest
    } - roles.coordinator_of
    return (
        roles.user_id is not None and person.created_by_id == roles.user_id and not guest_elsewhere
    )


def coordinators_people(user, people=None):
    """Of these people (a QuerySet, everyone by default), those `_belongs_to_coordinator`
    allows for this user, as one query. Empty for everyone who coordinates nothing."""
    from ressourcenet.meetings.models import Invitation

    people = Person.objects.all() if people is None else people
    roles = roles_of(user)
    if not roles.coordinator_of:
        return people.none()
    today = timezone.localdate()
    not_ended = Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    mine = roles.coordinator_of
    memberships = Membership.objects.filter(not_ended, person=OuterRef("pk"))
    seats = BoardMember.objects.filter(not_ended, person=OuterRef("pk"))
    steering = LocalSteeringGroup.members.through.objects.filter(person=OuterRef("pk"))
    guest_elsewhere = Invitation.objects.filter(person=OuterRef("pk"), is_guest=True).exclude(
        meeting__network_id__in=mine
    )
    return (
        people.exclude(Exists(memberships.exclude(network_id__in=mine)))
        .exclude(Exists(seats))
        .exclude(Exists(steering))
        .filter(
            Exists(memberships.filter(network_id__in=mine))
            | (Q(created_by_id=roles.user_id) & ~Exists(guest_elsewhere))
        )
    )


def can_see_guests(user, plan: Plan) -> bool:
    """Whether the person directory may show the people who are only guests at meetings:
    those who invite them, coordinators and administrators; everyone else sees members."""
    roles = roles_of(user)
    return roles.is_administrator or plan.pk in roles.plans_as_coordinator


def can_export_or_erase(user) -> bool:
    """Whether the user may export or erase anyone's personal data (GDPR): administrators
    only. Everyone logged in with a person may download their own data ("My data")."""
    return roles_of(user).is_administrator


def can_see_person(user, person: Person, plan: Plan) -> bool:
    roles = roles_of(user)
    return roles.person_id == person.pk or can_see_people(user, plan)


def can_see_contact_details(user, person: Person, plan: Plan) -> bool:
    """E-mail and phone: the person, administrators, and the coordinators of their networks.

    Coordinators are contact points, so anyone who may see people sees theirs. A guest
    invitation is not a membership: it shows nothing to the coordinator who sent it.
    """
    roles = roles_of(user)
    if roles.is_administrator or roles.person_id == person.pk:
        return True
    if roles.coordinator_of & _current_network_ids(person):
        return True
    if can_see_people(user, plan) and _is_coordinator_now(person, plan):
        return True
    # Whoever may edit the person sees in the form what they could see here.
    return can_edit_person(user, person, plan)


def can_edit_person(user, person: Person, plan: Plan) -> bool:
    """Name, contact details and the rest of the person's record (see the top)."""
    roles = roles_of(user)
    if roles.is_administrator or (roles.person_id is not None and roles.person_id == person.pk):
        return True
    if person.user_id is not None or plan.pk not in roles.plans_as_coordinator:
        return False
    return _belongs_to_coordinator(roles, person)


def people_to_add(user, network: Network):
    """Whom this user may make a member of the network: the member picker and the API.

    Administrators pick anyone in the plan. A coordinator picks only people who already
    belong to their networks alone (`_belongs_to_coordinator`), so that adding someone
    never opens their contact details; anyone else goes through the secretariat.
    """
    people = Person.objects.in_plan(network.plan)
    roles = roles_of(user)
    if roles.is_administrator:
        return people
    if network.pk not in roles.coordinator_of:
        return people.none()
    return coordinators_people(user, people)


# --- meetings -----------------------------------------------------------------------


def can_see_meeting(user, meeting) -> bool:
    """A meeting, its agenda, roles and calendar file: whoever may see the network's members,
    everyone invited to it, and whoever holds a role at it (facilitator, note-taker,
    time-keeper, table host: they take part, invited or not). So the rights a meeting role
    gives (`can_run_live`, `can_keep_time`, `can_mark_live_ideas`) are the same on the
    pages, which need this, and in the API. It shows what an invitee sees: the invitations
    and the poll's answers stay with `can_manage_meeting`."""
    if can_see_members(user, meeting.network):
        return True
    person_id = roles_of(user).person_id
    return person_id is not None and (
        meeting.invitations.filter(person_id=person_id).exists()
        or meeting.roles.filter(person_id=person_id).exists()
    )


def can_manage_meeting(user, meeting) -> bool:
    """Plan, change, invite to and cancel a meeting; see its invitations and design check."""
    return can_manage_network(user, meeting.network)


def holds_meeting_role(user, meeting, *roles: str) -> bool:
    """Whether the user holds one of these roles (MeetingRole.Role) at the meeting; reads
    `meeting.roles.all()`, so a prefetch serves it."""
    person_id = roles_of(user).person_id
    return person_id is not None and any(
        role.person_id == person_id and role.role in roles for role in meeting.roles.all()
    )


def can_keep_time(user, meeting) -> bool:
    """Start the agenda and move to the next item (meetings/clock.py): the meeting's
    time-keeper and facilitator, the network's coordinators, and administrators."""
    from ressourcenet.meetings.models import MeetingRole

    return can_manage_meeting(user, meeting) or holds_meeting_role(
        user, meeting, MeetingRole.Role.TIME_KEEPER, MeetingRole.Role.FACILITATOR
    )


def visible_meetings(user, meetings):
    """Of these meetings (a QuerySet), those `can_see_meeting` allows, as one query."""
    roles = roles_of(user)
    if roles.is_administrator:
        return meetings
    in_plans = Q(network__plan_id__in=roles.plans_as_member | roles.plans_on_board)
    if roles.person_id:
        invited = Q(invitations__person_id=roles.person_id) | Q(roles__person_id=roles.person_id)
    else:
        invited = Q(pk__in=[])
    return meetings.filter(in_plans | invited).distinct()


def can_run_live(user, meeting) -> bool:
    """Start and end the meeting's live mode and hide posts on its board: the network's
    coordinators, administrators, and the meeting's facilitators."""
    from ressourcenet.meetings.models import MeetingRole

    if can_manage_meeting(user, meeting):
        return True
    person_id = roles_of(user).person_id
    return (
        person_id is not None
        and meeting.roles.filter(person_id=person_id, role=MeetingRole.Role.FACILITATOR).exists()
    )


def can_mark_live_ideas(user, meeting) -> bool:
    """Mark an idea on the meeting's live board as a decision or a follow-up with an owner
    (live/notes.py): the meeting's note-takers, and whoever `can_run_live`."""
    return is_note_taker(user, meeting) or can_run_live(user, meeting)


# --- ideas --------------------------------------------------------------------------
# The idea catalogue is for the plan's circle of trust, like its meetings. A public idea
# will also be shown to visitors once the public pages exist; until then `public` only
# marks it.


def can_see_ideas(user, plan: Plan) -> bool:
    """The plan's idea catalogue: members of its networks (coordinators too), its board,
    and administrators."""
    roles = roles_of(user)
    return (
        roles.is_administrator
        or plan.pk in roles.plans_as_member
        or plan.pk in roles.plans_on_board
    )


def can_see_idea(user, idea) -> bool:
    """The catalogue's readers, and the idea's owner (who may be a guest of the plan)."""
    if can_see_ideas(user, idea.network.plan):
        return True
    person_id = roles_of(user).person_id
    return person_id is not None and person_id == idea.owner_id


def visible_ideas(user, ideas):
    """Of these ideas (a QuerySet), those `can_see_idea` allows, as one query."""
    roles = roles_of(user)
    if roles.is_administrator:
        return ideas
    in_plans = Q(network__plan_id__in=roles.plans_as_member | roles.plans_on_board)
    owned = Q(owner_id=roles.person_id) if roles.person_id else Q(pk__in=[])
    return ideas.filter(in_plans | owned)


def can_add_idea(user, network: Network) -> bool:
    """Add ideas to a network: its members and coordinators, and administrators."""
    roles = roles_of(user)
    return roles.is_administrator or network.pk in roles.member_of


def idea_networks(user, plan: Plan):
    """The plan's networks that `can_add_idea` allows, as one QuerySet."""
    networks = plan.networks.all()
    roles = roles_of(user)
    return networks if roles.is_administrator else networks.filter(pk__in=roles.member_of)


def can_change_idea(user, idea) -> bool:
    """Edit an idea and change its status: the coordinators of its network, its owner,
    and administrators. Whoever typed it in is not more than a member afterwards."""
    roles = roles_of(user)
    if roles.is_administrator or idea.network_id in roles.coordinator_of:
        return True
    return roles.person_id is not None and roles.person_id == idea.owner_id


# --- summaries ----------------------------------------------------------------------
# The note-taker writes a meeting's summary: whoever holds the meeting's note-taker role,
# and the coordinators of its network (and administrators). Only coordinators may make a
# draft final without opening it for comments. Invitees who came propose changes through
# their personal link (lib/links.py), or logged in; no one else does.


def is_note_taker(user, meeting) -> bool:
    from ressourcenet.meetings.models import MeetingRole

    person_id = roles_of(user).person_id
    return person_id is not None and any(
        role.person_id == person_id and role.role == MeetingRole.Role.NOTE_TAKER
        for role in meeting.roles.all()
    )


def can_write_summary(user, meeting) -> bool:
    """Write, open for comments, answer proposals, make final and correct the summary."""
    return can_manage_meeting(user, meeting) or is_note_taker(user, meeting)


def can_finalise_draft(user, meeting) -> bool:
    """Make a draft final directly, without comments: coordinators and administrators."""
    return can_manage_meeting(user, meeting)


def can_see_summary(user, summary) -> bool:
    """A draft is its writers'; once open or final, whoever may see the meeting reads it;
    a public final summary, anyone, visitors included (`is_summary_reader` says whether
    they see it with names, proposals and links into the members' pages)."""
    if summary.public and summary.is_final:
        return True
    return is_summary_reader(user, summary)


def is_summary_reader(user, summary) -> bool:
    """Those who read the summary as the plan's circle: its writers, and once it is open
    or final, whoever may see the meeting."""
    if can_write_summary(user, summary.meeting):
        return True
    return summary.state != summary.State.DRAFT and can_see_meeting(user, summary.meeting)


def can_propose_amendment(invitation) -> bool:
    """An invitee who came to the meeting (attendance recorded as yes)."""
    return invitation is not None and invitation.attended is True


def own_invitation(user, meeting):
    """The logged-in user's invitation to the meeting, or None."""
    person_id = roles_of(user).person_id
    if person_id is None:
        return None
    return meeting.invitations.filter(person_id=person_id).select_related("person").first()


# --- experiences ----------------------------------------------------------------------
# What worked and what did not, per housing area, shared across the local steering groups:
# the plan's circle of trust and the members of its steering groups read and write them;
# the author, the coordinators of the experience's network and administrators change them.
# A public experience is also shown to everyone else, without names.


def experience_plans(user) -> frozenset[int]:
    """The plans whose experiences the user reads and writes: as a member or coordinator
    of a network, on the board, or in a local steering group. Computed once per user."""
    roles = roles_of(user)
    return roles.plans_as_member | roles.plans_on_board | roles.plans_in_steering


def can_see_experiences(user, plan: Plan) -> bool:
    """Every experience of the plan, with names: administrators and `experience_plans`."""
    return roles_of(user).is_administrator or plan.pk in experience_plans(user)


def can_see_experience(user, experience) -> bool:
    """The plan's readers see every experience; everyone sees a public one."""
    return experience.public or can_see_experiences(user, experience.plan)


def visible_experiences(user, experiences, plan: Plan):
    """Of the plan's experiences (a QuerySet), those `can_see_experience` allows."""
    if can_see_experiences(user, plan):
        return experiences
    return experiences.filter(public=True)


def can_write_experience(user, plan: Plan) -> bool:
    """Add experiences to the plan: administrators, and its people with a login (members,
    coordinators, board members, steering-group members); an experience has an author."""
    roles = roles_of(user)
    return roles.is_administrator or (
        roles.person_id is not None and plan.pk in experience_plans(user)
    )


def own_person(user) -> Person | None:
    """The logged-in user's person, who writes an experience; None for a login without one."""
    person_id = roles_of(user).person_id
    return None if person_id is None else Person.objects.filter(pk=person_id).first()


def can_change_experience(user, experience) -> bool:
    """Edit and delete: the author, the coordinators of its network, and administrators."""
    roles = roles_of(user)
    if roles.is_administrator:
        return True
    if experience.network_id is not None and experience.network_id in roles.coordinator_of:
        return True
    return roles.person_id is not None and roles.person_id == experience.author_id


# --- search -------------------------------------------------------------------------------


def visible_search_entries(user, entries):
    """Of these search entries (a QuerySet), those of things the user may see, as one
    query: the rules of `visible_ideas`, `visible_meetings`, `can_see_summary` (only open
    and final summaries are indexed, by their meeting's id) and `can_see_experience`, on
    the entry's plan, plus what is public (all that visitors who are not logged in see)."""
    from ressourcenet.knowledge.models import Idea, SearchEntry
    from ressourcenet.meetings.models import Invitation

    roles = roles_of(user)
    if roles.is_administrator:
        return entries
    Kind = SearchEntry.Kind
    seen = Q(public=True) | Q(plan_id__in=roles.plans_as_member | roles.plans_on_board)
    if roles.person_id is not None:
        owned = Idea.objects.filter(owner_id=roles.person_id).values("pk")
        invited = Invitation.objects.filter(person_id=roles.person_id).values("meeting_id")
        seen |= Q(kind=Kind.IDEA, object_id__in=owned)
        seen |= Q(kind__in=[Kind.MEETING, Kind.SUMMARY], object_id__in=invited)
        seen |= Q(kind=Kind.EXPERIENCE, plan_id__in=experience_plans(user))
    return entries.filter(seen)


# --- evaluations and network health -----------------------------------------------------
# An invitee who came evaluates the meeting (through their personal link or logged in);
# no one sees who answered what. A network's dashboard is for its coordinators, the plan's
# board and administrators; the plan's dashboard for the board and administrators. The
# free-text suggestions are the coordinators' to act on: they see their own networks',
# administrators everyone's; the board sees the figures only.


def can_evaluate(invitation) -> bool:
    """An invitee who came to the meeting (attendance recorded as yes)."""
    return invitation is not None and invitation.attended is True


def can_see_network_health(user, network: Network) -> bool:
    roles = roles_of(user)
    return (
        roles.is_administrator
        or network.pk in roles.coordinator_of
        or network.plan_id in roles.plans_on_board
    )


def can_see_plan_health(user, plan: Plan) -> bool:
    roles = roles_of(user)
    return roles.is_administrator or plan.pk in roles.plans_on_board


def can_see_suggestions(user, network: Network | None) -> bool:
    """The suggestions of a network (None: of every network in the plan, on its page)."""
    roles = roles_of(user)
    if roles.is_administrator:
        return True
    return network is not None and network.pk in roles.coordinator_of


# --- agreements ----------------------------------------------------------------------
# Co-financing agreements are money between the plan and its partners: administrators
# (the secretariat) create and change them; the plan's coordinators and board members
# read them (they prepare and decide the recommendations that change them).
# Cooperation agreements: the coordinators of the network and administrators create them,
# binding only people of the network's plan; whoever may see the plan's people reads the
# register; only the parties accept or end one.


def can_manage_cofinancing(user) -> bool:
    return roles_of(user).is_administrator


def can_see_cofinancing(user, plan: Plan) -> bool:
    roles = roles_of(user)
    return (
        roles.is_administrator
        or plan.pk in roles.plans_as_coordinator
        or plan.pk in roles.plans_on_board
    )


def visible_cofinancing_plans(user) -> frozenset[int] | None:
    """The plans whose co-financing agreements the user reads; None: every plan."""
    roles = roles_of(user)
    if roles.is_administrator:
        return None
    return roles.plans_as_coordinator | roles.plans_on_board


def can_add_cooperation(user, network: Network) -> bool:
    return can_manage_network(user, network)


def can_see_cooperation(user, agreement) -> bool:
    roles = roles_of(user)
    return can_see_people(user, agreement.plan) or (
        roles.person_id is not None
        and any(p.person_id == roles.person_id for p in agreement.parties.all())
    )


def can_chase_cooperation(user, agreement) -> bool:
    """Send the parties' links again, see whether each went, record an acceptance on
    paper: the network's coordinators and administrators."""
    return can_manage_network(user, agreement.network)


# --- the blog -------------------------------------------------------------------------


def can_edit_blog(user) -> bool:
    """Write blog posts and moderate their comments: editors and administrators."""
    roles = roles_of(user)
    return roles.is_administrator or roles.is_editor
