"""Secrets in addresses never reach a log: runserver, Django's request log and gunicorn."""

import logging
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.log import AdminEmailHandler
from gunicorn.config import Config

from ressourcenet.lib.gunicorn_logging import RedactingLogger
from ressourcenet.lib.redact import REDACTED, redact

SECRET = "Zq7SECRETvalue-_x9"
SECRET_PARAMETERS = {"token", "secret", "uidb64", "key"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/invitation/abc.def:ghi/", f"/invitation/{REDACTED}/"),
        ("/poll/abc.def:ghi/?x=1", f"/poll/{REDACTED}/?x=1"),
        ("/summary/abc.def:ghi/", f"/summary/{REDACTED}/"),
        ("/blog/erase/MTI:1tZx:abc/", f"/blog/erase/{REDACTED}/"),
        ("/calendar/abcdef.ics", f"/calendar/{REDACTED}"),
        ("/accounts/reset/MQ/set-password/", f"/accounts/reset/{REDACTED}/"),
        ("/accounts/reset/MQ/cz8-abc123/", f"/accounts/reset/{REDACTED}/"),
        ("/accounts/reset/done/", "/accounts/reset/done/"),
        ('"GET /poll/abc/ HTTP/1.1" 200 512', f'"GET /poll/{REDACTED}/ HTTP/1.1" 200 512'),
        ("https://rn.example.dk/invitation/abc/", f"https://rn.example.dk/invitation/{REDACTED}/"),
        ("/api/v1/people?token=abc&limit=5", f"/api/v1/people?token={REDACTED}&limit=5"),
        ("secret=abc", f"secret={REDACTED}"),
        ("Not Found: /calendar/abc.ics", f"Not Found: /calendar/{REDACTED}"),
    ],
)
def test_redact_removes_the_secret_and_keeps_the_rest(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "/plans/testby/meetings/4/poll/new/",
        "/plans/testby/meetings/4/poll/choose/12/",
        "/plans/testby/meetings/4/summary/edit/",
        "/plans/testby/meetings/4/calendar.ics",
        "GET /plans/testby/networks/familier/ HTTP/1.1",
        "/people/?q=poll",
    ],
)
def test_redact_leaves_addresses_without_secrets_alone(text):
    assert redact(text) == text


def _routes(resolvers, prefix_converters=None):
    """(url name, converters) for every named route, including those under include()."""
    for entry in resolvers:
        converters = {**(prefix_converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api-1.0.0"}:
                continue  # no personal links there
            prefix = f"{entry.namespace}:" if entry.namespace else ""
            for name, found in _routes(entry.url_patterns, converters):
                yield prefix + name, found
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, converters


def _secret_routes():
    return [
        (name, converters)
        for name, converters in _routes(get_resolver().url_patterns)
        if SECRET_PARAMETERS & converters.keys()
    ]


def test_the_url_configuration_has_the_routes_this_test_expects():
    names = {name for name, _converters in _secret_routes()}

    assert names >= {
        "invitation_answer",
        "poll_answer",
        "network_feed",
        "password_reset_confirm",
        "blog:erase",
    }


@pytest.mark.parametrize(("name", "converters"), _secret_routes())
def test_every_route_with_a_secret_is_redacted(name, converters):
    kwargs = {
        key: (SECRET if key in SECRET_PARAMETERS else converter.to_url(converter.regex and 1))
        for key, converter in converters.items()
    }
    path = reverse(name, kwargs=kwargs)

    assert SECRET in path
    assert SECRET not in redact(path)
    assert SECRET not in redact(f'"GET {path} HTTP/1.1" 200 1234')
    assert SECRET not in redact(f"https://rn.example.dk{path}")


@contextmanager
def captured(caplog, logger_name: str):
    """caplog for a logger that does not propagate to the root (as Django's do)."""
    logger = logging.getLogger(logger_name)
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger=logger_name):
            yield
    finally:
        logger.removeHandler(caplog.handler)


def test_runserver_request_lines_hold_no_secret(caplog):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.requestline = f"GET /poll/{SECRET}/ HTTP/1.1"

    with captured(caplog, "django.server"):
        handler.log_request(200, 1234)

    (record,) = caplog.records
    assert f"/poll/{REDACTED}/" in caplog.text
    assert SECRET not in caplog.text
    assert SECRET not in record.getMessage()


@pytest.mark.django_db
def test_django_request_log_holds_no_secret(client, caplog):
    with captured(caplog, "django.request"):
        response = client.get(f"/calendar/{SECRET}.ics")

    assert response.status_code == 404
    assert "/calendar/" in caplog.text
    assert SECRET not in caplog.text


class _Response:
    status = "200 OK"
    sent = 1234
    headers = [("Content-Type", "text/html")]


class _Request:
    headers = [
        ("REFERER", f"https://rn.example.dk/invitation/{SECRET}/"),
        ("USER-AGENT", "Firefox"),
    ]


def _environ(path: str, query: str = "") -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": f"https://rn.example.dk/invitation/{SECRET}/",
    }


def gunicorn_access_line(access_log_format: str, environ: dict) -> str:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", access_log_format)
    logger = RedactingLogger(config)
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    logger.access_log.addHandler(handler)
    try:
        logger.access(_Response(), _Request(), environ, timedelta(milliseconds=5))
    finally:
        logger.access_log.removeHandler(handler)
    return stream.getvalue()


def test_gunicorn_access_log_holds_no_secret():
    environ = _environ(f"/accounts/reset/MQ/{SECRET}/", query=f"token={SECRET}")
    everything = '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %(q)s'
    everything += " %({referer}i)s %({raw_uri}e)s %({http_referer}e)s"

    line = gunicorn_access_line(everything, environ)

    assert "10.0.0.1" in line and "GET /accounts/reset/" in line and " 200 " in line
    assert SECRET not in line
    assert line.count(REDACTED) == 9


def test_gunicorn_default_access_format_holds_no_secret():
    line = gunicorn_access_line(Config().access_log_format, _environ(f"/poll/{SECRET}/"))

    assert f"GET /poll/{REDACTED}/ HTTP/1.1" in line
    assert SECRET not in line


def test_gunicorn_error_log_holds_no_secret(caplog):
    logger = RedactingLogger(Config())

    with captured(caplog, "gunicorn.error"):
        logger.error("Error handling request %s", f"/calendar/{SECRET}.ics")

    assert "Error handling request /calendar/" in caplog.text
    assert SECRET not in caplog.text


def test_serve_starts_gunicorn_with_the_redacting_logger(monkeypatch, settings):
    from ressourcenet import __main__ as main

    class Replaced(Exception):
        """os.execv never returns: neither does this stand-in."""

    def execv(path: str, argv: list[str]) -> None:
        raise Replaced(argv)

    settings.PRODUCTION = True
    monkeypatch.setattr(
        "ressourcenet.accounts.demo_guard.refuse_demo_users_in_production", lambda: None
    )
    monkeypatch.setattr(main.os, "execv", execv)

    with pytest.raises(Replaced) as started:
        main._serve([])

    (argv,) = started.value.args
    assert argv[argv.index("--logger-class") + 1] == (
        "ressourcenet.lib.gunicorn_logging.RedactingLogger"
    )


def handlers_reached(logger: logging.Logger) -> list[logging.Handler]:
    """Every handler a record logged on `logger` passes through, as logging walks them."""
    handlers = []
    while logger is not None:
        handlers += logger.handlers
        logger = logger.parent if logger.propagate else None
    return handlers


@pytest.mark.django_db
def test_csrf_refusal_of_a_personal_link_logs_no_secret(client, settings):
    """Django's own loggers (django.security.csrf here) reach no handler that skips the
    redaction: Django's default console handler printed the path again in development."""
    settings.DEBUG = True
    client = type(client)(enforce_csrf_checks=True)
    streams = []
    handlers = handlers_reached(logging.getLogger("django.security.csrf"))
    originals = {}
    # The stream is swapped, not set (setStream flushes the old one): a test that ran the
    # `ressourcenet` command configured logging again, onto a capture closed since.
    for handler in handlers:
        if isinstance(handler, logging.StreamHandler):
            streams.append(StringIO())
            originals[handler], handler.stream = handler.stream, streams[-1]
    try:
        response = client.post(f"/poll/{SECRET}/", {"answer": "yes"})
    finally:
        for handler, stream in originals.items():
            handler.stream = stream

    written = "".join(stream.getvalue() for stream in streams)
    assert response.status_code == 403
    assert f"/poll/{REDACTED}/" in written
    assert SECRET not in written
    # Nor is the path e-mailed to ADMINS unredacted in production.
    assert not any(isinstance(h, AdminEmailHandler) for h in handlers)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", [f"/%69nvitation/{SECRET}/", f"/poll%2F{SECRET}/", f"/%63alendar/{SECRET}.ics"]
)
def test_a_percent_encoded_personal_link_is_redacted_too(client, path):
    """Django decodes the path before routing, so these reach the personal-link views."""
    response = client.get(path)

    assert response.status_code in (404, 410)
    assert response.resolver_match is not None
    assert SECRET not in redact(f'"GET {path} HTTP/1.1" 404 3106')
