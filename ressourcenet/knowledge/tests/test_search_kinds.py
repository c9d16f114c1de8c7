"""Summaries and experiences in the search index: Danish inflection, the index kept
current on every step, who finds what, and the `type` filter on the page and in the API.

Runs on the database DATABASE_URL names (SQLite's FTS5, or PostgreSQL's `danish`)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from ressourcenet.knowledge import experiences, search, summaries
from ressourcenet.knowledge.models import SearchEntry
from ressourcenet.knowledge.tests.conftest import make_experience
from ressourcenet.meetings import services as meeting_services

pytestmark = pytest.mark.django_db

SUMMARY = SearchEntry.Kind.SUMMARY
EXPERIENCE = SearchEntry.Kind.EXPERIENCE


def found(user, q: str, **filters) -> list[tuple[str, int]]:
    return [(e.kind, e.object_id) for e in search.find(user, q, **filters)]


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("Lektiecaféen var fuld hver tirsdag.", "lektiecafé"),
        ("Vi åbnede en lektiecafé i beboerhuset.", "lektiecaféen"),
        ("Beboerne lavede maden selv.", "beboer"),
        ("Hver beboer fik en invitation.", "beboerne"),
        ("Fællesspisninger om fredagen samlede mange.", "fællesspisning"),
    ],
)
def test_experiences_are_found_in_other_forms_of_the_word(plan, member, written, searched):
    experience = make_experience(plan, "Hjælp", worked=written)
    assert found(member, searched) == [(EXPERIENCE, experience.pk)]


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("Lektiecaféen skal have flere frivillige.", "lektiecafé"),
        ("Beboerne vil gerne hjælpe.", "beboer"),
        ("Vi talte med hver beboer.", "beboerne"),
    ],
)
def test_summaries_are_found_in_other_forms_of_the_word(draft, member, written, searched):
    summaries.save_draft(draft.meeting, f"# Referat\n\n{written}")
    summaries.open_and_send(draft)
    assert found(member, searched) == [(SUMMARY, draft.meeting_id)]


def test_a_summary_is_found_by_its_meetings_title(open_summary, member):
    assert (SUMMARY, open_summary.meeting_id) in found(member, "haven")


def test_a_draft_is_not_indexed(draft, coordinator):
    assert not SearchEntry.objects.filter(kind=SUMMARY).exists()
    assert found(coordinator, "krydderurter") == []


def test_each_step_keeps_the_summary_entry_current(draft, note_taker, member):
    summaries.open_and_send(draft)
    summaries.save_draft(draft.meeting, "# Referat\n\nVi plantede tomater.")
    assert found(member, "tomater") == [(SUMMARY, draft.meeting_id)]
    assert found(member, "krydderurter") == []
    summaries.finalise(draft, by=note_taker)
    draft.refresh_from_db()
    summaries.add_revision(draft, "# Referat\n\nVi plantede squash.", "Forkert grøntsag.")
    assert found(member, "squash") == [(SUMMARY, draft.meeting_id)]
    assert found(member, "tomater") == []


def test_a_new_meeting_title_reaches_the_summary_entry(open_summary, member):
    meeting = open_summary.meeting
    meeting.title = "Plantedag i gården"
    meeting_services.save_meeting(meeting)
    entry = SearchEntry.objects.get(kind=SUMMARY)
    assert entry.title == "Plantedag i gården"


def test_visitors_find_only_public_final_summaries(open_summary, note_taker, outsider):
    visitor = AnonymousUser()
    summaries.set_public(open_summary, True)
    assert found(visitor, "krydderurter") == []
    summaries.finalise(open_summary, by=note_taker)
    assert found(visitor, "krydderurter") == [(SUMMARY, open_summary.meeting_id)]
    assert found(outsider, "krydderurter") == [(SUMMARY, open_summary.meeting_id)]
    summaries.set_public(open_summary, False)
    assert found(visitor, "krydderurter") == []


def test_an_invitee_from_outside_the_plan_finds_the_open_summary(open_summary, outsider):
    from ressourcenet.conftest import make_person
    from ressourcenet.meetings.models import Invitation

    person = make_person("Gæst Udefra")
    person.user = outsider
    person.save()
    Invitation.objects.create(meeting=open_summary.meeting, person=person, attended=True)
    assert found(outsider, "krydderurter") == [(SUMMARY, open_summary.meeting_id)]


def test_private_experiences_are_for_the_plans_people(
    plan, member, board_member, steering_member, outsider, experience, public_experience
):
    for reader in (member, board_member, steering_member):
        assert (EXPERIENCE, experience.pk) in found(reader, "lektiecafé")
    assert found(outsider, "lektiecafé") == []
    assert found(AnonymousUser(), "lektiecafé") == []
    assert found(AnonymousUser(), "fællesspisning") == [(EXPERIENCE, public_experience.pk)]


def test_filters_by_type_area_and_network(plan, member, network, experience, public_experience):
    area = plan.areas.get(name="Nordparken").pk
    assert found(member, "lektiecafé", kind=EXPERIENCE, area=area) == [(EXPERIENCE, experience.pk)]
    assert found(member, "lektiecafé", kind=SUMMARY) == []
    assert found(member, "fællesspisning", network=network.pk) == []


def test_deleting_and_reindexing(plan, experience, open_summary, member):
    experiences.delete_experience(experience)
    assert found(member, "lektiecafé") == []
    SearchEntry.objects.all().delete()
    make_experience(plan, "Lektiecafé")
    SearchEntry.objects.filter(kind=EXPERIENCE).delete()
    assert search.reindex() == SearchEntry.objects.count()
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert {SUMMARY, EXPERIENCE} <= kinds
    assert found(member, "krydderurter") == [(SUMMARY, open_summary.meeting_id)]


def test_reindex_drops_a_summary_that_is_a_draft_again(open_summary):
    from ressourcenet.knowledge.models import Summary

    Summary.objects.update(state=Summary.State.DRAFT)
    search.reindex()
    assert not SearchEntry.objects.filter(kind=SUMMARY).exists()


def test_withdrawing_a_meeting_drops_its_summary_entry(open_summary):
    meeting = open_summary.meeting
    meeting_services.withdraw_meeting(meeting)
    assert not SearchEntry.objects.filter(kind=SUMMARY).exists()


def test_the_search_page_filters_by_type(login, member, experience, open_summary):
    client = login(member)
    url = reverse("search")
    both = client.get(url, {"q": "nordparken lektiecafé"}).content.decode()
    assert experience.get_absolute_url() in both
    only = client.get(url, {"q": "krydderurter", "type": "summary"}).content.decode()
    assert open_summary.get_absolute_url() in only
    none = client.get(url, {"q": "krydderurter", "type": "experience"}).content.decode()
    assert open_summary.get_absolute_url() not in none


def test_the_search_api_filters_by_type(api_client, member, experience, open_summary):
    client = api_client(member)
    answer = client.get("/api/v1/search", {"q": "lektiecaféen", "type": "experience"}).json()
    assert [(i["type"], i["id"]) for i in answer["items"]] == [("experience", experience.pk)]
    answer = client.get("/api/v1/search", {"q": "krydderurt", "type": "summary"}).json()
    assert [(i["type"], i["id"]) for i in answer["items"]] == [("summary", open_summary.meeting_id)]
    assert answer["items"][0]["url"] == open_summary.get_absolute_url()
