"""Phones pressing at once, through a running server: +1 stays one per phone, every post
lands, and the board's version counts each change (so no poll misses one); sending to the
catalogue twice at once makes each catalogue idea once."""

import json

import pytest

from ressourcenet.accounts.models import ApiToken
from ressourcenet.knowledge.models import Idea
from ressourcenet.live import services
from ressourcenet.live.models import LiveIdea, LiveSession, PlusOne
from ressourcenet.meetings.tests.test_parallel_writers import (
    Visitor,
    _a_database_with_real_connections,  # noqa: F401  (autouse: a file database on SQLite)
    all_at_once,
)

pytestmark = pytest.mark.django_db(transaction=True)
PHONES = 5
JSON = {"Content-Type": "application/json"}


def joined(live_server, live) -> Visitor:
    phone = Visitor(live_server.url)
    status, _page = phone.form(f"/m/{live.code}", {"name": "Aisha"})()
    assert status == 302
    return phone


def test_plus_ones_and_posts_at_once(live_server, live):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    version = LiveSession.objects.get().version
    same = joined(live_server, live)
    others = [joined(live_server, live) for _ in range(PHONES)]
    plus_one = f"/api/v1/live/{live.code}/ideas/{idea.pk}/plus-one"
    post = f"/api/v1/live/{live.code}/ideas"
    table = live.tables.first().pk
    requests = [lambda: same.open(plus_one, b"", JSON, "POST") for _ in range(PHONES)]
    requests += [lambda p=p: p.open(plus_one, b"", JSON, "POST") for p in others]
    requests += [
        lambda p=p, n=n: p.open(
            post, json.dumps({"table": table, "text": f"Idé {n}"}).encode(), JSON, "POST"
        )
        for n, p in enumerate(others)
    ]
    statuses = all_at_once(requests)
    assert set(statuses) <= {200, 201}
    assert PlusOne.objects.filter(idea=idea).count() == PHONES + 1
    assert LiveIdea.objects.count() == PHONES + 1
    assert LiveSession.objects.get().version == version + (PHONES + 1) + PHONES


def test_sending_to_the_catalogue_twice_at_once_makes_each_idea_once(
    live_server, live, coordinator
):
    """A double click, and a second tab, on "send" (the API, each with its own token)."""
    soup = services.post_idea(live, None, live.tables.first(), "Suppe")
    cake = services.post_idea(live, None, live.tables.last(), "Kage")
    dup = services.post_idea(live, None, live.tables.last(), "Suppe igen")
    path = f"/api/v1/meetings/{live.meeting_id}/live/promote"
    body = {"ideas": [cake.pk], "merge": [[soup.pk, dup.pk]]}
    requests = [
        Visitor(live_server.url).api(
            "POST", path, body, ApiToken.objects.create_for(coordinator)[1]
        )
        for _ in range(PHONES)
    ]
    statuses = all_at_once(requests)
    assert set(statuses) <= {200, 409}
    assert 200 in statuses
    assert Idea.objects.count() == 2
    assert LiveIdea.objects.filter(promoted_to__isnull=True).count() == 0
