"""The network's heat map: the share of yes per stakeholder group, weekday and time of day."""

import re

import pytest
from django.urls import reverse

from ressourcenet.conftest import assert_sent_home, make_person
from ressourcenet.meetings.tests.conftest import invite, make_meeting
from ressourcenet.people.models import StakeholderGroup
from ressourcenet.scheduling.grid import HeatCell
from ressourcenet.scheduling.tests.helpers import give, make_poll, weekday_ahead

MONDAY, TUESDAY, SATURDAY = 0, 1, 5
BANDS = ["morning", "midday", "afternoon", "evening"]


def times_url(network) -> str:
    return reverse("network_times", args=[network.plan.slug, network.slug])


def cell(day: int, band: str) -> int:
    """Index of the cell for a weekday and time band: Monday morning first."""
    return day * 4 + BANDS.index(band)


DAY = re.compile(r'<table [^>]*data-day="(\d)">(.*?)</table>', re.S)
ROW = re.compile(r'<tr data-group="(\w+)">(.*?)</tr>', re.S)
CELL = re.compile(r'<td class="(heat-\w+)" data-share="(\d*)"')


def heat_map(content: str) -> dict[str, list[tuple[str, str]]]:
    """The tables as shown, a day at a time: group code -> [(shade class, percentage or "")]
    per weekday and time band, Monday morning first."""
    table: dict[str, list[tuple[str, str]]] = {}
    days = DAY.findall(content)
    assert [int(day) for day, _table in days] == sorted(int(day) for day, _table in days)
    for _day, day_table in days:
        for group, row in ROW.findall(day_table):
            table.setdefault(group, []).extend(CELL.findall(row))
    return table


@pytest.fixture
def answered(network, member, volunteer):
    """An earlier poll: on Tuesday evening two volunteers of three said yes; on Monday
    morning all three professionals did; only one professional answered Tuesday evening,
    too few to show; a Saturday answer lies outside the weekdays shown."""
    meeting = make_meeting(network)
    vibeke = make_person("Vibeke Frivillig", StakeholderGroup.VOLUNTEER)
    pros = [make_person(f"Pia {n}", StakeholderGroup.PROFESSIONAL_STAFF) for n in range(3)]
    invite(meeting, member.person, volunteer, vibeke, *pros)
    _poll, (tuesday, monday, saturday) = make_poll(
        meeting, weekday_ahead(TUESDAY, 17), weekday_ahead(MONDAY, 9), weekday_ahead(SATURDAY, 10)
    )
    give(member.person, {tuesday: "yes", saturday: "yes"})
    give(volunteer, {tuesday: "no"})
    give(vibeke, {tuesday: "yes"})
    give(pros[0], {monday: "yes", tuesday: "if_need_be"})
    give(pros[1], {monday: "yes"})
    give(pros[2], {monday: "yes"})


def test_the_table_shows_the_share_of_yes_per_group_day_and_time(login, member, network, answered):
    response = login(member).get(times_url(network))

    assert response.status_code == 200
    table = heat_map(response.content.decode())
    assert list(table) == ["professional_staff", "volunteer"]
    assert all(len(cells) == 20 for cells in table.values())
    assert table["volunteer"][cell(TUESDAY, "evening")] == ("heat-3", "67")
    assert table["professional_staff"][cell(MONDAY, "morning")] == ("heat-4", "100")
    assert table["volunteer"][cell(MONDAY, "morning")] == ("heat-none", "")
    shown = sum(1 for cells in table.values() for _shade, share in cells if share)
    assert shown == 2


def test_a_cell_answered_by_fewer_than_three_people_is_not_shown(login, member, network, answered):
    table = heat_map(login(member).get(times_url(network)).content.decode())

    # One professional answered Tuesday evening: showing it would show her own answer.
    assert table["professional_staff"][cell(TUESDAY, "evening")] == ("heat-none", "")


def test_the_table_has_a_caption_and_headers_for_screen_readers(login, member, network, answered):
    content = login(member).get(times_url(network)).content.decode()

    # A table per weekday, each with its day as caption: it fits a phone.
    assert content.count('<caption class="h3">') == 5
    assert content.count('<th scope="col">') == 5 * (1 + 4)
    assert content.count('<th scope="row">') == 5 * 2
    assert content.count('data-title="') == 5 * 2 * 4
    assert "67&nbsp;%" in content and "100&nbsp;%" in content


def test_answers_in_other_networks_do_not_count(login, member, other_network, answered):
    response = login(member).get(times_url(other_network))

    assert response.status_code == 200
    assert heat_map(response.content.decode()) == {}
    assert response.context["rows"] == []


def test_the_network_page_links_here(login, member, network):
    content = login(member).get(network.get_absolute_url()).content.decode()

    assert f'href="{times_url(network)}"' in content


@pytest.mark.parametrize("role", ["member", "coordinator", "board_member", "admin_user"])
def test_members_and_up_may_see_the_times(request, login, role, network, answered):
    assert login(request.getfixturevalue(role)).get(times_url(network)).status_code == 200


def test_outsider_may_not_see_the_times(login, outsider, network, answered):
    response = login(outsider).get(times_url(network))

    assert response.status_code == 403
    assert "data-share" not in response.content.decode()


def test_editor_is_sent_to_their_own_page_instead_of_a_403(login, editor, network, answered):
    response = login(editor).get(times_url(network), follow=True)

    assert_sent_home(response)
    assert "data-share" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, network):
    response = client.get(times_url(network))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_is_not_allowed(login, member, network):
    assert login(member).post(times_url(network)).status_code == 405


@pytest.mark.parametrize(
    ("share", "percent", "level"),
    [
        (0.0, 0, 0),
        (0.19, 19, 0),
        (0.2, 20, 1),
        (0.5, 50, 2),
        (0.6, 60, 3),
        (0.8, 80, 4),
        (1.0, 100, 4),
    ],
)
def test_shades_step_every_twenty_percent(share, percent, level):
    assert HeatCell.of(share) == HeatCell(percent, level)


def test_no_answers_gives_no_shade():
    assert HeatCell.of(None) == HeatCell(None, None)
