"""The pages: lists, the recommendation with its trail and its moves, the forms."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.governance.tests.conftest import (
    State,
    make_recommendation,
    put_in_state,
    today,
)
from ressourcenet.lib.dates import format_date
from ressourcenet.mail.models import OutgoingMessage


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def list_url(network):
    return reverse("network_recommendations", args=[network.plan.slug, network.slug])


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "member", "board_member"])
def test_the_network_list_shows_its_recommendations(request, login, role, network, plan):
    make_recommendation(network, title="Flere timer til lektiecafé")
    response = login(request.getfixturevalue(role)).get(list_url(network))
    assert response.status_code == 200
    assert "Flere timer til lektiecafé" in response.content.decode()
    may_write = reverse("recommendation_create", args=[plan.slug, network.slug])
    assert (may_write in response.content.decode()) == (role in ("admin_user", "coordinator"))


@pytest.mark.parametrize("role", ["outsider", "other_board_member"])
def test_outsiders_cannot_read(request, login, role, network, recommendation):
    client = login(request.getfixturevalue(role))
    assert client.get(list_url(network)).status_code == 403
    assert client.get(recommendation.get_absolute_url()).status_code == 403


def test_the_list_asks_the_same_number_of_queries_for_more(login, member, network, plan):
    client = login(member)
    make_recommendation(network, housing_areas=plan.areas.all())
    with CaptureQueriesContext(connection) as few:
        client.get(list_url(network))
    for index in range(8):
        make_recommendation(network, title=f"Nr. {index}", housing_areas=plan.areas.all())
    with CaptureQueriesContext(connection) as many:
        response = client.get(list_url(network))
    assert response.content.decode().count("Nr. ") == 8
    assert len(many) == len(few)


def test_a_coordinator_writes_a_draft(login, coordinator, network, plan):
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    area = plan.areas.get(name="Sydparken")
    response = login(coordinator).post(
        url,
        {
            "kind": "priority",
            "title": "Lektiecafé to dage mere",
            "background": "Børnene beder om det.",
            "housing_areas": [area.pk],
        },
    )
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302 and response.url == recommendation.get_absolute_url()
    assert list(recommendation.housing_areas.all()) == [area]
    assert recommendation.author == coordinator


def test_a_bad_draft_keeps_the_input_and_names_the_field(login, coordinator, network, plan):
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    response = login(coordinator).post(
        url, {"kind": "other", "title": "", "background": "Min tekst bliver stående"}
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Min tekst bliver stående" in content
    assert 'href="#id_title"' in content
    assert Recommendation.objects.count() == 0


def test_a_member_cannot_write(login, member, network, plan):
    url = reverse("recommendation_create", args=[plan.slug, network.slug])
    assert login(member).get(url).status_code == 403


def test_the_page_shows_the_trail_and_the_moves_for_the_role(
    login, coordinator, board_member, member, recommendation, held_meeting, past_board_meeting
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
    url = recommendation.get_absolute_url()
    approve = reverse("recommendation_move", args=["testby", recommendation.pk, "approved"])
    assert approve in login(board_member).get(url).content.decode()
    assert approve not in login(coordinator).get(url).content.decode()
    assert approve not in login(member).get(url).content.decode()
    assert 'id="move-' not in login(member).get(url).content.decode()


def test_adopting_on_the_page(login, coordinator, recommendation, held_meeting):
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "adopted"])
    response = login(coordinator).post(url, {"adopted-meeting": held_meeting.pk})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.state == State.ADOPTED
    page = login(coordinator).get(recommendation.get_absolute_url()).content.decode()
    assert held_meeting.title in page


def test_a_decision_without_a_reason_is_shown_by_the_field(
    login, board_member, recommendation, held_meeting, past_board_meeting
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "rejected"])
    response = login(board_member).post(
        url, {"rejected-reason": "", "rejected-decided_on": today().isoformat()}
    )
    assert response.status_code == 422
    assert 'href="#id_rejected-reason"' in response.content.decode()
    assert Recommendation.objects.get().state == State.SUBMITTED


def test_a_decision_on_the_page_tells_the_network(
    login,
    board_member,
    member,
    recommendation,
    held_meeting,
    past_board_meeting,
    django_capture_on_commit_callbacks,
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "postponed"])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(board_member).post(
            url,
            {"postponed-reason": "Vi mangler tal.", "postponed-decided_on": today().isoformat()},
        )
    assert response.status_code == 302
    assert Recommendation.objects.get().state == State.POSTPONED
    assert OutgoingMessage.objects.filter(to_email=member.person.email).exists()


def test_a_decision_posted_before_the_board_meeting_is_shown_by_the_field(
    login, board_member, recommendation, held_meeting, board_meeting
):
    """A page opened on the day, or a decision posted by hand: the error shows by the date."""
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "approved"])
    response = login(board_member).post(
        url, {"approved-reason": "Ja", "approved-decided_on": today().isoformat()}
    )
    assert response.status_code == 422
    assert 'href="#id_approved-decided_on"' in response.content.decode()
    assert Recommendation.objects.get().state == State.SUBMITTED


def test_before_the_board_meeting_the_page_says_when_it_can_be_decided(
    login, board_member, recommendation, held_meeting, board_meeting
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    page = login(board_member).get(recommendation.get_absolute_url()).content.decode()
    approve = reverse("recommendation_move", args=["testby", recommendation.pk, "approved"])
    assert approve not in page
    with translation.override("da"):
        day = format_date(board_meeting.date, "date")
    note = da(
        "The board decides it at its meeting on %(date)s. You can record the decision from "
        "that day."
    )
    assert note % {"date": day} in page


@pytest.mark.parametrize("days", [1, 9999])
def test_a_decision_dated_in_the_future_is_shown_by_the_field(
    login, board_member, recommendation, held_meeting, past_board_meeting, days
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "approved"])
    later = (today() + timedelta(days=days)).isoformat()
    response = login(board_member).post(
        url, {"approved-reason": "Ja", "approved-decided_on": later}
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'href="#id_approved-decided_on"' in content
    if days == 1:
        assert da("A decision cannot be dated in the future.") in content
    assert later in content  # the input is kept
    assert Recommendation.objects.get().state == State.SUBMITTED


def test_a_decision_before_the_board_meeting_is_shown_by_the_field(
    login, board_member, recommendation, held_meeting, past_board_meeting
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "approved"])
    early = (past_board_meeting.date - timedelta(days=1)).isoformat()
    response = login(board_member).post(
        url, {"approved-reason": "Ja", "approved-decided_on": early}
    )
    assert response.status_code == 422
    assert 'href="#id_approved-decided_on"' in response.content.decode()
    assert Recommendation.objects.get().state == State.SUBMITTED


def test_the_adoption_form_offers_the_meetings_held_since_the_draft(
    login, coordinator, network, held_meeting
):
    from ressourcenet.meetings.tests.conftest import make_meeting

    fresh = make_recommendation(network, drafted_at=timezone.now() - timedelta(days=1))
    today_meeting = make_meeting(
        network, title="Møde i dag", starts_at=timezone.now() - timedelta(minutes=5)
    )
    page = login(coordinator).get(fresh.get_absolute_url()).content.decode()
    assert f'value="{today_meeting.pk}"' in page
    assert f'value="{held_meeting.pk}"' not in page


def test_adopting_at_a_meeting_before_the_draft_is_shown_by_the_field(
    login, coordinator, network, held_meeting
):
    fresh = make_recommendation(network, drafted_at=timezone.now() - timedelta(days=1))
    url = reverse("recommendation_move", args=["testby", fresh.pk, "adopted"])
    response = login(coordinator).post(url, {"adopted-meeting": held_meeting.pk})
    assert response.status_code == 422
    assert 'href="#id_adopted-meeting"' in response.content.decode()
    assert Recommendation.objects.get().state == State.DRAFT


def test_a_coordinator_cannot_post_a_decision(login, coordinator, recommendation):
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "approved"])
    assert login(coordinator).post(url, {"approved-reason": "Ja"}).status_code == 403


def test_a_second_click_is_told_not_crashed(
    login, board_member, recommendation, held_meeting, board_meeting
):
    put_in_state(recommendation, State.APPROVED, held_meeting, board_meeting)
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "approved"])
    response = login(board_member).post(
        url, {"approved-reason": "Ja", "approved-decided_on": today().isoformat()}
    )
    # The approve form is not offered any more: the user's role may, the state may not.
    assert response.status_code in (302, 422)
    assert recommendation.transitions.count() == 0


def test_only_a_draft_is_edited(login, coordinator, recommendation, held_meeting):
    url = reverse("recommendation_edit", args=["testby", recommendation.pk])
    assert login(coordinator).get(url).status_code == 200
    put_in_state(recommendation, State.ADOPTED, held_meeting)
    assert login(coordinator).get(url).status_code == 302


def test_board_meetings_list_and_detail(
    login, member, board_member, plan, recommendation, held_meeting, board_meeting
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    url = reverse("board_meetings", args=[plan.slug])
    page = login(member).get(url).content.decode()
    assert board_meeting.get_absolute_url() in page
    assert 'id="add-heading"' not in page
    assert 'id="add-heading"' in login(board_member).get(url).content.decode()
    detail = login(member).get(board_meeting.get_absolute_url()).content.decode()
    assert recommendation.title in detail


def test_a_board_member_adds_a_board_meeting(login, board_member, plan):
    url = reverse("board_meetings", args=[plan.slug])
    day = today() + timedelta(days=40)
    response = login(board_member).post(url, {"date": day.isoformat(), "title": "Dialogmøde"})
    assert response.status_code == 302
    assert BoardMeeting.objects.get().deadline == day - timedelta(days=14)


def test_a_bad_board_meeting_is_422(login, board_member, plan):
    url = reverse("board_meetings", args=[plan.slug])
    response = login(board_member).post(url, {"date": "9999-01-01"})
    assert response.status_code == 422
    assert BoardMeeting.objects.count() == 0


def test_the_page_says_which_meeting_can_adopt_in_time(
    login, coordinator, recommendation, network, board_meeting
):
    from ressourcenet.meetings.tests.conftest import make_meeting

    meeting = make_meeting(network, title="Sidste møde før fristen")
    meeting.starts_at = meeting.starts_at.replace(
        year=board_meeting.deadline.year,
        month=board_meeting.deadline.month,
        day=board_meeting.deadline.day,
    )
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.save()
    page = login(coordinator).get(recommendation.get_absolute_url()).content.decode()
    assert "Sidste møde før fristen" in page
    assert gettext("Recommendations") in page


def test_the_board_members_front_page_lists_what_awaits_them(
    login, board_member, coordinator, member, recommendation, held_meeting, board_meeting
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    url = reverse("plan", args=["testby"])
    assert recommendation.get_absolute_url() in login(board_member).get(url).content.decode()
    page = login(member).get(url).content.decode()
    assert recommendation.get_absolute_url() not in page


def test_the_coordinators_front_page_lists_drafts_and_what_came_back(
    login, coordinator, member, network, held_meeting, board_meeting
):
    draft = make_recommendation(network, title="Kladden")
    decided = make_recommendation(network, title="Afgjort")
    put_in_state(decided, State.APPROVED, held_meeting, board_meeting)
    decided.decided_on = today()
    decided.save()
    old = make_recommendation(network, title="Gammel afgørelse")
    put_in_state(old, State.REJECTED, held_meeting, board_meeting)
    old.decided_on = today() - timedelta(days=200)
    old.save()
    page = login(coordinator).get(reverse("plan", args=["testby"])).content.decode()
    assert draft.get_absolute_url() in page and decided.get_absolute_url() in page
    assert old.get_absolute_url() not in page
    assert (
        draft.get_absolute_url()
        not in login(member).get(reverse("plan", args=["testby"])).content.decode()
    )


def test_the_network_page_shows_the_decisions(login, member, network, held_meeting, board_meeting):
    decided = make_recommendation(network, title="Afgjort")
    put_in_state(decided, State.REJECTED, held_meeting, board_meeting)
    page = login(member).get(network.get_absolute_url()).content.decode()
    assert decided.get_absolute_url() in page
    assert list_url(network) in page


def test_huge_and_foreign_ids_in_addresses_are_404(login, member, recommendation, other_plan):
    client = login(member)
    assert client.get(f"/plans/testby/recommendations/{10**20}/").status_code == 404
    assert client.get(f"/plans/testby/board-meetings/{10**20}/").status_code == 404
    foreign = BoardMeeting.objects.create(plan=other_plan, date=today() + timedelta(days=9))
    assert client.get(f"/plans/testby/board-meetings/{foreign.pk}/").status_code == 404
    assert client.get(f"/plans/andetby/recommendations/{recommendation.pk}/").status_code == 404
    url = reverse("recommendation_move", args=["testby", recommendation.pk, "decided"])
    assert client.post(url).status_code == 404


def test_a_refusal_naming_a_field_the_form_lacks_goes_above_the_form():
    """Two board members at once: the second's form was built for the state it saw, and the
    service names a field of the new state's form. Not a 500: the message above the form."""
    from django import forms
    from django.core.exceptions import ValidationError

    from ressourcenet.governance.views import add_errors

    class ReasonOnly(forms.Form):
        reason = forms.CharField()

    form = ReasonOnly({"reason": "Godt forslag"})
    assert form.is_valid()
    add_errors(form, ValidationError({"board_meeting": "Vælg bestyrelsesmødet.", "reason": "Nej"}))
    assert form.non_field_errors() == ["Vælg bestyrelsesmødet."]
    assert form.errors["reason"] == ["Nej"]
    add_errors(form, ValidationError("Noget andet"))
    assert "Noget andet" in form.non_field_errors()


# --- a postponed recommendation, and the front page's dates ----------------------------------


def da_date(value) -> str:
    with translation.override("da"):
        return formats.date_format(value, "j. F Y")


def move_url(recommendation, to: str) -> str:
    return reverse("recommendation_move", args=["testby", recommendation.pk, to])


def test_a_postponed_one_no_held_meeting_can_decide_waits_for_resubmission(
    login, board_member, coordinator, recommendation, held_meeting, past_board_meeting
):
    put_in_state(recommendation, State.POSTPONED, held_meeting, past_board_meeting)
    waits = da(
        "The board postponed it at the board meeting on %(date)s. It waits for the network's "
        "coordinator to submit it to a later board meeting, where the board decides it."
    ) % {"date": da_date(past_board_meeting.date)}
    page = login(board_member).get(recommendation.get_absolute_url()).content.decode()
    assert waits in page
    for to in ("approved", "rejected", "postponed"):
        assert move_url(recommendation, to) not in page
    page = login(coordinator).get(recommendation.get_absolute_url()).content.decode()
    assert waits in page
    assert move_url(recommendation, "submitted") in page


def test_a_postponed_one_is_decided_directly_once_a_later_meeting_is_held(
    login, board_member, plan, recommendation, held_meeting, past_board_meeting
):
    put_in_state(recommendation, State.POSTPONED, held_meeting, past_board_meeting)
    later = BoardMeeting.objects.create(plan=plan, date=today() - timedelta(days=2))
    page = login(board_member).get(recommendation.get_absolute_url()).content.decode()
    for to in ("approved", "rejected", "postponed"):
        assert move_url(recommendation, to) in page
    assert f'value="{later.pk}"' in page
    # A meeting still to come cannot decide it yet: the page does not offer it.
    later.date = today() + timedelta(days=2)
    later.save()
    page = login(board_member).get(recommendation.get_absolute_url()).content.decode()
    assert move_url(recommendation, "approved") not in page


def test_an_optional_note_says_optional_once(login, coordinator, recommendation, held_meeting):
    put_in_state(recommendation, State.ADOPTED, held_meeting)
    page = login(coordinator).get(recommendation.get_absolute_url()).content.decode()
    assert move_url(recommendation, "submitted") in page
    assert da("Note (optional)") not in page
    optional = f'<span class="weight-normal">({da("optional")})</span>'
    assert f">{da('Note')} {optional}</label>" in page


def test_the_front_page_says_a_postponed_one_waits_to_be_submitted_again(
    login, board_member, recommendation, held_meeting, past_board_meeting
):
    put_in_state(recommendation, State.POSTPONED, held_meeting, past_board_meeting)
    page = login(board_member).get(reverse("plan", args=["testby"])).content.decode()
    assert (
        da(
            "postponed at the board meeting on %(date)s; waits to be submitted again to a "
            "later board meeting"
        )
        % {"date": da_date(past_board_meeting.date)}
        in page
    )
    assert f"({da('postponed')})" not in page


def test_the_front_page_gives_the_deadline_while_the_packet_may_grow(
    login, board_member, network, plan, held_meeting, board_meeting
):
    open_one = make_recommendation(network, title="Frist endnu ikke nået")
    put_in_state(open_one, State.SUBMITTED, held_meeting, board_meeting)
    closed_meeting = BoardMeeting.objects.create(plan=plan, date=today() + timedelta(days=5))
    closed = make_recommendation(network, title="Frist overskredet")
    put_in_state(closed, State.SUBMITTED, held_meeting, closed_meeting)
    page = login(board_member).get(reverse("plan", args=["testby"])).content.decode()
    with_deadline = da("board meeting %(date)s, deadline for recommendations %(deadline)s") % {
        "date": da_date(board_meeting.date),
        "deadline": da_date(board_meeting.deadline),
    }
    assert with_deadline in page
    item = page[page.index("Frist overskredet") :].split("</li>", 1)[0]
    assert da("board meeting %(date)s") % {"date": da_date(closed_meeting.date)} in item
    assert da_date(closed_meeting.deadline) not in item


def test_submitted_again_it_no_longer_shows_the_postponement_as_its_decision(
    login, board_member, network, recommendation, held_meeting, board_meeting
):
    # Postponed earlier (the reason and date stay on the row), now submitted again.
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    recommendation.decided_on = today() - timedelta(days=30)
    recommendation.decision_reason = "Vi mangler tal."
    recommendation.save()
    client = login(board_member)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    decision = da("The board's decision")
    assert f"<dt>{decision}</dt>" not in page
    earlier = da_date(recommendation.decided_on)
    for url in (list_url(network), network.get_absolute_url()):
        page = client.get(url).content.decode()
        assert recommendation.title in page and earlier not in page, url
