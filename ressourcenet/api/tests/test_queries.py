"""No N+1: the number of queries does not grow with the number of rows answered."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ressourcenet.api.tests.conftest import AHEAD, CPH
from ressourcenet.knowledge.models import Idea
from ressourcenet.knowledge.tests.conftest import make_idea
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.plans.models import Plan


def add_members(network: Network, plan: Plan, how_many: int) -> None:
    """Members with an area, an e-mail and some with more than one network."""
    areas = list(plan.areas.all())
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(
            name=f"Medlem {start + n:03}",
            email=f"medlem{start + n}@example.org",
            phone="+45 12 34 56 78",
            stakeholder_group=StakeholderGroup.VOLUNTEER,
            housing_area=areas[n % len(areas)],
        )
        for n in range(how_many)
    )
    Membership.objects.bulk_create(
        Membership(network=network, person=person, starts_on=date(2025, 1, 1)) for person in people
    )


def queries_for(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.json()


URLS = {
    "network detail": lambda network: f"/api/v1/networks/{network.pk}",
    "people": lambda network: "/api/v1/people",
    "members": lambda network: f"/api/v1/networks/{network.pk}/members",
}


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "member"])
@pytest.mark.parametrize("endpoint", URLS)
def test_queries_do_not_grow_with_the_members(
    role, endpoint, request, api_client, network, plan, django_assert_num_queries
):
    client = api_client(request.getfixturevalue(role))
    url = URLS[endpoint](network)
    add_members(network, plan, 3 - Membership.objects.count())
    with_three, body = queries_for(client, url)
    assert len(body.get("members") or body["items"]) == 3

    add_members(network, plan, 27)
    with django_assert_num_queries(with_three):
        response = client.get(url)

    body = response.json()
    assert len(body.get("members") or body["items"]) == 30


def add_guests(meeting: Meeting, how_many: int) -> None:
    """Guests at the meeting, with no other tie to the plan."""
    start = Person.objects.count()
    guests = Person.objects.bulk_create(
        Person(name=f"Gæst {start + n:03}", stakeholder_group=StakeholderGroup.GUEST)
        for n in range(how_many)
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, person=guest, is_guest=True) for guest in guests
    )


@pytest.mark.parametrize("include_guests", ["false", "true"])
def test_people_list_queries_do_not_grow_with_the_guests(
    include_guests, admin_user, api_client, meeting, member, django_assert_num_queries
):
    client = api_client(admin_user)
    url = f"/api/v1/people?include_guests={include_guests}"
    add_guests(meeting, 3)
    with_three, body = queries_for(client, url)
    listed_before = body["count"]

    add_guests(meeting, 27)
    with django_assert_num_queries(with_three):
        response = client.get(url)

    assert response.json()["count"] == listed_before + (27 if include_guests == "true" else 0)


def add_meetings(network: Network, how_many: int) -> None:
    start = datetime(AHEAD, 1, 1, 17, 0, tzinfo=CPH)
    Meeting.objects.bulk_create(
        Meeting(
            network=network,
            title=f"Møde {n}",
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n, hours=2),
        )
        for n in range(how_many)
    )


def add_invitations(meeting: Meeting, how_many: int) -> None:
    add_members(meeting.network, meeting.network.plan, how_many)
    meeting_services.invite_members(meeting)


def add_agenda(meeting: Meeting, how_many: int) -> None:
    people = list(Person.objects.all())
    rows = [
        # Two minutes each: thirty items still fit in the two-hour meeting.
        meeting_services.AgendaRow("workshop", f"Punkt {n}", 2, people[n % len(people)])
        for n in range(meeting.agenda_items.count() + how_many)
    ]
    meeting_services.set_agenda(meeting, rows)


def add_roles(meeting: Meeting, how_many: int) -> None:
    start = Person.objects.count()
    hosts = Person.objects.bulk_create(
        Person(name=f"Vært {start + n:03}", stakeholder_group=StakeholderGroup.VOLUNTEER)
        for n in range(how_many)
    )
    for host in hosts:
        meeting_services.add_role(meeting, host, "table_host")


MEETING_LISTS = {
    "meetings": (lambda meeting: "/api/v1/meetings", lambda m, n: add_meetings(m.network, n)),
    "invitations": (lambda meeting: f"/api/v1/meetings/{meeting.pk}/invitations", add_invitations),
    "agenda": (lambda meeting: f"/api/v1/meetings/{meeting.pk}/agenda", add_agenda),
    "roles": (lambda meeting: f"/api/v1/meetings/{meeting.pk}/roles", add_roles),
}


@pytest.mark.parametrize("endpoint", MEETING_LISTS)
def test_meeting_lists_do_not_grow_with_their_rows(
    endpoint, admin_user, api_client, meeting, member, django_assert_num_queries
):
    client = api_client(admin_user)
    url, add = MEETING_LISTS[endpoint]
    add(meeting, 3)
    with_three, body = queries_for(client, url(meeting))
    rows_before = len(body["items"])
    assert rows_before >= 3

    add(meeting, 27)
    with django_assert_num_queries(with_three):
        response = client.get(url(meeting))

    assert len(response.json()["items"]) == rows_before + 27


def add_ideas(network: Network, plan: Plan, how_many: int) -> None:
    """Ideas with an owner, a meeting, two areas and two tags each: all the list shows."""
    areas = list(plan.areas.all())
    start = datetime.now(CPH) - timedelta(days=30)
    meeting = Meeting.objects.create(
        network=network, title="Værksted", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    owner = Person.objects.create(name="Ejer", stakeholder_group=StakeholderGroup.VOLUNTEER)
    Membership.objects.create(network=network, person=owner, starts_on=date(2025, 1, 1))
    for n in range(how_many):
        make_idea(
            network,
            f"Idé {Idea.objects.count()}",
            meeting=meeting,
            owner=owner,
            housing_areas=areas,
            tags=[f"tag {n}", "fælles"],
        )


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "member"])
def test_the_idea_list_does_not_grow_with_the_ideas(
    role, request, api_client, network, plan, django_assert_num_queries
):
    client = api_client(request.getfixturevalue(role))
    add_ideas(network, plan, 3)
    with_three, body = queries_for(client, "/api/v1/ideas")
    assert len(body["items"]) == 3

    add_ideas(network, plan, 27)
    with django_assert_num_queries(with_three):
        response = client.get("/api/v1/ideas")

    items = response.json()["items"]
    assert len(items) == 30
    assert all(len(item["tags"]) == 2 and item["owner"] for item in items)


@pytest.mark.parametrize("role", ["admin_user", "member", "anonymous"])
def test_the_search_does_not_grow_with_the_results(
    role, request, api_client, network, plan, django_assert_num_queries
):
    client = api_client(None if role == "anonymous" else request.getfixturevalue(role))
    for n in range(3):
        make_idea(network, f"Fællesspisning {n}", public=True)
    # The first search notes what it may keep (when the next post is due) in the cache.
    client.get("/api/v1/search?q=f%C3%A6llesspisning")
    with_three, body = queries_for(client, "/api/v1/search?q=f%C3%A6llesspisning")
    assert len(body["items"]) == 3

    for n in range(27):
        make_idea(network, f"Fællesspisninger {n}", public=True, description="For beboerne")
    with django_assert_num_queries(with_three):
        response = client.get("/api/v1/search?q=f%C3%A6llesspisning")

    assert len(response.json()["items"]) == 30
