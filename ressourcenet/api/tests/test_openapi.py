"""The OpenAPI document and the docs page: served from the site itself, under its CSP."""

import json
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

OPENAPI = "/api/v1/openapi.json"
DOCS = "/api/v1/docs"
PATHS = {
    "/api/v1/health": {"get"},
    "/api/v1/networks": {"get"},
    "/api/v1/networks/{network_id}": {"get"},
    "/api/v1/networks/{network_id}/members": {"get", "post"},
    "/api/v1/people": {"get", "post"},
    "/api/v1/organisations": {"get"},
    "/api/v1/meetings": {"get", "post"},
    "/api/v1/meetings/{meeting_id}": {"get", "patch", "delete"},
    "/api/v1/meetings/{meeting_id}/agenda": {"get", "put"},
    "/api/v1/meetings/{meeting_id}/roles": {"get", "post"},
    "/api/v1/meetings/{meeting_id}/invitations": {"get", "post"},
    "/api/v1/meetings/{meeting_id}/invitations/send": {"post"},
    "/api/v1/meetings/{meeting_id}/design-check": {"get"},
    "/api/v1/meetings/{meeting_id}/clock": {"get"},
    "/api/v1/meetings/{meeting_id}/clock/next": {"post"},
    "/api/v1/meetings/{meeting_id}/clock/undo": {"post"},
    "/api/v1/meetings/{meeting_id}/calendar.ics": {"get"},
    "/api/v1/meetings/{meeting_id}/poll": {"post"},
    "/api/v1/polls/{poll_id}": {"get"},
    "/api/v1/polls/{poll_id}/answers/{person_id}": {"put"},
    "/api/v1/polls/{poll_id}/recommendation": {"get"},
    "/api/v1/polls/{poll_id}/finalise": {"post"},
    "/api/v1/polls/{poll_id}/reminders": {"post"},
    "/api/v1/ideas": {"get", "post"},
    "/api/v1/recommendations": {"get", "post"},
    "/api/v1/recommendations/{recommendation_id}": {"get"},
    "/api/v1/recommendations/{recommendation_id}/transition": {"post"},
    "/api/v1/board-meetings": {"get", "post"},
    "/api/v1/board-meetings/{board_meeting_id}/packet.pdf": {"get"},
    "/api/v1/ideas/{idea_id}": {"get", "patch"},
    "/api/v1/meetings/{meeting_id}/summary": {"get", "put"},
    "/api/v1/meetings/{meeting_id}/summary/amendments": {"post"},
    "/api/v1/meetings/{meeting_id}/leaflet.pdf": {"get"},
    "/api/v1/search": {"get"},
    "/api/v1/networks/{network_id}/health": {"get"},
    "/api/v1/meetings/{meeting_id}/evaluation": {"post"},
    "/api/v1/experiences": {"get", "post"},
    "/api/v1/experiences/{experience_id}": {"get"},
    "/api/v1/meetings/{meeting_id}/live": {"post", "delete"},
    "/api/v1/meetings/{meeting_id}/live/promote": {"post"},
    "/api/v1/live/{code}": {"get"},
    "/api/v1/live/{code}/join": {"post"},
    "/api/v1/live/{code}/ideas": {"post"},
    "/api/v1/live/{code}/ideas/{idea_id}/plus-one": {"post"},
    "/api/v1/live/{code}/ideas/{idea_id}/mark": {"post"},
    "/api/v1/cofinancing-agreements": {"get", "post"},
    "/api/v1/cofinancing-agreements/{agreement_id}": {"get", "patch"},
    "/api/v1/cofinancing-agreements/{agreement_id}/versions": {"get"},
    "/api/v1/cooperation-agreements": {"get", "post"},
    "/api/v1/cooperation-agreements/{agreement_id}": {"get"},
    "/api/v1/cooperation-agreements/{agreement_id}/accept": {"post"},
    "/api/v1/cooperation-agreements/{agreement_id}/end": {"post"},
    "/api/v1/cooperation-agreements/{agreement_id}/remind": {"post"},
    "/api/v1/cooperation-agreements/{agreement_id}/paper-acceptance": {"post"},
    "/api/v1/allocations": {"get", "put"},
    "/api/v1/posts": {"get"},
    "/api/v1/posts/{slug}": {"get"},
    "/api/v1/posts/{slug}/comments": {"post"},
    "/api/v1/comments/{comment_id}/moderate": {"post"},
}
STAKEHOLDER_GROUPS = [
    "professional_management",
    "professional_staff",
    "resident_board",
    "volunteer",
    "operations_staff",
    "social_housing_staff",
    "guest",
]


@pytest.fixture
def openapi(db) -> dict:
    response = Client().get(OPENAPI)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def component(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def resolve(document: dict, schema: dict) -> dict:
    """A property's schema, following a $ref into the components."""
    if "$ref" in schema:
        return component(document, schema["$ref"].rsplit("/", 1)[-1])
    return schema


def test_openapi_lists_every_path_and_method(openapi):
    assert openapi["openapi"].startswith("3.")
    assert openapi["info"]["title"] == "Ressourcenet API"
    assert {path: set(methods) for path, methods in openapi["paths"].items()} == PATHS


def test_openapi_describes_bearer_tokens(openapi):
    assert openapi["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"}
    }
    assert openapi["paths"]["/api/v1/people"]["get"]["security"] == [{"BearerToken": []}]


def test_openapi_marks_health_and_organisations_as_open(openapi):
    assert "security" not in openapi["paths"]["/api/v1/health"]["get"]
    assert "security" not in openapi["paths"]["/api/v1/organisations"]["get"]


def test_openapi_lists_the_stakeholder_group_codes(openapi):
    assert component(openapi, "StakeholderGroup")["enum"] == STAKEHOLDER_GROUPS
    person = component(openapi, "PersonOut")["properties"]
    assert person["stakeholder_group"] == {"$ref": "#/components/schemas/StakeholderGroup"}


def test_openapi_keeps_membership_roles_and_meeting_roles_apart(openapi):
    """Both enums are classes called Role; neither may replace the other in the document."""
    member_role = component(openapi, "MemberOut")["properties"]["role"]
    assert resolve(openapi, member_role)["enum"] == ["member", "coordinator"]
    meeting_role = component(openapi, "RoleIn")["properties"]["role"]
    assert resolve(openapi, meeting_role)["enum"] == [
        "facilitator",
        "speaker",
        "table_host",
        "note_taker",
        "time_keeper",
        "other",
    ]


def test_openapi_lists_the_agenda_kinds(openapi):
    kind = component(openapi, "AgendaItemIn")["properties"]["kind"]
    assert resolve(openapi, kind)["enum"] == [
        "welcome",
        "talk",
        "workshop",
        "knowledge_sharing",
        "break",
        "food",
        "wrap_up",
        "buffer",
        "other",
    ]


def test_openapi_says_how_times_without_offset_are_read(openapi):
    starts_at = component(openapi, "MeetingIn")["properties"]["starts_at"]
    # May be null (no time decided yet); a time given is read so.
    (given,) = [option for option in starts_at["anyOf"] if option.get("type") != "null"]
    assert given["format"] == "date-time"
    assert "Copenhagen" in given["description"] + starts_at.get("description", "")


def test_openapi_describes_the_calendar_file(openapi):
    responses = openapi["paths"]["/api/v1/meetings/{meeting_id}/calendar.ics"]["get"]["responses"]
    assert set(responses["200"]["content"]) == {"text/calendar"}


def test_openapi_describes_the_leaflet_as_a_pdf(openapi):
    responses = openapi["paths"]["/api/v1/meetings/{meeting_id}/leaflet.pdf"]["get"]["responses"]
    assert set(responses["200"]["content"]) == {"application/pdf"}
    assert {"403", "404"} <= set(responses)


def test_openapi_describes_the_board_packet_as_a_pdf(openapi):
    path = "/api/v1/board-meetings/{board_meeting_id}/packet.pdf"
    responses = openapi["paths"][path]["get"]["responses"]
    assert set(responses["200"]["content"]) == {"application/pdf"}
    assert {"403", "404"} <= set(responses)


def test_openapi_marks_contact_details_as_optional(openapi):
    person = component(openapi, "PersonOut")

    assert {"email", "phone"} <= set(person["properties"])
    assert not {"email", "phone"} & set(person["required"])
    assert {"id", "name", "stakeholder_group"} <= set(person["required"])


def test_openapi_documents_the_page_limits(openapi):
    parameters = openapi["paths"]["/api/v1/people"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")

    assert limit["in"] == "query"
    assert (limit["schema"]["default"], limit["schema"]["maximum"]) == (100, 500)


def test_openapi_needs_no_token(network):
    response = Client(headers={"Authorization": "Bearer broken"}).get(OPENAPI)

    assert response.status_code == 200


class PageResources(HTMLParser):
    """What a page asks the browser to load or run."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.data_blocks: list[str] = []
        self.style_attributes = 0
        self.style_elements = 0
        self._in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name) and tag in ("script", "link", "img", "iframe", "source"):
                self.urls.append(attrs[name])
        if "style" in attrs:
            self.style_attributes += 1
        if tag == "style":
            self.style_elements += 1
        if tag == "script" and "src" not in attrs:
            self._in_script = attrs.get("type") or "text/javascript"
        if any(name.startswith("on") for name in attrs):
            self.inline_scripts.append(f"<{tag}> event handler")

    def handle_data(self, data):
        if self._in_script is None:
            return
        if self._in_script == "application/json":
            self.data_blocks.append(data)
        elif data.strip():
            self.inline_scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.fixture
def docs(db):
    response = Client().get(DOCS)
    assert response.status_code == 200
    page = PageResources()
    page.feed(response.content.decode())
    return response, page


def test_docs_page_loads_nothing_from_third_parties(docs):
    _response, page = docs

    assert page.urls, "the page should load Swagger UI"
    for url in page.urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url


def test_docs_page_loads_swagger_from_the_sites_own_static_files(docs):
    response, page = docs
    html = response.content.decode()

    assert "http://" not in html
    assert "https://" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in page.urls
    for url in page.urls:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file"


def test_docs_page_runs_no_inline_script(docs):
    """The CSP allows script from 'self' only; the config travels as a JSON data block."""
    _response, page = docs

    assert page.inline_scripts == []
    [settings] = page.data_blocks
    assert json.loads(settings)["url"] == OPENAPI


def test_docs_page_has_no_inline_style(docs):
    _response, page = docs

    assert (page.style_attributes, page.style_elements) == (0, 0)


def test_docs_page_is_sent_with_the_sites_content_security_policy(docs):
    response, _page = docs
    parts = [part.split() for part in response["Content-Security-Policy"].split(";")]
    directives = {part[0]: part[1:] for part in parts if part}

    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]


def test_openapi_lists_the_poll_answer_codes(openapi):
    answers = component(openapi, "AnswersIn")["properties"]["answers"]
    assert answers["additionalProperties"]["enum"] == ["yes", "if_need_be", "no"]


def test_openapi_lists_the_invitation_answers_maybe_included(openapi):
    answer = component(openapi, "InvitationOut")["properties"]["answer"]
    assert resolve(openapi, answer)["enum"] == ["pending", "yes", "maybe", "no"]


def test_openapi_lets_a_meeting_be_created_without_a_time(openapi):
    meeting_in = component(openapi, "MeetingIn")
    assert "starts_at" not in meeting_in.get("required", [])
    assert "ends_at" not in meeting_in.get("required", [])
    starts = component(openapi, "MeetingOut")["properties"]["starts_at"]
    assert {"type": "null"} in starts["anyOf"]


def test_openapi_documents_that_guests_are_left_out_unless_asked_for(openapi):
    parameters = openapi["paths"]["/api/v1/people"]["get"]["parameters"]

    [include_guests] = [p for p in parameters if p["name"] == "include_guests"]
    assert include_guests["in"] == "query"
    assert include_guests["required"] is False
    assert include_guests["schema"]["type"] == "boolean"
    assert include_guests["schema"]["default"] is False
    assert "guests" in include_guests["description"]


def test_openapi_describes_experiences_by_effort_and_activity(openapi):
    listing = openapi["paths"]["/api/v1/experiences"]["get"]
    params = {p["name"]: p for p in listing["parameters"]}
    assert {"area", "network", "effort", "activity", "limit", "offset"} <= set(params)
    effort_filter, activity_filter = (
        params[name]["schema"]["anyOf"][0] for name in ("effort", "activity")
    )
    assert effort_filter["type"] == "integer"
    assert activity_filter == {"type": "string", "maxLength": 100}
    payload = component(openapi, "ExperienceIn")
    assert "activity" in payload["required"] and "effort" not in payload.get("required", [])
    assert {"activity", "effort"} <= set(payload["properties"])
    out = component(openapi, "ExperienceOut")["properties"]
    assert out["activity"]["type"] == "string"
    effort = [resolve(openapi, option) for option in out["effort"]["anyOf"]]
    assert {"id", "name"} <= set(effort[0]["properties"])


def body_schema(document: dict, path: str, method: str = "post") -> dict:
    body = document["paths"][path][method]["requestBody"]["content"]["application/json"]
    return component(document, body["schema"]["$ref"].rsplit("/", 1)[-1])


def test_openapi_describes_the_catalogues_ideas_and_the_live_boards_apart(openapi):
    """Two schemas of the same name are one component in the document: the catalogue's
    new idea was described with the live board's fields (table, text, name)."""
    catalogue = body_schema(openapi, "/api/v1/ideas")
    live = body_schema(openapi, "/api/v1/live/{code}/ideas")

    assert {"title", "network"} <= set(catalogue["required"])
    assert "table" not in catalogue["properties"]
    assert set(live["required"]) == {"table", "text"}


def test_openapi_describes_a_polls_recommendation_and_the_boards_apart(openapi):
    poll = openapi["paths"]["/api/v1/polls/{poll_id}/recommendation"]["get"]
    schema = poll["responses"]["200"]["content"]["application/json"]["schema"]
    poll_fields = component(openapi, schema["$ref"].rsplit("/", 1)[-1])["properties"]
    board_fields = component(openapi, "RecommendationOut")["properties"]

    assert "recommended_slot" in poll_fields and "state" not in poll_fields
    assert "state" in board_fields and "network" in board_fields
