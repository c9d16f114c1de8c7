"""What the production-set-up scripts share (`.ci/smoke.py`, `.ci/load_fault.py`): a fresh
PostgreSQL database and an emptied Redis database, two gunicorn servers
(`ressourcenet serve`, RESSOURCENET_ENV=production, WEB_CONCURRENCY=2) and one
`ressourcenet db_worker`, a local SMTP server, a small data set, and a browser that plays
the load balancer (Host, X-Forwarded-Proto: https). `run_production` sets it all up, runs
a script's body and cleans up whatever happens (Ctrl-C too).
"""

import contextlib
import email
import email.policy
import http.client
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import redis

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PUBLIC_HOST = "ressourcenet.test"  # the name the balancer answers on
ORIGIN = f"https://{PUBLIC_HOST}"
POSTGRES = os.environ.get("SMOKE_POSTGRES", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
PASSWORD = secrets.token_urlsafe(16)
# Settings the servers must not inherit from the shell that runs the smoke test.
NOT_INHERITED = {"DEBUG", "DEMO_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT"}


class SmokeFailed(Exception):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailed(message)


# --- steps -------------------------------------------------------------------------------

STARTED = time.monotonic()


@contextlib.contextmanager
def step(text: str):
    began = time.monotonic()
    print(f"… {text}", flush=True)
    yield
    took = time.monotonic() - began
    print(f"  ok ({took:.1f} s, {time.monotonic() - STARTED:.0f} s in all)", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(interval)
    raise SmokeFailed(f"Waited {timeout:.0f} s for {what}")


# --- the mail server ---------------------------------------------------------------------


class Inbox:
    """What the SMTP server received: (recipients, message) pairs."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(([r.lower() for r in envelope.rcpt_tos], message))
        return "250 Message accepted for delivery"

    def find(self, to: str, subject_has: str = "") -> email.message.EmailMessage | None:
        with self.lock:
            for recipients, message in self.messages:
                if to.lower() in recipients and subject_has in str(message["Subject"]):
                    return message
        return None


def text_of(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part else ""


# --- a browser behind the balancer -------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str
    path: str

    @property
    def location(self) -> str:
        return urlsplit(urljoin(ORIGIN + self.path, self.headers.get("Location", ""))).path


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)  # radio buttons
    buttons: list[tuple[str, str]] = field(default_factory=list)


class Forms(HTMLParser):
    """The forms of a page, with the values a browser would send (no JavaScript)."""

    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page_path, a.get("action") or self.page_path)).path
            self.forms.append(Form(action=action))
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "image"):
                form.buttons.append((name, a.get("value", "")))
            elif kind == "radio":
                form.choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind == "checkbox":
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            else:
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form.buttons.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = name
            form.fields.append((name, ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            form.fields.append((self.select, a.get("value", "")))

    def handle_data(self, data):
        if self.textarea and self.forms:
            name, value = self.forms[-1].fields[-1]
            self.forms[-1].fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


class Browser:
    """One visitor: cookies kept across both servers, as behind one address."""

    def __init__(self, name: str, servers: list[int], forwarded_for: str = ""):
        self.name = name
        self.servers = servers
        self.turn = 0
        self.cookies: dict[str, str] = {}
        # The client's address as the balancer passes it on (with TRUSTED_PROXIES=1).
        self.forwarded_for = forwarded_for

    def next_server(self) -> int:
        port = self.servers[self.turn % len(self.servers)]
        self.turn += 1
        return port

    def request(
        self, method: str, path: str, data: list | dict | None = None, port: int | None = None
    ) -> Answer:
        port = port or self.next_server()
        headers = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-Proto": "https",
            "Accept-Language": "da",
            "User-Agent": f"ressourcenet-smoke ({self.name})",
        }
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = ORIGIN
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return Answer(response.status, response.headers, content, path)

    def get(self, path: str, expect: int = 200, port: int | None = None) -> Answer:
        answer = self.request("GET", path, port=port)
        check(
            answer.status == expect,
            f"{self.name}: GET {path} on :{port or 'next'} answered {answer.status}, not {expect}",
        )
        return answer

    def form(self, page: Answer, action: str) -> Form:
        parser = Forms(page.path)
        parser.feed(page.body)
        for form in parser.forms:
            if form.action == action:
                return form
        raise SmokeFailed(f"{self.name}: no form to {action} on {page.path}")

    def submit(
        self,
        form: Form,
        values: dict | None = None,
        button: tuple[str, str] | None = None,
        port: int | None = None,
    ) -> Answer:
        values = values or {}
        sent = [(k, v) for k, v in form.fields if k not in values]
        sent += [(k, v) for k, v in values.items() if v is not None]
        if button:
            sent.append(button)
        return self.request("POST", form.action, sent, port=port)


# --- the set-up --------------------------------------------------------------------------


class Processes:
    def __init__(self, logs: Path):
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], env: dict) -> None:
        # In a session of its own: Ctrl-C reaches this script, which stops the process.
        with open(self.logs / f"{name}.log", "wb") as log:
            self.running[name] = subprocess.Popen(
                args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def check_alive(self) -> None:
        for name, process in self.running.items():
            check(process.poll() is None, f"{name} stopped (exit {process.returncode})")

    def stop_all(self) -> None:
        for process in self.running.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.running.items():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop: killed", flush=True)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running.clear()

    def tails(self) -> str:
        parts = []
        for log in sorted(self.logs.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()[-25:]
            parts.append(f"--- {log.name} (last lines) ---\n" + "\n".join(lines))
        return "\n".join(parts)


def postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def ressourcenet(*args: str, env: dict) -> None:
    result = subprocess.run(
        [str(BIN / "ressourcenet"), *args], env=env, capture_output=True, text=True
    )
    check(result.returncode == 0, f"ressourcenet {' '.join(args)} failed:\n{result.stderr}")


def seed() -> dict:
    """The small data set, through the ORM with the servers' settings."""
    from django.utils import timezone

    from ressourcenet.accounts.models import User
    from ressourcenet.blog.models import BloggerProfile, Post
    from ressourcenet.meetings import services as meeting_services
    from ressourcenet.meetings.models import Meeting
    from ressourcenet.networks.models import Membership, Network
    from ressourcenet.people.models import Person, StakeholderGroup
    from ressourcenet.plans.models import Board, Effort, HousingArea, Plan

    today = timezone.localdate()
    plan = Plan.objects.create(
        name="Helhedsplan Røgby",
        slug="roegby",
        municipality="Røgby",
        starts_on=today.replace(month=1, day=1) - timedelta(days=365),
        ends_on=today.replace(month=12, day=31) + timedelta(days=730),
    )
    area = HousingArea.objects.create(plan=plan, name="Vestparken")
    Board.objects.create(plan=plan, name="Bestyrelsen")
    effort = Effort.objects.create(plan=plan, name="Familier")
    network = Network.objects.create(
        plan=plan,
        effort=effort,
        name="Netværk for familier",
        slug="familier",
        responsibility="Rådgive og koordinere.",
        tasks="Dele viden",
    )

    def person_with_login(name: str, mail: str, group: str, role: str) -> Person:
        person = Person.objects.create(
            name=name, email=mail, stakeholder_group=group, housing_area=area
        )
        Membership.objects.create(network=network, person=person, role=role, starts_on=today)
        person.user = User.objects.create_user(mail, PASSWORD)
        person.save(update_fields=["user"])
        return person

    coordinator = person_with_login(
        "Karen Koordinator",
        "koordinator@roegby.test",
        StakeholderGroup.SOCIAL_HOUSING_STAFF,
        Membership.Role.COORDINATOR,
    )
    member = person_with_login(
        "Mads Medlem", "medlem@roegby.test", StakeholderGroup.VOLUNTEER, Membership.Role.MEMBER
    )
    User.objects.create_user("redaktoer@roegby.test", PASSWORD, is_editor=True)
    why = "Vi skal finde ud af, hvordan flere familier bruger lektiecaféen."
    polled = Meeting.objects.create(network=network, title="Netværksmøde om efteråret", why=why)
    meeting_services.invite_members(polled)
    starts = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0)
    starts += timedelta(days=14)
    planned = Meeting.objects.create(
        network=network,
        title="Temamøde om lektiehjælp",
        why=why,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        location="Fælleshuset, Vestparken 2",
    )
    blogger = BloggerProfile.objects.create(name="Berit Blogger", presentation="Frivillig.")
    post = Post.objects.create(
        author=blogger,
        slug="sommer-i-vestparken",
        title="Sommer i Vestparken",
        teaser="Kort om sommeren.",
        body="Der var **mange** med til grillaften.",
        state=Post.State.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=1),
    )
    return {
        "plan": plan.slug,
        "network": network.slug,
        "polled": polled.pk,
        "planned": planned.pk,
        "post": post.slug,
        "coordinator": coordinator.email,
        "member": member.email,
        "member_id": member.pk,
    }


# --- the whole run -----------------------------------------------------------------------


def ports_from(variable: str) -> list[int]:
    """Two ports from e.g. SMOKE_PORTS=8211,8212; two free ones if it is not set."""
    ports = [int(p) for p in os.environ.get(variable, "").split(",") if p.strip()]
    ports = ports or [free_port(), free_port()]
    check(len(ports) == 2 and ports[0] != ports[1], f"{variable} names two ports")
    return ports


def run_production(
    title: str,
    body: Callable[[list[int], Inbox, dict, Processes], None],
    *,
    database: str,
    redis_url: str,
    ports: list[int],
    extra_env: dict[str, str] | None = None,
) -> int:
    """Set up the production stack on `database` (made and dropped) and `redis_url`
    (emptied), call `body(ports, inbox, data, processes)`, clean up; the exit code: 0 if
    the body returned, 1 if it raised SmokeFailed or was interrupted."""
    work = Path(tempfile.mkdtemp(prefix="ressourcenet-smoke-"))
    processes = Processes(work)
    controller = None
    created = False
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env = {key: value for key, value in env.items() if not key.startswith("STORAGE_S3_")}
    smtp_port = free_port()
    env.update(
        RESSOURCENET_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1,localhost",
        DATABASE_URL=f"{POSTGRES}/{database}",
        REDIS_URL=redis_url,
        TASK_BACKEND="database",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        DEFAULT_FROM_EMAIL=f"Ressourcenet <ressourcenet@{PUBLIC_HOST}>",
        SITE_URL=ORIGIN,
        RESSOURCENET_VAR_DIR=str(work / "var"),
        DJANGO_SETTINGS_MODULE="ressourcenet.settings",
        WEB_CONCURRENCY="2",
        GUNICORN_CMD_ARGS="--access-logfile -",
    )
    env.update(extra_env or {})
    # Ctrl-C and a CI's stop both end in the clean-up below (also where the shell that
    # started the script in the background told it to ignore SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    failed = True
    try:
        with step(f"A fresh PostgreSQL database {database}, migrated; an empty Redis database"):
            postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            postgres(f'CREATE DATABASE "{database}"')
            created = True
            redis.Redis.from_url(redis_url).flushdb()
            ressourcenet("migrate", "--no-input", env=env)

        with step("Static files collected (whitenoise: hashed names, compressed)"):
            ressourcenet("collectstatic", "--no-input", env=env)

        with step("Django's deploy checks pass"):
            ressourcenet("check", "--deploy", "--fail-level", "WARNING", env=env)

        with step("The data set: a plan, a network, a coordinator, a member, two meetings, a post"):
            os.environ.update(env)
            import django

            django.setup()
            data = seed()

        with step(f"An SMTP server; servers A :{ports[0]} and B :{ports[1]}; one task worker"):
            from aiosmtpd.controller import Controller

            logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's every line

            inbox = Inbox()
            controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
            controller.start()
            for name, port in zip(("server-a", "server-b"), ports, strict=True):
                server_env = {**env, "PORT": str(port), "BIND": f"127.0.0.1:{port}"}
                processes.start(name, [str(BIN / "ressourcenet"), "serve"], server_env)
            processes.start("worker", [str(BIN / "ressourcenet"), "db_worker"], env)

            def up(port: int) -> bool:
                processes.check_alive()
                with contextlib.suppress(OSError):
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", "/api/v1/health")
                    return connection.getresponse().status == 200
                return False

            for port in ports:
                wait_until(lambda port=port: up(port), 60, f"the server on :{port}", 0.5)

        body(ports, inbox, data, processes)
        failed = False
    except SmokeFailed as failure:
        print(f"\n{title.upper()} FAILED: {failure}\n{processes.tails()}", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
    finally:
        processes.stop_all()
        if controller is not None:
            controller.stop()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if created:
            postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            with contextlib.suppress(redis.RedisError):
                redis.Redis.from_url(redis_url).flushdb()
        shutil.rmtree(work, ignore_errors=True)
    took = time.monotonic() - STARTED
    print(f"\n{title} {'FAILED' if failed else 'passed'} in {took:.0f} s.")
    return 1 if failed else 0
