"""Schemathesis against /api/v1/openapi.json, as administrator and as member.

Stateless: every operation with generated input, valid and invalid. Stateful: chains of
calls that follow the links between operations (a new meeting, then its agenda, …).
Both through the WSGI app on the test database: no server error, and every answer (error
answers included) matches the OpenAPI document. Seeded, so a run is repeatable.
"""

from datetime import datetime, timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import FlakyStrategyDefinition, Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ressourcenet.accounts.models import ApiToken
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Meeting
from ressourcenet.scheduling import services as scheduling_services

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 20
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
ROLES = ["admin_user", "member"]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes the database connection after each request, as Django's test client
    keeps it from doing: the test's transaction (PostgreSQL) must outlive the requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def data(network, meeting_soon, member, volunteer):
    """A meeting a week ahead with an open poll, to which the member is invited."""
    meeting_services.invite_people(meeting_soon, [member.person, volunteer])
    start = meeting_soon.starts_at + timedelta(days=1)
    scheduling_services.open_poll(meeting_soon, [(start, start + timedelta(hours=2))])
    return meeting_soon


@pytest.fixture
def meeting_soon(network) -> Meeting:
    day = timezone.localdate() + timedelta(days=7)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=17))
    return Meeting.objects.create(
        network=network, title="Nabomøde", starts_at=start, ends_at=start + timedelta(hours=2)
    )


def bearer(user) -> dict:
    """The token, and the test server's own host name: in negative mode schemathesis may
    also make up a Host header, which Django refuses (400) before the API is reached."""
    _token, raw = ApiToken.objects.create_for(user)
    return {"Authorization": f"Bearer {raw}", "Host": "testserver"}


def openapi():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    # No literals lifted from the Python source loaded at the time: which modules a run
    # has imported must not change the cases, or the derandomized chains turn flaky.
    schema.config.analysis.constants.enabled = False
    return schema


# schemathesis's own pytest loader needs a pytest attribute that pytest 9 removed, so
# the test walks the operations itself, with Hypothesis, in both generation modes.
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_within_its_schema(request, data, role, mode):
    headers = bearer(request.getfixturevalue(role))
    for result in openapi().get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @SETTINGS
        def call(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            try:
                call()
            except FlakyStrategyDefinition:
                # Some generated bodies draw differently when Hypothesis replays them (seen
                # once in many runs): that is the generator's doing, not an answer of ours,
                # so the operation is tried once more rather than failing the build.
                call()
        except Unsatisfiable:
            # Nothing to get wrong (no parameters, no body): no negative case exists.
            assert mode == GenerationMode.NEGATIVE


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_chains_of_operations_answer_within_their_schema(request, data, role):
    headers = bearer(request.getfixturevalue(role))

    class Machine(openapi().as_state_machine()):
        # Each chain starts from the same database: Hypothesis replays parts of earlier
        # chains while it generates, and a chain that finds what an earlier one left
        # behind would draw differently (FlakyStrategyDefinition).
        def __init__(self):
            super().__init__()
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    run_state_machine_as_test(
        Machine,
        settings=settings(
            SETTINGS, max_examples=EXAMPLES, stateful_step_count=6, phases=[Phase.generate]
        ),
    )
