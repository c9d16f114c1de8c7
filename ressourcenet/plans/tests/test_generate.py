"""`generate`: a synthetic national data set, at a tiny scale here."""

import hashlib
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from ressourcenet.accounts.models import User
from ressourcenet.blog.models import BloggerProfile, BlogTag, Comment, Post
from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import Experience, Idea, SearchEntry, Summary
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Organisation, Person
from ressourcenet.plans import generate
from ressourcenet.plans.models import Plan
from ressourcenet.scheduling.models import Answer, Poll

SCALE = "0.002"


def run(*args: str) -> str:
    out = StringIO()
    call_command("generate", "--scale", SCALE, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def generated(db) -> str:
    return run()


def checksum() -> dict[str, str]:
    """A digest per table of the generated rows, of the columns that do not depend on the
    clock of the run (nor on the ids a table gave before: the search entries' own)."""
    digests = {}
    selections = [
        (Plan, ["name", "slug", "starts_on"]),
        (Person, ["name", "email", "phone", "stakeholder_group", "organisation", "housing_area"]),
        (Membership, ["network", "person", "role", "starts_on", "ends_on"]),
        (Meeting, ["network", "title", "why", "starts_at", "ends_at", "uid", "cancelled_at"]),
        (Invitation, ["meeting", "person", "answer", "attended", "is_guest"]),
        (Answer, ["slot", "person", "value"]),
        (Idea, ["network", "meeting", "title", "status", "owner", "created_at"]),
        (Summary, ["meeting", "state", "body", "public"]),
        (Post, ["slug", "title", "state", "publish_at", "author"]),
        (Comment, ["post", "parent", "name", "state", "body", "created_at"]),
    ]
    for model, fields in selections:
        digest = hashlib.sha256()
        for row in model.objects.order_by("pk").values_list("pk", *fields):
            digest.update(repr(row).encode())
        digests[model.__name__] = digest.hexdigest()
    entries = SearchEntry.objects.order_by("kind", "object_id")
    rows = entries.values_list("kind", "object_id", "title", "body", "public", "url")
    digests["SearchEntry"] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


def empty_database() -> None:
    Comment.objects.all().delete()
    Post.objects.all().delete()
    BloggerProfile.objects.all().delete()
    BlogTag.objects.all().delete()
    Experience.objects.all().delete()
    Plan.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    User.objects.all().delete()


def test_a_tiny_scale_fills_counts_in_proportion(generated):
    expected = generate.counts_for(float(SCALE))

    assert expected == {
        "plans": 1,
        "networks": 1,
        "people": 60,
        "meetings": 12,
        "ideas": 120,
        "summaries": 20,
        "posts": 10,
        "comments": 200,
    }
    assert Plan.objects.count() == 1
    assert Network.objects.count() == 1
    assert Person.objects.count() == 60
    assert Meeting.objects.count() == 12
    assert Idea.objects.count() == 120
    assert Post.objects.count() == 10
    assert Comment.objects.count() == 200
    # One summary per held meeting at most: fewer held meetings than summaries asked for.
    held = Meeting.objects.past().count()
    assert Summary.objects.count() == min(20, held) > 0
    assert Invitation.objects.exists() and Answer.objects.exists()
    assert "Generated" in generated and "rows/s" in generated


def test_ten_times_the_scale_gives_ten_times_the_rows(db):
    run_at = generate.counts_for(0.02)

    assert run_at["people"] == 600 and run_at["ideas"] == 1200 and run_at["comments"] == 2000
    assert generate.counts_for(1) == generate.NATIONAL


def test_the_same_seed_gives_the_same_data(generated):
    first = checksum()
    empty_database()

    run()

    assert checksum() == first


def test_another_seed_gives_other_data(generated):
    first = checksum()
    empty_database()

    run("--seed", "7")

    assert checksum() != first


def test_a_database_with_plans_is_refused(plan):
    people = Person.objects.count()

    with pytest.raises(CommandError, match="already holds plans"):
        run()

    assert Person.objects.count() == people and Plan.objects.count() == 1


def test_a_bad_scale_is_refused(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate", "--scale", "lots", stdout=StringIO())
    assert not Plan.objects.exists()


def test_every_generated_thing_is_in_the_search_index(generated):
    # What `reindex` would write: nothing more, nothing less.
    before = set(SearchEntry.objects.values_list("kind", "object_id", "title", "body", "url"))

    search.reindex()

    assert set(SearchEntry.objects.values_list("kind", "object_id", "title", "body", "url")) == (
        before
    )


def test_the_targets_are_there(generated):
    network = Network.objects.get(plan__slug=generate.TARGET_PLAN, slug=generate.TARGET_NETWORK)
    coordinator = network.memberships.get(role=Membership.Role.COORDINATOR).person

    assert Plan.objects.current().slug == generate.TARGET_PLAN
    assert coordinator.user.email == generate.COORDINATOR
    assert network.memberships.filter(person__user__email=generate.MEMBER).exists()
    assert network.meetings.past().count() == max(
        n.meetings.past().count() for n in Network.objects.all()
    )
    poll = Poll.objects.get(meeting__network=network, meeting__title=generate.POLL_TITLE)
    assert poll.is_open
    assert Answer.objects.filter(slot__poll=poll).values("person").distinct().count() >= 5
    planned = network.meetings.get(title=generate.PLANNED_TITLE)
    assert planned.has_time and planned.invitations_sent_at is None
    post = Post.objects.get(slug=generate.TARGET_POST)
    assert post.is_visible
    assert post.comments.published().count() == post.comments.count() == 200


def logged_in(email: str) -> Client:
    client = Client()
    assert client.login(username=email, password=settings.DEMO_PASSWORD)
    return client


@pytest.mark.parametrize(
    ("email", "page"),
    [
        (generate.COORDINATOR, "front page"),
        (generate.MEMBER, "front page"),
        (generate.BOARD_MEMBER, "front page"),
        (generate.EDITOR, "front page"),
        (generate.ADMIN, "front page"),
        (generate.COORDINATOR, "network"),
        (generate.MEMBER, "network"),
        (generate.BOARD_MEMBER, "network"),
        (generate.COORDINATOR, "meeting planning"),
        (generate.COORDINATOR, "poll"),
        (generate.MEMBER, "idea catalogue"),
        (generate.MEMBER, "search"),
        (None, "blog index"),
        (generate.EDITOR, "blog index"),
        (None, "post with 200 comments"),
        (generate.COORDINATOR, "network health"),
        (generate.ADMIN, "network health"),
    ],
)
def test_the_key_pages_answer_their_users(generated, email, page):
    client = logged_in(email) if email else Client()

    response = client.get(generate.targets()[page])

    assert response.status_code == 200


def test_the_search_finds_ideas(generated):
    response = logged_in(generate.MEMBER).get(generate.targets()["search"])

    assert b"<mark>" in response.content


def test_the_post_shows_its_200_comments(generated):
    response = Client().get(generate.targets()["post with 200 comments"])

    assert response.content.decode().count('class="blog-comment"') == 200
