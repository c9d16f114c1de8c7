"""A write without a token is told 401 first: before its body is read or checked, before
any object it names is looked up, so that the public is never shown validation details
of an operation it may not use. The walk covers every write operation of the API; the
authorisation matrix (accounts/matrix.py) says which writes are open to the public."""

import re

import pytest
from django.utils import translation

from ressourcenet.accounts import matrix
from ressourcenet.api.api import api
from ressourcenet.api.tests.test_meetings import URL, new_meeting
from ressourcenet.api.tests.utils import post_json

API_PREFIX = "/api/v1"
WRITES = ("post", "put", "patch", "delete")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Bodies that fail before any view runs: no object where one is due, and no JSON at all.
BAD_BODIES = {"schema": "[]", "not_json": "{title:"}


def write_operations():
    """(method, path, operation) for every write of the API's OpenAPI document."""
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            if method in WRITES:
                yield method, path.removeprefix(API_PREFIX), operation


def bad_request(path: str, operation: dict) -> str:
    """The address with every path parameter out of bounds: 0 for an id, which begins at 1."""
    kinds = {p["name"]: p["schema"].get("type") for p in operation.get("parameters", [])}
    return API_PREFIX + PLACEHOLDER.sub(
        lambda m: "0" if kinds[m.group(1)] == "integer" else "x", path
    )


CASES = [
    pytest.param(method, path, operation, body, id=f"{method.upper()} {path} {body}")
    for method, path, operation in write_operations()
    for body in BAD_BODIES
    if body == "schema" or "requestBody" in operation  # no body: only its path is bad
]


def anonymous_is_sent_to_log_in(method: str, path: str) -> bool:
    return matrix.API[f"{method.upper()} {path}"].expected("anonymous") == matrix.LOGIN


def test_the_walk_finds_the_writes_open_to_the_public_and_the_others():
    writes = [(method, path) for method, path, _operation in write_operations()]
    assert len(writes) > 30
    open_ = {f"{m.upper()} {p}" for m, p in writes if not anonymous_is_sent_to_log_in(m, p)}
    assert open_ == {
        "POST /live/{code}/join",
        "POST /live/{code}/ideas",
        "POST /live/{code}/ideas/{idea_id}/plus-one",
        "POST /posts/{slug}/comments",
    }


@pytest.mark.parametrize(("method", "path", "operation", "body"), CASES)
def test_an_anonymous_write_with_a_bad_body_is_told_401_first(
    admin_user, api_client, method, path, operation, body
):
    url = bad_request(path, operation)

    def send(client):
        return getattr(client, method)(url, BAD_BODIES[body], content_type="application/json")

    # The request is bad indeed: a caller with a token is told what is wrong with it.
    known = send(api_client(admin_user))
    assert known.status_code in (400, 422), known.content
    anonymous = send(api_client(None))
    if anonymous_is_sent_to_log_in(method, path):
        assert anonymous.status_code == 401, anonymous.content
        with translation.override("da"):
            assert anonymous.json() == {"detail": translation.gettext("Send a valid API token.")}
    else:  # open to the public: everyone is told the same about a bad request
        assert anonymous.status_code == known.status_code, anonymous.content


def test_an_anonymous_meeting_for_an_unknown_network_is_told_401(api_client, network):
    body = new_meeting(network) | {"network": 987654}

    response = post_json(api_client(None), URL, body)

    assert response.status_code == 401
    assert "loc" not in response.content.decode()


def test_a_wrong_token_is_told_401_before_its_bad_body(api_client, network):
    response = api_client(None).post(
        URL, "[]", content_type="application/json", HTTP_AUTHORIZATION="Bearer rn_never-issued"
    )

    assert response.status_code == 401
