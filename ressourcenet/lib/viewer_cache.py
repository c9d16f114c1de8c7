"""Whole pages kept for the logged-in person who saw them, until anything they may show
has changed: a repeated visit to a key page (the network page, the poll, the catalogue…)
costs the session (from the cache too) and one cache round trip instead of a rendering.

A kept page belongs to one user (its key holds the user's id, the language and the path),
so nobody ever gets another person's page; the CSRF token is kept as a placeholder and each
answer gets the request's own (`page_cache.without_token`). Only a plain visit is served
or stored: a GET or HEAD of a logged-in user, not from htmx, with no pending messages, and
only a 200 that set no cookie and added no message.

**Generations.** Every page is kept with the generations of its scope, read before it is
rendered; a page whose generations have changed since is rendered afresh. There are three:

- `all` changes with every write anywhere. Pages that gather from every plan (the front
  page, search) use it.
- `plan:<slug>` changes with a write to one plan's own data (its meetings, polls, ideas,
  networks, agreements…) made by a request under that plan's address (`/plans/<slug>/…`).
- `global` changes with every other write: to people, users, organisations and plans
  (which every plan's pages may show), to a person's memberships and seats (what they,
  and whoever coordinates their networks, may see in every plan), and every write made
  outside a plan's address (the API, the admin, the task worker, a command). Pages of
  one plan use `global` and their plan's generation.

A write is noticed three ways, so that none is missed: every model's `post_save`,
`post_delete` and `m2m_changed` (at once, and again after the commit, so a page rendered
from data that was not committed yet is not kept for long); the end of every request that
sent the database a write (INSERT, UPDATE, DELETE: also `update()` and raw SQL, which send
no signal), by the tables written; and the end of every task (`task_finished`) and
command (`ressourcenet`'s entry point). What no page shows is left out: sessions, rate
limits, the audit log, a login's `last_login`.

**Time.** What changes with time alone (a meeting starting, a poll closing) is bounded by
the timeout: a page is kept for `TIMEOUT` seconds at most.
"""

import contextvars
import functools
import hashlib
import logging
import re
import secrets
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from ressourcenet.lib import page_cache

logger = logging.getLogger(__name__)

TIMEOUT = 60  # seconds
PATH_MAX = 500  # longer addresses are rendered, never kept
# Pages kept for one user in `TIMEOUT` seconds at most: every query string is a page of
# its own (`?x=1`, `?x=2`, …), and the sessions are in the same cache.
PAGES_MAX = 100
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PLAN_SLUG = re.compile(r"[-a-z0-9_]{1,100}")

# Rows that no kept page shows: a session, a rate limit, the audit log, a task's own row.
# (What a task does is noticed when it finishes.)
IGNORED = {
    "sessions.session",
    "accounts.ratelimit",
    "audit.auditentry",
    "django_tasks_database.dbtaskresult",
    "contenttypes.contenttype",
    "admin.logentry",
}
# Saved alone, these change nothing a page shows (a login saves the user's last_login).
UNSHOWN_FIELDS = {"last_login"}
# One plan's own data: shown only on that plan's pages (and on the pages of every plan,
# which follow `all`). Every other model is shared between plans (people, users,
# organisations, the blog, the plans themselves), and so are a person's ties to a plan
# (memberships, board seats, steering-group seats): they make up what the person, and
# whoever coordinates their networks, may see on every plan's pages (`roles_of`,
# `can_see_contact_details`), so they are not listed here.
PLAN_APPS = {"agreements", "evaluation", "governance", "live", "meetings", "scheduling"}
PLAN_MODELS = {
    "knowledge.idea",
    "knowledge.tag",
    "knowledge.ideastatuschange",
    "knowledge.summary",
    "knowledge.summaryrevision",
    "knowledge.amendment",
    "knowledge.experience",
    "knowledge.searchentry",
    "knowledge.searchtext",
    "networks.network",
    "plans.housingarea",
    "plans.effort",
    "plans.project",
    "plans.board",
    "mail.outgoingmessage",
}

# The plan whose address the current write request is under (None: outside every plan).
_write_scope: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "viewer_cache_scope", default=None
)


def _generation_key(scope: str) -> str:
    return f"viewer:generation:{scope}"


def changed(plan_slug: str | None = None) -> None:
    """Something was written: to one plan's own data, or (None) to anything."""
    token = secrets.token_hex(8)
    scopes = ["all", f"plan:{plan_slug}" if plan_slug else "global"]
    try:
        cache.set_many({_generation_key(scope): token for scope in scopes}, None)
    except Exception:  # the cache is down: a kept page may be served until its timeout
        logger.warning("Could not mark the kept pages out of date", exc_info=True)


def _changed_after_commit(plan_slug: str | None) -> None:
    """Out of date now, and once more after the commit (once per transaction and scope),
    so that a page rendered meanwhile from what was not yet committed is not kept."""
    changed(plan_slug)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(callback, "viewer_cache_scope", None) == (plan_slug,)
        for _ids, callback, _robust in connection.run_on_commit
    ):
        return
    after = functools.partial(changed, plan_slug)
    after.viewer_cache_scope = (plan_slug,)
    transaction.on_commit(after, robust=True)


def _kind(model) -> str | None:
    """What a write to the model's table is: "plan" (one plan's own data), "global"
    (anything else), None (nothing a kept page shows)."""
    # A many-to-many table (an idea's tags) belongs where the model that has it does.
    owner = model._meta.auto_created or model
    label = owner._meta.label_lower
    if label in IGNORED:
        return None
    return "plan" if owner._meta.app_label in PLAN_APPS or label in PLAN_MODELS else "global"


@functools.cache
def _table_kinds() -> dict[str, str | None]:
    return {
        model._meta.db_table: _kind(model) for model in apps.get_models(include_auto_created=True)
    }


WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)
# What a login saves: the user's last_login, alone.
LAST_LOGIN = re.compile(
    r'\s*UPDATE\s+"?accounts_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE', re.I
)


def _written(sql: str) -> str | None:
    """The kind of what an SQL statement writes (see `_kind`; an unknown table: "global"),
    or None for a read or a write of nothing a kept page shows."""
    found = WRITE.match(sql)
    if found is None or LAST_LOGIN.match(sql):
        return None
    return _table_kinds().get(found[1], "global")


def model_changed(sender, **kwargs) -> None:
    """post_save, post_delete, m2m_changed: a row changed."""
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed's "pre_add" …
        return
    if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= UNSHOWN_FIELDS:
        return
    kind = _kind(sender)
    if kind is not None:
        _changed_after_commit(_write_scope.get() if kind == "plan" else None)


def task_finished(sender, **kwargs) -> None:
    changed()


def connect() -> None:
    """Listen to every model's writes and every task's end (from OpsConfig.ready)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from django_tasks.signals import task_finished as finished

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(model_changed, dispatch_uid=f"viewer_cache_{id(signal)}")
    finished.connect(task_finished, dispatch_uid="viewer_cache_task_finished")


class WriteScopeMiddleware:
    """Notes the plan a write request is under, for the signals, and marks the kept pages
    out of date after a request that wrote (update() and raw SQL send no signal): a POST
    that changed nothing (a refused form, a login, a rate-limited guess) leaves them."""

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        written: set[str] = set()

        def watch(execute, sql, params, many, context):
            kind = _written(sql)
            if kind is not None:
                written.add(kind)
            return execute(sql, params, many, context)

        token = _write_scope.set(None)
        try:
            with connection.execute_wrapper(watch):
                response = self.get_response(request)
        finally:
            scope = _write_scope.get()
            _write_scope.reset(token)
        if "global" in written:
            changed()
        elif written:
            changed(scope)
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        slug = kwargs.get("plan_slug")
        if request.method not in SAFE_METHODS and isinstance(slug, str):
            _write_scope.set(slug if PLAN_SLUG.fullmatch(slug) else None)


def _viewer(request: HttpRequest) -> tuple[str, str] | None:
    """(user id, a digest of the session's authentication hash) of a plain visit by a
    logged-in user, from the session alone; None when no kept page may be used.

    The user is not loaded: a session holding the same user and the same hash as the
    visit that rendered the page is as valid as it was then, unless the user changed since
    (a new password, deactivated, erased): a write to the user, which changes `global`
    and `all`, so every kept page of theirs is rendered afresh, and the check in
    `django.contrib.auth.get_user` runs again."""
    if (
        not settings.VIEWER_PAGE_CACHE
        or request.method not in ("GET", "HEAD")
        or request.headers.get("HX-Request")
        or len(request.get_full_path()) > PATH_MAX
        or request.COOKIES.get(page_cache.MESSAGES_COOKIE)
    ):
        return None
    session = request.session
    user_id, auth_hash = session.get(SESSION_KEY), session.get(HASH_SESSION_KEY)
    if not user_id or not auth_hash or "_messages" in session:
        return None
    return str(user_id), hashlib.sha256(str(auth_hash).encode()).hexdigest()[:16]


PLACEHOLDER = page_cache.PLACEHOLDER.encode()


def _answer(request: HttpRequest, content: bytes) -> HttpResponse:
    """A kept page (UTF-8, as it is sent: nothing to decode or encode) with the request's
    own CSRF token."""
    return HttpResponse(content.replace(PLACEHOLDER, get_token(request).encode()))


def _kept_counter(user_id: str) -> str:
    return f"viewer:kept:{user_id}"


def new_window(user_id) -> None:
    """Start the user's window of `PAGES_MAX` pages afresh (the benchmark: every first
    visit it times stores a page)."""
    cache.delete(_kept_counter(str(user_id)))


def _may_keep(user_id: str) -> bool:
    """Whether the user has kept fewer than `PAGES_MAX` pages in this window of `TIMEOUT`
    seconds (counted from the first)."""
    counter = _kept_counter(user_id)
    cache.add(counter, 0, TIMEOUT)
    try:
        return cache.incr(counter) <= PAGES_MAX
    except ValueError:  # the window ended between the two calls
        return True


def keep_for_viewer(view: Callable) -> Callable:
    """Keep the view's plain 200 answers for the logged-in user who asked, until their
    scope's generations change (the plan's and `global` when the view takes `plan_slug`;
    else `all`), for `TIMEOUT` seconds at most."""
    # A page from the cache needs no transaction: the view gets the one it would have had
    # (ATOMIC_REQUESTS), unless it asked for none.
    atomic = not getattr(view, "_non_atomic_requests", set())

    def render(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not atomic:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        viewer = _viewer(request)
        if viewer is None:
            return render(request, *args, **kwargs)
        slug = kwargs.get("plan_slug")
        if isinstance(slug, str) and PLAN_SLUG.fullmatch(slug):
            scopes = ["global", f"plan:{slug}"]
        else:
            scopes = ["all"]
        generation_keys = [_generation_key(scope) for scope in scopes]
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        user_id, auth = viewer
        key = f"viewer:page:{user_id}:{auth}:{request.LANGUAGE_CODE}:{view.__name__}:{path}"
        try:
            generation, kept = page_cache.look_up(generation_keys, key)
        except Exception:  # the cache is down: the page as it is made, not kept
            logger.warning("Could not read the kept pages", exc_info=True)
            return render(request, *args, **kwargs)
        if isinstance(kept, tuple) and kept[0] == generation and isinstance(kept[1], bytes):
            return _answer(request, kept[1])
        response = render(request, *args, **kwargs)
        if (
            response.status_code == 200
            and request.user.is_authenticated
            and str(request.user.pk) == user_id
            and not response.streaming
            and not response.cookies
            and not get_messages(request)._queued_messages
        ):
            content = page_cache.without_token(response.content.decode(response.charset))
            if content is not None:
                try:
                    if _may_keep(user_id):
                        cache.set(key, (generation, content.encode()), TIMEOUT)
                except Exception:
                    logger.warning("Could not keep a page", exc_info=True)
        return response

    wrapper._non_atomic_requests = {DEFAULT_DB_ALIAS}  # not the view's own set (wraps)
    return wrapper
