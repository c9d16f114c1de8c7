"""Tokens made before expiry dates existed get the default lifetime from the upgrade."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0004_apitoken_expires_at_required")]


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_get_the_default_lifetime(settings):
    settings.API_TOKEN_DAYS = 90
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    user = old_apps.get_model("accounts", "User").objects.create(email="mads@example.org")
    old_apps.get_model("accounts", "ApiToken").objects.create(
        user=user, prefix="rn_abcde", key_hash="0" * 64
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    new_apps = executor.loader.project_state(AFTER).apps
    token = new_apps.get_model("accounts", "ApiToken").objects.get()
    lifetime = token.expires_at - timezone.now()
    assert timedelta(days=89, hours=23) < lifetime <= timedelta(days=90)
    restore = MigrationExecutor(connection)
    restore.migrate(restore.loader.graph.leaf_nodes())
