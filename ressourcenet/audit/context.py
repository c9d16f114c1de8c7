"""Who is acting: the request's user (set by the middleware), or a label such as a
command's name, or "system" when nothing says otherwise. No Django models imported here,
so that `ressourcenet.__main__` can use it before Django is set up."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SYSTEM = "system"

# An HttpRequest (its user is read only when an entry is written) or a plain label.
_actor: ContextVar[object | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting(actor: object) -> Iterator[None]:
    """Entries written inside are by `actor`: a request, a user or a label ("loaddemo")."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[object | None, str]:
    """(the user or None, the label to keep even when the user is gone)."""
    actor = _actor.get()
    if actor is None:
        return None, SYSTEM
    if isinstance(actor, str):
        return None, actor
    # The API's token login is the request's `auth`; a session login is its `user`.
    for user in (getattr(actor, "auth", None), getattr(actor, "user", actor)):
        if getattr(user, "is_authenticated", False):
            return user, str(user)
    return None, "anonymous"
