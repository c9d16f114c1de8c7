"""The evaluation pages, the coordinator's request, and who sees the dashboards."""

import re
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import timezone

from ressourcenet.conftest import make_person, make_user
from ressourcenet.evaluation import services
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.evaluation.services import evaluation_link
from ressourcenet.meetings import services as meetings
from ressourcenet.meetings.models import AgendaItem, Invitation
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.networks.models import Membership


def personal(invitation) -> str:
    return evaluation_link(invitation).split("://", 1)[-1].split("/", 1)[-1].join(["/", ""])


def test_the_personal_link_asks_three_questions_and_saves_once(client, came):
    url = personal(came)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<fieldset") == 2 and html.count('class="form-radio"') == 10
    data = {"relevance": "4", "time_well_spent": "5", "suggestion": "Mere kaffe"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Evaluation.objects.filter(invitation=came).count() == 1
    assert "<form" not in client.get(url).content.decode().split("main-content")[-1]


@pytest.mark.parametrize(
    "data",
    [
        {"relevance": "0", "time_well_spent": "3"},
        {"relevance": "6", "time_well_spent": "3"},
        {"relevance": str(10**30), "time_well_spent": "3"},
        {"relevance": "3", "time_well_spent": "3\x00"},
        {"relevance": "3", "time_well_spent": "3", "suggestion": "Mere\x00kaffe"},
        {"relevance": "3", "time_well_spent": "3", "suggestion": "x" * 1001},
        {},
    ],
)
def test_wrong_answers_are_refused_with_a_message(client, came, data):
    page = client.post(personal(came), data)
    assert page.status_code == 422
    assert "error-summary" in page.content.decode() or "form-error" in page.content.decode()
    assert not Evaluation.objects.exists()


def test_who_did_not_come_sees_a_message_and_no_form(client, stayed_away):
    page = client.get(personal(stayed_away))
    assert page.status_code == 200 and 'name="relevance"' not in page.content.decode()
    client.post(personal(stayed_away), {"relevance": "3", "time_well_spent": "3"})
    assert not Evaluation.objects.exists()


def close(meeting) -> None:
    """Move the meeting back so that its evaluation window is over."""
    meeting.starts_at -= timedelta(days=services.EVALUATION_DAYS)
    meeting.ends_at -= timedelta(days=services.EVALUATION_DAYS)
    meeting.save()


def test_a_closed_evaluation_says_so_and_takes_no_answer(client, came):
    close(came.meeting)
    page = client.get(personal(came))
    assert page.status_code == 200 and 'name="relevance"' not in page.content.decode()
    assert "alert-info" in page.content.decode()
    client.post(personal(came), {"relevance": "3", "time_well_spent": "3"})
    assert not Evaluation.objects.exists()


def evaluation_section(client, meeting) -> str:
    html = client.get(meeting.get_absolute_url()).content.decode()
    section = html.split('class="meeting-evaluation"', 1)[1].split("</section>", 1)[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", section)


def test_the_meeting_page_tells_no_one_who_answered(login, coordinator, held, came, member):
    """Unticking one attendee at a time, or an answer coming in, changes nothing the
    coordinator sees: no count of answers while the evaluation is open."""
    client = login(coordinator)
    came_ids = list(held.invitations.filter(attended=True).values_list("person_id", flat=True))
    before = evaluation_section(client, held)
    services.submit(came, 5, 5, "Mere kaffe")
    assert evaluation_section(client, held) == before
    seen = set()
    for person_id in came_ids:
        meetings.record_attendance(held, [p for p in came_ids if p != person_id])
        seen.add(evaluation_section(client, held))
        meetings.record_attendance(held, came_ids)
    assert len(seen) == 1
    assert reverse("evaluation_send", args=["testby", held.pk]) in before


def test_the_meeting_page_shows_the_count_once_closed_with_enough_answers(
    login, coordinator, held, came
):
    services.submit(came, 5, 5)
    close(held)
    client = login(coordinator)
    too_few = evaluation_section(client, held)
    assert "evaluation_send" not in too_few and "<form" not in too_few
    for number in range(2):
        invitation = Invitation.objects.create(
            meeting=held, person=make_person(f"Svar {number}"), attended=True
        )
        services.save(invitation, 4, 4, "")
    assert evaluation_section(client, held) != too_few


def test_the_send_button_counts_whoever_answered(login, coordinator, held, came):
    client = login(coordinator)
    before = evaluation_section(client, held)
    services.submit(came, 4, 4)
    assert evaluation_section(client, held) == before
    assert services.missing_requests(held).count() == 2


def test_a_cancelled_meeting_takes_no_evaluation(client, came):
    came.meeting.cancelled_at = timezone.now()
    came.meeting.save()
    assert 'name="relevance"' not in client.get(personal(came)).content.decode()


def test_a_wrong_link(client, db):
    assert client.get("/evaluation/nothing:here/").status_code == 404


def test_the_attendee_evaluates_from_the_meeting_page(login, member, held):
    client = login(member)
    meeting_page = client.get(held.get_absolute_url()).content.decode()
    url = reverse("evaluation_own", args=[held.network.plan.slug, held.pk])
    assert url in meeting_page
    assert client.post(url, {"relevance": "5", "time_well_spent": "4"}).status_code == 302
    assert Evaluation.objects.get().invitation.person == member.person


@pytest.mark.parametrize("role", ["coordinator", "board_member", "outsider", "admin_user"])
def test_who_was_not_invited_cannot_evaluate(login, request, held, role):
    client = login(request.getfixturevalue(role))
    url = reverse("evaluation_own", args=[held.network.plan.slug, held.pk])
    assert client.post(url, {"relevance": "5", "time_well_spent": "4"}).status_code == 403
    assert not Evaluation.objects.exists()


def test_the_coordinator_sends_the_evaluation_to_those_who_came(login, coordinator, held):
    client = login(coordinator)
    url = reverse("evaluation_send", args=[held.network.plan.slug, held.pk])
    assert url in client.get(held.get_absolute_url()).content.decode()
    client.post(url)
    assert len(django_mail.outbox) == 2
    client.post(url)
    assert len(django_mail.outbox) == 2
    assert not any("udeblev" in m.to[0] for m in django_mail.outbox)


@pytest.mark.parametrize("role", ["member", "board_member", "outsider"])
def test_others_cannot_send_it(login, request, held, role):
    client = login(request.getfixturevalue(role))
    assert client.post(reverse("evaluation_send", args=["testby", held.pk])).status_code == 403
    assert not django_mail.outbox


@pytest.fixture
def other_coordinator(other_network, plan):
    person = make_person("Jens Job")
    Membership.objects.create(
        network=other_network, person=person, role=Membership.Role.COORDINATOR,
        starts_on=plan.starts_on,
    )  # fmt: skip
    return make_user("job@example.org", person)


NETWORK_SEES = {
    "admin_user": 200,
    "coordinator": 200,
    "board_member": 200,
    "member": 403,
    "other_coordinator": 403,
    "outsider": 403,
}


@pytest.mark.parametrize("role,status", NETWORK_SEES.items())
def test_who_sees_a_networks_health(login, request, held, came, role, status):
    for invitation in held.invitations.all():
        services.save(invitation, 4, 4, "Kortere oplæg" if invitation == came else "")
    close(held)
    client = login(request.getfixturevalue(role))
    page = client.get(reverse("network_health", args=["testby", "familier"]))
    assert page.status_code == status
    if status == 200:
        suggestions = "Kortere oplæg" in page.content.decode()
        assert suggestions == (role in ("admin_user", "coordinator"))
        assert "Vera" not in page.content.decode()


def test_a_visitor_is_not_shown_a_networks_health(client, held):
    page = client.get(reverse("network_health", args=["testby", "familier"]))
    assert page.status_code in (302, 403)


@pytest.mark.parametrize(
    "role,status",
    {"admin_user": 200, "board_member": 200, "coordinator": 403, "member": 403}.items(),
)
def test_who_sees_the_plans_health(login, request, held, role, status):
    client = login(request.getfixturevalue(role))
    assert client.get(reverse("plan_health", args=["testby"])).status_code == status


def test_the_dashboards_are_reached_by_links(login, admin_user, held):
    client = login(admin_user)
    network_page = client.get(reverse("network", args=["testby", "familier"])).content.decode()
    assert reverse("network_health", args=["testby", "familier"]) in network_page
    assert reverse("plan_health", args=["testby"]) in network_page


def add_meetings(network, people, count):
    for number in range(count):
        meeting = make_meeting(
            network, title=f"Møde {number}", starts_at=timezone.now() - timedelta(days=30 + number)
        )
        for person in people:
            invitation = Invitation.objects.create(meeting=meeting, person=person, attended=True)
            Evaluation.objects.create(
                meeting=meeting,
                invitation=invitation,
                relevance=4,
                time_well_spent=3,
                suggestion="Mere tid",
            )
        keep_time(meeting, 30, 25)


def keep_time(meeting, planned: int, actual: int) -> None:
    """One agenda item, run by the clock for `actual` minutes."""
    AgendaItem.objects.create(
        meeting=meeting,
        position=0,
        kind=AgendaItem.Kind.WORKSHOP,
        title="Idéværksted",
        minutes=planned,
        started_at=meeting.starts_at,
        ended_at=meeting.starts_at + timedelta(minutes=actual),
    )


def test_the_networks_health_shows_the_agenda_minutes_planned_and_actual(
    login, admin_user, network
):
    kept = make_meeting(network, title="Med ur", starts_at=timezone.now() - timedelta(days=40))
    keep_time(kept, 60, 40)
    keep_time(kept, 15, 20)
    make_meeting(network, title="Uden ur", starts_at=timezone.now() - timedelta(days=30))
    url = reverse("network_health", args=[network.plan.slug, network.slug])

    content = login(admin_user).get(url).content.decode()

    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", content, re.S)
    cells = {
        re.search(r">(Med ur|Uden ur)<", row).group(1): re.findall(
            r'class="health-agenda-time">([^<]*)<', row
        )
        for row in rows
        if re.search(r">(Med ur|Uden ur)<", row)
    }
    assert cells == {"Med ur": ["75 / 60"], "Uden ur": ["–"]}


def test_the_dashboard_asks_the_same_number_of_queries_for_more_meetings(
    login, admin_user, network, plan, django_assert_max_num_queries
):
    people = [make_person(f"Person {n}") for n in range(3)]
    add_meetings(network, people, 1)
    client = login(admin_user)
    url = reverse("network_health", args=["testby", "familier"])
    plan_url = reverse("plan_health", args=["testby"])
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(plan_url).status_code == 200
    add_meetings(network, [*people, *(make_person(f"Ny {n}") for n in range(5))], 12)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(plan_url).status_code == 200
