"""The agenda clock: its arithmetic, the time-keeper's moves, who may make them, and the
comparison of plan and reality afterwards."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from ressourcenet.conftest import make_person, make_user
from ressourcenet.lib.tests.threads import at_once
from ressourcenet.meetings import clock
from ressourcenet.meetings.models import AgendaItem, MeetingRole
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import (
    CPH,
    HTMX,
    add_items,
    invite,
    make_meeting,
    plan_url,
)

HUGE = 10**30


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


def items(*minutes: int, kind: str = AgendaItem.Kind.WORKSHOP) -> list[AgendaItem]:
    """Unsaved items of these planned minutes, for the arithmetic."""
    return [
        AgendaItem(pk=index + 1, position=index, kind=kind, title=f"Punkt {index + 1}", minutes=m)
        for index, m in enumerate(minutes)
    ]


T0 = datetime(2026, 6, 4, 17, 0, tzinfo=CPH)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --- the arithmetic -------------------------------------------------------------------


def test_before_the_start_nothing_runs_and_the_first_item_is_next():
    agenda = items(10, 20)

    state = clock.clock_state(None, at(0), agenda)

    assert (state.current, state.next, state.seconds_left, state.ahead_seconds) == (
        None,
        agenda[0],
        None,
        None,
    )
    assert not state.started and not state.ended


def test_time_left_counts_down_in_the_current_item():
    agenda = items(10, 20)
    agenda[0].started_at = at(0)

    state = clock.clock_state(None, at(3.5), agenda)

    assert state.current == agenda[0] and state.next == agenda[1]
    assert state.seconds_left == 390
    assert state.time_left == "06:30"
    assert state.ahead_seconds == 0  # an item within its time is on plan


def test_an_overrun_is_negative_time_left_and_puts_the_meeting_behind():
    agenda = items(10, 20)
    agenda[0].started_at = at(0)

    state = clock.clock_state(None, at(12), agenda)

    assert state.seconds_left == -120
    assert state.time_left == "−02:00"
    assert state.ahead_seconds == -120


def test_an_item_ended_early_puts_the_meeting_ahead():
    agenda = items(10, 20, 30)
    agenda[0].started_at, agenda[0].ended_at = at(0), at(6)
    agenda[1].started_at = at(6)

    state = clock.clock_state(None, at(10), agenda)

    assert state.current == agenda[1]
    assert state.seconds_left == 16 * 60
    assert state.ahead_seconds == 4 * 60


def test_a_late_item_that_then_overruns_adds_both():
    agenda = items(10, 20, 30)
    agenda[0].started_at, agenda[0].ended_at = at(0), at(15)
    agenda[1].started_at = at(15)

    state = clock.clock_state(None, at(40), agenda)

    assert state.seconds_left == -5 * 60
    assert state.ahead_seconds == -10 * 60


def test_the_last_item_has_no_next_and_after_it_the_agenda_has_ended():
    agenda = items(10, 20)
    agenda[0].started_at, agenda[0].ended_at = at(0), at(10)
    agenda[1].started_at = at(10)

    running = clock.clock_state(None, at(20), agenda)
    agenda[1].ended_at = at(25)
    ended = clock.clock_state(None, at(40), agenda)

    assert running.current == agenda[1] and running.next is None
    assert ended.current is None and ended.next is None and ended.ended
    assert ended.ahead_seconds == 5 * 60  # 30 planned, 25 used
    assert [item.actual_minutes for item in agenda] == [10, 15]


def test_a_meeting_across_the_spring_clock_change_counts_real_minutes():
    # Copenhagen's clocks go from 02:00 to 03:00 on the last Sunday of March.
    year = timezone.now().year + 1
    sunday = max(
        day
        for day in (datetime(year, 3, d, tzinfo=CPH) for d in range(25, 32))
        if day.weekday() == 6
    )
    start = sunday.replace(hour=1, minute=40)
    agenda = items(30, 30)
    agenda[0].started_at = start
    agenda[0].ended_at = sunday.replace(hour=3, minute=10)  # 30 real minutes
    agenda[1].started_at = agenda[0].ended_at

    state = clock.clock_state(None, sunday.replace(hour=3, minute=20), agenda)

    assert agenda[0].actual_minutes == 30
    assert state.seconds_left == 20 * 60
    assert state.ahead_seconds == 0


def test_ahead_and_behind_in_words():
    agenda = items(10, 20)
    agenda[0].started_at = at(0)

    with translation.override("en"):
        assert clock.clock_state(None, at(5), agenda).ahead_words == "On time"
        assert clock.clock_state(None, at(11), agenda).ahead_words == "1 minute behind"
        assert clock.clock_state(None, at(17), agenda).ahead_words == "7 minutes behind"


# --- the comparison afterwards ------------------------------------------------------


def test_the_workshop_took_twenty_minutes_less_in_danish():
    workshop, talk, welcome = items(60, 15, 5)
    talk.kind, welcome.kind = AgendaItem.Kind.TALK, AgendaItem.Kind.WELCOME
    for item, used in ((workshop, 40), (talk, 16), (welcome, 5)):
        item.started_at, item.ended_at = at(0), at(used)

    with translation.override("da"):
        rows = clock.compare_by_kind([workshop, talk, welcome])
        workshop_subject = str(clock.SUBJECTS[AgendaItem.Kind.WORKSHOP])
        expected_less = translation.ngettext(
            "%(subject)s took %(n)d minute less than planned.",
            "%(subject)s took %(n)d minutes less than planned.",
            20,
        ) % {"subject": workshop_subject, "n": 20}

    assert [(r.kind, r.planned, r.actual) for r in rows] == [
        ("workshop", 60, 40),
        ("talk", 15, 16),
        ("welcome", 5, 5),
    ]
    assert rows[0].sentence == expected_less
    assert rows[0].sentence.startswith(da("The workshop")) and "20" in rows[0].sentence
    assert rows[2].sentence == da("%(subject)s took the time planned.") % {
        "subject": da("The welcome")
    }


def test_items_of_one_kind_are_added_up_and_unfinished_items_left_out():
    first, second, third = items(30, 30, 30)
    first.started_at, first.ended_at = at(0), at(40)
    second.started_at, second.ended_at = at(40), at(70)
    third.started_at = at(70)

    rows = clock.compare_by_kind([first, second, third])

    assert [(r.planned, r.actual) for r in rows] == [(60, 70)]


# --- the moves, in the database -------------------------------------------------------


def soon() -> datetime:
    """A start in ten minutes: the clock may run from 30 minutes before."""
    return timezone.now() + timedelta(minutes=10)


def since_start(meeting, minutes: float) -> datetime:
    return meeting.starts_at + timedelta(minutes=minutes)


@pytest.fixture
def meeting(network):
    """A meeting of the coordinator's network that starts in ten minutes, 2 hours long."""
    return make_meeting(
        network, starts_at=soon(), location="Beboerhuset, Nordparken 1", capture=["ideas"]
    )


@pytest.fixture
def other_meeting(other_network):
    return make_meeting(other_network, title="Jobmesse i hallen", starts_at=soon())


@pytest.fixture
def agenda(meeting):
    return add_items(
        meeting,
        (AgendaItem.Kind.WELCOME, "Velkomst og kaffe", 10),
        (AgendaItem.Kind.WORKSHOP, "Workshop om caféens udvalg", 45),
        (AgendaItem.Kind.WRAP_UP, "Hvem gør hvad", 15),
    )


def ran(meeting) -> list[tuple[bool, bool]]:
    return [
        (item.started_at is not None, item.ended_at is not None)
        for item in meeting.agenda_items.all()
    ]


@pytest.mark.django_db
def test_start_next_and_end_record_the_times(meeting, agenda):
    clock.next_item(meeting, None, now=since_start(meeting, 0))
    clock.next_item(meeting, agenda[0].pk, now=since_start(meeting, 8))
    clock.next_item(meeting, agenda[1].pk, now=since_start(meeting, 60))
    state = clock.next_item(meeting, agenda[2].pk, now=since_start(meeting, 70))

    assert ran(meeting) == [(True, True)] * 3
    assert state.ended
    assert [item.actual_minutes for item in meeting.agenda_items.all()] == [8, 52, 10]


@pytest.mark.django_db
def test_a_stale_next_moves_nothing(meeting, agenda):
    clock.next_item(meeting, None, now=since_start(meeting, 0))
    clock.next_item(meeting, agenda[0].pk, now=since_start(meeting, 8))

    with pytest.raises(clock.ClockRefused):
        clock.next_item(
            meeting, agenda[0].pk, now=since_start(meeting, 9)
        )  # the second of two clicks

    assert ran(meeting) == [(True, True), (True, False), (False, False)]


@pytest.mark.django_db
def test_next_after_the_end_and_on_an_empty_or_cancelled_meeting_is_refused(
    meeting, agenda, other_meeting
):
    for _item in agenda:
        clock.next_item(meeting)
    clock.next_item(meeting)
    with pytest.raises(clock.ClockRefused):
        clock.next_item(meeting)
    with pytest.raises(clock.ClockRefused):
        clock.next_item(other_meeting)
    add_items(other_meeting, (AgendaItem.Kind.TALK, "Oplæg", 20))
    cancel_meeting(other_meeting)
    with pytest.raises(clock.ClockRefused):
        clock.next_item(other_meeting)
    assert ran(other_meeting) == [(False, False)]


@pytest.mark.django_db
def test_the_clock_starts_from_30_minutes_before_until_2_hours_after_the_end(network):
    now = timezone.now()
    meeting = make_meeting(network, starts_at=now + timedelta(minutes=31))
    agenda = add_items(meeting, (AgendaItem.Kind.TALK, "Oplæg", 20))

    with pytest.raises(clock.ClockRefused) as early:
        clock.next_item(meeting, None, now=now)
    assert ran(meeting) == [(False, False)]
    with translation.override("da"):
        assert str(early.value.messages[0]) == da(
            "The agenda can be started from 30 minutes before the meeting starts."
        )
    clock.next_item(meeting, None, now=now + timedelta(minutes=1))  # 30 minutes before
    assert ran(meeting) == [(True, False)]
    clock.undo_next(meeting, agenda[0].pk, now=now + timedelta(minutes=2))
    assert ran(meeting) == [(False, False)]

    late = meeting.ends_at + clock.AFTER_END + timedelta(seconds=1)
    with pytest.raises(clock.ClockRefused):
        clock.next_item(meeting, None, now=late)
    clock.next_item(meeting, None, now=late - timedelta(seconds=2))
    with pytest.raises(clock.ClockRefused):
        clock.next_item(meeting, agenda[0].pk, now=late)  # moving on, too
    with pytest.raises(clock.ClockRefused):
        clock.undo_next(meeting, agenda[0].pk, now=late)  # and undo
    assert ran(meeting) == [(True, False)]


@pytest.mark.django_db
def test_a_meeting_without_a_time_or_days_ahead_has_no_clock_yet(network):
    for meeting in (
        make_meeting(network, starts_at=None),
        make_meeting(network, starts_at=timezone.now() + timedelta(days=3)),
    ):
        add_items(meeting, (AgendaItem.Kind.TALK, "Oplæg", 20))
        with pytest.raises(clock.ClockRefused):
            clock.next_item(meeting)
        assert ran(meeting) == [(False, False)]


@pytest.mark.django_db
def test_undo_takes_back_next_start_and_end(meeting, agenda):
    clock.next_item(meeting, now=since_start(meeting, 0))
    clock.next_item(meeting, now=since_start(meeting, 8))

    clock.undo_next(meeting)
    assert ran(meeting) == [(True, False), (False, False), (False, False)]
    clock.undo_next(meeting)
    assert ran(meeting) == [(False, False)] * 3
    with pytest.raises(clock.ClockRefused):
        clock.undo_next(meeting)
    for _item in range(4):
        clock.next_item(meeting)
    clock.undo_next(meeting)
    assert ran(meeting) == [(True, True), (True, True), (True, False)]


def two_at_once(action) -> list[str]:
    """Run `action` twice at once, each in its own transaction; what each got: "done", or
    "refused" when the clock refused it."""
    outcomes = at_once(action, atomic=True)
    for outcome in outcomes:
        if isinstance(outcome, Exception) and not isinstance(outcome, clock.ClockRefused):
            raise outcome
    return ["refused" if isinstance(o, clock.ClockRefused) else "done" for o in outcomes]


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_next_at_once_move_one_item(network):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time; the stale click is tested without threads")
    from ressourcenet.meetings.tests.conftest import make_meeting

    meeting = make_meeting(network, starts_at=soon())
    agenda = add_items(
        meeting, (AgendaItem.Kind.WELCOME, "Velkomst", 10), (AgendaItem.Kind.TALK, "Oplæg", 20)
    )
    clock.next_item(meeting, None)

    outcomes = two_at_once(lambda: clock.next_item(meeting, agenda[0].pk))

    assert sorted(outcomes) == ["done", "refused"]
    assert ran(meeting) == [(True, True), (True, False)]


@pytest.mark.django_db
def test_a_stale_undo_takes_nothing_back(meeting, agenda):
    clock.next_item(meeting, None, now=since_start(meeting, 0))
    clock.next_item(meeting, agenda[0].pk, now=since_start(meeting, 8))
    clock.undo_next(meeting, agenda[1].pk)

    with pytest.raises(clock.ClockRefused):
        clock.undo_next(meeting, agenda[1].pk)  # the second of two clicks
    with pytest.raises(clock.ClockRefused):
        clock.undo_next(meeting, None)  # a page from after the end

    assert ran(meeting) == [(True, False), (False, False), (False, False)]
    clock.undo_next(meeting, agenda[0].pk)
    with pytest.raises(clock.ClockRefused):
        clock.undo_next(meeting, agenda[0].pk)
    assert ran(meeting) == [(False, False)] * 3


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_undo_at_once_take_back_one_move(network):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time; the stale undo is tested without threads")
    from ressourcenet.meetings.tests.conftest import make_meeting

    meeting = make_meeting(network, starts_at=soon())
    agenda = add_items(
        meeting,
        (AgendaItem.Kind.WELCOME, "Velkomst", 10),
        (AgendaItem.Kind.TALK, "Oplæg", 20),
        (AgendaItem.Kind.WRAP_UP, "Afrunding", 10),
    )
    clock.next_item(meeting, None)
    clock.next_item(meeting, agenda[0].pk)
    clock.next_item(meeting, agenda[1].pk)

    outcomes = two_at_once(lambda: clock.undo_next(meeting, agenda[2].pk))

    assert sorted(outcomes) == ["done", "refused"]
    assert ran(meeting) == [(True, True), (True, False), (False, False)]


# --- the pages ------------------------------------------------------------------------


def clock_url(meeting, name: str = "meeting_clock", meeting_id=None) -> str:
    return reverse(name, args=[meeting.network.plan.slug, meeting_id or meeting.pk])


@pytest.fixture
def time_keeper(meeting):
    person = make_person("Tove Tidtager")
    invite(meeting, person)
    MeetingRole.objects.create(meeting=meeting, person=person, role=MeetingRole.Role.TIME_KEEPER)
    return make_user("tidtager@example.org", person)


@pytest.fixture
def note_taker(meeting):
    person = make_person("Niels Noter")
    MeetingRole.objects.create(meeting=meeting, person=person, role=MeetingRole.Role.NOTE_TAKER)
    return make_user("noter@example.org", person)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["time_keeper", "coordinator", "admin_user"])
def test_those_who_keep_time_start_the_agenda_without_javascript(
    request, login, who, meeting, agenda
):
    client = login(request.getfixturevalue(who))

    page = client.get(clock_url(meeting))
    response = client.post(clock_url(meeting, "meeting_clock_next"), {"leaving": ""})

    assert page.status_code == 200
    assert response.status_code == 302
    assert response.url == clock_url(meeting) + "#main-content"
    assert ran(meeting)[0] == (True, False)
    shown = client.get(response.url).content.decode()
    assert "Velkomst og kaffe" in shown and "data-focus-here" in shown


@pytest.mark.django_db
def test_the_facilitator_keeps_time_with_htmx_and_hears_what_happened(login, meeting, agenda):
    person = make_person("Frida Facilitator")
    MeetingRole.objects.create(meeting=meeting, person=person, role=MeetingRole.Role.FACILITATOR)
    client = login(make_user("facilitator@example.org", person))

    response = client.post(clock_url(meeting, "meeting_clock_next"), {"leaving": ""}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="clock-panel"')
    assert "data-announce" in content and "Velkomst og kaffe" in content
    assert ran(meeting)[0] == (True, False)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "board_member", "outsider", "note_taker"])
def test_others_may_not_keep_time(request, login, who, meeting, agenda):
    client = login(request.getfixturevalue(who))

    assert client.get(clock_url(meeting)).status_code == 403
    assert client.post(clock_url(meeting, "meeting_clock_next"), {"leaving": ""}).status_code == 403
    assert ran(meeting) == [(False, False)] * 3


@pytest.mark.django_db
def test_an_editor_is_sent_home_and_may_not_move_the_clock(login, editor, meeting, agenda):
    client = login(editor)

    assert client.get(clock_url(meeting)).url == reverse("home")
    assert client.post(clock_url(meeting, "meeting_clock_next"), {"leaving": ""}).status_code == 403
    assert ran(meeting) == [(False, False)] * 3


@pytest.mark.django_db
def test_a_coordinator_may_not_keep_time_in_another_network(login, coordinator, other_meeting):
    add_items(other_meeting, (AgendaItem.Kind.TALK, "Oplæg", 20))

    response = login(coordinator).post(clock_url(other_meeting, "meeting_clock_next"))

    assert response.status_code == 403
    assert ran(other_meeting) == [(False, False)]


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in(client, meeting, agenda):
    response = client.get(clock_url(meeting))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_second_click_from_a_page_not_updated_is_refused_in_danish(
    login, time_keeper, meeting, agenda
):
    client = login(time_keeper)
    client.post(clock_url(meeting, "meeting_clock_next"), {"leaving": ""})
    client.post(
        clock_url(meeting, "meeting_clock_next"), {"leaving": ""}, HTTP_ACCEPT_LANGUAGE="da"
    )

    response = client.post(clock_url(meeting, "meeting_clock_next"), {"leaving": ""}, **HTMX)

    assert response.status_code == 409
    assert ran(meeting) == [(True, False), (False, False), (False, False)]


@pytest.mark.django_db
@pytest.mark.parametrize("leaving", [str(HUGE), "abc", "\x00", "-1"])
def test_odd_leaving_values_move_nothing(login, time_keeper, meeting, agenda, leaving):
    response = login(time_keeper).post(
        clock_url(meeting, "meeting_clock_next"), {"leaving": leaving}
    )

    assert response.status_code == 302
    assert ran(meeting) == [(False, False)] * 3


@pytest.mark.django_db
def test_bounds_of_the_addresses(login, time_keeper, meeting, agenda):
    client = login(time_keeper)

    assert client.get(clock_url(meeting, meeting_id=HUGE)).status_code == 404
    assert client.post(clock_url(meeting, "meeting_clock_next", HUGE)).status_code == 404
    for name in ("meeting_clock_next", "meeting_clock_undo"):
        response = client.get(clock_url(meeting, name))
        assert response.status_code == 303 and response.url == clock_url(meeting)
    assert client.post(clock_url(meeting)).status_code == 405


@pytest.mark.django_db
def test_the_htmx_refresh_returns_the_clock_alone(login, time_keeper, meeting, agenda):
    client = login(time_keeper)
    clock.next_item(meeting)

    content = client.get(clock_url(meeting), **HTMX).content.decode()

    assert content.lstrip().startswith('<div id="clock-live"')
    assert "agenda-clock" in content and "agenda-clock--projector" not in content
    assert "{#" not in content and 'name="csrfmiddlewaretoken"' in content


def hidden_value(content: str, field_id: str) -> str:
    match = re.search(rf'<input type="hidden" id="{field_id}" name="\w+" value="(\d*)">', content)
    assert match, field_id
    return match.group(1)


@pytest.mark.django_db
def test_the_poll_refreshes_the_buttons_after_a_move_on_another_device(
    login, time_keeper, meeting, agenda
):
    client = login(time_keeper)
    page = client.get(clock_url(meeting)).content.decode()
    assert hidden_value(page, "clock-leaving") == ""
    assert f">{da('Start')}</button>" in page

    clock.next_item(meeting)  # another device starts the agenda
    polled = client.get(clock_url(meeting), **HTMX).content.decode()

    assert hidden_value(polled, "clock-leaving") == str(agenda[0].pk)
    assert hidden_value(polled, "clock-running") == str(agenda[0].pk)
    assert f">{da('Next item')}</button>" in polled
    assert 'id="clock-next"' in polled and 'id="clock-undo"' in polled
    leaving = hidden_value(polled, "clock-leaving")
    response = client.post(clock_url(meeting, "meeting_clock_next"), {"leaving": leaving}, **HTMX)
    assert response.status_code == 200  # the first click after the poll is not refused
    assert ran(meeting)[:2] == [(True, True), (True, False)]

    clock.next_item(meeting)  # and on to the last item
    polled = client.get(clock_url(meeting), **HTMX).content.decode()
    assert f">{da('End the agenda')}</button>" in polled
    assert hidden_value(polled, "clock-leaving") == str(agenda[-1].pk)


@pytest.mark.django_db
def test_undo_from_the_page(login, time_keeper, meeting, agenda):
    client = login(time_keeper)
    clock.next_item(meeting)
    clock.next_item(meeting)

    page = client.get(clock_url(meeting)).content.decode()
    assert f'name="running" value="{agenda[1].pk}"' in page

    response = client.post(clock_url(meeting, "meeting_clock_undo"), {"running": agenda[1].pk})

    assert response.status_code == 302
    assert ran(meeting) == [(True, False), (False, False), (False, False)]


@pytest.mark.django_db
def test_a_second_undo_from_a_page_not_updated_is_refused_in_danish(
    login, time_keeper, meeting, agenda
):
    client = login(time_keeper)
    clock.next_item(meeting)
    clock.next_item(meeting)
    client.post(clock_url(meeting, "meeting_clock_undo"), {"running": agenda[1].pk})

    response = client.post(
        clock_url(meeting, "meeting_clock_undo"),
        {"running": agenda[1].pk},
        HTTP_ACCEPT_LANGUAGE="da",
        **HTMX,
    )

    assert response.status_code == 409
    refused = da(
        "Someone else changed the clock already, so nothing was taken back. "
        "Here is where it stands."
    )
    assert refused in response.content.decode()
    assert ran(meeting) == [(True, False), (False, False), (False, False)]


@pytest.mark.django_db
def test_a_second_undo_after_the_end_leaves_the_last_item_running(
    login, time_keeper, meeting, agenda
):
    client = login(time_keeper)
    for _item in range(4):
        clock.next_item(meeting)
    assert 'name="running" value=""' in client.get(clock_url(meeting)).content.decode()

    client.post(clock_url(meeting, "meeting_clock_undo"), {"running": ""})
    client.post(clock_url(meeting, "meeting_clock_undo"), {"running": ""})

    assert ran(meeting) == [(True, True), (True, True), (True, False)]


@pytest.mark.django_db
@pytest.mark.parametrize("running", [str(HUGE), "abc", "\x00", "-1"])
def test_odd_running_values_take_nothing_back(login, time_keeper, meeting, agenda, running):
    clock.next_item(meeting)

    response = login(time_keeper).post(
        clock_url(meeting, "meeting_clock_undo"), {"running": running}
    )

    assert response.status_code == 302
    assert ran(meeting) == [(True, False), (False, False), (False, False)]


@pytest.mark.django_db
def test_the_meeting_page_leads_the_time_keeper_to_the_clock_and_not_a_member(
    login, time_keeper, member, meeting, agenda
):
    url = clock_url(meeting)

    assert url in login(time_keeper).get(meeting.get_absolute_url()).content.decode()
    assert url not in login(member).get(meeting.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_meeting_page_compares_plan_and_reality_afterwards(login, member, meeting, agenda):
    for minutes in (0, 10, 35, 50):
        clock.next_item(meeting, now=since_start(meeting, minutes))

    with translation.override("da"):
        content = login(member).get(meeting.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da")
        content = content.content.decode()
        sentences = [row.sentence for row in clock.compare_by_kind(meeting.agenda_items.all())]

    assert len(sentences) == 3
    for sentence in sentences:
        assert sentence in content
    assert "20" in sentences[1]  # the workshop: 45 planned, 25 used


def test_the_fragment_shows_the_clock_for_a_projector():
    from django.template.loader import render_to_string

    agenda = items(10, 20)
    agenda[0].started_at = at(0)
    state = clock.clock_state(None, at(12.5), agenda)

    html = render_to_string("meetings/_agenda_clock.html", {"clock": state, "projector": True})

    assert 'class="agenda-clock agenda-clock--projector"' in html
    assert "−02:30" in html and "Punkt 1" in html and "Punkt 2" in html
    assert "{#" not in html and "comment" not in html


# --- the last meeting's time, where the next one is planned ---------------------------


def held_with_kept_time(network, days_ago: int, workshop_minutes: int, **fields):
    """A meeting held `days_ago` whose clock was kept: a 10-minute welcome that took 10,
    a 60-minute workshop that took `workshop_minutes`."""
    starts_at = timezone.now() - timedelta(days=days_ago)
    meeting = make_meeting(network, starts_at=starts_at, **fields)
    add_items(
        meeting,
        (AgendaItem.Kind.WELCOME, "Velkomst", 10),
        (AgendaItem.Kind.WORKSHOP, "Idéværksted", 60),
    )
    clock.next_item(meeting, now=starts_at)
    clock.next_item(meeting, now=starts_at + timedelta(minutes=10))
    clock.next_item(meeting, now=starts_at + timedelta(minutes=10 + workshop_minutes))
    return meeting


def sentence(subject: str, planned: int, actual: int) -> str:
    with translation.override("da"):
        return clock.comparison(translation.gettext(subject), planned, actual)


@pytest.mark.django_db
def test_last_kept_time_is_the_networks_latest_earlier_meeting_with_a_clock(
    network, other_network, meeting
):
    assert clock.last_kept_time(meeting) is None
    held_with_kept_time(network, 60, 50, title="For længe siden")
    latest = held_with_kept_time(network, 20, 40, title="Sidst")
    held_with_kept_time(other_network, 5, 90, title="Et andet netværk")
    cancelled = held_with_kept_time(network, 3, 90, title="Aflyst")
    cancel_meeting(cancelled)
    make_meeting(network, title="Uden ur", starts_at=timezone.now() - timedelta(days=2))

    earlier = clock.last_kept_time(meeting)

    assert earlier.meeting == latest
    assert [(row.kind, row.planned, row.actual) for row in earlier.comparisons] == [
        (AgendaItem.Kind.WELCOME, 10, 10),
        (AgendaItem.Kind.WORKSHOP, 60, 40),
    ]
    # A meeting planned for before the latest one sees the one before it.
    meeting.starts_at = latest.starts_at - timedelta(days=1)
    assert clock.last_kept_time(meeting).meeting.title == "For længe siden"
    # A meeting without a time yet: the latest before now.
    meeting.starts_at = meeting.ends_at = None
    assert clock.last_kept_time(meeting).meeting == latest


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["frame", "agenda", "roles", "invitations"])
def test_the_design_check_tells_how_long_the_last_meetings_items_took(
    login, coordinator, network, meeting, step
):
    last = held_with_kept_time(network, 14, 40, title="Værksted i marts")

    response = login(coordinator).get(plan_url(meeting, step), HTTP_ACCEPT_LANGUAGE="da")

    content = response.content.decode()
    check = content[content.index('id="design-check"') :]
    assert sentence("The workshop", 60, 40) in check
    assert sentence("The welcome", 10, 10) in check
    assert last.get_absolute_url() in check and "Værksted i marts" in check


@pytest.mark.django_db
def test_the_design_check_out_of_band_keeps_the_last_meetings_time(
    login, coordinator, network, meeting
):
    held_with_kept_time(network, 14, 75)

    response = login(coordinator).post(
        reverse("agenda_add", args=[meeting.network.plan.slug, meeting.pk]),
        {"kind": AgendaItem.Kind.TALK, "title": "Oplæg", "minutes": "20", "responsible": ""},
        HTTP_ACCEPT_LANGUAGE="da",
        **HTMX,
    )

    assert response.status_code == 200
    content = response.content.decode()
    oob = content[content.index('<aside id="design-check"') :]
    assert sentence("The workshop", 60, 75) in oob


@pytest.mark.django_db
def test_no_last_meetings_time_without_a_kept_clock(login, coordinator, network, meeting):
    make_meeting(network, starts_at=timezone.now() - timedelta(days=7))

    content = login(coordinator).get(plan_url(meeting)).content.decode()

    assert "design-last-time" not in content


@pytest.mark.django_db
def test_days_before_the_meeting_the_page_says_when_the_clock_starts(login, time_keeper, meeting):
    meeting.starts_at = timezone.now() + timedelta(days=2)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.save()
    add_items(meeting, (AgendaItem.Kind.TALK, "Oplæg", 20))
    client = login(time_keeper)
    reason = da("The agenda can be started from 30 minutes before the meeting starts.")

    page = client.get(clock_url(meeting)).content.decode()
    response = client.post(clock_url(meeting, "meeting_clock_next"), {"leaving": ""}, **HTMX)

    assert reason in page and "clock-next__button" not in page
    assert response.status_code == 409 and reason in response.content.decode()
    assert ran(meeting) == [(False, False)]
