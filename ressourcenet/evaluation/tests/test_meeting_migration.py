"""Evaluations made before they named their meeting get it from their invitation."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("evaluation", "0001_initial"), ("meetings", "0004_invitation_link_revoked_at")]
AFTER = [("evaluation", "0003_evaluation_invitation_optional")]


@pytest.mark.django_db(transaction=True)
def test_existing_evaluations_get_their_invitations_meeting(network, volunteer):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    meeting = old.get_model("meetings", "Meeting").objects.create(
        network_id=network.pk, title="Caféen", starts_at=timezone.now()
    )
    invitation = old.get_model("meetings", "Invitation").objects.create(
        meeting=meeting, person_id=volunteer.pk, attended=True
    )
    old.get_model("evaluation", "Evaluation").objects.create(
        invitation=invitation, relevance=4, time_well_spent=5, suggestion="Mere kaffe"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps
    evaluation = new.get_model("evaluation", "Evaluation").objects.get()
    assert evaluation.meeting_id == meeting.pk
    assert evaluation.invitation_id == invitation.pk
    restore = MigrationExecutor(connection)
    restore.migrate(restore.loader.graph.leaf_nodes())
