"""The poll page: the recommendation and its reasons, the ranking and the answer grid."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ressourcenet.conftest import make_person
from ressourcenet.meetings.tests.conftest import MAY_NOT_MANAGE, invite
from ressourcenet.people.models import StakeholderGroup
from ressourcenet.scheduling import services
from ressourcenet.scheduling.models import Poll
from ressourcenet.scheduling.tests.helpers import give, grid, make_scene, meeting_url


@pytest.fixture
def scene(network, member, volunteer):
    """Evening: all three can come. Morning: only Pia. Late: the volunteers, not Pia (key)."""
    scene = make_scene(network, member, volunteer)
    give(scene.mads, {scene.morning: "no", scene.evening: "yes", scene.late: "yes"})
    give(scene.vera, {scene.evening: "if_need_be", scene.late: "yes"})
    give(scene.pia, {scene.morning: "yes", scene.evening: "yes", scene.late: "no"})
    return scene


@pytest.fixture
def page(login, coordinator, scene):
    return login(coordinator).get(meeting_url("poll_detail", scene.meeting))


def test_the_recommendation_comes_first_with_its_reasons(page, scene):
    assert page.status_code == 200
    content = page.content.decode()
    explanation = services.explain(
        scene.poll, services.ranking(scene.poll), services.turnout(scene.poll)
    )
    assert page.context["explanation"] == explanation
    assert html.escape(explanation) in content
    assert f'data-recommended-slot="{scene.evening.pk}"' in content
    assert content.index(html.escape(explanation)) < content.index('id="ranking-heading"')


def test_the_ranking_shows_who_can_come_and_who_would_be_missing(page, scene):
    rows = page.context["ranking"]

    assert [row.slot for row in rows] == [scene.evening, scene.morning, scene.late]
    evening, morning, late = rows
    assert (evening.result.available, evening.result.yes, evening.result.if_need_be) == (3, 2, 1)
    assert (evening.groups_missing, evening.areas_missing, evening.key_persons_missing) == (
        [],
        [],
        [],
    )
    assert morning.result.available == 1
    assert morning.groups_missing == [StakeholderGroup.VOLUNTEER.label]
    assert sorted(morning.areas_missing) == ["Nordparken", "Sydparken"]
    assert late.key_persons_missing == ["Pia Professionel"]
    assert late.groups_missing == [StakeholderGroup.PROFESSIONAL_STAFF.label]
    content = page.content.decode()
    assert f'<tr data-slot="{scene.late.pk}">' in content
    assert content.count('data-available="') == 3


def test_a_time_placed_below_one_with_fewer_people_says_why(page, scene):
    # Late: two can come, but the key person Pia cannot; morning: only Pia, yet higher.
    _evening, morning, late = page.context["ranking"]

    assert late.result.available > morning.result.available
    with translation.override("en"):
        assert late.why_lower == "Pia Professionel (key person) cannot come"
        assert morning.why_lower == ""
    row = re.search(rf'<tr data-slot="{scene.late.pk}">(.*?)</tr>', page.content.decode(), re.S)
    why = re.search(r"<p[^>]*data-why-lower>(.*?)</p>", row.group(1), re.S)
    assert why and html.escape(late.why_lower) in why.group(1)
    assert page.content.decode().count("data-why-lower") == 1


def test_the_ranking_says_what_it_is_sorted_by(login, coordinator, scene):
    with translation.override("en"):
        content = login(coordinator).get(meeting_url("poll_detail", scene.meeting)).content
    heading = re.search(rb'<h2 id="ranking-heading">(.*?)</h2>\s*<p>(.*?)</p>', content, re.S)

    assert b"sorteret efter hvem der kan komme" in heading.group(1)
    assert "nøglepersonerne".encode() in heading.group(2)
    assert b"hvor mange der kan komme" in heading.group(2)


def test_with_no_answers_nothing_is_recommended(login, coordinator, network, member, volunteer):
    scene = make_scene(network, member, volunteer)

    page = login(coordinator).get(meeting_url("poll_detail", scene.meeting))

    content = page.content.decode()
    assert page.context["recommendation"].recommended is None
    assert "data-recommended-slot" not in content
    assert "badge-success" not in content
    assert "button-primary" not in content
    assert content.count("Choose this time") + content.count("Vælg dette tidspunkt") == 3


def test_missing_groups_are_a_list_so_commas_in_names_stay_readable(page, scene):
    late = re.search(
        rf'<tr data-slot="{scene.late.pk}">(.*?)</tr>', page.content.decode(), re.S
    ).group(1)

    items = re.search(r"<ul[^>]*data-groups-missing>(.*?)</ul>", late, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", items) == [
        html.escape(str(StakeholderGroup.PROFESSIONAL_STAFF.label))
    ]


def test_the_grid_groups_people_by_stakeholder_group_and_housing_area(page, scene):
    content = page.content.decode()

    assert grid(content) == [
        (scene.pia.pk, ["yes", "yes", "no"]),
        (scene.mads.pk, ["no", "yes", "yes"]),
        (scene.vera.pk, ["none", "if_need_be", "yes"]),
    ]
    titles = [title for title, _rows in page.context["groups"]]
    assert len(titles) == 3
    assert titles[1].endswith("Nordparken") and titles[2].endswith("Sydparken")
    assert content.count('<th scope="rowgroup"') == 3


def test_each_answer_is_written_out_not_only_coloured(page):
    content = page.content.decode()

    words = dict(re.findall(r'data-answer="(\w+)">([^<]+)</td>', content))
    assert set(words) == {"yes", "if_need_be", "no"}
    assert len(set(words.values())) == 3
    assert all(word.strip() for word in words.values())
    assert 'data-answer="none"><span aria-hidden="true">–</span><span class="sr-only">' in content


def test_an_invitee_without_answers_counts_as_not_answered(login, coordinator, scene):
    ulla = make_person("Ulla Uden Svar", StakeholderGroup.PROFESSIONAL_STAFF)
    invite(scene.meeting, ulla)

    response = login(coordinator).get(meeting_url("poll_detail", scene.meeting))

    assert (ulla.pk, ["none", "none", "none"]) in grid(response.content.decode())
    assert response.context["unanswered"] == 1
    assert meeting_url("poll_remind", scene.meeting) in response.content.decode()


def test_everyone_has_answered_so_there_is_no_reminder_button(page, scene):
    assert page.context["unanswered"] == 0
    assert meeting_url("poll_remind", scene.meeting) not in page.content.decode()


def test_there_is_a_choose_button_per_time_and_a_record_link_per_person(page, scene):
    content = page.content.decode()

    for slot in (scene.morning, scene.evening, scene.late):
        assert f'action="{meeting_url("poll_finalise", scene.meeting, slot.pk)}"' in content
    for person in (scene.mads, scene.vera, scene.pia):
        assert f'href="{meeting_url("poll_answer_for", scene.meeting, person.pk)}"' in content


def test_after_the_choice_the_chosen_time_is_shown_and_nothing_can_be_chosen(
    login, coordinator, scene
):
    Poll.objects.filter(pk=scene.poll.pk).update(
        finalised_at=timezone.now(), chosen_slot=scene.late
    )

    response = login(coordinator).get(meeting_url("poll_detail", scene.meeting))

    content = response.content.decode()
    assert response.status_code == 200
    assert "poll/choose/" not in content
    assert "poll/people/" not in content
    label = services.slot_label(scene.late.starts_at, scene.late.ends_at)
    assert html.escape(label) in content


def test_the_planning_page_links_to_the_poll(login, coordinator, scene):
    content = (
        login(coordinator)
        .get(meeting_url("meeting_plan_invitations", scene.meeting))
        .content.decode()
    )

    assert f'href="{meeting_url("poll_detail", scene.meeting)}"' in content
    assert meeting_url("poll_create", scene.meeting) not in content


def test_a_meeting_without_a_poll_has_no_poll_page(login, coordinator, scene):
    scene.poll.delete()

    assert login(coordinator).get(meeting_url("poll_detail", scene.meeting)).status_code == 404


def test_administrator_may_see_the_poll(login, admin_user, scene):
    assert login(admin_user).get(meeting_url("poll_detail", scene.meeting)).status_code == 200


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_see_the_answers(request, login, role, scene):
    client = login(request.getfixturevalue(role))

    assert client.get(meeting_url("poll_detail", scene.meeting)).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, scene):
    response = client.get(meeting_url("poll_detail", scene.meeting))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_is_not_allowed(login, coordinator, scene):
    assert login(coordinator).post(meeting_url("poll_detail", scene.meeting)).status_code == 405
