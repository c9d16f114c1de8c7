"""The Redis cache (lib/redis_cache.py) on a real Redis server, and the pages kept for
logged-in users in it (lib/viewer_cache.py), as in production. Redis database 15 under a
key prefix of the test's own (the `redis_cache` fixture)."""

import threading

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ressourcenet.blog.tests.test_rate_redis import redis_cache  # noqa: F401 (a fixture)
from ressourcenet.people.privacy import _delete_cached

NETWORK_PAGE = "/plans/testby/networks/familier/"


def test_one_client_per_pool_shared_by_threads(redis_cache):  # noqa: F811
    cache = caches["default"]
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool

    def count():
        for _ in range(50):
            cache.incr("counted")

    cache.set("counted", 0)
    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert cache.get("counted") == 400


def test_a_kept_page_is_served_from_redis_and_an_erasure_deletes_it(
    redis_cache,  # noqa: F811
    login,
    coordinator,
    network,
):
    client = login(coordinator)
    client.get(NETWORK_PAGE)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(NETWORK_PAGE).status_code == 200
    assert len(queries) == 0  # the session is in Redis too (cached_db)
    kept = list(caches["default"]._cache.get_client().scan_iter(f"{redis_cache}:*viewer:page:*"))
    assert len(kept) == 1

    _delete_cached(caches["default"], "viewer:page:*")

    assert not list(
        caches["default"]._cache.get_client().scan_iter(f"{redis_cache}:*viewer:page:*")
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(NETWORK_PAGE)
    assert len(queries) > 1
