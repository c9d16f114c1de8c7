"""Signed, expiring personal links for people without an account.

A link carries a purpose and an object id, signed with the site's secret key.
Anyone holding the link may act on that one object for that one purpose until it
expires; nothing else. Used for "invitee by link" (answer one poll, one invitation,
one evaluation).
"""

from datetime import timedelta

from django.core import signing

DEFAULT_MAX_AGE = timedelta(days=60)


class LinkInvalid(Exception):
    """The link was tampered with, is for another purpose, or was never issued."""


class LinkExpired(LinkInvalid):
    """The link was genuine but is older than its allowed age."""


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"ressourcenet.links.{purpose}")


def make_token(purpose: str, object_id: int | str) -> str:
    return _signer(purpose).sign(str(object_id))


def read_token(purpose: str, token: str, max_age: timedelta = DEFAULT_MAX_AGE) -> str:
    """Return the object id the token was made for, or raise LinkInvalid/LinkExpired."""
    try:
        return _signer(purpose).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired(str(error)) from None
    except signing.BadSignature as error:
        raise LinkInvalid(str(error)) from None
