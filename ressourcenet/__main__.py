"""The `ressourcenet` command: Django's management commands plus a few friendly names.

ressourcenet serve               serve the site (runserver in development, gunicorn in production)
ressourcenet demo                load the demo data (safe to run again)
ressourcenet token create EMAIL  print a new API token for an existing user (--days N)
ressourcenet person export EMAIL print a person's data as JSON (erase EMAIL --yes: anonymise them)
ressourcenet generate            fill an empty database with a national data set (--scale N)
ressourcenet <django command>    anything manage.py can do
"""

import os
import sys


def _translate(argv: list[str]) -> list[str]:
    if argv[:1] == ["demo"]:
        return ["loaddemo", *argv[1:]]
    if argv[:2] == ["token", "create"]:
        return ["createtoken", *argv[2:]]
    if argv[:1] == ["token"]:
        raise SystemExit("usage: ressourcenet token create EMAIL [--days N] [--name NAME]")
    return argv


def _serve(args: list[str]) -> None:
    from django.conf import settings

    port = os.environ.get("PORT", "8000")
    if settings.PRODUCTION:
        from ressourcenet.accounts.demo_guard import refuse_demo_users_in_production

        refuse_demo_users_in_production()
        bind = os.environ.get("BIND", f"0.0.0.0:{port}")
        workers = os.environ.get("WEB_CONCURRENCY", "3")
        gunicorn = [sys.executable, "-m", "gunicorn", "ressourcenet.wsgi", "--bind", bind]
        gunicorn += ["--logger-class", "ressourcenet.lib.gunicorn_logging.RedactingLogger"]
        os.execv(sys.executable, [*gunicorn, "--workers", workers, *args])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ressourcenet", "runserver", f"127.0.0.1:{port}", *args])


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ressourcenet.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        import django

        django.setup()
        _serve(argv[1:])
        return
    from django.core.management import execute_from_command_line

    from ressourcenet.audit.context import acting

    argv = _translate(argv)
    # What a command saves is logged as done by it ("loaddemo"); a request's own user wins.
    try:
        with acting(argv[0] if argv else "ressourcenet"):
            execute_from_command_line(["ressourcenet", *argv])
    finally:
        _pages_out_of_date(argv)


# Commands that write nothing the pages show (not `shell`: a bulk update() typed there
# sends no signal).
READ_ONLY_COMMANDS = {"help", "--help", "-h", "version", "--version", "check"}
READ_ONLY_COMMANDS |= {"collectstatic", "compilemessages", "makemessages", "showmigrations"}


def _pages_out_of_date(argv: list[str]) -> None:
    """A command may write with update() or raw SQL, which send no signal: the pages kept
    for logged-in users are out of date after it (lib/viewer_cache.py)."""
    if not argv or argv[0] in READ_ONLY_COMMANDS:
        return
    from django.apps import apps

    if apps.ready:
        from ressourcenet.lib import viewer_cache

        viewer_cache.changed()


if __name__ == "__main__":
    main()
