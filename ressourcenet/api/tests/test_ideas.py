"""/api/v1/ideas: the idea catalogue through the API, with the pages' rules."""

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from ressourcenet.api.tests.utils import ROLES, error_locs, patch_json, post_json, refusal_status
from ressourcenet.knowledge import services
from ressourcenet.knowledge.models import Idea
from ressourcenet.knowledge.tests.conftest import make_idea
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.networks.models import Network

IDEAS = "/api/v1/ideas"
SEE = {"admin_user", "coordinator", "member", "board_member"}
ADD = {"admin_user", "coordinator", "member"}
CHANGE = {"admin_user", "coordinator"}


def url(idea: Idea) -> str:
    return f"{IDEAS}/{idea.pk}"


@pytest.fixture
def held(network):
    return make_meeting(network, title="Værksted", starts_at=timezone.now() - timedelta(days=3))


@pytest.fixture
def idea(network, plan, coordinator):
    return make_idea(
        network,
        "Madklub",
        by=coordinator,
        housing_areas=[plan.areas.get(name="Nordparken")],
        tags=["Mad"],
    )


def body(network, **changes) -> dict:
    data = {"title": "Byttedag i gården", "network": network.pk}
    data.update(changes)
    return data


# --- creating --------------------------------------------------------------------------


def test_post_adds_an_idea_with_everything(client_as, network, plan, held, volunteer, member):
    areas = [a.pk for a in plan.areas.all()]

    response = post_json(
        client_as("member"),
        IDEAS,
        body(
            network,
            description="Beboerne bytter ting en lørdag om måneden.",
            meeting=held.pk,
            housing_areas=areas,
            tags=["Genbrug", "fællesskab"],
            owner=volunteer.pk,
            status="being_tried",
            public=True,
        ),
    )

    assert response.status_code == 201, response.content
    data = response.json()
    idea = Idea.objects.get()
    assert data["id"] == idea.pk
    assert (data["title"], data["network"], data["meeting"], data["status"]) == (
        "Byttedag i gården",
        network.pk,
        held.pk,
        "being_tried",
    )
    assert sorted(data["housing_areas"]) == sorted(areas)
    assert data["tags"] == ["fællesskab", "Genbrug"]
    assert data["owner"] == {"id": volunteer.pk, "name": "Vera Frivillig"}
    assert data["public"] is True
    assert data["history"] == [
        {
            "from_status": None,
            "to_status": "being_tried",
            "reason": "",
            "changed_at": data["history"][0]["changed_at"],
            "changed_by": "Mads Medlem",
        }
    ]
    assert idea.created_by == member and idea.public


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_ideas_to_the_network(client_as, network, role, request):
    if role != "anonymous":
        request.getfixturevalue(role)

    response = post_json(client_as(role), IDEAS, body(network))

    if role in ADD:
        assert response.status_code == 201
        assert Idea.objects.count() == 1
    else:
        assert response.status_code == refusal_status(role)
        assert not Idea.objects.exists()


def test_a_member_may_not_add_to_another_network(client_as, member, other_network):
    response = post_json(client_as("member"), IDEAS, body(other_network))

    assert response.status_code == 403
    assert not Idea.objects.exists()


@pytest.mark.parametrize("title", ["", "   "])
def test_an_empty_title_is_422_naming_it(client_as, member, network, title):
    response = post_json(client_as("member"), IDEAS, body(network, title=title))

    assert error_locs(response) == [["body", "payload", "title"]]
    assert not Idea.objects.exists()


def test_an_unknown_status_is_422_naming_it(client_as, member, network):
    response = post_json(client_as("member"), IDEAS, body(network, status="finished"))

    assert error_locs(response) == [["body", "payload", "status"]]
    assert "new" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"network": 999999}, ["network"]),
        ({"housing_areas": [999999]}, ["housing_areas", 0]),
        ({"owner": 999999}, ["owner"]),
        ({"tags": ["mad, unge"]}, ["tags"]),
        ({"tags": ["a" * 51]}, ["tags", 0]),
        ({"description": "Ja\x00nej"}, ["description"]),
    ],
)
def test_what_cannot_be_used_is_422_naming_the_field(client_as, member, network, changes, loc):
    response = post_json(client_as("member"), IDEAS, body(network) | changes)

    assert error_locs(response) == [["body", "payload", *loc]]
    assert not Idea.objects.exists()


def test_the_meeting_must_be_under_way_or_held_and_the_networks(
    client_as, admin_user, network, other_network
):
    ahead = make_meeting(network, title="Næste møde")
    theirs = make_meeting(other_network, starts_at=timezone.now() - timedelta(days=1))
    client = client_as("admin_user")

    for meeting in (ahead, theirs):
        response = post_json(client, IDEAS, body(network, meeting=meeting.pk))
        assert error_locs(response) == [["body", "payload", "meeting"]]
    assert not Idea.objects.exists()


# --- reading ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_an_idea(client_as, idea, role, request):
    if role != "anonymous":
        request.getfixturevalue(role)

    response = client_as(role).get(url(idea))

    if role in SEE:
        assert response.status_code == 200
        data = response.json()
        assert (data["title"], data["tags"], data["status"]) == ("Madklub", ["Mad"], "new")
        assert [h["to_status"] for h in data["history"]] == ["new"]
    else:
        assert response.status_code == refusal_status(role)


def test_an_unknown_idea_is_404(client_as, admin_user):
    response = client_as("admin_user").get(f"{IDEAS}/999999")

    assert response.status_code == 404


def test_the_list_filters_as_the_catalogue_does(client_as, member, network, other_network, plan):
    nord = plan.areas.get(name="Nordparken")
    make_idea(network, "Madklub", housing_areas=[nord], tags=["Mad"])
    make_idea(network, "Lektiecafé", status="parked")
    make_idea(other_network, "Jobcafé", tags=["MAD", "job"], housing_areas=[nord])
    client = client_as("member")

    def titles(**query) -> list[str]:
        response = client.get(IDEAS, query)
        assert response.status_code == 200, response.content
        return [item["title"] for item in response.json()["items"]]

    assert titles() == ["Jobcafé", "Lektiecafé", "Madklub"]
    assert titles(network=network.pk) == ["Lektiecafé", "Madklub"]
    assert titles(status="parked") == ["Lektiecafé"]
    assert titles(tag="mad") == ["Jobcafé", "Madklub"]
    assert titles(area=nord.pk, network=other_network.pk) == ["Jobcafé"]
    assert titles(tag="findes ikke") == []


def test_the_list_shows_only_the_plans_one_takes_part_in(client_as, member, network, second_plan):
    make_idea(network, "Madklub")
    make_idea(Network.objects.create(plan=second_plan, name="Andenet", slug="ande"), "Andemad")

    member_sees = client_as("member").get(IDEAS).json()
    admin_sees = client_as("admin_user").get(IDEAS).json()

    assert [item["title"] for item in member_sees["items"]] == ["Madklub"]
    assert member_sees["count"] == 1
    assert admin_sees["count"] == 2


def test_the_list_refuses_an_unknown_status_and_needs_a_token(client_as, member):
    assert error_locs(client_as("member").get(IDEAS, {"status": "done"})) == [["query", "status"]]
    assert client_as("anonymous").get(IDEAS).status_code == 401


# --- changing --------------------------------------------------------------------------


def test_patch_changes_the_fields_sent(client_as, coordinator, idea, plan, volunteer):
    response = patch_json(
        client_as("coordinator"),
        url(idea),
        {"title": "Madklub for alle", "tags": ["fællesskab"], "owner": volunteer.pk},
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["title"], data["tags"], data["owner"]["id"]) == (
        "Madklub for alle",
        ["fællesskab"],
        volunteer.pk,
    )
    idea.refresh_from_db()
    assert idea.description == "" and [a.name for a in idea.housing_areas.all()] == ["Nordparken"]

    cleared = patch_json(client_as("coordinator"), url(idea), {"owner": None}).json()
    assert cleared["owner"] is None


def test_a_status_change_with_a_reason_is_saved_and_the_owner_told(
    client_as, coordinator, idea, volunteer, django_capture_on_commit_callbacks
):
    idea.owner = volunteer
    services.update_idea(idea)

    with django_capture_on_commit_callbacks(execute=True):
        response = patch_json(
            client_as("coordinator"),
            url(idea),
            {"status": "implemented", "reason": "Madklubben kører nu."},
        )

    assert response.status_code == 200, response.content
    history = response.json()["history"]
    assert [(h["from_status"], h["to_status"], h["reason"]) for h in history] == [
        (None, "new", ""),
        ("new", "implemented", "Madklubben kører nu."),
    ]
    assert history[1]["changed_by"] == "Karen Koordinator"
    assert OutgoingMessage.objects.get().status == OutgoingMessage.Status.SENT
    assert django_mail.outbox[-1].to == [f"Vera Frivillig <{volunteer.email}>"]


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_status_change_without_a_reason_is_422_naming_it(client_as, coordinator, idea, reason):
    data = {"status": "parked", "title": "Ændret titel"}
    if reason is not None:
        data["reason"] = reason

    response = patch_json(client_as("coordinator"), url(idea), data)

    assert error_locs(response) == [["body", "payload", "reason"]]
    idea.refresh_from_db()
    # Nothing of the request is kept, the new title included.
    assert (idea.status, idea.title) == ("new", "Madklub")
    assert idea.status_changes.count() == 1


def test_the_status_it_has_sent_again_needs_no_reason(client_as, coordinator, idea):
    response = patch_json(client_as("coordinator"), url(idea), {"status": "new", "public": True})

    assert response.status_code == 200
    assert response.json()["public"] is True
    assert idea.status_changes.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_an_idea(client_as, idea, role, request):
    if role != "anonymous":
        request.getfixturevalue(role)

    response = patch_json(client_as(role), url(idea), {"title": "Ny titel"})

    if role in CHANGE:
        assert response.status_code == 200
        assert Idea.objects.get(pk=idea.pk).title == "Ny titel"
    else:
        assert response.status_code == refusal_status(role)
        assert Idea.objects.get(pk=idea.pk).title == "Madklub"


def test_the_owner_may_change_their_idea(client_as, member, idea):
    idea.owner = member.person
    services.update_idea(idea)

    response = patch_json(client_as("member"), url(idea), {"status": "parked", "reason": "Pause."})

    assert response.status_code == 200
    assert Idea.objects.get(pk=idea.pk).status == "parked"


def test_an_explicit_null_title_is_422(client_as, coordinator, idea):
    response = patch_json(client_as("coordinator"), url(idea), {"title": None})

    assert error_locs(response) == [["body", "payload", "title"]]
