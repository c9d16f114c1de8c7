"""Whole pages kept for visitors who are not logged in (the blog's index), in the default
cache: Redis in production, so every app server shares them.

Django's `cache_page` cannot do this here: every page carries a CSRF token (the language
form and htmx's header), and the cache middleware neither stores a response that sets the
CSRF cookie for a visitor without cookies nor shares one across visitors who have
different cookies. So the page is kept with a placeholder where the token was, and each
answer gets the visitor's own token (and cookie) put back in: no one's token or content
reaches anyone else.

A form may carry other values made for each answer (the comment form's signed time
stamp): the view names them as `Stamp`s, kept as placeholders too and made afresh for
each answer.

Only a plain visit is served from the cache or stored: a GET or HEAD without a session
(a logged-in user has one) or pending messages, not from htmx, and with no query
parameters but those the view names, in their plain form. The key holds the language
and the path; every page of a group is kept with the group's generation, read before
the page is rendered, and `forget(group)` starts a new generation, so the next visit
renders afresh (a page rendered while the data changed is kept under the old one). A
page may belong to a second, narrower group named from the view's arguments (one blog
post's page: the blog, and that post's comments); it is kept with both generations, and
forgetting either renders it afresh. Whoever changes what such a page shows calls
`forget`; what changes with time alone (a scheduled post coming due) is handled by the
view's timeout, which says how long the page may be kept at most.
"""

import functools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

PLACEHOLDER = "__csrf_token_placeholder__"
# The token as base.html and {% csrf_token %} write it: 64 letters and digits.
TOKEN_PATTERNS = [
    re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"'),
    re.compile(r"&quot;X-CSRFToken&quot;: &quot;([A-Za-z0-9]{64})&quot;"),
    re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{64})"'),
]
PLAIN_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
MESSAGES_COOKIE = "messages"


@dataclass(frozen=True)
class Stamp:
    """A value of the page made for each answer: where it stands (`pattern`, its value the
    first group) and how to make a fresh one for the request."""

    placeholder: str
    pattern: re.Pattern
    make: Callable[[HttpRequest], str]


def generation_key(group: str) -> str:
    return f"pages:{group}:generation"


def forget(group: str) -> None:
    """Every kept page of the group is out of date: the next visit renders afresh."""
    cache.set(generation_key(group), secrets.token_hex(8), None)


def look_up(generation_keys: list[str], key: str) -> tuple[tuple, object]:
    """(the generations, read before the page is rendered; the page kept under `key`, or
    None), in one round trip when the generations are there; a missing generation is
    started (and no page is current)."""
    found = cache.get_many([*generation_keys, key])
    generation = tuple(found.get(name) for name in generation_keys)
    if None in generation:
        for name in generation_keys:
            cache.add(name, secrets.token_hex(8), None)
        found = cache.get_many(generation_keys)
        return tuple(found.get(name) for name in generation_keys), None
    return generation, found.get(key)


def may_use_cache(request: HttpRequest, params: tuple[str, ...]) -> bool:
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return False
    # Each parameter at most once, as a plain page number (1-9999): a bounded set of keys.
    return all(
        name in params and len(request.GET.getlist(name)) == 1 and PLAIN_NUMBER.fullmatch(value)
        for name, value in request.GET.items()
    )


def without_token(content: str, stamps: tuple[Stamp, ...] = ()) -> str | None:
    """The page with the CSRF token (and the stamps) replaced by placeholders; None when a
    token or stamp would remain (a form the patterns do not know), so such a page is never
    kept; None too when the page already holds a placeholder (someone wrote it in an
    idea or a comment), which each answer would turn into the reader's token."""
    placeholders = [PLACEHOLDER, *(stamp.placeholder for stamp in stamps)]
    if any(placeholder in content for placeholder in placeholders):
        return None
    tokens = {match for pattern in TOKEN_PATTERNS for match in pattern.findall(content)}
    for token in tokens:
        content = content.replace(token, PLACEHOLDER)
    if any(pattern.search(content) for pattern in TOKEN_PATTERNS):
        return None
    for stamp in stamps:
        for value in set(stamp.pattern.findall(content)):
            content = content.replace(value, stamp.placeholder)
        left = [value for value in stamp.pattern.findall(content) if value != stamp.placeholder]
        if left:
            return None
    return content


def with_token(request: HttpRequest, content: str, stamps: tuple[Stamp, ...] = ()) -> HttpResponse:
    for stamp in stamps:
        content = content.replace(stamp.placeholder, stamp.make(request))
    return HttpResponse(content.replace(PLACEHOLDER, get_token(request)))


def cache_anonymous_page(
    group: str,
    timeout: Callable[[], int],
    params: tuple[str, ...] = (),
    subgroup: Callable[..., str] | None = None,
    stamps: tuple[Stamp, ...] = (),
) -> Callable:
    """Keep the view's 200 answers to plain visits for `timeout()` seconds at most (called
    when a page is stored), until `forget(group)`, or `forget(subgroup(**kwargs))` when the
    view names a narrower group from its arguments. The view itself runs in a transaction,
    as ATOMIC_REQUESTS would; a page from the cache needs none."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not may_use_cache(request, params):
                with transaction.atomic():
                    return view(request, *args, **kwargs)
            groups = [group] if subgroup is None else [group, subgroup(**kwargs)]
            generation_keys = [generation_key(name) for name in groups]
            # One round trip: the groups' generations and the page, kept with the
            # generations it was rendered in.
            key = f"pages:{group}:{request.LANGUAGE_CODE}:{request.get_full_path()}"
            generation, kept = look_up(generation_keys, key)
            if kept is not None and kept[0] == generation:
                return with_token(request, kept[1], stamps)
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                seconds = timeout() if response.status_code == 200 else 0
            if seconds > 0 and not response.streaming and not response.cookies:
                content = without_token(response.content.decode(response.charset), stamps)
                if content is not None and None not in generation:
                    cache.set(key, (generation, content), seconds)
            return response

        return transaction.non_atomic_requests(wrapper)

    return decorator
