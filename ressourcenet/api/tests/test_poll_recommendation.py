"""GET /api/v1/polls/{id}/recommendation: every slot, best first, and why."""

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ressourcenet.api.tests.conftest import AHEAD, CPH, slots_of
from ressourcenet.api.tests.utils import ROLES, refusal_status
from ressourcenet.conftest import make_person
from ressourcenet.meetings import services as meeting_services
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.scheduling import services
from ressourcenet.scheduling.models import Answer, Poll

MAY_MANAGE = {"admin_user", "coordinator"}
RANKING_ROW = re.compile(r'<tr data-slot="(\d+)">\s*<th scope="row">([^<]+?)(?: <span|</th>)')
YES, MAYBE, NO = "yes", "if_need_be", "no"


def url(poll: Poll) -> str:
    return f"/api/v1/polls/{poll.pk}/recommendation"


def evening(day: int) -> tuple[datetime, datetime]:
    """17–19 on a day of October AHEAD (summer time until the 27th)."""
    return datetime(AHEAD, 10, day, 17, 0, tzinfo=CPH), datetime(AHEAD, 10, day, 19, 0, tzinfo=CPH)


def get_in_english(client, poll: Poll):
    return client.get(url(poll), headers={"Accept-Language": "en"})


# A small example where each neighbouring pair in the expected order A-F is decided by
# one of the five keys, and in every pair but C-D the better slot starts later.
# Kim is the key person; Ane and Bo are volunteers from the same area.
PEOPLE = {
    "Kim": (StakeholderGroup.PROFESSIONAL_STAFF, "Nordparken"),
    "Ane": (StakeholderGroup.VOLUNTEER, "Nordparken"),
    "Bo": (StakeholderGroup.VOLUNTEER, "Nordparken"),
    "Cai": (StakeholderGroup.RESIDENT_BOARD, "Sydparken"),
}
# name: (day in October, answers); anyone left out has not answered (counts as no).
SLOTS = {
    "A": (6, {"Kim": YES, "Ane": MAYBE, "Cai": MAYBE}),  # 3 can come, all groups and areas
    "B": (5, {"Kim": YES, "Ane": YES, "Bo": YES, "Cai": NO}),  # 3, fewer groups: below A
    "C": (2, {"Kim": YES, "Ane": MAYBE, "Bo": MAYBE}),  # as B, but fewer yes: below B
    "D": (4, {"Kim": YES, "Ane": MAYBE, "Bo": MAYBE}),  # as C, but later: below C
    "E": (3, {"Kim": YES, "Cai": YES}),  # more groups and areas than D, but 2: below D
    "F": (1, {"Kim": NO, "Ane": YES, "Bo": YES, "Cai": YES}),  # the most yes, no Kim: last
}


@pytest.fixture
def example(meeting, plan) -> tuple[Poll, dict[str, Person], dict[str, int]]:
    people = {
        name: make_person(name, group, housing_area=plan.areas.get(name=area))
        for name, (group, area) in PEOPLE.items()
    }
    meeting_services.invite_people(meeting, people.values())
    poll = services.open_poll(
        meeting, [evening(day) for day, _answers in SLOTS.values()], key_persons=[people["Kim"]]
    )
    slot_ids = {
        name: poll.slots.get(starts_at=evening(day)[0]).pk for name, (day, _a) in SLOTS.items()
    }
    for name, person in people.items():
        answers = {
            slot_ids[slot]: given[name] for slot, (_d, given) in SLOTS.items() if name in given
        }
        services.answer_poll(poll, person, answers)
    return poll, people, slot_ids


def test_recommendation_ranks_by_the_five_keys_in_turn(coordinator, api_client, example, plan):
    poll, people, slot = example
    nord, syd = plan.areas.get(name="Nordparken").pk, plan.areas.get(name="Sydparken").pk

    response = get_in_english(api_client(coordinator), poll)

    assert response.status_code == 200
    body = response.json()
    for row in body["ranking"]:
        row.pop("label")  # compared with the page's in its own test
    assert body == {
        "recommended_slot": slot["A"],
        "answered": 4,
        "invited": 4,
        "groups_not_heard_from": [],
        "areas_not_heard_from": [],
        "ranking": [
            {
                "slot": slot["A"],
                "available": 3,
                "yes": 1,
                "if_need_be": 2,
                "key_persons_missing": [],
                "groups_missing": [],
                "areas_missing": [],
                "placed_below_fewer": False,
            },
            {
                "slot": slot["B"],
                "available": 3,
                "yes": 3,
                "if_need_be": 0,
                "key_persons_missing": [],
                "groups_missing": ["resident_board"],
                "areas_missing": [syd],
                "placed_below_fewer": False,
            },
            {
                "slot": slot["C"],
                "available": 3,
                "yes": 1,
                "if_need_be": 2,
                "key_persons_missing": [],
                "groups_missing": ["resident_board"],
                "areas_missing": [syd],
                "placed_below_fewer": False,
            },
            {
                "slot": slot["D"],
                "available": 3,
                "yes": 1,
                "if_need_be": 2,
                "key_persons_missing": [],
                "groups_missing": ["resident_board"],
                "areas_missing": [syd],
                "placed_below_fewer": False,
            },
            {
                "slot": slot["E"],
                "available": 2,
                "yes": 2,
                "if_need_be": 0,
                "key_persons_missing": [],
                "groups_missing": ["volunteer"],
                "areas_missing": [],
                "placed_below_fewer": False,
            },
            {
                "slot": slot["F"],
                "available": 3,
                "yes": 3,
                "if_need_be": 0,
                "key_persons_missing": [people["Kim"].pk],
                "groups_missing": ["professional_staff"],
                "areas_missing": [],
                "placed_below_fewer": True,  # below E, where fewer can come: Kim cannot
            },
        ],
        "explanation": "Sunday, 6 October 17:00–19:00: 3 of 4 can come.",
    }
    assert nord not in response.json()["ranking"][1]["areas_missing"]


def test_each_time_has_the_label_the_poll_page_shows(coordinator, api_client, login, example):
    poll, _people, _slot = example
    meeting = poll.meeting
    page = login(coordinator).get(
        reverse("poll_detail", args=[meeting.network.plan.slug, meeting.pk])
    )
    shown = dict(RANKING_ROW.findall(page.content.decode()))

    ranking = api_client(coordinator).get(url(poll)).json()["ranking"]

    assert [(str(r["slot"]), r["label"]) for r in ranking] == list(shown.items())
    assert ranking[0]["label"] == services.slot_label(*evening(SLOTS["A"][0]))


def test_the_order_is_not_the_order_of_the_times(coordinator, api_client, example):
    poll, _people, slot = example
    by_time = [s.pk for s in slots_of(poll)]

    ranked = [r["slot"] for r in get_in_english(api_client(coordinator), poll).json()["ranking"]]

    assert by_time == [slot[name] for name in "FCEDBA"]
    assert ranked == [slot[name] for name in "ABCDEF"]


def test_the_explanation_names_who_and_what_would_be_missing(admin_user, api_client, example):
    """Without A to E, the best time lacks the key person and a stakeholder group."""
    poll, _people, slot = example
    poll.slots.exclude(pk=slot["F"]).delete()

    body = get_in_english(api_client(admin_user), poll).json()

    assert [r["slot"] for r in body["ranking"]] == [slot["F"]]
    assert body["explanation"] == (
        "Tuesday, 1 October 17:00–19:00: 3 of 4 can come; "
        "of those who answered, no one can come from: professional, staff; "
        "the key person Kim cannot come."
    )


def test_the_explanation_names_a_housing_area_no_one_can_come_from(admin_user, api_client, example):
    poll, _people, slot = example
    poll.slots.exclude(pk=slot["B"]).delete()

    body = get_in_english(api_client(admin_user), poll).json()

    assert "no one who answered from Sydparken can come" in body["explanation"]


def test_a_poll_without_answers_ranks_by_start(admin_user, api_client, poll):
    first, second, third = slots_of(poll)

    body = get_in_english(api_client(admin_user), poll).json()

    assert [r["slot"] for r in body["ranking"]] == [first.pk, second.pk, third.pk]
    assert {r["available"] for r in body["ranking"]} == {0}
    # No one has answered: no group is "missing", none is heard from, nothing is recommended.
    assert body["ranking"][0]["groups_missing"] == []
    assert body["groups_not_heard_from"] == ["volunteer"]
    assert body["recommended_slot"] is None
    assert body["explanation"] == "No one has answered yet, so there is nothing to recommend."


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_the_recommendation(role, client_as, poll):
    response = client_as(role).get(url(poll))

    if role in MAY_MANAGE:
        assert response.status_code == 200
        assert len(response.json()["ranking"]) == 3
    else:
        assert response.status_code == refusal_status(role)
        assert "ranking" not in response.json()


def test_recommendation_of_an_unknown_poll_is_404(admin_user, api_client, db):
    assert api_client(admin_user).get("/api/v1/polls/999999/recommendation").status_code == 404


# --- no N+1 ---------------------------------------------------------------------------------


def add_answering_invitees(poll: Poll, plan, how_many: int) -> None:
    """Invitees from both areas, each answering every slot."""
    areas = list(plan.areas.all())
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(
            name=f"Inviteret {start + n:03}",
            email=f"inviteret{start + n}@example.org",
            stakeholder_group=StakeholderGroup.VOLUNTEER,
            housing_area=areas[n % len(areas)],
        )
        for n in range(how_many)
    )
    meeting_services.invite_people(poll.meeting, people)
    values = (YES, MAYBE, NO)
    Answer.objects.bulk_create(
        Answer(slot=slot, person=person, value=values[(n + index) % 3])
        for n, person in enumerate(people)
        for index, slot in enumerate(slots_of(poll))
    )


def test_queries_do_not_grow_with_invitees_and_answers(
    coordinator, api_client, meeting, plan, django_assert_num_queries
):
    # A key person who cannot come: the explanation then looks up names too.
    kim = make_person("Kim Nøgleperson", StakeholderGroup.PROFESSIONAL_STAFF)
    meeting_services.invite_people(meeting, [kim])
    poll = services.open_poll(meeting, [evening(day) for day in (1, 2, 3)], key_persons=[kim])
    add_answering_invitees(poll, plan, 3)
    client = api_client(coordinator)
    with CaptureQueriesContext(connection) as with_three:
        body = client.get(url(poll)).json()
    assert sum(r["yes"] + r["if_need_be"] for r in body["ranking"]) == 6

    add_answering_invitees(poll, plan, 27)
    with django_assert_num_queries(len(with_three)):
        body = client.get(url(poll)).json()

    assert sum(r["yes"] + r["if_need_be"] for r in body["ranking"]) == 60
    assert body["explanation"].count("Kim Nøgleperson") == 1
