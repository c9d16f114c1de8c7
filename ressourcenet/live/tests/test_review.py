"""After the meeting: the live board's ideas go to the idea catalogue (live/review.py), on
the review page and through POST /api/v1/meetings/{id}/live/promote; what is left of them
after the live session is deleted."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.knowledge.models import Idea, IdeaStatusChange, SearchEntry
from ressourcenet.live import review, services
from ressourcenet.live.models import LiveIdea, LiveParticipant, LiveSession
from ressourcenet.live.tests.conftest import running_meeting
from ressourcenet.meetings.models import Meeting, MeetingRole

pytestmark = pytest.mark.django_db
SOUP = "Suppe i glas til 25 kr"
CAKE = "Kagedag med beboerne"


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def origin(table: str, plus: int) -> str:
    with translation.override("da"):
        return gettext("at %(table)s, %(plus)s × +1") % {"table": table, "plus": plus}


def board_with_ideas(live, texts_and_plus_ones):
    """Ideas on the tables in turn, each with that many "+1" from the first phones."""
    tables = list(live.tables.all())
    phones = [services.join(live, name=f"Navn{i}") for i in range(5)]
    ideas = []
    for i, (text, plus_ones) in enumerate(texts_and_plus_ones):
        idea = services.post_idea(live, phones[0], tables[i % len(tables)], text)
        for participant in phones[:plus_ones]:
            services.plus_one(idea, participant)
        ideas.append(idea)
    return ideas, phones


def table_names(live) -> list[str]:
    return [table.name for table in live.tables.all()]


def review_url(meeting) -> str:
    return reverse("live_review", args=[meeting.network.plan.slug, meeting.pk])


def promote_url(meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/live/promote"


def post_json(client: Client, url: str, body):
    return client.post(url, json.dumps(body), content_type="application/json")


# --- the service ----------------------------------------------------------------------


def test_each_chosen_idea_becomes_a_catalogue_idea_with_its_origin(live, meeting, coordinator):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 2), (CAKE, 0)])
    t = table_names(live)
    made = review.promote(live, coordinator, [soup.pk, cake.pk], [])
    assert [idea.title for idea in made] == [SOUP, CAKE]
    first = Idea.objects.get(pk=made[0].pk)
    assert first.network == meeting.network
    assert first.meeting == meeting
    assert first.created_by == coordinator
    assert first.status == Idea.Status.NEW
    assert (first.origin_table, first.plus_ones) == (t[0], 2)
    assert (made[1].origin_table, made[1].plus_ones) == (t[1], 0)
    assert IdeaStatusChange.objects.filter(idea=first).count() == 1
    assert SearchEntry.objects.filter(kind="idea", object_id=first.pk).exists()
    assert LiveIdea.objects.get(pk=soup.pk).promoted_to == first


def test_a_merge_group_is_one_idea_counting_each_participant_once(live, coordinator):
    (soup, cake, other), phones = board_with_ideas(live, [(SOUP, 1), (CAKE, 3), ("Tredje", 0)])
    t = table_names(live)
    services.plus_one(soup, phones[4])  # soup: phones 0 and 4; cake: 0, 1, 2
    made = review.promote(live, coordinator, [other.pk], [[soup.pk, cake.pk]])
    assert Idea.objects.count() == 2
    merged = made[1]
    assert merged.title == CAKE  # the most "+1"
    assert SOUP in merged.description
    assert merged.plus_ones == 4  # phones 0, 1, 2 and 4
    assert merged.origin_table == f"{t[1]}, {t[0]}"
    assert set(LiveIdea.objects.filter(promoted_to=merged).values_list("pk", flat=True)) == {
        soup.pk,
        cake.pk,
    }


def test_an_id_in_ideas_and_in_a_group_goes_with_its_group(live, coordinator):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 0), (CAKE, 0)])
    made = review.promote(live, coordinator, [cake.pk, soup.pk, cake.pk], [[soup.pk, cake.pk]])
    assert len(made) == 1
    assert Idea.objects.count() == 1
    assert made[0].title == SOUP  # a tie: the group's first


def test_a_hidden_idea_never_reaches_the_catalogue(live, coordinator):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 0), (CAKE, 0)])
    services.hide(cake, coordinator)
    with pytest.raises(ValidationError) as error:
        review.promote(live, coordinator, [soup.pk, cake.pk], [])
    assert set(error.value.message_dict) == {"ideas.1"}
    with pytest.raises(ValidationError) as error:
        review.promote(live, coordinator, [], [[soup.pk, cake.pk]])
    assert set(error.value.message_dict) == {"merge.0.1"}
    assert not Idea.objects.exists()
    assert not LiveIdea.objects.filter(promoted_to__isnull=False).exists()


def test_an_idea_of_another_meetings_board_is_no_idea_here(live, network, coordinator):
    other = services.start(running_meeting(network), coordinator)
    theirs = services.post_idea(other, None, other.tables.first(), "Deres idé")
    (soup,), _phones = board_with_ideas(live, [(SOUP, 0)])
    with pytest.raises(ValidationError) as error:
        review.promote(live, coordinator, [soup.pk, theirs.pk, 2**62], [])
    assert set(error.value.message_dict) == {"ideas.1", "ideas.2"}
    assert not Idea.objects.exists()


def test_sending_again_gives_the_same_idea_and_makes_none(live, coordinator):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 0), (CAKE, 0)])
    first = review.promote(live, coordinator, [soup.pk], [[cake.pk]])
    again = review.promote(live, coordinator, [soup.pk], [[cake.pk]])
    assert [i.pk for i in again] == [i.pk for i in first]
    assert Idea.objects.count() == 2


def test_a_group_mixing_sent_and_new_ideas_is_refused(live, coordinator):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 0), (CAKE, 0)])
    review.promote(live, coordinator, [soup.pk], [])
    with pytest.raises(review.Refused):
        review.promote(live, coordinator, [], [[soup.pk, cake.pk]])
    assert Idea.objects.count() == 1
    assert LiveIdea.objects.get(pk=cake.pk).promoted_to is None


def test_a_long_idea_is_cut_at_a_word_and_kept_whole_in_the_description(live, coordinator):
    text = " ".join(["ordet"] * 46)  # 46 * 6 - 1 = 275 characters
    (idea,), _phones = board_with_ideas(live, [(text, 0)])
    (made,) = review.promote(live, coordinator, [idea.pk], [])
    assert len(made.title) <= 200
    assert made.title.endswith("ordet…")
    assert made.description == text


@pytest.mark.parametrize(
    ("text", "longest", "expected"),
    [
        ("kort", 10, "kort"),
        ("præcis ti", 9, "præcis ti"),
        ("to ord her", 8, "to ord…"),
        ("etlangtord", 5, "etla…"),
        ("slut, med komma", 12, "slut, med…"),
    ],
)
def test_shorten(text, longest, expected):
    assert review.shorten(text, longest) == expected
    assert len(review.shorten(text, longest)) <= longest


@pytest.mark.parametrize(
    ("ideas", "merge", "fields"),
    [
        ([], [], {"ideas"}),
        ([1], [[]], {"merge.0"}),
        ([], [[1, 2], [3, 1]], {"merge.1.1"}),
        (list(range(1, 502)), [], {"ideas"}),
    ],
)
def test_requests_that_cannot_be_meant(ideas, merge, fields):
    with pytest.raises(ValidationError) as error:
        review.groups_of(ideas, merge)
    assert set(error.value.message_dict) == fields


def test_groups_keep_the_order_of_the_request():
    groups = review.groups_of([5, 2, 9, 5], [[7, 8], [9, 3]])
    assert [[pk for _where, pk in group] for group in groups] == [[5], [2], [9, 3], [7, 8]]


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_who_runs_the_live_mode_may_send(live, who, request):
    (soup,), _phones = board_with_ideas(live, [(SOUP, 0)])
    with pytest.raises(PermissionError):
        review.promote(live, request.getfixturevalue(who), [soup.pk], [])
    assert not Idea.objects.exists()


def test_a_cancelled_meeting_takes_no_ideas(live, meeting, coordinator):
    (soup,), _phones = board_with_ideas(live, [(SOUP, 0)])
    Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=timezone.now())
    live.meeting.refresh_from_db()
    with pytest.raises(review.Refused):
        review.promote(live, coordinator, [soup.pk], [])
    assert not Idea.objects.exists()


# --- what is left after 30 days -------------------------------------------------------


def test_after_the_purge_the_catalogue_idea_stays_without_names(live, meeting, coordinator):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 3), (CAKE, 1)])
    t = table_names(live)
    (made,) = review.promote(live, coordinator, [], [[soup.pk, cake.pk]])
    # 31 days after the meeting, and after the live mode it ran.
    assert services.purge_expired(meeting.ends_at + timedelta(days=31)) == 1
    assert not LiveSession.objects.exists()
    assert not LiveParticipant.objects.exists()
    assert not LiveIdea.objects.exists()
    idea = Idea.objects.get(pk=made.pk)
    assert (idea.title, idea.origin_table, idea.plus_ones) == (SOUP, f"{t[0]}, {t[1]}", 3)
    assert idea.meeting == meeting
    stored = " ".join([idea.title, idea.description, idea.origin_table])
    assert "Navn" not in stored


# --- the review page ------------------------------------------------------------------


def test_review_page_shows_every_table_hidden_ones_marked_and_who_posted(
    live, meeting, coordinator, login
):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 2), (CAKE, 0)])
    services.hide(cake, coordinator)
    response = login(coordinator).get(review_url(meeting))
    assert response.status_code == 200
    content = response.content.decode()
    for table in live.tables.all():
        assert table.name in content
    assert f'name="ideas" value="{soup.pk}"' in content
    assert f'value="{cake.pk}"' not in content  # hidden: no checkbox
    assert f'name="merge-{cake.pk}"' not in content
    assert escape(CAKE) in content
    assert da("Hidden") in content
    assert "Navn0" in content


def test_the_meetings_facilitator_reviews_and_sends(live, meeting, member, login):
    MeetingRole.objects.create(
        meeting=meeting, person=member.person, role=MeetingRole.Role.FACILITATOR
    )
    (soup,), _phones = board_with_ideas(live, [(SOUP, 0)])
    client = login(member)
    assert client.get(review_url(meeting)).status_code == 200
    assert client.post(review_url(meeting), {"ideas": str(soup.pk)}).status_code == 302
    assert Idea.objects.get().created_by == member


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_review_page_is_for_who_runs_the_live_mode(live, meeting, who, request, login):
    client = login(request.getfixturevalue(who))
    assert client.get(review_url(meeting)).status_code == 403
    assert client.post(review_url(meeting), {"ideas": "1"}).status_code == 403
    assert not Idea.objects.exists()


def test_review_page_without_a_live_board_is_404(meeting, coordinator, login):
    assert login(coordinator).get(review_url(meeting)).status_code == 404


def test_review_page_refuses_other_methods(live, meeting, coordinator, login):
    assert login(coordinator).put(review_url(meeting)).status_code == 405


def test_send_chosen_and_merged_ideas_then_see_them_in_the_catalogue(
    live, meeting, coordinator, login
):
    (soup, cake, third, fourth), _phones = board_with_ideas(
        live, [(SOUP, 1), (CAKE, 0), ("Tredje", 0), ("Fjerde", 0)]
    )
    t = table_names(live)
    client = login(coordinator)
    form = {
        "ideas": [str(soup.pk), str(cake.pk), str(third.pk)],
        f"merge-{cake.pk}": "1",
        f"merge-{third.pk}": "1",
    }
    form[f"merge-{fourth.pk}"] = ""
    response = client.post(review_url(meeting), form)
    assert response.status_code == 302
    assert response["Location"] == review_url(meeting)
    assert Idea.objects.count() == 2
    merged = Idea.objects.get(title=CAKE)
    assert "Tredje" in merged.description
    assert LiveIdea.objects.get(pk=fourth.pk).promoted_to is None
    page = client.get(review_url(meeting)).content.decode()
    assert merged.get_absolute_url() in page
    assert f'name="ideas" value="{soup.pk}"' not in page  # sent: no checkbox any more
    assert f'name="ideas" value="{fourth.pk}"' in page
    detail = client.get(merged.get_absolute_url()).content.decode()
    assert escape(origin(f"{t[1]}, {t[2]}", 0)) in detail
    catalogue = client.get(reverse("idea_list", args=[meeting.network.plan.slug]))
    assert escape(origin(t[0], 1)) in catalogue.content.decode()


def test_nothing_chosen_is_422_with_the_form_kept(live, meeting, coordinator, login):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 0), (CAKE, 0)])
    response = login(coordinator).post(review_url(meeting), {f"merge-{soup.pk}": ""})
    assert response.status_code == 422
    content = response.content.decode()
    assert escape(da("Choose at least one idea.")) in content
    assert 'href="#review-ideas"' in content


@pytest.mark.parametrize(
    "form",
    [
        {"ideas": "99999999999999999999"},
        {"ideas": "1\x00"},
        {"merge-1\x00": "1"},
        {"merge-99999999999999999999": "1"},
        {"ideas": "-1"},
    ],
)
def test_bad_values_are_refused_and_nothing_saved(live, meeting, coordinator, login, form):
    board_with_ideas(live, [(SOUP, 0)])
    response = login(coordinator).post(review_url(meeting), form)
    assert response.status_code == 422
    assert not Idea.objects.exists()


def test_a_hidden_or_foreign_id_is_refused_with_the_choices_kept(
    live, meeting, network, coordinator, login
):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 0), (CAKE, 0)])
    services.hide(cake, coordinator)
    other = services.start(running_meeting(network), coordinator)
    theirs = services.post_idea(other, None, other.tables.first(), "Deres idé")
    client = login(coordinator)
    for pk in (cake.pk, theirs.pk):
        response = client.post(review_url(meeting), {"ideas": [str(soup.pk), str(pk)]})
        assert response.status_code == 422
        content = response.content.decode()
        assert f'value="{soup.pk}" aria-describedby="review-facts-{soup.pk}" checked' in content
    assert not Idea.objects.exists()


def test_review_page_queries_do_not_grow_with_the_ideas(
    live, meeting, coordinator, login, django_assert_max_num_queries
):
    ideas, _phones = board_with_ideas(live, [(f"Idé {i}", i % 3) for i in range(3)])
    client = login(coordinator)
    review.promote(live, coordinator, [ideas[0].pk], [])
    services.hide(ideas[1], coordinator)
    with django_assert_max_num_queries(30) as few:
        client.get(review_url(meeting))
    more, _phones = board_with_ideas(live, [(f"Mere {i}", i % 4) for i in range(30)])
    review.promote(live, coordinator, [more[0].pk, more[1].pk], [])
    services.hide(more[2], coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(review_url(meeting)).status_code == 200


def test_meeting_page_links_to_the_review_once_ended(live, meeting, coordinator, member, login):
    link = review_url(meeting)
    client = login(coordinator)
    assert link in client.get(meeting.get_absolute_url()).content.decode()
    services.end(live, coordinator)
    assert link in client.get(meeting.get_absolute_url()).content.decode()
    assert link not in login(member).get(meeting.get_absolute_url()).content.decode()


# --- the API --------------------------------------------------------------------------


def test_api_promotes_and_returns_the_catalogue_ideas(live, meeting, coordinator, api_client):
    (soup, cake, third), _phones = board_with_ideas(live, [(SOUP, 2), (CAKE, 1), ("Tredje", 0)])
    t = table_names(live)
    client = api_client(coordinator)
    body = {"ideas": [soup.pk], "merge": [[cake.pk, third.pk]]}
    response = post_json(client, promote_url(meeting), body)
    assert response.status_code == 200
    data = response.json()
    assert [(i["title"], i["origin_table"], i["plus_ones"]) for i in data] == [
        (SOUP, t[0], 2),
        (CAKE, f"{t[1]}, {t[2]}", 1),
    ]
    assert {i["meeting"] for i in data} == {meeting.pk}
    assert {i["network"] for i in data} == {meeting.network_id}
    assert {i["status"] for i in data} == {"new"}
    again = post_json(client, promote_url(meeting), body)
    assert [i["id"] for i in again.json()] == [i["id"] for i in data]
    assert Idea.objects.count() == 2
    listed = client.get("/api/v1/ideas").json()["items"]
    assert {i["origin_table"] for i in listed} == {t[0], f"{t[1]}, {t[2]}"}


def test_api_who_may_not(live, meeting, member, api_client):
    (soup,), _phones = board_with_ideas(live, [(SOUP, 0)])
    body = {"ideas": [soup.pk]}
    assert post_json(api_client(member), promote_url(meeting), body).status_code == 403
    assert post_json(api_client(None), promote_url(meeting), body).status_code == 401
    assert not Idea.objects.exists()


def test_api_unknown_meeting_or_no_board_is_404(meeting, network, coordinator, api_client):
    client = api_client(coordinator)
    assert post_json(client, promote_url(meeting), {"ideas": [1]}).status_code == 404
    assert (
        post_json(client, "/api/v1/meetings/999999/live/promote", {"ideas": [1]}).status_code == 404
    )


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({}, ["body", "payload", "ideas"]),
        ({"ideas": [], "merge": []}, ["body", "payload", "ideas"]),
        ({"ideas": [10**20]}, ["body", "payload", "ideas", 0]),
        ({"ideas": ["1\x00"]}, ["body", "payload", "ideas", 0]),
        ({"merge": [[0]]}, ["body", "payload", "merge", 0, 0]),
        ({"merge": [[]]}, ["body", "payload", "merge", 0]),
        ({"ideas": [1] * 501}, ["body", "payload", "ideas"]),
        ({"ideas": 5}, ["body", "payload", "ideas"]),
    ],
)
def test_api_bad_bodies_are_422_naming_the_field(live, meeting, coordinator, api_client, body, loc):
    response = post_json(api_client(coordinator), promote_url(meeting), body)
    assert response.status_code == 422, response.content
    assert loc in [detail["loc"] for detail in response.json()["detail"]]
    assert not Idea.objects.exists()


def test_api_hidden_and_foreign_ideas_are_422_naming_them(
    live, meeting, network, coordinator, api_client
):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 0), (CAKE, 0)])
    services.hide(cake, coordinator)
    other = services.start(running_meeting(network), coordinator)
    theirs = services.post_idea(other, None, other.tables.first(), "Deres idé")
    body = {"ideas": [soup.pk, cake.pk], "merge": [[soup.pk, theirs.pk]]}
    response = post_json(api_client(coordinator), promote_url(meeting), body)
    assert response.status_code == 422
    locs = [detail["loc"] for detail in response.json()["detail"]]
    assert sorted(locs) == [["body", "payload", "ideas", 1], ["body", "payload", "merge", 0, 1]]
    assert not Idea.objects.exists()


def test_api_group_mixing_sent_and_new_ideas_is_409(live, meeting, coordinator, api_client):
    (soup, cake), _phones = board_with_ideas(live, [(SOUP, 0), (CAKE, 0)])
    client = api_client(coordinator)
    assert post_json(client, promote_url(meeting), {"ideas": [soup.pk]}).status_code == 200
    response = post_json(client, promote_url(meeting), {"merge": [[soup.pk, cake.pk]]})
    assert response.status_code == 409
    assert SOUP in response.json()["detail"]
    assert Idea.objects.count() == 1
