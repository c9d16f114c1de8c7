"""The note-taker's marks on the live board, and the summary draft started from the board
(live/notes.py): who marks, what a mark needs, the board and the projector show it, the API,
and the draft's content."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from ressourcenet.conftest import make_person, make_user
from ressourcenet.knowledge.models import Summary
from ressourcenet.live import notes, services
from ressourcenet.live.models import LiveIdea, LiveSession, Mark
from ressourcenet.live.tests.conftest import phone
from ressourcenet.meetings.models import Invitation, MeetingRole
from ressourcenet.networks.models import Membership

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


@pytest.fixture
def note_taker(meeting, member):
    """The member, as the meeting's note-taker (a member of the network, not its coordinator)."""
    MeetingRole.objects.create(meeting=meeting, person=member.person, role="note_taker")
    Invitation.objects.create(meeting=meeting, person=member.person)
    return member


@pytest.fixture
def invitee(meeting, volunteer):
    Invitation.objects.create(meeting=meeting, person=volunteer)
    return volunteer


@pytest.fixture
def idea(live):
    return services.post_idea(live, None, live.tables.first(), "Suppe i glas til 25 kr")


def fresh(idea) -> LiveIdea:
    return LiveIdea.objects.select_related("session__meeting").get(pk=idea.pk)


def other_coordinator(other_network):
    person = make_person("Otto Anden")
    Membership.objects.create(
        network=other_network,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=other_network.plan.starts_on,
    )
    return make_user("otto@example.org", person)


# --- the service: who marks, what a mark needs ---------------------------------------------


def test_note_taker_marks_a_follow_up_with_an_invitee_and_the_version_rises(
    live, idea, note_taker, invitee
):
    before = LiveSession.objects.get(pk=live.pk).version
    notes.mark_idea(fresh(idea), note_taker, Mark.FOLLOW_UP, owner_person=invitee.pk)
    saved = LiveIdea.objects.get(pk=idea.pk)
    assert (saved.mark, saved.owner_person, saved.owner_name) == ("follow_up", invitee, "")
    assert LiveSession.objects.get(pk=live.pk).version == before + 1
    shown = services.board(LiveSession.objects.get(pk=live.pk)).tables[0].ideas[0]
    assert (shown["mark"], shown["owner"]) == (
        "follow_up",
        "Vera",
    )  # the shared board: first name only


def test_a_name_written_in_when_the_owner_was_not_invited(live, idea, note_taker):
    notes.mark_idea(fresh(idea), note_taker, "follow_up", owner_name="  boligsociale   medarb. ")
    assert LiveIdea.objects.get(pk=idea.pk).owner_name == "boligsociale medarb."


def test_a_decision_keeps_no_owner(live, idea, note_taker, invitee):
    notes.mark_idea(fresh(idea), note_taker, "follow_up", owner_person=invitee.pk)
    notes.mark_idea(fresh(idea), note_taker, "decision", owner_person=invitee.pk)
    saved = LiveIdea.objects.get(pk=idea.pk)
    assert (saved.mark, saved.owner_person, saved.owner_name) == ("decision", None, "")
    notes.mark_idea(fresh(idea), note_taker, "none")
    assert LiveIdea.objects.get(pk=idea.pk).mark == "none"


@pytest.mark.parametrize(
    ("mark", "owner_person", "owner_name", "field"),
    [
        ("follow_up", None, "", "owner_person"),
        ("follow_up", None, "   ", "owner_person"),
        ("follow_up", "invitee", "Bo", "owner_name"),
        ("follow_up", None, "a\x00b", "owner_name"),
        ("follow_up", None, "x" * 101, "owner_name"),
        ("follow_up", "stranger", "", "owner_person"),
        ("follow_up", 10**20, "", "owner_person"),
        ("approved", None, "", "mark"),
        ("", None, "", "mark"),
    ],
)
def test_refused_marks_name_the_field_and_change_nothing(
    live, idea, note_taker, invitee, network, mark, owner_person, owner_name, field
):
    people = {"invitee": invitee.pk, "stranger": make_person("Ikke Inviteret").pk}
    owner = people.get(owner_person, owner_person)
    version = LiveSession.objects.get(pk=live.pk).version
    with pytest.raises(notes.ValidationError) as refused:
        notes.mark_idea(fresh(idea), note_taker, mark, owner_person=owner, owner_name=owner_name)
    assert field in refused.value.message_dict
    saved = LiveIdea.objects.get(pk=idea.pk)
    assert (saved.mark, saved.owner_person, saved.owner_name) == ("none", None, "")
    assert LiveSession.objects.get(pk=live.pk).version == version


def test_an_invitee_of_another_meeting_is_not_an_owner(live, idea, note_taker, network, volunteer):
    from ressourcenet.live.tests.conftest import running_meeting

    Invitation.objects.create(meeting=running_meeting(network), person=volunteer)
    with pytest.raises(notes.ValidationError) as refused:
        notes.mark_idea(fresh(idea), note_taker, "follow_up", owner_person=volunteer.pk)
    assert "owner_person" in refused.value.message_dict


@pytest.fixture
def guest(meeting):
    person = make_person("Gitte Gæst")
    Invitation.objects.create(meeting=meeting, person=person, is_guest=True)
    return person


def test_guests_are_owners_only_for_those_who_may_see_guests(
    live, idea, note_taker, coordinator, guest
):
    with pytest.raises(notes.ValidationError) as refused:
        notes.mark_idea(fresh(idea), note_taker, "follow_up", owner_person=guest.pk)
    assert "owner_person" in refused.value.message_dict
    notes.mark_idea(fresh(idea), coordinator, "follow_up", owner_person=guest.pk)
    assert LiveIdea.objects.get(pk=idea.pk).owner_person == guest


def test_the_board_offers_guests_to_the_coordinator_only(
    live, idea, note_taker, coordinator, guest, invitee, login
):
    taker = note_takers_phone(login, note_taker, live).get(board_url(live)).content.decode()
    assert invitee.name in taker and guest.name not in taker
    client = login(coordinator)
    client.post(f"/m/{live.code}", {"name": "Karen"})
    page = client.get(board_url(live)).content.decode()
    assert guest.name in page and invitee.name in page
    # And the note-taker's board, from the cache, still lacks the guest.
    again = note_takers_phone(login, note_taker, live).get(board_url(live)).content.decode()
    assert guest.name not in again


def test_a_guest_owner_given_by_the_coordinator_stays_when_the_note_taker_saves(
    live, idea, note_taker, coordinator, guest, login
):
    """The note-taker is not offered guests, but their form keeps the guest chosen (by
    first name, as on the board), so saving it again does not drop the owner unseen."""
    notes.mark_idea(fresh(idea), coordinator, "follow_up", owner_person=guest.pk)
    client = note_takers_phone(login, note_taker, live)
    page = client.get(board_url(live)).content.decode()
    assert f'<option value="{guest.pk}" selected>Gitte</option>' in page
    assert guest.name not in page
    client.post(mark_url(live, idea), {"mark": "follow_up", "owner_person": guest.pk})
    assert fresh(idea).owner_person == guest
    # Keeping is not choosing: another guest stays refused.
    other = make_person("Gorm Gæst")
    Invitation.objects.create(meeting=live.meeting, person=other, is_guest=True)
    with pytest.raises(notes.ValidationError):
        notes.mark_idea(fresh(idea), note_taker, "follow_up", owner_person=other.pk)


def test_api_guest_as_owner_is_422_for_the_note_taker(live, idea, note_taker, guest, api_client):
    body = {"mark": "follow_up", "owner_person": guest.pk}
    response = api_mark(api_client(note_taker), live, idea.pk, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "owner_person"
    assert guest.name not in response.content.decode()


@pytest.mark.parametrize("role", ["note_taker", "facilitator"])
def test_note_taker_and_facilitator_may_mark(live, idea, meeting, member, role):
    MeetingRole.objects.create(meeting=meeting, person=member.person, role=role)
    notes.mark_idea(fresh(idea), member, "decision")
    assert LiveIdea.objects.get(pk=idea.pk).mark == "decision"


@pytest.mark.parametrize("who", ["coordinator", "admin_user"])
def test_coordinator_and_admin_may_mark(live, idea, who, request):
    notes.mark_idea(fresh(idea), request.getfixturevalue(who), "decision")
    assert LiveIdea.objects.get(pk=idea.pk).mark == "decision"


@pytest.mark.parametrize("role", ["table_host", "time_keeper", None])
def test_table_host_time_keeper_and_member_may_not_mark(live, idea, meeting, member, role):
    if role:
        MeetingRole.objects.create(meeting=meeting, person=member.person, role=role)
    with pytest.raises(PermissionError):
        notes.mark_idea(fresh(idea), member, "decision")
    assert LiveIdea.objects.get(pk=idea.pk).mark == "none"


def test_code_joiner_and_other_networks_coordinator_may_not_mark(live, idea, other_network):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), other_coordinator(other_network)):
        with pytest.raises(PermissionError):
            notes.mark_idea(fresh(idea), user, "decision")


def test_note_taker_of_another_meeting_may_not_mark(live, idea, network, member):
    from ressourcenet.live.tests.conftest import running_meeting

    MeetingRole.objects.create(
        meeting=running_meeting(network), person=member.person, role="note_taker"
    )
    with pytest.raises(PermissionError):
        notes.mark_idea(fresh(idea), member, "decision")


def test_a_hidden_idea_cannot_be_marked(live, idea, coordinator):
    services.hide(idea, coordinator)
    with pytest.raises(services.NotVisible):
        notes.mark_idea(fresh(idea), coordinator, "decision")


# --- the phone board and the projector ------------------------------------------------------


def mark_url(live, idea) -> str:
    return reverse("live_mark", args=[live.code, idea.pk])


def board_url(live) -> str:
    return reverse("live_board", args=[live.code])


def projector_url(meeting) -> str:
    return reverse("live_projector", args=[meeting.network.plan.slug, meeting.pk])


def note_takers_phone(login, note_taker, live) -> Client:
    client = login(note_taker)
    assert client.get(f"/m/{live.code}")["Location"] == board_url(live)  # recognised invitee
    return client


def test_note_taker_marks_on_the_phone_board_and_every_board_shows_it(
    live, idea, meeting, note_taker, invitee, login, coordinator
):
    client = note_takers_phone(login, note_taker, live)
    page = client.get(board_url(live)).content.decode()
    assert mark_url(live, idea) in page
    assert 'name="csrfmiddlewaretoken"' in page and notes_slot() not in page
    assert invitee.name in page  # offered as the owner
    response = client.post(mark_url(live, idea), {"mark": "follow_up", "owner_person": invitee.pk})
    assert response["Location"] == board_url(live)
    badge = da("Follow-up: %(owner)s") % {"owner": "Vera"}  # first name only
    assert escape(badge) in client.get(board_url(live)).content.decode()
    code_joiner = phone(live).get(board_url(live)).content.decode()
    assert escape(badge) in code_joiner
    assert mark_url(live, idea) not in code_joiner  # no controls for them
    wall = login(coordinator).get(projector_url(meeting)).content.decode()
    assert escape(badge) in wall and mark_url(live, idea) not in wall


def notes_slot() -> str:
    from ressourcenet.live.views import CSRF_SLOT

    return CSRF_SLOT


def test_marking_works_with_csrf_checks_on(live, idea, note_taker, login):
    client = Client(enforce_csrf_checks=True)
    client.force_login(note_taker)
    client.get(f"/m/{live.code}")
    page = client.get(board_url(live)).content.decode()
    form = page.split(f'action="{mark_url(live, idea)}"', 1)[1]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(mark_url(live, idea), {"mark": "decision", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert LiveIdea.objects.get(pk=idea.pk).mark == "decision"
    assert client.post(mark_url(live, idea), {"mark": "none"}).status_code == 403


def test_the_board_poll_answers_again_after_a_mark(live, idea, note_taker, login):
    client = phone(live)
    etag = client.get(board_url(live), **HTMX)["ETag"]
    assert client.get(board_url(live), HTTP_IF_NONE_MATCH=etag, **HTMX).status_code == 304
    notes.mark_idea(fresh(idea), note_taker, "decision")
    changed = client.get(board_url(live), HTTP_IF_NONE_MATCH=etag, **HTMX)
    assert changed.status_code == 200
    assert escape(da("Decision")) in changed.content.decode()


def test_follow_up_without_owner_shows_the_form_again_with_the_message(
    live, idea, note_taker, login
):
    client = note_takers_phone(login, note_taker, live)
    response = client.post(mark_url(live, idea), {"mark": "follow_up", "owner_name": ""})
    assert response.status_code == 422
    content = response.content.decode()
    message = da("A follow-up needs an owner: choose an invitee or write a name.")
    assert escape(message) in content
    assert f'href="#live-owner-{idea.pk}"' in content  # the error summary links to the field
    assert f'id="live-owner-{idea.pk}-error"' in content
    assert '<details class="details live-mark" open>' in content
    assert '<option value="follow_up" selected>' in content  # the choice is kept
    assert notes_slot() not in content
    assert LiveIdea.objects.get(pk=idea.pk).mark == "none"


def test_too_long_owner_name_is_kept_with_the_message(live, idea, note_taker, invitee, login):
    client = note_takers_phone(login, note_taker, live)
    name = "Beboerrådgiverne " * 7
    response = client.post(
        mark_url(live, idea), {"mark": "follow_up", "owner_person": invitee.pk, "owner_name": name}
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert f'href="#live-owner-name-{idea.pk}"' in content
    assert f'value="{name}"' in content
    assert f'<option value="{invitee.pk}" selected>' in content


@pytest.mark.parametrize("owner", ["99999999999999999999", "abc", "-1", "1\x00"])
def test_an_owner_that_is_no_invitee_is_refused_on_the_page(live, idea, note_taker, login, owner):
    client = note_takers_phone(login, note_taker, live)
    response = client.post(mark_url(live, idea), {"mark": "follow_up", "owner_person": owner})
    assert response.status_code == 422
    assert escape(da("Choose one of the meeting's invitees.")) in response.content.decode()


def test_code_joiner_cannot_mark_and_a_hidden_idea_is_404(live, idea, coordinator, login):
    response = phone(live).post(mark_url(live, idea), {"mark": "decision"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "login" in response["Location"]
    assert LiveIdea.objects.get(pk=idea.pk).mark == "none"
    services.hide(idea, coordinator)
    assert login(coordinator).post(mark_url(live, idea), {"mark": "decision"}).status_code == 404


def test_huge_or_unknown_idea_ids_are_404_on_the_page(live, coordinator, login):
    client = login(coordinator)
    for idea_id in ("99999999999999999999", "999999"):
        url = f"/m/{live.code}/ideas/{idea_id}/mark/"
        assert client.post(url, {"mark": "decision"}).status_code == 404


def test_an_idea_of_another_session_is_404(live, network, coordinator, login):
    from ressourcenet.live.tests.conftest import running_meeting

    other = services.start(running_meeting(network), coordinator)
    foreign = services.post_idea(other, None, other.tables.first(), "Kage")
    response = login(coordinator).post(mark_url(live, foreign), {"mark": "decision"})
    assert response.status_code == 404
    assert LiveIdea.objects.get(pk=foreign.pk).mark == "none"


def test_the_board_with_marking_controls_costs_a_constant_number_of_queries(
    live, note_taker, invitee, login
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = note_takers_phone(login, note_taker, live)
    client.get(board_url(live), **HTMX)

    def queries_for_a_new_board(ideas: int) -> int:
        for n in range(ideas):
            idea = services.post_idea(live, None, live.tables.all()[n % 3], f"Idé {n}")
            services.plus_one(idea, services.join(live, name=f"P{n}"))
            if n % 2:
                notes.mark_idea(fresh(idea), note_taker, "follow_up", owner_person=invitee.pk)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(board_url(live), **HTMX).status_code == 200
        return len(queries)

    few = queries_for_a_new_board(2)
    many = queries_for_a_new_board(30)
    assert few == many <= 16
    content = client.get(board_url(live), **HTMX).content.decode()
    assert content.count('class="live-mark-form"') == 32


# --- the API ---------------------------------------------------------------------------------


def api_mark(client: Client, live, idea_id, body: dict):
    return client.post(
        f"/api/v1/live/{live.code}/ideas/{idea_id}/mark",
        json.dumps(body),
        content_type="application/json",
    )


def test_api_marks_a_follow_up_and_the_board_shows_it(live, idea, note_taker, invitee, api_client):
    response = api_mark(
        api_client(note_taker), live, idea.pk, {"mark": "follow_up", "owner_person": invitee.pk}
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": idea.pk,
        "mark": "follow_up",
        "owner": invitee.name,
        "owner_person": invitee.pk,
        "owner_name": "",
    }
    shown = Client().get(f"/api/v1/live/{live.code}").json()["tables"][0]["ideas"][0]
    assert (shown["mark"], shown["owner"]) == (
        "follow_up",
        "Vera",
    )  # the shared board: first name only
    assert "owner_person" not in shown  # the public board names the owner, no more


def test_api_owner_by_name(live, idea, coordinator, api_client):
    body = {"mark": "follow_up", "owner_name": "boligsociale medarbejdere"}
    response = api_mark(api_client(coordinator), live, idea.pk, body)
    assert response.json()["owner"] == "boligsociale medarbejdere"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mark": "approved"}, "mark"),
        ({}, "mark"),
        ({"mark": "follow_up"}, "owner_person"),
        ({"mark": "follow_up", "owner_person": 10**20}, "owner_person"),
        ({"mark": "follow_up", "owner_person": 0}, "owner_person"),
        ({"mark": "follow_up", "owner_person": "stranger"}, "owner_person"),
        ({"mark": "follow_up", "owner_name": "a\x00b"}, "owner_name"),
        ({"mark": "follow_up", "owner_name": "x" * 101}, "owner_name"),
        ({"mark": "decision\x00"}, "mark"),
    ],
)
def test_api_refuses_with_422_naming_the_field(live, idea, coordinator, api_client, body, field):
    if body.get("owner_person") == "stranger":
        body["owner_person"] = make_person("Ikke Inviteret").pk
    response = api_mark(api_client(coordinator), live, idea.pk, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field
    assert LiveIdea.objects.get(pk=idea.pk).mark == "none"


def test_api_huge_idea_id_is_422_and_unknown_is_404(live, coordinator, api_client):
    client = api_client(coordinator)
    assert api_mark(client, live, 10**20, {"mark": "decision"}).status_code == 422
    assert api_mark(client, live, 999999, {"mark": "decision"}).status_code == 404
    response = client.post(
        "/api/v1/live/QQQQ/ideas/1/mark", json.dumps({"mark": "decision"}), "application/json"
    )
    assert response.status_code == 404


def test_api_who_may_mark(live, idea, meeting, member, other_network, api_client):
    assert api_mark(api_client(None), live, idea.pk, {"mark": "decision"}).status_code == 401
    assert api_mark(api_client(member), live, idea.pk, {"mark": "decision"}).status_code == 403
    MeetingRole.objects.create(meeting=meeting, person=member.person, role="table_host")
    assert api_mark(api_client(member), live, idea.pk, {"mark": "decision"}).status_code == 403
    stranger = api_client(other_coordinator(other_network))
    assert api_mark(stranger, live, idea.pk, {"mark": "decision"}).status_code == 403
    assert LiveIdea.objects.get(pk=idea.pk).mark == "none"


def test_api_hidden_idea_is_404(live, idea, coordinator, api_client):
    services.hide(idea, coordinator)
    response = api_mark(api_client(coordinator), live, idea.pk, {"mark": "decision"})
    assert response.status_code == 404


# --- the summary draft from the board --------------------------------------------------------


def summary_start_url(meeting) -> str:
    return reverse("live_summary_start", args=[meeting.network.plan.slug, meeting.pk])


@pytest.fixture
def marked_board(live, note_taker, invitee, coordinator):
    """Two tables: a decision with two +1, a follow-up for an invitee, one by name, a plain
    idea, and a hidden one marked as a decision; code joiners' names on all of it."""
    first, second = live.tables.all()[:2]
    aisha = services.join(live, name="Aisha")
    bo = services.join(live, name="Bo")
    decision = services.post_idea(live, aisha, first, "Suppe i glas til 25 kr")
    for who in (aisha, bo):
        services.plus_one(decision, who)
    follow_up = services.post_idea(live, bo, second, "Spørg *kommunen* om [lokaler](x)")
    by_name = services.post_idea(live, bo, second, "Flyers på arabisk")
    services.post_idea(live, aisha, first, "Kagedag")
    hidden = services.post_idea(live, aisha, first, "Reklame for en bilforhandler")
    notes.mark_idea(fresh(decision), note_taker, "decision")
    notes.mark_idea(fresh(follow_up), note_taker, "follow_up", owner_person=invitee.pk)
    notes.mark_idea(fresh(by_name), note_taker, "follow_up", owner_name="boligsociale medarbejdere")
    notes.mark_idea(fresh(hidden), note_taker, "decision")
    services.hide(hidden, coordinator)
    return LiveSession.objects.select_related("meeting").get(pk=live.pk)


def test_the_draft_holds_decisions_follow_ups_and_ideas_per_table(marked_board, invitee):
    with translation.override("en"):
        body = notes.summary_body(marked_board)
    decisions, rest = body.split("## Follow-ups")
    follow_ups, per_table = rest.split("## Ideas per table")
    assert decisions.startswith("## Decisions")
    assert "- Suppe i glas til 25 kr\n" in decisions
    assert "Kagedag" not in decisions and "Kagedag" in per_table
    assert f"- Spørg \\*kommunen\\* om \\[lokaler\\](x) – owner: {invitee.name}" in follow_ups
    assert "- Flyers på arabisk – owner: boligsociale medarbejdere" in follow_ups
    first, second = marked_board.tables.all()[:2]
    assert f"### {first.name}" in per_table and f"### {second.name}" in per_table
    two = ngettext("%(counter)s +1", "%(counter)s +1", 2) % {"counter": 2}
    assert f"- Suppe i glas til 25 kr ({two})" in per_table
    assert "Reklame" not in body
    assert "Aisha" not in body and "Bo\n" not in body and " Bo " not in body


def test_markdown_in_ideas_shows_as_typed():
    for text in ["# Overskrift", "> citat", "1. punkt", "- liste", "*fed* og _kursiv_", "a\\b`c"]:
        from ressourcenet.lib.markdown import to_html

        html = to_html(f"- {notes.plain(text)}")
        assert escape(text) in html, (text, html)


def test_the_draft_costs_a_constant_number_of_queries(
    live, note_taker, django_assert_max_num_queries
):
    for n in range(30):
        idea = services.post_idea(live, None, live.tables.all()[n % 3], f"Idé {n}")
        services.plus_one(idea, services.join(live, name=f"P{n}"))
        notes.mark_idea(fresh(idea), note_taker, "follow_up", owner_name=f"Ejer {n}")
    with django_assert_max_num_queries(2):
        body = notes.summary_body(live)
    assert "Ejer 29" in body


def test_start_summary_from_the_meeting_page_opens_the_draft(
    marked_board, meeting, note_taker, login
):
    client = login(note_taker)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert summary_start_url(meeting) in page
    response = client.post(summary_start_url(meeting))
    assert response["Location"] == reverse("summary_edit", args=["testby", meeting.pk])
    summary = Summary.objects.get(meeting=meeting)
    assert summary.state == Summary.State.DRAFT
    assert "Suppe i glas til 25 kr" in summary.body
    assert "boligsociale medarbejdere" in summary.body
    editor = client.get(response["Location"]).content.decode()
    assert "Flyers på arabisk" in editor
    # Once the meeting has a summary, the button is gone.
    assert summary_start_url(meeting) not in client.get(meeting.get_absolute_url()).content.decode()


def test_an_existing_draft_is_never_overwritten(marked_board, meeting, note_taker, login):
    from ressourcenet.knowledge import summaries

    summaries.save_draft(meeting, "Mine egne noter", by=note_taker)
    response = login(note_taker).post(summary_start_url(meeting), follow=True)
    assert response.redirect_chain[-1][0] == reverse("summary_edit", args=["testby", meeting.pk])
    content = response.content.decode()
    assert (
        escape(da("The meeting has a summary draft already. It was not changed: here it is."))
        in content
    )
    assert Summary.objects.get(meeting=meeting).body == "Mine egne noter"


@pytest.mark.parametrize("state", ["open", "final"])
def test_an_open_or_final_summary_refuses(marked_board, meeting, coordinator, login, state):
    Summary.objects.create(meeting=meeting, body="Referat", state=state)
    response = login(coordinator).post(summary_start_url(meeting))
    assert response["Location"] == reverse("summary", args=["testby", meeting.pk])
    assert Summary.objects.get(meeting=meeting).body == "Referat"


def test_facilitator_starts_the_draft_and_goes_back_to_the_meeting(
    marked_board, meeting, volunteer, network
):
    person = make_person("Fie Facilitator")
    Membership.objects.create(network=network, person=person, starts_on=network.plan.starts_on)
    user = make_user("fie@example.org", person)
    MeetingRole.objects.create(meeting=meeting, person=person, role="facilitator")
    client = Client()
    client.force_login(user)
    response = client.post(summary_start_url(meeting))
    assert response["Location"] == meeting.get_absolute_url()
    assert "Suppe i glas" in Summary.objects.get(meeting=meeting).body


@pytest.mark.parametrize("role", ["table_host", None])
def test_others_may_not_start_the_draft(marked_board, meeting, login, role, network):
    person = make_person("Tor Bordvært")
    Membership.objects.create(network=network, person=person, starts_on=network.plan.starts_on)
    user = make_user("tor@example.org", person)
    if role:
        MeetingRole.objects.create(meeting=meeting, person=person, role=role)
    client = login(user)
    assert summary_start_url(meeting) not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.post(summary_start_url(meeting)).status_code == 403
    assert not Summary.objects.exists()


def test_no_live_board_no_draft(meeting, coordinator, login):
    assert login(coordinator).post(summary_start_url(meeting)).status_code == 404
    assert not Summary.objects.exists()


def test_marking_without_a_login_tells_nothing_about_the_code(live, idea):
    known = Client().post(reverse("live_mark", args=[live.code, idea.pk]), {"mark": "decision"})
    unknown = Client().post(reverse("live_mark", args=["QQQQ", idea.pk]), {"mark": "decision"})
    assert (unknown.status_code, unknown.get("Location", "").split("?")[0]) == (
        known.status_code,
        known.get("Location", "").split("?")[0],
    )
    assert fresh(idea).mark == Mark.NONE


def test_a_refused_idea_keeps_the_facilitators_hide_and_mark_controls(
    live, idea, coordinator, login
):
    client = login(coordinator)
    client.post(f"/m/{live.code}", {"name": "Kim"})
    client.post(reverse("live_table", args=[live.code]), {"table": live.tables.first().pk})
    normal = client.get(board_url(live)).content.decode()
    hide_url = reverse("live_hide", args=[live.code, idea.pk])
    assert hide_url in normal and mark_url(live, idea) in normal

    response = client.post(reverse("live_idea_post", args=[live.code]), {"text": "x" * 300})

    page = response.content.decode()
    assert response.status_code == 422
    assert "x" * 300 in page  # the text is kept
    assert hide_url in page and mark_url(live, idea) in page
    assert 'name="csrfmiddlewaretoken"' in page and notes_slot() not in page


# --- after the end: marking on the review page --------------------------------------------


def review_url(meeting) -> str:
    return reverse("live_review", args=[meeting.network.plan.slug, meeting.pk])


def test_after_the_end_the_note_taker_marks_on_the_review_page(
    live, idea, meeting, note_taker, invitee, login, coordinator
):
    poster = phone(live, "Aisha")
    poster.post(reverse("live_table", args=[live.code]), {"table": live.tables.first().pk})
    poster.post(reverse("live_idea_post", args=[live.code]), {"text": "Kagedag hver fredag"})
    services.end(live, coordinator)
    client = login(note_taker)
    assert client.get(board_url(live)).status_code == 410  # the phone board is closed

    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert review_url(meeting) in meeting_page
    page = client.get(review_url(meeting))
    content = page.content.decode()
    assert page.status_code == 200
    assert mark_url(live, idea) in content and "Kagedag hver fredag" in content
    assert 'name="back" value="review"' in content
    assert 'name="csrfmiddlewaretoken"' in content and notes_slot() not in content
    # Only the facilitator sends ideas to the catalogue and sees who posted them.
    assert 'name="ideas"' not in content and "Aisha" not in content
    assert client.post(review_url(meeting), {"ideas": str(idea.pk)}).status_code == 403

    response = client.post(
        mark_url(live, idea),
        {"mark": "follow_up", "owner_person": invitee.pk, "back": "review"},
    )

    assert response["Location"] == review_url(meeting)
    assert LiveIdea.objects.get(pk=idea.pk).mark == "follow_up"
    # As on the board: an owner who is a person by first name.
    badge = da("Follow-up: %(owner)s") % {"owner": services.first_name(invitee.name)}
    assert escape(badge) in client.get(review_url(meeting)).content.decode()


def test_a_refused_mark_on_the_review_page_comes_back_there_with_the_message(
    live, idea, meeting, note_taker, login, coordinator
):
    services.end(live, coordinator)
    client = login(note_taker)

    response = client.post(mark_url(live, idea), {"mark": "follow_up", "back": "review"})

    content = response.content.decode()
    assert response.status_code == 422
    assert f"#live-owner-{idea.pk}" in content and 'aria-invalid="true"' in content
    assert da("The live board's ideas") in content and 'name="ideas"' not in content
    assert LiveIdea.objects.get(pk=idea.pk).mark == Mark.NONE


def test_the_facilitator_has_both_the_catalogue_form_and_the_marks(
    live, idea, meeting, coordinator, login
):
    services.end(live, coordinator)
    content = login(coordinator).get(review_url(meeting)).content.decode()
    assert 'name="ideas"' in content and mark_url(live, idea) in content
    # Not nested: the marking forms come after the catalogue's form.
    catalogue_form = content.index('id="review-ideas"')
    assert (
        catalogue_form
        < content.index("</form>", catalogue_form)
        < content.index(mark_url(live, idea))
    )


def test_a_member_who_may_not_mark_finds_no_review_page(live, meeting, member, login, coordinator):
    services.end(live, coordinator)
    client = login(member)
    assert client.get(review_url(meeting)).status_code == 403
    assert review_url(meeting) not in client.get(meeting.get_absolute_url()).content.decode()
