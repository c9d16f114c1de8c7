"""The live mode's pages: join by code (/m/), the phone board, the projector, and the
facilitator's controls on the meeting page.

The board and the projector poll a fragment every two seconds (htmx); without JavaScript
a reload shows the same. Each poll answers 304 while the board's ETag is unchanged.
"""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ressourcenet.accounts import permissions, throttle
from ressourcenet.knowledge.models import Summary
from ressourcenet.lib import bounds
from ressourcenet.lib.links import LinkExpired, LinkInvalid, read_token
from ressourcenet.lib.pages import plan_context
from ressourcenet.live import notes, services
from ressourcenet.live import review as review_service
from ressourcenet.live.models import (
    IDEA_MAX,
    NAME_MAX,
    OWNER_MAX,
    LiveIdea,
    LiveParticipant,
    LiveSession,
    Mark,
)
from ressourcenet.meetings.emails import INVITATION_LINK, LINK_MAX_AGE
from ressourcenet.meetings.models import Invitation, Meeting

POLL_SECONDS = 2


def session_key(session: LiveSession) -> str:
    return f"live:{session.code}"


def join_url(session: LiveSession) -> str:
    return settings.SITE_URL + reverse("live_join", args=[session.code])


def keyed_join_url(session: LiveSession) -> str:
    """The join link in the projector's QR code: with the code's key, which lets it past the
    block on guessing codes (see `admit`)."""
    return join_url(session) + "?" + urlencode({"k": services.code_key(session.code)})


def qr_svg_url(session: LiveSession) -> str:
    """The QR image's address for the API's caller: with the code's key, without which the
    image answers 404 (the address alone would tell a guesser which codes are open)."""
    path = reverse("live_qr", args=[session.code])
    return settings.SITE_URL + path + "?" + urlencode({"k": services.code_key(session.code)})


def qr_svg(session: LiveSession) -> str:
    """The join address as an inline SVG QR code (no XML declaration, scales with CSS)."""
    return segno.make(keyed_join_url(session), error="m").svg_inline(
        scale=8, dark="#000", light="#fff", title=_("QR code to join the live board")
    )


def current_participant(request: HttpRequest, session: LiveSession) -> LiveParticipant | None:
    token = request.session.get(session_key(session))
    if not token:
        return None
    return LiveParticipant.objects.filter(session=session, token=token).first()


def remember(request: HttpRequest, participant: LiveParticipant) -> None:
    request.session[session_key(participant.session)] = participant.token


def key_sent(request: HttpRequest) -> str:
    return request.GET.get("k") or request.POST.get("k", "")


def may_pass_block(request: HttpRequest, session: LiveSession) -> bool:
    """Who gets into a found board although their address is blocked for guessing codes: a
    logged-in user who may see the meeting, or an invitee by their personal link."""
    for user in (getattr(request, "auth", None), request.user):
        if (
            user is not None
            and user.is_authenticated
            and permissions.can_see_meeting(user, session.meeting)
        ):
            return True
    return recognised_invitation(request, session.meeting) is not None


def admit(request: HttpRequest, code: str) -> LiveSession:
    """The open session with this code, for the pages and the API; raises
    services.CodeNotFound (counted per address), services.CodeExpired or throttle.Throttled.

    The trade-off against guessing (numbers in settings.LIVE_CODE_MISSES_PER_IP and README):
    codes that lead nowhere are counted per address (an IPv6 /64), and too many block typing
    codes from it for a while. A whole room often shares one address, so one person typing
    wrong codes must not lock the room out; but a right code cannot simply pass the block,
    or the block would answer a guesser "hit" (200) or "miss" (429) and stop nothing. So
    during a block a code passes only with proof of more than the code: a phone that joined
    already (its session cookie), the key of the projector's QR link (`?k=`, which no one can
    guess), an invitee's personal link, or a logged-in user who may see the meeting. Anyone
    else gets the same 429 whether the code exists or not; the page tells them to scan the
    QR code."""
    network = throttle.client_network(request)
    trusted = f"live:{code}" in request.session or services.key_fits(code, key_sent(request))
    blocked = None
    if not trusted:
        try:
            throttle.check(throttle.LIVE_CODE_PER_IP, network)
        except throttle.Throttled as throttled:
            blocked = throttled
    try:
        session = services.find(code)
    except services.CodeNotFound:
        if blocked is not None:
            raise blocked from None
        throttle.record(throttle.LIVE_CODE_PER_IP, network)
        raise
    except services.CodeExpired as expired:
        if blocked is not None and not may_pass_block(request, expired.session):
            raise blocked from None
        raise
    if blocked is not None and not may_pass_block(request, session):
        raise blocked
    return session


def minutes_left(throttled: throttle.Throttled) -> int:
    return max(1, -(-int((throttled.until - timezone.now()).total_seconds()) // 60))


def wrong_codes_message(throttled: throttle.Throttled) -> str:
    minutes = minutes_left(throttled)
    return ngettext(
        "Too many wrong codes were typed from this internet connection. Scan the QR code on "
        "the screen in the room, or wait %(minutes)d minute and try again.",
        "Too many wrong codes were typed from this internet connection. Scan the QR code on "
        "the screen in the room, or wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def too_many_joins_message(throttled: throttle.Throttled) -> str:
    minutes = minutes_left(throttled)
    return ngettext(
        "Too many people have joined this board from this internet connection within the "
        "hour. Wait %(minutes)d minute and try again.",
        "Too many people have joined this board from this internet connection within the "
        "hour. Wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def join_by_name(request: HttpRequest, session: LiveSession, name: str) -> LiveParticipant:
    """A new code joiner, remembered in this browser's session; raises ValidationError for
    a bad name, throttle.Throttled once LIVE_JOINS_PER_IP joined from this address within
    LIVE_JOIN_MINUTES (each participant is one more "+1" per idea)."""
    key = f"{session.code}:{throttle.client_network(request)}"
    throttle.check(throttle.LIVE_JOINS_PER_IP, key)
    participant = services.join(session, name=name)
    throttle.record(throttle.LIVE_JOINS_PER_IP, key)
    remember(request, participant)
    return participant


def open_session(request: HttpRequest, code: str) -> LiveSession | HttpResponse:
    """The open session, or the friendly page: unknown code (404, counted per IP), meeting
    over (410), too many wrong codes from this address (429; see `admit`)."""
    try:
        return admit(request, code)
    except throttle.Throttled as throttled:
        context = {"reason": "throttled", "message": wrong_codes_message(throttled)}
        return render(request, "live/closed.html", context, status=429)
    except services.CodeNotFound:
        return render(request, "live/closed.html", {"reason": "unknown", "code": code}, status=404)
    except services.CodeExpired as expired:
        context = {"reason": "over", "meeting": expired.session.meeting}
        return render(request, "live/closed.html", context, status=410)


def recognised_invitation(request: HttpRequest, meeting: Meeting) -> Invitation | None:
    """The invitee's invitation: from their personal link (?link=) or their login."""
    if link := request.GET.get("link"):
        try:
            invitation_id = read_token(INVITATION_LINK, link, max_age=LINK_MAX_AGE)
        except (LinkExpired, LinkInvalid):
            return None
        return Invitation.objects.filter(
            pk=invitation_id, meeting=meeting, link_revoked_at__isnull=True
        ).first()
    return permissions.own_invitation(request.user, meeting)


@require_http_methods(["GET", "HEAD"])
def join_code(request: HttpRequest) -> HttpResponse:
    """/m/: a box to type the code in."""
    code = services.normalise_code(request.GET.get("code", ""))
    if code:
        return redirect("live_join", code)
    return render(request, "live/join_code.html")


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    """/m/<code>: a first name, or straight on for a recognised invitee."""
    session = open_session(request, code)
    if isinstance(session, HttpResponse):
        return session
    if code != session.code:
        query = "?" + request.GET.urlencode() if request.GET else ""
        return redirect(reverse("live_join", args=[session.code]) + query)
    if current_participant(request, session) is not None:
        return redirect("live_board", session.code)
    if invitation := recognised_invitation(request, session.meeting):
        remember(request, services.join(session, invitation=invitation))
        return redirect("live_board", session.code)
    error, name = "", ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            join_by_name(request, session, name)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        except throttle.Throttled as throttled:
            context = {"reason": "throttled", "message": too_many_joins_message(throttled)}
            return render(request, "live/closed.html", context, status=429)
        else:
            return redirect("live_board", session.code)
    context = {"session": session, "meeting": session.meeting, "error": error, "name": name}
    # The code's key goes on with the form, past a block on guessing codes: this phone
    # passed the code check already, so a block that starts while it types its name (a
    # neighbour on the same address mistyping) must not stop it. The key tells nothing
    # about other codes.
    context["key"] = services.code_key(session.code)
    context["error_links"] = [{"target": "live-name", "message": error}] if error else []
    context["name_max"] = NAME_MAX
    return render(request, "live/join.html", context, status=422 if error else 200)


CLOCK_TICK_SECONDS = 5


def etag_for(session: LiveSession, *parts) -> str:
    item, _seconds = services.current_item(session.meeting, timezone.now())
    return '"' + "-".join(str(p) for p in (session.version, item.pk if item else 0, *parts)) + '"'


def not_modified(request: HttpRequest, etag: str) -> bool:
    return etag in request.headers.get("If-None-Match", "")


def polled(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
    """The fragment a poll gets carries the ETag; the whole page is never cached, so a
    browser's revalidation cannot hand a poll the whole page or a reload the fragment."""
    if request.htmx:
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache, private"
    else:
        response["Cache-Control"] = "no-store"
    response["Vary"] = "HX-Request, Cookie"
    return response


def reload_page() -> HttpResponse:
    """The answer to a poll once the live mode has ended (or its code expired): htmx
    reloads the whole page, which then shows that the meeting is over and polls no more.
    htmx ignores the body of a 4xx answer, so the poll gets a 200 with HX-Refresh."""
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def board(request: HttpRequest, code: str) -> HttpResponse:
    """The phone board: choose a table, post, +1, and every table's ideas."""
    session = open_session(request, code)
    if isinstance(session, HttpResponse):
        return reload_page() if request.htmx else session
    participant = current_participant(request, session)
    if participant is None:
        return redirect("live_join", session.code)
    shown = controls(request, session)
    said = what_was_said(request, session)
    etag = etag_for(
        session,
        participant.pk,
        participant.table_id or 0,
        int(shown["may_hide"]),
        int(shown["may_mark"]),
        int(shown["owner_guests"]),
        said["idea"] if said else 0,
    )
    if request.htmx and not_modified(request, etag):
        return polled(request, HttpResponse(status=304), etag)
    context = board_context(session, participant=participant, **shown)
    with_csrf(request, context)
    with_said(context, said, announce=not request.htmx)
    template = "live/board.html#board" if request.htmx else "live/board.html"
    return polled(request, render(request, template, context), etag)


def controls(request: HttpRequest, session: LiveSession) -> dict:
    """Which controls this user's board shows: hide (the facilitator), the marking forms
    (the note-taker), and guests among a follow-up's owners (those who may see guests)."""
    may_mark = permissions.can_mark_live_ideas(request.user, session.meeting)
    return {
        "may_hide": permissions.can_run_live(request.user, session.meeting),
        "may_mark": may_mark,
        "owner_guests": may_mark and notes.sees_guests(request.user, session.meeting),
    }


def board_context(session: LiveSession, **extra) -> dict:
    """The board's context; its tables rendered once per change of the board and shared
    by every phone (the HTML holds nothing of one participant's, not even a CSRF token)."""
    context = {
        "session": session,
        "meeting": session.meeting,
        "idea_max": IDEA_MAX,
        "poll": f"every {POLL_SECONDS}s",
        "may_hide": False,
        "may_mark": False,
        "owner_guests": False,
        "projector": False,
        **extra,
    }
    item, _seconds = services.current_item(session.meeting, timezone.now())
    key = ":".join(
        str(part)
        for part in (
            "live-board",
            session.pk,
            session.version,
            item.pk if item else 0,
            int(context["may_hide"]),
            int(context["may_mark"]),
            int(context["owner_guests"]),
            int(context["projector"]),
            get_language(),
        )
    )
    cached = cache.get(key)
    if cached is None:
        context["board"] = services.board(session)
        if context["may_mark"]:
            context.update(mark_context(session, context["owner_guests"]))
        cached = context["board"], render_to_string("live/_tables.html", context)
        cache.set(key, cached, timeout=600)
    context["board"], context["tables_html"] = cached
    return context


# The marking forms (live/notes.py) are in the shared board HTML of those who may mark; their
# CSRF token is put in per response, in place of this, so the cached HTML holds none.
CSRF_SLOT = "__live_csrf_slot__"


def mark_context(session: LiveSession, guests: bool) -> dict:
    """What the marking forms need: the marks, and the invitees a follow-up may be given to
    (`guests`: guests too, for those who may see them; their own variant of the board)."""
    return {
        "csrf_slot": CSRF_SLOT,
        "marks": Mark.choices,
        "owner_max": OWNER_MAX,
        "owner_choices": (choices := notes.owner_choices(session.meeting, guests)),
        # A follow-up's owner this marker is not offered (a guest, to a note-taker) stays
        # chosen in the form, so saving it again does not drop them unseen.
        "owner_ids": {person_id for person_id, _name in choices},
    }


def with_csrf(request: HttpRequest, context: dict) -> None:
    if context.get("may_mark"):
        html = context["tables_html"].replace(CSRF_SLOT, get_token(request))
        context["tables_html"] = mark_safe(html)  # noqa: S308 - a token of letters and digits


# The answer to a phone's +1, shown next to the idea on that phone only: in the shared board
# HTML each idea has a slot for it, filled per response. It stays until the board changes.
def said_key(session: LiveSession) -> str:
    return f"live-said:{session.code}"


def what_was_said(request: HttpRequest, session: LiveSession) -> dict | None:
    said = request.session.get(said_key(session))
    if said and said.get("version") == session.version:
        return said
    if said:
        del request.session[said_key(session)]
    return None


def with_said(context: dict, said: dict | None, announce: bool) -> None:
    """Put the answer to the +1 beside its idea. The page that the +1 leads to moves the
    focus there and reads it out; a poll keeps it quietly (htmx keeps the focus by its id)."""
    if not said:
        return
    html = render_to_string("live/_said.html", {"text": said["text"], "announce": announce})
    slot = f"<!--live-said-{said['idea']}-->"
    context["tables_html"] = mark_safe(context["tables_html"].replace(slot, html))  # noqa: S308


def participant_or_join(request: HttpRequest, code: str):
    session = open_session(request, code)
    if isinstance(session, HttpResponse):
        return session, None
    participant = current_participant(request, session)
    if participant is None:
        return redirect("live_join", session.code), None
    return session, participant


@require_POST
def choose_table(request: HttpRequest, code: str) -> HttpResponse:
    session, participant = participant_or_join(request, code)
    if participant is None:
        return session
    table_id = bounds.parse_id(request.POST.get("table", ""))
    table = session.tables.filter(pk=table_id).first()
    if table is None:
        messages.error(request, _("Choose one of the meeting's tables."))
    else:
        services.choose_table(participant, table)
    return redirect("live_board", session.code)


@require_POST
def idea_post(request: HttpRequest, code: str) -> HttpResponse:
    session, participant = participant_or_join(request, code)
    if participant is None:
        return session
    if participant.table is None:
        messages.error(request, _("Choose your table first."))
        return redirect("live_board", session.code)
    text = request.POST.get("text", "")
    try:
        services.post_idea(session, participant, participant.table, text)
    except ValidationError as problem:
        # The same controls as on the board itself (hide, mark), so a refused idea does not
        # take the facilitator's or the note-taker's buttons away.
        context = board_context(
            session, participant=participant, text=text, **controls(request, session)
        )
        context["error"] = " ".join(problem.messages)
        context["error_links"] = [{"target": "live-text", "message": context["error"]}]
        with_csrf(request, context)
        return render(request, "live/board.html", context, status=422)
    messages.success(request, _("Your idea is on the board."))
    return redirect("live_board", session.code)


def session_idea(session: LiveSession, idea_id: int) -> LiveIdea:
    return get_object_or_404(
        LiveIdea.objects.select_related("session__meeting"), pk=idea_id, session=session
    )


@require_POST
def idea_plus_one(request: HttpRequest, code: str, idea_id: int) -> HttpResponse:
    session, participant = participant_or_join(request, code)
    if participant is None:
        return session
    idea = session_idea(session, idea_id)
    try:
        counted = services.plus_one(idea, participant)
    except services.NotVisible:
        raise Http404 from None
    session.refresh_from_db(fields=["version"])
    request.session[said_key(session)] = {
        "idea": idea.pk,
        "version": session.version,
        "text": _("Your +1 is counted.") if counted else _("You have given this idea +1 already."),
    }
    return redirect(reverse("live_board", args=[session.code]) + f"#idea-{idea.pk}")


@require_POST
def idea_hide(request: HttpRequest, code: str, idea_id: int) -> HttpResponse:
    # Refused before the code is looked up: an unthrottled 404 against the login page
    # would tell a guesser which codes are open.
    if not request.user.is_authenticated:
        raise PermissionDenied
    session = get_object_or_404(LiveSession.objects.select_related("meeting"), code=code)
    idea = session_idea(session, idea_id)
    try:
        services.hide(idea, request.user)
    except PermissionError:
        raise PermissionDenied from None
    messages.success(request, _("The post is hidden."))
    if request.POST.get("back") == "projector":
        return redirect(projector_url(session))
    return redirect("live_board", session.code)


def projector_url(session: LiveSession) -> str:
    meeting = session.meeting
    return reverse("live_projector", args=[meeting.network.plan.slug, meeting.pk])


def get_meeting(request: HttpRequest, plan_slug: str, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("network__plan"),
        pk=meeting_id,
        network__plan__slug=plan_slug,
    )
    if not permissions.can_see_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


@require_http_methods(["GET", "HEAD"])
def projector(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """For the wall: the why, the clock, the tables' ideas, and how to join."""
    meeting = get_meeting(request, plan_slug, meeting_id)
    session = LiveSession.objects.filter(meeting=meeting).first()
    if session is None:
        raise Http404
    session.meeting = meeting
    may_hide = permissions.can_run_live(request.user, meeting)
    now = timezone.now()
    clock = services.running_clock(meeting, now)
    # While the time-keeper's clock runs, the wall shows its time left: a new answer every
    # few seconds, not only when the board changes.
    tick = int(now.timestamp()) // CLOCK_TICK_SECONDS if clock is not None else 0
    open_now = services.is_open(session, now)
    if request.htmx and not open_now:
        return reload_page()
    etag = etag_for(session, "p", int(may_hide), tick)
    if request.htmx and not_modified(request, etag):
        return polled(request, HttpResponse(status=304), etag)
    context = board_context(session, may_hide=may_hide, projector=True, clock=clock)
    context["open"] = open_now  # the board polls while the live mode is open
    if request.htmx:
        return polled(request, render(request, "live/projector.html#board", context), etag)
    context.update(plan_context(request, meeting.network.plan))
    context["join_url"] = join_url(session)
    context["short_url"] = context["join_url"].split("://", 1)[-1]
    context["qr_svg"] = qr_svg(session)
    return polled(request, render(request, "live/projector.html", context), etag)


@require_safe
def qr_code(request: HttpRequest, code: str) -> HttpResponse:
    """The QR image of the join link, at the address the API's live start gives
    (`qr_svg_url`). Only with the code's key (`?k=`), checked before any query: without it
    every code answers 404 alike, so the image tells a guesser nothing about which codes are
    open. With it: 410 once the meeting is over. The projector shows the same QR inline."""
    if not services.key_fits(code, request.GET.get("k", "")):
        raise Http404
    try:
        session = services.find(code)
    except services.CodeNotFound:
        raise Http404 from None
    except services.CodeExpired:
        return HttpResponse(status=410)
    svg = segno.make(keyed_join_url(session), error="m").svg_inline(scale=8)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def live_start(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id)
    try:
        session = services.start(meeting, request.user)
    except PermissionError:
        raise PermissionDenied from None
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect(meeting.get_absolute_url())
    return redirect(projector_url(session))


@require_POST
def live_end(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id)
    session = get_object_or_404(LiveSession, meeting=meeting)
    session.meeting = meeting
    try:
        services.end(session, request.user)
    except PermissionError:
        raise PermissionDenied from None
    messages.success(request, _("The live mode has ended."))
    return redirect(meeting.get_absolute_url())


def invitee_join_url(meeting: Meeting, token: str) -> str | None:
    """From the invitation's personal link to the live board, recognised, while it is open."""
    session = LiveSession.objects.filter(meeting=meeting).first()
    if session is None or not services.is_open(session):
        return None
    return reverse("live_join", args=[session.code]) + "?" + urlencode({"link": token})


def meeting_context(request: HttpRequest, meeting: Meeting) -> dict:
    """For the meeting page: the live mode's state and controls."""
    session = LiveSession.objects.filter(meeting=meeting).first()
    may_run = permissions.can_run_live(request.user, meeting)
    may_summarise = session is not None and notes.may_start_summary(request.user, meeting)
    return {
        "may_mark_live": session is not None
        and permissions.can_mark_live_ideas(request.user, meeting),
        "may_start_summary": may_summarise and not Summary.objects.filter(meeting=meeting).exists(),
        "may_summarise_live": may_summarise,
        "live": session,
        "live_open": session is not None and services.is_open(session),
        "may_run_live": may_run,
        "may_start_live": may_run
        and (session is None or session.ended_at is not None)
        and services.may_start_now(meeting, timezone.now()) is None,
    }


# --- after the meeting: the review page ---------------------------------------------------


def merge_groups_offered(count: int) -> list[int]:
    """Group numbers for the "merge" choice: one per two ideas that may go, 1 to 20."""
    return list(range(1, max(1, min(count // 2, 20)) + 1))


def read_review_form(post) -> tuple[list[int], list[list[int]], list[str]]:
    """The checked ideas and the merge groups (`merge-<id>` = group number) of the form;
    a value that is no id is a problem, not a guess."""
    problems, ideas, groups = [], [], {}
    for value in post.getlist("ideas"):
        if (pk := bounds.parse_id(value)) is None:
            problems.append(_("Choose among the board's ideas."))
        else:
            ideas.append(pk)
    for key, value in post.items():
        if not key.startswith("merge-") or not value:
            continue
        pk, group = bounds.parse_id(key.removeprefix("merge-")), bounds.parse_id(value)
        if pk is None or group is None:
            problems.append(_("Choose among the board's ideas."))
        else:
            groups.setdefault(group, []).append(pk)
    return ideas, [groups[number] for number in sorted(groups)], list(dict.fromkeys(problems))


@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """After the meeting: every table's ideas, hidden ones marked; tick ideas, merge
    ticked duplicates (same group number) and send them to the catalogue in one step.
    Only ticked ideas go: an unticked idea's group number is kept on the form, not sent."""
    meeting = get_meeting(request, plan_slug, meeting_id)
    may_run = permissions.can_run_live(request.user, meeting)
    # The note-taker comes here to mark ideas once the board is closed (review_marks).
    if not may_run and not permissions.can_mark_live_ideas(request.user, meeting):
        raise PermissionDenied
    session = get_object_or_404(LiveSession, meeting=meeting)
    session.meeting = meeting
    if not may_run:
        if request.method == "POST":
            raise PermissionDenied
        return review_marks_page(request, session)
    problems, chosen, merge_of = [], set(), {}
    if request.method == "POST":
        ideas, merge, problems = read_review_form(request.POST)
        chosen = set(ideas)
        merge_of = {pk: number for number, group in enumerate(merge, 1) for pk in group}
        # On the page only ticked ideas go: a group number merely says which of them
        # merge (the API's `merge` lists ideas to send, the form's groups do not).
        merge = [group for group in ([pk for pk in g if pk in chosen] for g in merge) if group]
        if not problems:
            try:
                made = review_service.promote(session, request.user, ideas, merge)
            except PermissionError:
                raise PermissionDenied from None
            except ValidationError as error:
                problems = list(dict.fromkeys(error.messages))
            except review_service.Refused as refused:
                problems = [str(refused)]
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d idea is in the catalogue now.",
                        "%(count)d ideas are in the catalogue now.",
                        len(made),
                    )
                    % {"count": len(made)},
                )
                return redirect("live_review", meeting.network.plan.slug, meeting.pk)
    return review_page(request, session, problems, chosen, merge_of)


def review_page(
    request: HttpRequest,
    session: LiveSession,
    problems=(),
    chosen=frozenset(),
    merge_of=None,
    refused_mark=None,
    status=None,
) -> HttpResponse:
    """The review page: for those who run the live mode the ideas to send to the catalogue
    and the marks; for a note-taker the marks alone."""
    meeting = session.meeting
    if not permissions.can_run_live(request.user, meeting):
        return review_marks_page(request, session, refused_mark, status or 200)
    merge_of = merge_of or {}
    tables = review_service.review(
        session, permissions.can_see_guests(request.user, meeting.network.plan)
    )
    open_ideas = 0
    for idea in (idea for table in tables for idea in table.ideas):
        idea.chosen, idea.group = idea.id in chosen, merge_of.get(idea.id)
        open_ideas += not idea.hidden and idea.promoted_to is None
    context = {
        **plan_context(request, meeting.network.plan),
        "meeting": meeting,
        "session": session,
        "tables": tables,
        "open_ideas": open_ideas,
        "groups": merge_groups_offered(open_ideas),
        "error_links": [{"target": "review-ideas", "message": p} for p in problems],
        "may_run_live": True,
        # A facilitator from outside the plan's networks sends ideas to a catalogue they
        # cannot read: the titles, not links to a 403.
        "may_see_catalogue": permissions.can_see_ideas(request.user, meeting.network.plan),
        **review_marks_context(request, session, refused_mark),
    }
    status = status or (422 if problems else 200)
    return render(request, "live/review.html", context, status=status)


# The marking forms on the review page (live/_review_marks.html): after the end the board
# is closed, and the note-taker marks here. They see the ideas, not who posted them.


def review_marks_context(request: HttpRequest, session: LiveSession, refused=None) -> dict:
    """The visible ideas per table with their marks; `refused` is (idea id, what was sent,
    the errors) of a mark that was refused, shown in that idea's form."""
    guests = notes.sees_guests(request.user, session.meeting)
    board = services.board(session)
    links = []
    if refused is not None:
        idea_id, values, errors, links = refused
        for idea in (idea for table in board.tables for idea in table.ideas):
            if idea["id"] == idea_id:
                idea["form"] = {**values, "errors": errors}
    return {
        **mark_context(session, guests),
        "csrf_slot": get_token(request),
        "may_mark": True,
        "marks_board": board,
        "mark_error_links": links,
        "back": "review",
    }


def review_marks_page(request: HttpRequest, session: LiveSession, refused=None, status=200):
    """The review page of those who may mark but not run the live mode: the marks alone."""
    meeting = session.meeting
    context = {
        **plan_context(request, meeting.network.plan),
        "meeting": meeting,
        "session": session,
        "may_run_live": False,
        **review_marks_context(request, session, refused),
    }
    return render(request, "live/review.html", context, status=status)
