"""Opening a poll: candidate times (prefilled from earlier answers), key persons, closing."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ressourcenet.conftest import make_person
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import (
    MAY_NOT_MANAGE,
    days_ahead,
    error_at_field,
    invite,
    local_input,
    make_meeting,
)
from ressourcenet.people.models import StakeholderGroup
from ressourcenet.scheduling import preferences, services
from ressourcenet.scheduling.models import Poll
from ressourcenet.scheduling.tests.helpers import give, make_poll, meeting_url, weekday_ahead

TUESDAY = 1


@pytest.fixture
def meeting(network, member, volunteer):
    meeting = make_meeting(network)
    invite(meeting, member.person, volunteer)
    return meeting


@pytest.fixture
def create(login, coordinator, django_capture_on_commit_callbacks):
    """create(meeting, data): post as the coordinator; e-mails go when the request commits."""

    def _create(meeting, data):
        with django_capture_on_commit_callbacks(execute=True):
            return login(coordinator).post(meeting_url("poll_create", meeting), data)

    return _create


def form_data(*times, key_persons=(), closes_at="") -> dict:
    """Rows of (start, end); the rows after them are left empty, as the browser sends them."""
    data = {
        "closes_at": closes_at,
        "key_persons": [p.pk for p in key_persons],
        "slots-TOTAL_FORMS": "6",
        "slots-INITIAL_FORMS": "0",
    }
    for index in range(6):
        start, end = times[index] if index < len(times) else ("", "")
        data[f"slots-{index}-starts_at"] = local_input(start) if start else start
        data[f"slots-{index}-ends_at"] = local_input(end) if end else end
    return data


def slot_errors(form) -> list[tuple[int, str]]:
    """The rows (from 1) and fields with an error, in page order."""
    return [
        (number, field)
        for number, errors in enumerate(form.times.errors, start=1)
        for field in errors
    ]


def two_hours(start):
    return (start, start + timedelta(hours=2))


def test_rows_are_prefilled_with_times_the_invitees_groups_said_yes_to_before(
    login, coordinator, network, meeting, member, volunteer
):
    # An earlier meeting: three volunteers said yes on a Tuesday evening.
    earlier = make_meeting(network, title="Sommerfest")
    third = make_person("Vibeke Frivillig", StakeholderGroup.VOLUNTEER)
    invite(earlier, member.person, volunteer, third)
    _poll, (tuesday,) = make_poll(earlier, weekday_ahead(TUESDAY, 17))
    for person in (member.person, volunteer, third):
        give(person, {tuesday: "yes"})

    response = login(coordinator).get(meeting_url("poll_create", meeting))

    assert response.status_code == 200
    content = response.content.decode()
    suggestions = services.suggestions(meeting)
    # Only the time of the week with history is suggested, once.
    assert len(suggestions) == 1
    (suggestion,) = suggestions
    assert suggestion.starts_at.weekday() == TUESDAY
    assert preferences.time_band(suggestion.starts_at) == "evening"
    assert f'value="{local_input(suggestion.starts_at)}"' in content
    assert f'value="{local_input(suggestion.ends_at)}"' in content
    reason = re.search(r"<span data-suggestion-reason>(.*?)</span>", content).group(1)
    assert reason == html.escape(suggestion.reason)
    assert "100\u00a0%" in html.unescape(reason)
    assert "data-no-suggestions" not in content


def test_no_suggestion_clashes_with_another_meeting_of_the_network(
    network, other_network, meeting, member, volunteer
):
    earlier = make_meeting(network, title="Sommerfest")
    third = make_person("Vibeke Frivillig", StakeholderGroup.VOLUNTEER)
    invite(earlier, member.person, volunteer, third)
    _poll, (tuesday,) = make_poll(earlier, weekday_ahead(TUESDAY, 17))
    for person in (member.person, volunteer, third):
        give(person, {tuesday: "yes"})
    first, *_rest = services.suggestions(meeting)
    # Another meeting of the network at the first suggested time; one of another network
    # and a cancelled one at the next are no obstacle.
    make_meeting(network, title="Kaffemøde", starts_at=first.starts_at, hours=1)
    second = services.suggestions(meeting)[0]
    make_meeting(other_network, title="Jobmesse", starts_at=second.starts_at)
    cancel_meeting(make_meeting(network, title="Aflyst", starts_at=second.starts_at))

    starts = [s.starts_at for s in services.suggestions(meeting)]

    assert first.starts_at not in starts
    assert starts[0] == second.starts_at > first.starts_at


def test_with_too_little_history_nothing_is_suggested_and_the_page_says_so(
    login, coordinator, network, meeting, member, volunteer
):
    # Two volunteers are too few to go by.
    earlier = make_meeting(network, title="Sommerfest")
    invite(earlier, member.person, volunteer)
    _poll, (tuesday,) = make_poll(earlier, weekday_ahead(TUESDAY, 17))
    give(member.person, {tuesday: "yes"})
    give(volunteer, {tuesday: "yes"})

    response = login(coordinator).get(meeting_url("poll_create", meeting))

    content = response.content.decode()
    assert services.suggestions(meeting) == []
    assert "data-no-suggestions" in content
    assert "data-suggestion-reason" not in content
    assert not re.search(r'name="slots-\d-starts_at"[^>]*value="\d', content)


def test_the_key_persons_to_choose_from_are_the_invitees_and_members(
    login, coordinator, meeting, volunteer
):
    guest = make_person("Gerda Gæst", StakeholderGroup.GUEST)
    invite(meeting, guest)
    stranger = make_person("Svend Fremmed")

    form = login(coordinator).get(meeting_url("poll_create", meeting)).context["form"]

    names = {p.name for p in form.fields["key_persons"].queryset}
    assert {"Gerda Gæst", "Vera Frivillig", "Mads Medlem", "Karen Koordinator"} <= names
    assert stranger.name not in names


def test_opening_saves_the_times_key_persons_and_closing_and_mails_every_invitee(
    create, meeting, coordinator, mailoutbox
):
    first, second = two_hours(days_ahead(14, 17)), two_hours(days_ahead(16, 10))
    closes = days_ahead(12, 12)
    karen = coordinator.person

    response = create(meeting, form_data(first, second, key_persons=[karen], closes_at=closes))

    assert response.status_code == 302
    assert response.url == meeting_url("poll_detail", meeting)
    poll = Poll.objects.get(meeting=meeting)
    assert [(s.starts_at, s.ends_at) for s in poll.slots.all()] == [first, second]
    assert list(poll.key_persons.all()) == [karen]
    assert poll.closes_at == closes
    # The key person was not invited; now she is, and gets the poll too.
    invited = set(meeting.invitations.values_list("person__name", flat=True))
    assert invited == {"Mads Medlem", "Vera Frivillig", "Karen Koordinator"}
    assert sorted(m.to[0].split(" <")[0] for m in mailoutbox) == sorted(invited)
    for invitation in meeting.invitations.select_related("person"):
        (message,) = [m for m in mailoutbox if invitation.person.email in m.to[0]]
        assert f"/poll/{invitation.pk}:" in message.body


def test_end_before_start_is_shown_at_the_field_keeps_the_input_and_saves_nothing(
    create, meeting, coordinator, mailoutbox
):
    start = days_ahead(16, 10)
    backwards = (start, start - timedelta(hours=1))
    data = form_data(two_hours(days_ahead(14, 17)), backwards, key_persons=[coordinator.person])

    response = create(meeting, data)

    assert response.status_code == 422
    form = response.context["form"]
    assert (list(form.errors), slot_errors(form)) == ([], [(2, "ends_at")])
    content = response.content.decode()
    assert error_at_field(content, form.times[1]["ends_at"])
    assert 'href="#id_slots-1-ends_at"' in content  # in the error summary
    assert f'value="{local_input(backwards[1])}"' in content
    assert re.search(rf'name="key_persons" value="{coordinator.person.pk}"[^>]*checked', content)
    assert not Poll.objects.exists()
    assert not meeting.invitations.filter(person=coordinator.person).exists()
    assert mailoutbox == []


def test_a_row_with_only_a_start_asks_for_the_end(create, meeting):
    data = form_data((days_ahead(14, 17), ""))

    response = create(meeting, data)

    assert response.status_code == 422
    form = response.context["form"]
    assert (list(form.errors), slot_errors(form)) == ([], [(1, "ends_at")])
    assert error_at_field(response.content.decode(), form.times[0]["ends_at"])
    assert not Poll.objects.exists()


def test_a_row_with_only_an_end_asks_for_the_start(create, meeting):
    response = create(meeting, form_data(("", days_ahead(14, 19))))

    assert response.status_code == 422
    assert slot_errors(response.context["form"]) == [(1, "starts_at")]
    assert not Poll.objects.exists()


def test_a_past_time_is_shown_at_its_own_row_after_empty_ones(create, meeting):
    past = timezone.now() - timedelta(days=1)
    data = form_data(("", ""), two_hours(days_ahead(14, 17)), ("", ""), two_hours(past))

    response = create(meeting, data)

    assert response.status_code == 422
    form = response.context["form"]
    assert slot_errors(form) == [(4, "starts_at")]
    assert error_at_field(response.content.decode(), form.times[3]["starts_at"])
    assert not Poll.objects.exists()


def test_two_past_times_are_each_shown_at_their_row_without_a_server_error(create, meeting):
    yesterday, last_week = (timezone.now() - timedelta(days=days) for days in (1, 7))

    response = create(meeting, form_data(two_hours(yesterday), two_hours(last_week)))

    assert response.status_code == 422
    form = response.context["form"]
    assert slot_errors(form) == [(1, "starts_at"), (2, "starts_at")]
    assert not Poll.objects.exists()


def test_the_page_has_six_rows_whatever_the_suggestions(login, coordinator, meeting):
    content = login(coordinator).get(meeting_url("poll_create", meeting)).content.decode()

    assert content.count('class="poll-slot-row"') == 6
    assert 'name="slots-TOTAL_FORMS" value="6"' in content


@pytest.mark.parametrize(
    "management",
    [{"slots-TOTAL_FORMS": "1000"}, {"slots-TOTAL_FORMS": "", "slots-INITIAL_FORMS": ""}],
)
def test_more_than_six_rows_or_a_broken_form_is_refused_without_error(create, meeting, management):
    data = form_data(two_hours(days_ahead(14, 17))) | management

    response = create(meeting, data)

    assert response.status_code == 422
    assert response.context["form"].times.non_form_errors()
    assert 'data-module="error-summary"' in response.content.decode()
    assert not Poll.objects.exists()


def summary_links(content: str) -> list[tuple[str, str]]:
    """(target id, text) of each link in the error summary."""
    summary = content.split('data-module="error-summary"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    return [(target, html.unescape(text)) for target, text in links]


def test_a_poll_without_times_is_refused(create, meeting):
    response = create(meeting, form_data())

    assert response.status_code == 422
    (error,) = response.context["form"].non_field_errors()
    # The summary leads to the first row, where the times are written.
    assert summary_links(response.content.decode()) == [("id_slots-0-starts_at", error)]
    assert not Poll.objects.exists()


def test_closing_in_the_past_is_shown_at_its_field(create, meeting):
    past = timezone.now() - timedelta(days=1)

    response = create(meeting, form_data(two_hours(days_ahead(14, 17)), closes_at=past))

    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == ["closes_at"]
    assert error_at_field(response.content.decode(), form["closes_at"])
    assert not Poll.objects.exists()


def test_the_same_time_twice_and_closing_after_the_first_time_are_shown_at_their_fields(
    create, meeting
):
    time = two_hours(days_ahead(14, 17))

    response = create(meeting, form_data(time, time, closes_at=days_ahead(15, 12)))

    assert response.status_code == 422
    form = response.context["form"]
    page = response.content.decode()
    with translation.override("da"):
        twice = gettext("This time is already in the poll.")
        late = gettext("The answers must close before the first time in the poll begins.")
    assert form.times[1].errors == {"starts_at": [twice]}
    assert form.errors == {"closes_at": [late]}
    assert error_at_field(page, form.times[1]["starts_at"])
    assert error_at_field(page, form["closes_at"])
    assert not Poll.objects.exists()


def test_every_problem_with_the_times_and_closing_is_shown_in_one_round(create, meeting):
    past = timezone.now() - timedelta(days=1)
    start = days_ahead(16, 10)
    backwards = (start, start - timedelta(hours=1))
    data = form_data(two_hours(days_ahead(14, 17)), two_hours(past), backwards, closes_at=past)

    response = create(meeting, data)

    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == ["closes_at"]
    assert slot_errors(form) == [(2, "starts_at"), (3, "ends_at")]
    content = response.content.decode()
    for field in (form["closes_at"], form.times[1]["starts_at"], form.times[2]["ends_at"]):
        assert error_at_field(content, field)
    # The summary says which time each error is about, and leads to its field.
    with translation.override("da"):
        row = translation.gettext("Time %(number)d: %(message)s")
        assert summary_links(content) == [
            (
                "id_slots-1-starts_at",
                row % {"number": 2, "message": form.times[1].errors["starts_at"][0]},
            ),
            (
                "id_slots-2-ends_at",
                row % {"number": 3, "message": form.times[2].errors["ends_at"][0]},
            ),
            ("id_closes_at", form.errors["closes_at"][0]),
        ]
    assert not Poll.objects.exists()


def test_a_key_person_from_outside_the_network_is_refused(create, meeting):
    stranger = make_person("Svend Fremmed")

    response = create(meeting, form_data(two_hours(days_ahead(14, 17)), key_persons=[stranger]))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["key_persons"]
    assert not Poll.objects.exists()


def test_a_cancelled_meeting_gets_no_poll(create, meeting, mailoutbox):
    cancel_meeting(meeting)
    mailoutbox.clear()

    response = create(meeting, form_data(two_hours(days_ahead(14, 17))))

    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert not Poll.objects.exists()
    assert mailoutbox == []


def test_a_meeting_with_a_poll_leads_to_that_poll(login, coordinator, create, meeting):
    poll, _slots = make_poll(meeting, days_ahead(14, 17))

    shown = login(coordinator).get(meeting_url("poll_create", meeting))
    posted = create(meeting, form_data(two_hours(days_ahead(20, 17))))

    assert shown.status_code == posted.status_code == 302
    assert shown.url == posted.url == meeting_url("poll_detail", meeting)
    assert Poll.objects.get() == poll
    assert poll.slots.count() == 1


def test_the_planning_page_links_to_opening_a_poll(login, coordinator, meeting):
    content = (
        login(coordinator).get(meeting_url("meeting_plan_invitations", meeting)).content.decode()
    )

    assert f'href="{meeting_url("poll_create", meeting)}"' in content
    assert meeting_url("poll_detail", meeting) + '"' not in content


def test_administrator_may_open_a_poll(login, admin_user, meeting):
    client = login(admin_user)

    assert client.get(meeting_url("poll_create", meeting)).status_code == 200
    response = client.post(
        meeting_url("poll_create", meeting), form_data(two_hours(days_ahead(14, 17)))
    )
    assert response.status_code == 302
    assert Poll.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_open_a_poll(request, login, role, meeting):
    client = login(request.getfixturevalue(role))

    assert client.get(meeting_url("poll_create", meeting)).status_code == 403
    response = client.post(
        meeting_url("poll_create", meeting), form_data(two_hours(days_ahead(14, 17)))
    )
    assert response.status_code == 403
    assert not Poll.objects.exists()


def test_coordinator_of_another_network_may_not_open_a_poll(login, coordinator, other_network):
    other = make_meeting(other_network, title="Jobmesse")

    response = login(coordinator).post(
        meeting_url("poll_create", other), form_data(two_hours(days_ahead(14, 17)))
    )

    assert response.status_code == 403
    assert not Poll.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, meeting):
    response = client.post(
        meeting_url("poll_create", meeting), form_data(two_hours(days_ahead(14, 17)))
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Poll.objects.exists()


def test_put_is_not_allowed(login, coordinator, meeting):
    assert login(coordinator).put(meeting_url("poll_create", meeting)).status_code == 405
