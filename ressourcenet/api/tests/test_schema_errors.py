"""Schema errors (a missing field, a word where a number belongs, unknown choices, broken
JSON) answer 422 naming the field, with a message in the client's language: Danish first."""

import pytest
from django.test import Client

from ressourcenet.accounts.models import ApiToken
from ressourcenet.api.common import SCHEMA_MESSAGES, danish_schema_error
from ressourcenet.api.tests.test_meetings import URL, new_meeting
from ressourcenet.api.tests.utils import post_json


def details(response) -> dict[tuple, str]:
    assert response.status_code == 422, response.content
    return {tuple(detail["loc"]): detail["msg"] for detail in response.json()["detail"]}


def test_a_missing_field_is_named_in_danish(admin_user, api_client, network):
    body = new_meeting(network)
    del body["title"]

    found = details(post_json(api_client(admin_user), URL, body))

    assert found == {("body", "payload", "title"): "Udfyld feltet."}


def test_a_word_where_a_number_belongs_is_refused_in_danish(admin_user, api_client, network):
    body = new_meeting(network) | {"network": "tre"}

    found = details(post_json(api_client(admin_user), URL, body))

    assert found == {("body", "payload", "network"): "Skriv et helt tal."}


def test_an_offset_that_is_not_a_number_is_refused_in_danish(admin_user, api_client):
    found = details(api_client(admin_user).get(URL, {"offset": "mange"}))

    assert found == {("query", "offset"): "Skriv et helt tal."}


def test_an_unknown_choice_lists_the_choices_in_danish(admin_user, api_client):
    found = details(api_client(admin_user).get("/api/v1/people", {"group": "pirates"}))

    message = found[("query", "group")]
    assert message.startswith("Vælg en af: ")
    assert "'volunteer'" in message
    assert " eller '" in message and " or " not in message


def test_broken_json_is_refused_in_danish(admin_user, api_client):
    response = api_client(admin_user).post(URL, "{title:", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Forespørgslen er ikke gyldig JSON."}


def test_an_unknown_id_answers_404_in_danish(admin_user, api_client):
    response = api_client(admin_user).get(f"{URL}/987654")

    assert response.status_code == 404
    assert response.json() == {"detail": "Ikke fundet."}


def test_an_english_client_gets_english_messages(admin_user, network):
    _token, raw = ApiToken.objects.create_for(admin_user)
    client = Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})
    body = new_meeting(network)
    del body["title"]

    found = details(post_json(client, URL, body))

    assert found == {("body", "payload", "title"): "Fill in this field."}


def test_our_own_danish_messages_are_kept(admin_user, api_client, network):
    found = details(post_json(api_client(admin_user), URL, new_meeting(network, title="A\x00B")))

    assert "kontroltegn" in found[("body", "payload", "title")]


@pytest.mark.parametrize("kind", sorted(SCHEMA_MESSAGES))
def test_every_kind_gets_a_message_even_without_its_context(kind):
    error = danish_schema_error({"type": kind, "loc": ["body"], "msg": "English", "ctx": {}})

    assert error["msg"] and error["msg"] != "English"
    assert "%(" not in error["msg"]
    assert "ctx" not in error


def test_an_unknown_kind_of_pydantic_error_gets_a_plain_danish_message():
    error = danish_schema_error({"type": "url_parsing", "loc": ["body"], "msg": "Input should…"})

    assert error["msg"] == "Værdien kan ikke bruges."


def test_too_long_text_names_characters_and_a_long_list_its_count():
    text = danish_schema_error(
        {
            "type": "too_long",
            "loc": ["body", "payload", "reason"],
            "msg": "English",
            "ctx": {"field_type": "Value", "max_length": 20_000, "actual_length": 20_001},
        }
    )
    listed = danish_schema_error(
        {
            "type": "too_long",
            "loc": ["body", "payload", "parties"],
            "msg": "English",
            "ctx": {"field_type": "List", "max_length": 50, "actual_length": 51},
        }
    )

    assert text["msg"] == "Skriv højst 20.000 tegn."
    assert listed["msg"] == "Angiv højst 50."


def test_an_unknown_id_in_the_body_names_the_thing_in_danish(admin_user, api_client, plan):
    from ressourcenet.api.common import no_such

    assert no_such("housing area", 5) == "Boligområde med id 5 findes ikke."
    assert no_such("board_meeting", 99) == "Bestyrelsesmøde med id 99 findes ikke."
