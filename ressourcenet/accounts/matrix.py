"""The authorisation matrix: what each kind of visitor gets at every address and API call.

Read it as a data protection officer: each row is an address of the site (by its name in
`urls.py`) or an operation of the JSON API (method and path under /api/v1/), the method
the test tries, and a rule. A rule names what each visitor gets; `except_` spells out
where an address differs from its rule.

The visitors (columns), on the objects of one network of one plan (the demo plan's
families network: its meetings, ideas, people, agreements …):

- anonymous: not logged in;
- invitee: not logged in, holding a personal link (to answer an invitation or a poll,
  read a summary, evaluate a meeting, accept a cooperation agreement, erase their blog
  comments). On a link address the invitee uses their own link and everyone else a
  tampered one; elsewhere the invitee is anonymous;
- member: a member of the network;
- coordinator: the network's coordinator (their own network);
- other_coordinator: the coordinator of another network in the same plan;
- foreign_coordinator: the coordinator of a network in another plan;
- board: a member of the plan's board;
- editor: the blog's editor, with no other role;
- admin: an administrator (the plan's secretariat).

What they get:

- ALLOW: the page (200). For a write (POST, PUT, PATCH, DELETE) the permission check
  was passed: any answer but those below (a form with errors, a redirect, 409, 422).
- LOGIN: sent to the login page (302); in the API, 401 (send a token).
- FORBIDDEN: 403, the visitor is known and may not.
- NOT_FOUND: 404, the visitor is not told the object exists (or the link is no good).
- HOME: an editor sent to their own page (302 to the front page, with a note): the
  members' pages are not theirs.
- REDIRECT: a GET that sends elsewhere (not to login or home), e.g. a form that moves on.

The test `accounts/tests/test_matrix.py` walks this table against the running URL
configuration: an address that is not here fails it, and so does an entry whose
address is gone, so every new page must declare its rule here. The Django admin
(/admin/) is one row: staff only, tried on its index. `EXEMPT` lists what has no rule,
with the reason.
"""

from dataclasses import dataclass, field

ALLOW = "ALLOW"
LOGIN = "LOGIN"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
HOME = "HOME"
REDIRECT = "REDIRECT"

VISITORS = (
    "anonymous",
    "invitee",
    "member",
    "coordinator",
    "other_coordinator",
    "foreign_coordinator",
    "board",
    "editor",
    "admin",
)
LOGGED_IN = VISITORS[2:]


def rule(default: str, **outcomes: str) -> dict[str, str]:
    """Every visitor gets `default`, except those named."""
    unknown = set(outcomes) - set(VISITORS)
    assert not unknown, f"no such visitor: {unknown}"
    return {visitor: outcomes.get(visitor, default) for visitor in VISITORS}


@dataclass(frozen=True)
class Entry:
    rule: dict[str, str]
    method: str = "GET"
    except_: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def expected(self, visitor: str) -> str:
        return self.except_.get(visitor, self.rule[visitor])


def at(rule_: dict[str, str], method: str = "GET", note: str = "", **except_: str) -> Entry:
    return Entry(rule_, method, except_, note)


# --- the rules ------------------------------------------------------------------------
_LOGIN = {"anonymous": LOGIN, "invitee": LOGIN}

PUBLIC = rule(ALLOW)
# Everyone is sent on (an icon, a board one joins first).
REDIRECTS = rule(REDIRECT)
# A personal link: its holder only; a tampered or unknown link is not found, for everyone.
TOKEN = rule(NOT_FOUND, invitee=ALLOW)
# Any login; what the answer holds is filtered by the visitor's rights (lists in the API).
LOGGED_IN = rule(ALLOW, **_LOGIN)
# The plan's circle of trust (DOMAIN.md): members and coordinators of its networks, its
# board, administrators. Not another plan's people, not an editor without a role.
PLAN_MEMBERS = rule(ALLOW, **_LOGIN, foreign_coordinator=FORBIDDEN, editor=FORBIDDEN)
# The coordinators of any network in the plan, and administrators.
PLAN_COORDINATORS = rule(
    FORBIDDEN, **_LOGIN, coordinator=ALLOW, other_coordinator=ALLOW, admin=ALLOW
)
# The same and the plan's board: money (co-financing, allocations) and the board's papers.
PLAN_COORDINATORS_AND_BOARD = {**PLAN_COORDINATORS, "board": ALLOW}
# The members and coordinators of this network, and administrators.
NETWORK_MEMBERS = rule(FORBIDDEN, **_LOGIN, member=ALLOW, coordinator=ALLOW, admin=ALLOW)
# The coordinators of this network, and administrators.
NETWORK_COORDINATORS = rule(FORBIDDEN, **_LOGIN, coordinator=ALLOW, admin=ALLOW)
# Those who came to the meeting (the member and the coordinator did; the administrator not).
CAME_TO_THE_MEETING = rule(FORBIDDEN, **_LOGIN, member=ALLOW, coordinator=ALLOW)
# The plan's board, and administrators.
BOARD = rule(FORBIDDEN, **_LOGIN, board=ALLOW, admin=ALLOW)
# The blog's editors, and administrators.
EDITORS = rule(FORBIDDEN, **_LOGIN, editor=ALLOW, admin=ALLOW)
ADMINISTRATORS = rule(FORBIDDEN, **_LOGIN, admin=ALLOW)
# The parties to a cooperation agreement only (none of the visitors is one).
PARTIES = rule(FORBIDDEN, **_LOGIN)
# Django's admin: staff only; everyone else is sent to the admin's login page.
STAFF = rule(LOGIN, admin=ALLOW)

# Who may see the e-mail address and phone number of a member of the network who has no
# login (DOMAIN.md, "Decided so far"): the network's coordinators and administrators, and
# the person, through their own links. The test looks for them in every answer.
SEE_CONTACT_DETAILS = ("invitee", "coordinator", "admin")

# Every visitor with a login opens and edits their own person, under their own plan's
# address (the rows above are tried on a member without a login): ALLOW for all of them.
OWN_PERSON = ("person_detail", "person_edit")

# The Django admin is one row, tried on its index: every page under it is staff only.
ADMIN_PREFIX = "admin/"
ADMIN_SAMPLE = "admin/"

# Addresses with no rule, and why. (Static files and uploads are served outside Django's
# URL configuration: by WhiteNoise and the media storage.)
EXEMPT: dict[str, str] = {}

POST = "POST"

# --- the site's pages -------------------------------------------------------------------
PAGES: dict[str, Entry] = {
    # Open pages
    "favicon.ico": at(REDIRECTS, note="to the site's icon"),
    "floor": at(PUBLIC, note="the plain-HTML floor page of the design system"),
    "home": at(PUBLIC),
    "plan_list": at(PUBLIC),
    "search": at(PUBLIC, note="finds only what the visitor may see"),
    "privacy": at(PUBLIC),
    "accessibility": at(PUBLIC),
    "sitemap": at(PUBLIC),
    "set_language": at(PUBLIC, POST),
    # Accounts
    "login": at(PUBLIC),
    "logout": at(PUBLIC, POST),
    "password_reset": at(PUBLIC),
    "password_reset_done": at(PUBLIC),
    "password_reset_confirm": at(PUBLIC, note="with the link of the member's reset e-mail"),
    "password_reset_complete": at(PUBLIC),
    "api_tokens": at(LOGGED_IN, note="the visitor's own tokens"),
    "api_token_revoke": at(
        rule(NOT_FOUND, **_LOGIN, member=ALLOW), POST, note="the member's token: only theirs"
    ),
    "outbox": at(ADMINISTRATORS),
    "outbox_message": at(ADMINISTRATORS),
    # The blog
    "blog:index": at(PUBLIC),
    "blog:feed_rss": at(PUBLIC),
    "blog:feed_atom": at(PUBLIC),
    "blog:tag": at(PUBLIC),
    "blog:tag_feed_rss": at(PUBLIC),
    "blog:tag_feed_atom": at(PUBLIC),
    "blog:post": at(PUBLIC),
    "blog:cover": at(PUBLIC),
    "blog:bloggers": at(EDITORS),
    "blog:blogger_create": at(EDITORS),
    "blog:blogger_edit": at(EDITORS),
    "blog:blogger_photo": at(PUBLIC),
    "blog:post_create": at(EDITORS),
    "blog:post_edit": at(EDITORS),
    "blog:comment_create": at(PUBLIC, POST, note="guests with name and e-mail, held back"),
    "blog:comments_close": at(EDITORS, POST),
    "blog:moderation": at(EDITORS),
    "blog:comment_moderate": at(EDITORS, POST),
    "blog:erase": at(TOKEN, note="the guest's link to erase their comments"),
    # The plan, its networks and people
    "plan": at(PUBLIC, note="names and mandates; members only to the plan's circle"),
    "network": at(PUBLIC, note="members only to the plan's circle, contact details narrower"),
    "organisation_detail": at(PUBLIC, note="its people only to the plan's circle"),
    "member_add": at(NETWORK_COORDINATORS),
    "membership_edit": at(NETWORK_COORDINATORS),
    "membership_end": at(NETWORK_COORDINATORS),
    "person_list": at(PLAN_MEMBERS, editor=HOME),
    "person_create": at(PLAN_COORDINATORS),
    "person_detail": at(PLAN_MEMBERS, editor=HOME, note="a member without a login"),
    "person_edit": at(NETWORK_COORDINATORS, note="a member without a login, of this network only"),
    # A person's data (GDPR): the export and the erasure are the administrators' alone;
    # a person with a login downloads their own export (the visitors' own persons).
    "person_export": at(ADMINISTRATORS),
    "person_export_download": at(ADMINISTRATORS),
    "person_erase": at(ADMINISTRATORS, method=POST, note="without the tick: 422, nothing erased"),
    "my_data": at(LOGGED_IN, note="the visitor's own data; a login without a person: 404"),
    "network_feed": at(PUBLIC, note="whoever holds the network's secret calendar address"),
    "network_times": at(PLAN_MEMBERS, editor=HOME),
    # Meetings
    "meeting_create": at(NETWORK_COORDINATORS),
    "meeting": at(PLAN_MEMBERS, editor=HOME),
    "meeting_ics": at(PLAN_MEMBERS, editor=HOME),
    "meeting_plan": at(NETWORK_COORDINATORS),
    "meeting_plan_agenda": at(NETWORK_COORDINATORS),
    "meeting_plan_roles": at(NETWORK_COORDINATORS),
    "meeting_plan_invitations": at(NETWORK_COORDINATORS),
    "agenda_add": at(NETWORK_COORDINATORS, POST),
    "agenda_item_edit": at(NETWORK_COORDINATORS),
    "agenda_item_move": at(NETWORK_COORDINATORS, POST),
    "agenda_item_delete": at(NETWORK_COORDINATORS, POST),
    "role_add": at(NETWORK_COORDINATORS, POST),
    "role_delete": at(NETWORK_COORDINATORS, POST),
    "invite": at(NETWORK_COORDINATORS, POST),
    "invitations_send": at(NETWORK_COORDINATORS, POST),
    "meeting_cancel": at(NETWORK_COORDINATORS),
    "meeting_rsvp": at(
        PLAN_MEMBERS,
        POST,
        other_coordinator=NOT_FOUND,
        board=NOT_FOUND,
        admin=NOT_FOUND,
        note="the invited only: no invitation, nothing to answer",
    ),
    "attendance": at(NETWORK_COORDINATORS, POST),
    "meeting_clock": at(NETWORK_COORDINATORS, editor=HOME, note="and the time-keeper"),
    "meeting_clock_next": at(NETWORK_COORDINATORS, POST, note="and the time-keeper"),
    "meeting_clock_undo": at(NETWORK_COORDINATORS, POST, note="and the time-keeper"),
    "invitation_answer": at(TOKEN),
    # Polls on a meeting's time
    "poll_detail": at(NETWORK_COORDINATORS, note="who answered what"),
    "poll_create": at(NETWORK_COORDINATORS),
    "poll_finalise": at(NETWORK_COORDINATORS),
    "poll_remind": at(NETWORK_COORDINATORS, POST),
    "poll_answer_for": at(NETWORK_COORDINATORS, note="an answer given on someone's behalf"),
    "poll_answer": at(TOKEN),
    # Summaries, leaflets, evaluations (on a held meeting with a public final summary)
    "summary": at(PUBLIC, note="the summary is public and final: everyone reads it"),
    "summary_edit": at(NETWORK_COORDINATORS, note="and the note-taker"),
    "summary_open": at(NETWORK_COORDINATORS, note="and the note-taker"),
    "summary_finalise": at(NETWORK_COORDINATORS),
    "summary_send": at(NETWORK_COORDINATORS, POST),
    "summary_public": at(NETWORK_COORDINATORS, POST),
    "amendment_decide": at(NETWORK_COORDINATORS, POST, note="and the note-taker"),
    "leaflet_ideas": at(NETWORK_COORDINATORS),
    "leaflet_pdf": at(PUBLIC, note="of a public final summary"),
    "summary_personal": at(TOKEN),
    "personal_leaflet_pdf": at(TOKEN),
    "evaluation_own": at(CAME_TO_THE_MEETING, editor=HOME),
    "evaluation_send": at(NETWORK_COORDINATORS, POST),
    "evaluation_personal": at(TOKEN),
    "network_health": at(NETWORK_COORDINATORS, board=ALLOW, editor=HOME),
    "plan_health": at(BOARD, editor=HOME),
    # The live board (a meeting going on now)
    "live_projector": at(PLAN_MEMBERS),
    "live_start": at(NETWORK_COORDINATORS, POST, note="and the facilitator"),
    "live_end": at(NETWORK_COORDINATORS, POST, note="and the facilitator"),
    "live_review": at(NETWORK_COORDINATORS, note="and the facilitator"),
    "live_summary_start": at(NETWORK_COORDINATORS, POST, note="and the note-taker"),
    "live_join_code": at(PUBLIC),
    "live_join": at(PUBLIC, note="whoever has the code shown in the room"),
    "live_board": at(REDIRECTS, note="to joining, for whoever has not joined"),
    "live_table": at(PUBLIC, POST),
    "live_idea_post": at(PUBLIC, POST),
    "live_plus_one": at(PUBLIC, POST),
    "live_hide": at(NETWORK_COORDINATORS, POST, note="and the facilitator"),
    "live_mark": at(NETWORK_COORDINATORS, POST, note="and the note-taker"),
    "live_qr": at(PUBLIC, note="with the code's key (?k=): without it 404 for every code"),
    # Ideas and experiences
    "idea_list": at(PLAN_MEMBERS),
    "idea": at(PLAN_MEMBERS, note="and its owner"),
    "idea_create": at(PLAN_MEMBERS, board=FORBIDDEN, note="into the visitor's own networks"),
    "idea_quick_entry": at(PLAN_MEMBERS, board=FORBIDDEN),
    "idea_edit": at(NETWORK_COORDINATORS, note="and its owner"),
    "idea_status": at(NETWORK_COORDINATORS, POST, note="and its owner"),
    "experience_list": at(PUBLIC, note="visitors see the public experiences only, no names"),
    "experience": at(PLAN_MEMBERS, note="not public; a public one is PUBLIC"),
    "experience_create": at(PLAN_MEMBERS, note="and local steering groups"),
    "experience_edit": at(NETWORK_COORDINATORS, note="and its author"),
    "experience_delete": at(NETWORK_COORDINATORS, note="and its author"),
    # Agreements
    "cofinancing_list": at(PLAN_COORDINATORS_AND_BOARD),
    "cofinancing_detail": at(PLAN_COORDINATORS_AND_BOARD),
    "cofinancing_create": at(ADMINISTRATORS),
    "cofinancing_change": at(ADMINISTRATORS),
    "allocation": at(PLAN_COORDINATORS_AND_BOARD),
    "cooperation_list": at(PLAN_MEMBERS),
    "cooperation_detail": at(PLAN_MEMBERS, note="and its parties"),
    "cooperation_create": at(NETWORK_COORDINATORS),
    "cooperation_act": at(PARTIES, POST, note="accept or end: the parties themselves"),
    "cooperation_remind": at(NETWORK_COORDINATORS, POST),
    "cooperation_paper": at(NETWORK_COORDINATORS, POST, note="an acceptance on paper"),
    "cooperation_party": at(TOKEN),
    # Recommendations and the board
    "network_recommendations": at(PLAN_MEMBERS),
    "recommendation": at(PLAN_MEMBERS),
    "recommendation_create": at(NETWORK_COORDINATORS),
    "recommendation_edit": at(NETWORK_COORDINATORS),
    "recommendation_move": at(NETWORK_COORDINATORS, POST, note="the board decides as board"),
    "board_meetings": at(PLAN_MEMBERS),
    "board_meeting": at(PLAN_MEMBERS),
    "board_packet": at(PLAN_COORDINATORS_AND_BOARD),
    "board_packet_pdf": at(PLAN_COORDINATORS_AND_BOARD),
    # The API's own pages (its operations are below)
    "api-1.0.0:api-root": at(rule(NOT_FOUND), note="ninja's root of the API: nothing there"),
    "api-1.0.0:openapi-json": at(PUBLIC, note="the API's OpenAPI document"),
    "api-1.0.0:openapi-view": at(PUBLIC, note="the API's docs page"),
    # The audit log: read by administrators only, written by nobody through the site
    "audit_log": at(ADMINISTRATORS),
    # Django's admin
    ADMIN_PREFIX: at(STAFF, note="every page of /admin/, tried on its index"),
}

# --- the JSON API (/api/v1/) --------------------------------------------------------------
API: dict[str, Entry] = {
    "GET /health": at(PUBLIC),
    "GET /networks": at(PUBLIC),
    "GET /networks/{network_id}": at(PUBLIC, note="members only to the plan's circle"),
    "GET /networks/{network_id}/members": at(PLAN_MEMBERS),
    "POST /networks/{network_id}/members": at(NETWORK_COORDINATORS),
    "GET /networks/{network_id}/health": at(NETWORK_COORDINATORS, board=ALLOW),
    "GET /people": at(PLAN_MEMBERS),
    "POST /people": at(PLAN_COORDINATORS),
    "GET /organisations": at(PUBLIC),
    "GET /meetings": at(LOGGED_IN),
    "POST /meetings": at(NETWORK_COORDINATORS),
    "GET /meetings/{meeting_id}": at(PLAN_MEMBERS),
    "PATCH /meetings/{meeting_id}": at(NETWORK_COORDINATORS),
    "DELETE /meetings/{meeting_id}": at(NETWORK_COORDINATORS),
    "GET /meetings/{meeting_id}/calendar.ics": at(PLAN_MEMBERS),
    "GET /meetings/{meeting_id}/design-check": at(NETWORK_COORDINATORS),
    "GET /meetings/{meeting_id}/agenda": at(PLAN_MEMBERS),
    "PUT /meetings/{meeting_id}/agenda": at(NETWORK_COORDINATORS),
    "GET /meetings/{meeting_id}/roles": at(PLAN_MEMBERS),
    "POST /meetings/{meeting_id}/roles": at(NETWORK_COORDINATORS),
    "GET /meetings/{meeting_id}/invitations": at(NETWORK_COORDINATORS),
    "POST /meetings/{meeting_id}/invitations": at(NETWORK_COORDINATORS),
    "POST /meetings/{meeting_id}/invitations/send": at(NETWORK_COORDINATORS),
    "GET /meetings/{meeting_id}/clock": at(PLAN_MEMBERS),
    "POST /meetings/{meeting_id}/clock/next": at(NETWORK_COORDINATORS, note="and time-keeper"),
    "POST /meetings/{meeting_id}/clock/undo": at(NETWORK_COORDINATORS, note="and time-keeper"),
    "POST /meetings/{meeting_id}/poll": at(NETWORK_COORDINATORS),
    "GET /polls/{poll_id}": at(PLAN_MEMBERS, note="the answers only to its coordinators"),
    "PUT /polls/{poll_id}/answers/{person_id}": at(NETWORK_COORDINATORS),
    "GET /polls/{poll_id}/recommendation": at(NETWORK_COORDINATORS),
    "POST /polls/{poll_id}/finalise": at(NETWORK_COORDINATORS),
    "POST /polls/{poll_id}/reminders": at(NETWORK_COORDINATORS),
    "GET /meetings/{meeting_id}/summary": at(PUBLIC, note="a public final summary"),
    "PUT /meetings/{meeting_id}/summary": at(NETWORK_COORDINATORS, note="and the note-taker"),
    "POST /meetings/{meeting_id}/summary/amendments": at(CAME_TO_THE_MEETING),
    "GET /meetings/{meeting_id}/leaflet.pdf": at(PUBLIC, note="of a public final summary"),
    "POST /meetings/{meeting_id}/evaluation": at(CAME_TO_THE_MEETING),
    "POST /meetings/{meeting_id}/live": at(NETWORK_COORDINATORS, note="and the facilitator"),
    "DELETE /meetings/{meeting_id}/live": at(NETWORK_COORDINATORS, note="and the facilitator"),
    "POST /meetings/{meeting_id}/live/promote": at(NETWORK_COORDINATORS),
    "GET /live/{code}": at(PUBLIC, note="whoever has the code"),
    "POST /live/{code}/join": at(PUBLIC),
    "POST /live/{code}/ideas": at(PUBLIC),
    "POST /live/{code}/ideas/{idea_id}/plus-one": at(
        rule(FORBIDDEN), note="only after joining the board"
    ),
    "POST /live/{code}/ideas/{idea_id}/mark": at(NETWORK_COORDINATORS, note="and note-taker"),
    "GET /ideas": at(LOGGED_IN),
    "POST /ideas": at(NETWORK_MEMBERS),
    "GET /ideas/{idea_id}": at(PLAN_MEMBERS),
    "PATCH /ideas/{idea_id}": at(NETWORK_COORDINATORS, note="and its owner"),
    "GET /experiences": at(PUBLIC, note="visitors see the public experiences only"),
    "POST /experiences": at(PLAN_MEMBERS),
    "GET /experiences/{experience_id}": at(PLAN_MEMBERS),
    "GET /search": at(PUBLIC, note="finds only what the caller may see"),
    "GET /recommendations": at(LOGGED_IN),
    "POST /recommendations": at(NETWORK_COORDINATORS),
    "GET /recommendations/{recommendation_id}": at(PLAN_MEMBERS),
    "POST /recommendations/{recommendation_id}/transition": at(NETWORK_COORDINATORS),
    "GET /board-meetings": at(LOGGED_IN),
    "POST /board-meetings": at(BOARD),
    "GET /board-meetings/{board_meeting_id}/packet.pdf": at(PLAN_COORDINATORS_AND_BOARD),
    "GET /cofinancing-agreements": at(LOGGED_IN),
    "POST /cofinancing-agreements": at(ADMINISTRATORS),
    "GET /cofinancing-agreements/{agreement_id}": at(PLAN_COORDINATORS_AND_BOARD),
    "PATCH /cofinancing-agreements/{agreement_id}": at(ADMINISTRATORS),
    "GET /cofinancing-agreements/{agreement_id}/versions": at(PLAN_COORDINATORS_AND_BOARD),
    "GET /allocations": at(PLAN_COORDINATORS_AND_BOARD),
    "PUT /allocations": at(ADMINISTRATORS),
    "GET /cooperation-agreements": at(PLAN_MEMBERS),
    "POST /cooperation-agreements": at(NETWORK_COORDINATORS),
    "GET /cooperation-agreements/{agreement_id}": at(PLAN_MEMBERS),
    "POST /cooperation-agreements/{agreement_id}/accept": at(PARTIES),
    "POST /cooperation-agreements/{agreement_id}/end": at(PARTIES),
    "POST /cooperation-agreements/{agreement_id}/remind": at(NETWORK_COORDINATORS),
    "POST /cooperation-agreements/{agreement_id}/paper-acceptance": at(NETWORK_COORDINATORS),
    "GET /posts": at(PUBLIC),
    "GET /posts/{slug}": at(PUBLIC),
    "POST /posts/{slug}/comments": at(PUBLIC, note="guests with name and e-mail"),
    "POST /comments/{comment_id}/moderate": at(EDITORS),
}
