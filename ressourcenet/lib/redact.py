"""Keep secrets in addresses out of the logs.

Several addresses are keys in themselves: whoever reads them in a log can answer for an
invitee, read a network's calendar or set someone's password. Each such route of
ressourcenet/urls.py has a pattern below that replaces its secret part; so does any
query parameter that commonly carries one. `redact` works on any text that holds such
an address: a request line, a path, a full URL in a Referer header, a log message.

A test walks the URL configuration and fails when a route with a secret-looking
parameter (token, secret, uidb64, key) has no pattern here.
"""

import logging
import re
from urllib.parse import unquote

REDACTED = "[redacted]"

_SEGMENT = r"[^/?#\s\"']+"
# The start of a path: the start of the text, after a space or quote (a request line,
# a log message), or after the host of a full URL (a Referer).
_PATH_START = r"(^|[\s\"'(=]|//[^/\s\"']+)"

_SECRET_PATHS = [
    # /invitation/, /poll/, /summary/, /evaluation/, /agreement/ and /blog/erase/<token>/:
    # personal links.
    re.compile(
        _PATH_START + r"(/(?:invitation|poll|summary|evaluation|agreement|blog/erase)/)" + _SEGMENT
    ),
    # /calendar/<secret>.ics: a network's calendar to subscribe to.
    re.compile(_PATH_START + r"(/calendar/)" + _SEGMENT),
    # /accounts/reset/<uidb64>/<token>/ (and .../set-password/ after Django's redirect).
    re.compile(
        _PATH_START
        + r"(/accounts/reset/)(?!done(?:[/?#\s\"']|$))"
        + _SEGMENT
        + rf"(?:/{_SEGMENT})?"
    ),
]
_SECRET_QUERY = re.compile(
    r"(^|[?&;])((?:token|secret|key|password|uidb64)=)[^&;#\s\"']*", re.IGNORECASE
)


def _redact(text: str) -> str:
    for pattern in _SECRET_PATHS:
        text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    return _SECRET_QUERY.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)


def redact(text: str) -> str:
    """`text` with the secret part of every secret-bearing address replaced.

    Django decodes a path before routing it, so "/%69nvitation/<token>/" reaches the same
    view: when the decoded text holds a secret, the decoded text is returned, redacted.
    """
    cleaned = _redact(text)
    decoded = unquote(cleaned)
    if decoded != cleaned and _redact(decoded) != decoded:
        return _redact(decoded)
    return cleaned


class RedactSecrets(logging.Filter):
    """A logging filter that redacts the formatted message of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's problem to report, not ours
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
