"""Several app servers behind a balancer share everything: the settings, read from the
environment in a fresh process, put caches in Redis, sessions and queued tasks in the
database, and uploaded files in the configured storage (an S3 bucket when named)."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client

PRODUCTION = {
    "RESSOURCENET_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "ressourcenet.example.dk",
    "EMAIL_URL": "smtp://smtp.example.dk:587",
    "REDIS_URL": "redis://redis.example.dk:6379/0",
}
CLEARED = {*PRODUCTION, "DATABASE_URL", "TASK_BACKEND", "DEBUG", "DEMO_MODE"}

READ = """
import json
from django.conf import settings
import django
django.setup()
{extra}
print(json.dumps({{
    "caches": settings.CACHES,
    "session_engine": settings.SESSION_ENGINE,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "storage": settings.STORAGES["default"],
    **extra,
}}, default=str))
"""


def read_settings(tmp_path, extra: str = "extra = {}", **env: str) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in CLEARED and not key.startswith("STORAGE_S3_")
    }
    environment.update(
        RESSOURCENET_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="ressourcenet.settings", **env
    )
    result = subprocess.run(
        [sys.executable, "-c", READ.format(extra=extra)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout)


def test_production_puts_both_caches_in_redis_under_their_own_prefixes(tmp_path):
    caches = read_settings(tmp_path, **PRODUCTION)["caches"]

    assert {name: cache["BACKEND"] for name, cache in caches.items()} == {
        "default": "ressourcenet.lib.redis_cache.RedisCache",
        "leaflets": "ressourcenet.lib.redis_cache.RedisCache",
    }
    assert {cache["LOCATION"] for cache in caches.values()} == {PRODUCTION["REDIS_URL"]}
    assert caches["default"]["KEY_PREFIX"] != caches["leaflets"]["KEY_PREFIX"]


def test_development_keeps_the_caches_in_memory(tmp_path):
    caches = read_settings(tmp_path)["caches"]

    assert {cache["BACKEND"] for cache in caches.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }
    assert caches["leaflets"]["OPTIONS"] == {"MAX_ENTRIES": 50}


def test_sessions_live_in_the_database_read_through_the_shared_cache(tmp_path):
    """Written to PostgreSQL and to the default cache (Redis, shared by every server: see
    the test of the caches above), read from the cache first."""
    assert read_settings(tmp_path, **PRODUCTION)["session_engine"] == (
        "django.contrib.sessions.backends.cached_db"
    )


def test_the_database_task_backend_queues_in_the_database(tmp_path):
    read = read_settings(tmp_path, **PRODUCTION, TASK_BACKEND="database")

    assert read["tasks"] == "django_tasks_db.DatabaseBackend"


def test_uploads_go_to_the_file_system_by_default(tmp_path):
    extra = (
        "from django.core.files.storage import default_storage\n"
        "extra = {'location': default_storage.location}"
    )
    read = read_settings(tmp_path, extra=extra, **PRODUCTION)

    assert read["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert read["location"] == str(tmp_path / "media")


def test_uploads_go_to_an_s3_bucket_when_one_is_named(tmp_path):
    """Made from the environment alone, without reaching the bucket."""
    extra = (
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "extra = {'made': [type(s).__name__, s.bucket_name, s.endpoint_url, s.region_name,"
        " s.access_key, s.location, s.file_overwrite, s.default_acl]}"
    )
    read = read_settings(
        tmp_path,
        extra=extra,
        **PRODUCTION,
        STORAGE_S3_BUCKET="ressourcenet-media",
        STORAGE_S3_ENDPOINT_URL="https://s3.example.dk",
        STORAGE_S3_REGION="eu-north-1",
        STORAGE_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        STORAGE_S3_SECRET_ACCESS_KEY="secret",
        STORAGE_S3_PREFIX="albertslund",
        STORAGE_S3_ADDRESSING_STYLE="path",
    )

    assert read["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert read["storage"]["OPTIONS"]["addressing_style"] == "path"
    assert read["made"] == [
        "S3Storage",
        "ressourcenet-media",
        "https://s3.example.dk",
        "eu-north-1",
        "AKIAEXAMPLE",
        "albertslund",
        False,
        None,
    ]


def test_an_s3_bucket_without_keys_leaves_them_to_boto3(tmp_path):
    options = read_settings(tmp_path, **PRODUCTION, STORAGE_S3_BUCKET="media")["storage"]["OPTIONS"]

    assert options["access_key"] is None and options["secret_key"] is None
    assert options["endpoint_url"] is None and options["addressing_style"] is None


def test_an_unknown_addressing_style_is_refused(tmp_path):
    with pytest.raises(RuntimeError, match="STORAGE_S3_ADDRESSING_STYLE"):
        read_settings(
            tmp_path, **PRODUCTION, STORAGE_S3_BUCKET="media", STORAGE_S3_ADDRESSING_STYLE="odd"
        )


def test_production_lets_the_balancer_ask_for_health_over_plain_http(tmp_path, settings, db):
    extra = "extra = {'exempt': settings.SECURE_REDIRECT_EXEMPT}"
    settings.SECURE_REDIRECT_EXEMPT = read_settings(tmp_path, extra=extra, **PRODUCTION)["exempt"]
    settings.SECURE_SSL_REDIRECT = True

    assert Client().get("/api/v1/health").status_code == 200
    assert Client().get("/").status_code == 301
    assert Client().get("/api/v1/networks").status_code == 301
