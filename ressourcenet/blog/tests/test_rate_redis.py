"""The comment limit in Redis, as in production (REDIS_URL): several app processes, each
with its own cache client, count together, and twenty comments at once store five.

The tests use Redis database 15 (REDIS_TEST_URL changes it) under a key prefix of their
own, and delete only their own keys. Without a Redis server they are skipped, except in
CI (CI or E2E_REQUIRED set), where that is a failure.
"""

import os
import threading
import uuid

import pytest
import redis
from django.core.cache import caches
from django.db import connection

from ressourcenet.blog import services
from ressourcenet.blog.models import Comment
from ressourcenet.blog.services import COMMENTS_PER_WINDOW, CommentIn, TooManyComments
from ressourcenet.blog.tests.test_comments import guest_form

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
API = "/api/v1/posts/lektiecafeen/comments"
FORM = "/blog/lektiecafeen/comments/"
GUEST = {"name": "Gitte Gæst", "body": "Godt skrevet!"}


@pytest.fixture
def redis_cache(settings):
    """The default cache is a RedisCache with a prefix of this test's own."""
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        reason = f"no Redis server at {REDIS_TEST_URL} ({error})"
        if os.environ.get("CI") or os.environ.get("E2E_REQUIRED"):
            pytest.fail(reason)
        pytest.skip(reason)
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = settings.CACHES | {
        "default": {
            "BACKEND": "ressourcenet.lib.redis_cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def a_new_process(monkeypatch):
    """The blog's rules with a cache client of their own, as in another app process."""
    monkeypatch.setattr(services, "cache", caches.create_connection("default"))
    assert "Redis" in type(services.cache).__name__


def test_the_default_cache_is_redis_under_the_prefix(redis_cache, monkeypatch):
    a_new_process(monkeypatch)
    services.cache.set("probe", 1)
    client = redis.Redis.from_url(REDIS_TEST_URL)
    assert client.exists(f"{redis_cache}:1:probe")


@pytest.mark.parametrize("way", ["api", "form"])
def test_processes_share_the_count_sixth_from_one_address_is_429(
    client, post, redis_cache, monkeypatch, way
):
    for number in range(COMMENTS_PER_WINDOW + 1):
        a_new_process(monkeypatch)  # each request in another process
        email = f"g{number}@example.org"  # only the address is the same
        if way == "api":
            response = client.post(
                API, GUEST | {"email": email}, "application/json", REMOTE_ADDR="10.0.0.9"
            )
        else:
            response = client.post(FORM, guest_form(email=email), REMOTE_ADDR="10.0.0.9")
        if number < COMMENTS_PER_WINDOW:
            assert response.status_code in (201, 302), response.content
    assert response.status_code == 429
    assert Comment.objects.count() == COMMENTS_PER_WINDOW
    # The count lives in Redis, not in one client: a fresh one refuses the address too.
    a_new_process(monkeypatch)
    with pytest.raises(TooManyComments):
        services.reserve("10.0.0.9", "new@example.org")


def test_a_refused_or_invalid_comment_does_not_count(client, post, redis_cache, monkeypatch):
    a_new_process(monkeypatch)
    for _ in range(3):
        bad = client.post(API, GUEST | {"email": "a@example.org", "body": " "}, "application/json")
        assert bad.status_code == 422
    for number in range(COMMENTS_PER_WINDOW):
        email = f"g{number}@example.org"
        assert client.post(API, GUEST | {"email": email}, "application/json").status_code == 201
    for _ in range(3):
        refused = client.post(API, GUEST | {"email": "z@example.org"}, "application/json")
        assert refused.status_code == 429
    # The refusals were taken back: neither the address nor the e-mail counted up.
    assert services.cache.get("blog-comments-ip:127.0.0.1") == COMMENTS_PER_WINDOW
    assert not services.cache.get("blog-comments-email:z@example.org")


@pytest.mark.django_db(transaction=True)
def test_twenty_comments_at_once_store_five(post, redis_cache):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database on a file")
    writers = 20
    start = threading.Barrier(writers)
    results: list[str] = []

    def write(number: int) -> None:
        # Each thread has its own cache client (the cache handler is per thread).
        try:
            data = CommentIn(body="Godt skrevet!", name="Gitte", email=f"g{number}@example.org")
            start.wait()
            services.post_comment(post, data, ip="10.0.0.7")
            results.append("stored")
        except TooManyComments:
            results.append("refused")
        except Exception as error:  # noqa: BLE001 - shown in the assertion
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused"] * 15 + ["stored"] * COMMENTS_PER_WINDOW
    assert Comment.objects.filter(ip="10.0.0.7").count() == COMMENTS_PER_WINDOW
