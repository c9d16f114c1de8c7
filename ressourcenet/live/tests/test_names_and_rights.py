"""Whose names the live mode shows to whom (guests on the review page, owners of
follow-ups on the shared board, the table hosts' tables), which ideas the review page
sends, and that a meeting role gives the same rights on the pages and in the API."""

import json
from importlib import import_module

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.accounts import permissions
from ressourcenet.conftest import make_person, make_user
from ressourcenet.knowledge.models import Idea
from ressourcenet.live import notes, review, services
from ressourcenet.live.models import LiveIdea, LiveTable
from ressourcenet.live.tests.conftest import phone, running_meeting
from ressourcenet.meetings.models import Invitation, Meeting, MeetingRole

pytestmark = pytest.mark.django_db
GUEST = "Gustav Gæsteperson"


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def review_url(meeting) -> str:
    return reverse("live_review", args=[meeting.network.plan.slug, meeting.pk])


@pytest.fixture
def guest(meeting):
    person = make_person(GUEST)
    Invitation.objects.create(meeting=meeting, person=person, is_guest=True)
    return person


@pytest.fixture
def facilitator(meeting, member):
    MeetingRole.objects.create(meeting=meeting, person=member.person, role="facilitator")
    return member


# --- 1a: who posted, on the review page ---------------------------------------------------


def test_review_page_names_a_guest_only_to_those_who_may_see_guests(
    live, meeting, guest, facilitator, coordinator, login
):
    invitation = Invitation.objects.get(person=guest)
    participant = services.join(live, invitation=invitation)
    services.post_idea(live, participant, live.tables.first(), "Suppe i glas")
    page = login(facilitator).get(review_url(meeting)).content.decode()
    assert GUEST not in page
    assert "Gustav" not in page
    assert da("a guest") in page
    truth = (
        "Only those who run the live mode see who posted. The catalogue gets no names, and "
        "the live board with the first names is deleted 30 days after the meeting."
    )
    assert escape(da(truth)) in page
    assert GUEST in login(coordinator).get(review_url(meeting)).content.decode()
    tables = review.review(live)  # by default no guest's name
    assert tables[0].ideas[0].author == gettext("a guest")


# --- 1b: a follow-up's owner on the shared board --------------------------------------------


def test_the_shared_board_and_the_public_api_show_an_owner_by_first_name(
    live, meeting, guest, coordinator, volunteer
):
    Invitation.objects.create(meeting=meeting, person=volunteer)
    table = live.tables.first()
    for_guest = services.post_idea(live, None, table, "Suppe i glas")
    for_volunteer = services.post_idea(live, None, table, "Kagedag")
    written = services.post_idea(live, None, table, "Loppemarked")
    notes.mark_idea(for_guest, coordinator, "follow_up", owner_person=guest.pk)
    notes.mark_idea(for_volunteer, coordinator, "follow_up", owner_person=volunteer.pk)
    notes.mark_idea(written, coordinator, "follow_up", owner_name="Socialrådgiverne i Syd")

    page = phone(live).get(f"/m/{live.code}/board/").content.decode()
    answer = Client().get(f"/api/v1/live/{live.code}").json()
    api = json.dumps(answer, ensure_ascii=False)
    for shown in (page, api):
        assert GUEST not in shown and volunteer.name not in shown
        assert "Gustav" in shown and "Vera" in shown
        assert "Socialrådgiverne i Syd" in shown
    owners = {i["text"]: i["owner"] for t in answer["tables"] for i in t["ideas"]}
    assert owners == {
        "Suppe i glas": "Gustav",
        "Kagedag": "Vera",
        "Loppemarked": ("Socialrådgiverne i Syd"),
    }

    draft = notes.summary_body(live)
    assert GUEST not in draft and "Gustav" in draft
    assert volunteer.name in draft  # an invitee in full, for those who see the meeting


# --- 1c: the table host's table -----------------------------------------------------------


def test_a_table_hosts_table_has_their_first_name_and_so_has_the_catalogue(
    network, coordinator, volunteer
):
    meeting = running_meeting(network)
    MeetingRole.objects.create(meeting=meeting, person=volunteer, role="table_host")
    live = services.start(meeting, coordinator)
    (table,) = live.tables.all()
    assert table.host == volunteer
    assert volunteer.name not in table.name and "Vera" in table.name
    idea = services.post_idea(live, None, table, "Suppe i glas")
    (made,) = review.promote(live, coordinator, [idea.pk])
    assert volunteer.name not in Idea.objects.get(pk=made.pk).origin_table


# --- 2: the review page sends only ticked ideas -------------------------------------------


def test_a_merge_group_without_ticks_sends_nothing(live, meeting, coordinator, login):
    soup = services.post_idea(live, None, live.tables.first(), "Suppe i glas")
    cake = services.post_idea(live, None, live.tables.first(), "Kagedag")
    form = {f"merge-{soup.pk}": "1", f"merge-{cake.pk}": "1"}
    response = login(coordinator).post(review_url(meeting), form)
    assert response.status_code == 422
    assert not Idea.objects.exists()
    assert "selected>" in response.content.decode()  # the groups kept as chosen


def test_only_ticked_ideas_of_a_group_go_and_merge(live, meeting, coordinator, login):
    table = live.tables.first()
    soup, soup2, soup3, cake, pie = (
        services.post_idea(live, None, table, text)
        for text in ("Suppe", "Suppe igen", "Suppe tre", "Kage", "Tærte")
    )
    form = {
        "ideas": [str(soup.pk), str(soup2.pk), str(cake.pk)],
        f"merge-{soup.pk}": "1",
        f"merge-{soup2.pk}": "1",
        f"merge-{soup3.pk}": "1",  # not ticked: stays on the board
        f"merge-{cake.pk}": "2",  # the only ticked one of group 2: just itself
        f"merge-{pie.pk}": "2",
    }
    assert login(coordinator).post(review_url(meeting), form).status_code == 302
    assert Idea.objects.count() == 2
    sent = dict(LiveIdea.objects.values_list("text", "promoted_to"))
    assert sent["Suppe"] == sent["Suppe igen"] is not None
    assert sent["Kage"] not in (None, sent["Suppe"])
    assert sent["Suppe tre"] is None and sent["Tærte"] is None


# --- 3: a meeting role, on the pages and in the API alike --------------------------------


@pytest.fixture
def stranger(meeting):
    """The meeting's facilitator, note-taker and time-keeper: neither invited nor a member."""
    user = make_user("fremmed@example.org", make_person("Frida Fremmed"))
    for role in ("facilitator", "note_taker", "time_keeper"):
        MeetingRole.objects.create(meeting=meeting, person=user.person, role=role)
    return user


def test_a_meeting_role_sees_the_meeting_and_its_live_pages_as_the_api_allows(
    live, meeting, stranger, guest, login, api_client
):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe i glas")
    assert permissions.can_see_meeting(stranger, meeting)
    assert list(permissions.visible_meetings(stranger, Meeting.objects.all())) == [meeting]
    client = login(stranger)
    projector = reverse("live_projector", args=[meeting.network.plan.slug, meeting.pk])
    assert client.get(projector).status_code == 200
    assert client.get(review_url(meeting)).status_code == 200
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert GUEST not in page  # the invitations stay with those who manage the meeting
    api = api_client(stranger)
    assert api.get(f"/api/v1/meetings/{meeting.pk}").status_code == 200
    assert api.get(f"/api/v1/meetings/{meeting.pk}/invitations").status_code == 403
    body = json.dumps({"ideas": [idea.pk]})
    promote = f"/api/v1/meetings/{meeting.pk}/live/promote"
    assert api.post(promote, body, content_type="application/json").status_code == 200
    other = services.post_idea(live, None, live.tables.first(), "Kagedag")
    assert client.post(f"/m/{live.code}/ideas/{other.pk}/hide/").status_code == 302
    assert LiveIdea.objects.get(pk=other.pk).hidden


def test_a_facilitator_outside_the_catalogue_gets_titles_not_links_to_a_403(
    live, meeting, stranger, coordinator, login
):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe i glas")
    (made,) = review.promote(live, coordinator, [idea.pk], [])
    link = reverse("idea", args=[meeting.network.plan.slug, made.pk])
    assert not permissions.can_see_ideas(stranger, meeting.network.plan)
    page = login(stranger).get(review_url(meeting)).content.decode()
    assert "Suppe i glas" in page and link not in page
    assert login(coordinator).get(review_url(meeting)).content.decode().count(link) == 1


def test_without_a_role_or_an_invitation_nothing_opens(live, meeting, outsider, login):
    client = login(outsider)
    assert not permissions.can_see_meeting(outsider, meeting)
    assert client.get(review_url(meeting)).status_code == 403
    assert client.get(meeting.get_absolute_url()).status_code == 403


def test_the_migration_renames_hosts_tables_and_their_catalogue_ideas(live, coordinator, volunteer):
    from django.apps import apps

    migration = import_module("ressourcenet.live.migrations.0004_table_host_first_name")
    table, other = live.tables.all()[:2]
    table.name, table.host = f"Bordet hos {volunteer.name}", volunteer
    table.save()
    idea = services.post_idea(live, None, table, "Suppe i glas")
    (made,) = review.promote(live, coordinator, [idea.pk])
    assert volunteer.name in Idea.objects.get(pk=made.pk).origin_table

    migration.forwards(apps, None)

    assert LiveTable.objects.get(pk=table.pk).name == "Bordet hos Vera"
    assert Idea.objects.get(pk=made.pk).origin_table == "Bordet hos Vera"
    assert LiveTable.objects.get(pk=other.pk).name == other.name
