"""The production set-up, run for real: two app servers and one task worker on this
machine's PostgreSQL and Redis, and a smoke test that alternates between the servers.

    .venv/bin/python .ci/smoke.py        (or `make smoke`; `.ci/run` runs it)

It makes a fresh PostgreSQL database, migrates it, collects the static files and adds a
small data set (a plan, a network with a coordinator and a member, an editor, two meetings,
a published blog post). It starts a local SMTP server (aiosmtpd), two gunicorn servers
(`ressourcenet serve`, RESSOURCENET_ENV=production, WEB_CONCURRENCY=2) and one
`ressourcenet db_worker`, then plays a load balancer: each request goes to the server whose
turn it is, with the balancer's headers (Host, X-Forwarded-Proto: https). It prints each
step and exits non-zero at the first failure; the processes, the database and the Redis
database are cleaned up whatever happens (Ctrl-C too).

Environment (all optional):
  SMOKE_POSTGRES   the server, default postgresql://postgres@127.0.0.1:5432
  SMOKE_DATABASE   the database it makes and drops, default ressourcenet_smoke
  SMOKE_REDIS_URL  a Redis database of its own (emptied), default redis://127.0.0.1:6379/14
  SMOKE_PORTS      the two servers' ports, e.g. 8211,8212; default: two free ones
"""

import contextlib
import email
import email.policy
import html
import http.client
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
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
DATABASE = os.environ.get("SMOKE_DATABASE", "ressourcenet_smoke")
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/14")
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

    def __init__(self, name: str, servers: list[int]):
        self.name = name
        self.servers = servers
        self.turn = 0
        self.cookies: dict[str, str] = {}

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


def tasks_enqueued_since(moment) -> list:
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(
            enqueued_at__gte=moment, task_path__endswith=".deliver_messages"
        ).order_by("enqueued_at")
    )


def worker_ran(task_ids: list) -> bool:
    from django_tasks_db.models import DBTaskResult

    done = DBTaskResult.objects.filter(pk__in=task_ids, status="SUCCESSFUL").exclude(worker_ids=[])
    return done.count() == len(task_ids)


# --- the smoke test ----------------------------------------------------------------------


def smoke(servers: list[int], inbox: Inbox, data: dict, processes: Processes) -> None:
    from django.utils import timezone

    from ressourcenet.blog.models import Comment
    from ressourcenet.mail.models import OutgoingMessage
    from ressourcenet.scheduling.models import Answer as PollAnswer

    a, b = servers
    plan = f"/plans/{data['plan']}"
    network_page = f"{plan}/networks/{data['network']}/"
    polled, planned = data["polled"], data["planned"]
    post_page = f"/blog/{data['post']}/"

    with step("Health: 200 on both servers, asked directly over plain HTTP"):
        for port in servers:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/api/v1/health")
            response = connection.getresponse()
            answer = json.loads(response.read())
            connection.close()
            check(response.status == 200, f":{port} health answered {response.status}")
            check(
                answer == {"status": "ok", "database": "postgresql", "cache": "redis"},
                f":{port} health said {answer}",
            )

    guest = Browser("guest", [a, b])
    with step("Static files from whitenoise: 200 with a long cache life on both servers"):
        front = guest.get("/")
        stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', front.body)
        check(stylesheets, "the front page links no stylesheet")
        for port in servers:
            static = guest.get(stylesheets[0], port=port)
            cache_control = static.headers.get("Cache-Control", "")
            check("max-age=315360000" in cache_control, f"Cache-Control: {cache_control!r}")
            check("immutable" in cache_control, f"Cache-Control: {cache_control!r}")

    with step("A guest opens a post on server A (the comment form starts its clock)"):
        post = guest.get(post_page, port=a)
        comment_form = guest.form(post, f"{post_page}comments/")
        opened = time.monotonic()

    coordinator = Browser("coordinator", [a, b])
    with step("The coordinator logs in on server A and stays logged in on server B"):
        login = coordinator.get("/accounts/login/", port=a)
        answer = coordinator.submit(
            coordinator.form(login, "/accounts/login/"),
            {"username": data["coordinator"], "password": PASSWORD},
            port=a,
        )
        check(answer.status == 302, f"login answered {answer.status}")
        planning = coordinator.get(f"{plan}/meetings/{planned}/plan/", port=b)
        check("Temamøde om lektiehjælp" in planning.body, "B does not show the planning page")
        check(
            guest.request("GET", f"{plan}/meetings/{planned}/plan/", port=b).status == 302,
            "the planning page is open to a guest",
        )

    with step("The coordinator opens a poll (A shows the form, B takes it): queued"):
        form_page = coordinator.get(f"{plan}/meetings/{polled}/poll/new/", port=a)
        day = timezone.localtime() + timedelta(days=10)
        times = {}
        for row, hour in enumerate((10, 14)):
            start = day.replace(hour=hour, minute=0)
            times[f"slots-{row}-starts_at"] = start.strftime("%Y-%m-%dT%H:%M")
            times[f"slots-{row}-ends_at"] = (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        poll_form = coordinator.form(form_page, f"{plan}/meetings/{polled}/poll/new/")
        blank_rows = {
            name: ""
            for name, _value in poll_form.fields
            if re.fullmatch(r"slots-\d+-(starts_at|ends_at)", name) and name not in times
        }
        before = timezone.now()
        answer = coordinator.submit(poll_form, {**blank_rows, **times}, port=b)
        check(answer.status == 302, f"opening the poll answered {answer.status}")
        queued = tasks_enqueued_since(before)
        check(queued, "opening the poll queued no task for the worker")

    with step("The worker sends the poll e-mails; the member's arrives at the SMTP server"):
        poll_mail = wait_until(lambda: inbox.find(data["member"]), 30, "the poll e-mail")
        wait_until(lambda: worker_ran([t.pk for t in queued]), 30, "the worker's task to end")
        sent = OutgoingMessage.objects.get(to_email=data["member"], kind="poll")
        check(sent.status == "sent", f"the poll e-mail is {sent.status}")
        links = re.findall(re.escape(ORIGIN) + r"(/poll/[^/\s\"<>]+/)", text_of(poll_mail))
        check(links, "the poll e-mail holds no personal link")
        poll_link = links[0]

    with step("Key pages, logged in, alternating between A and B"):
        pages = {
            "front page": "/",
            "plan": f"{plan}/",
            "network": network_page,
            "meeting planning": f"{plan}/meetings/{planned}/plan/",
            "poll": f"{plan}/meetings/{polled}/poll/",
            "idea catalogue": f"{plan}/ideas/",
            "search": "/search/?" + urlencode({"q": "lektiehjælp"}),
            "blog index": "/blog/",
            "post": post_page,
            "dashboard": f"{plan}/networks/{data['network']}/health/",
        }
        for name, path in pages.items():
            page = coordinator.get(path)
            check("<html" in page.body, f"the {name} page is not a page")

    with step("The member answers the poll by the personal link (read on A, sent to B)"):
        member = Browser("member", [a, b])
        page = member.get(poll_link, port=a)
        answer_form = member.form(page, poll_link)
        first_slot = sorted(answer_form.choices)[0]
        answer = member.submit(answer_form, {first_slot: "yes"}, port=b)
        check(answer.status == 302, f"answering answered {answer.status}")
        check(
            PollAnswer.objects.filter(person_id=data["member_id"], value="yes").exists(),
            "the answer is not stored",
        )
        check("Mads Medlem" in coordinator.get(f"{plan}/meetings/{polled}/poll/").body, "grid")

    with step("The guest's comment, posted through A, is held for moderation"):
        time.sleep(max(0.0, 3.5 - (time.monotonic() - opened)))  # a person's minimum
        body = f"Godt initiativ! ({secrets.token_hex(3)})"
        answer = guest.submit(
            comment_form,
            {"name": "Gitte Gæst", "email": "gitte@roegby.test", "body": body, "website": ""},
            port=a,
        )
        check(answer.status == 302, f"the comment answered {answer.status}")
        comment = Comment.objects.get(body=body)
        check(comment.state == "pending", f"the guest's comment is {comment.state}")

    editor = Browser("editor", [b, a])
    with step("The editor logs in on B and publishes it from the queue on A"):
        login = editor.get("/accounts/login/", port=b)
        editor.submit(
            editor.form(login, "/accounts/login/"),
            {"username": "redaktoer@roegby.test", "password": PASSWORD},
            port=b,
        )
        queue = editor.get("/blog/moderation/", port=a)
        before = timezone.now()
        moderate = editor.form(queue, f"/blog/comments/{comment.pk}/moderate/")
        answer = editor.submit(moderate, button=("action", "approve"), port=a)
        check(answer.status == 302, f"publishing answered {answer.status}")
        queued = tasks_enqueued_since(before)
        check(queued, "publishing queued no e-mail for the worker")

    with step("The comment reads back through B; the worker tells the guest"):
        page = guest.get(post_page, port=b)
        check(html.escape(body) in page.body or body in page.body, "B does not show the comment")
        wait_until(lambda: inbox.find("gitte@roegby.test"), 30, "the e-mail to the guest")
        wait_until(lambda: worker_ran([t.pk for t in queued]), 30, "the worker's task to end")

    with step("The coordinator invites the members (on A) and sends the invitations (on B)"):
        step_page = f"{plan}/meetings/{planned}/plan/invitations/"
        page = coordinator.get(step_page, port=a)
        invite = coordinator.form(page, f"{plan}/meetings/{planned}/invite/")
        answer = coordinator.submit(invite, button=("all_members", "1"), port=a)
        check(answer.status == 302, f"inviting answered {answer.status}")
        page = coordinator.get(step_page, port=b)
        send = coordinator.form(page, f"{plan}/meetings/{planned}/send/")
        answer = coordinator.submit(send, port=b)
        check(answer.status == 302, f"sending answered {answer.status}")
        invitation = wait_until(
            lambda: inbox.find(data["member"], "Temamøde"), 30, "the member's invitation"
        )
        check(
            any(p.get_content_type() == "text/calendar" for p in invitation.walk()),
            "the invitation has no calendar file",
        )
        sent = OutgoingMessage.objects.get(to_email=data["member"], kind="invitation")
        check(sent.status == "sent", f"the invitation is {sent.status}")

    with step("Logging out on A ends the session on B too"):
        page = coordinator.get("/", port=b)
        logout = coordinator.form(page, "/accounts/logout/")
        coordinator.request("POST", logout.action, logout.fields, port=a)
        answer = coordinator.request("GET", f"{plan}/meetings/{planned}/plan/", port=b)
        check(answer.status == 302, f"after logging out B answered {answer.status}")

    with step("Health still 200 on both; every process still running"):
        for port in servers:
            guest.get("/api/v1/health", port=port)
        processes.check_alive()


def main() -> int:
    ports = [int(p) for p in os.environ.get("SMOKE_PORTS", "").split(",") if p.strip()]
    ports = ports or [free_port(), free_port()]
    check(len(ports) == 2 and ports[0] != ports[1], "SMOKE_PORTS names two ports")
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
        DATABASE_URL=f"{POSTGRES}/{DATABASE}",
        REDIS_URL=REDIS_URL,
        TASK_BACKEND="database",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        DEFAULT_FROM_EMAIL=f"Ressourcenet <ressourcenet@{PUBLIC_HOST}>",
        SITE_URL=ORIGIN,
        RESSOURCENET_VAR_DIR=str(work / "var"),
        DJANGO_SETTINGS_MODULE="ressourcenet.settings",
        WEB_CONCURRENCY="2",
        GUNICORN_CMD_ARGS="--access-logfile -",
    )
    # Ctrl-C and a CI's stop both end in the clean-up below (also where the shell that
    # started the script in the background told it to ignore SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    failed = True
    try:
        with step(f"A fresh PostgreSQL database {DATABASE}, migrated; an empty Redis database"):
            postgres(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            postgres(f'CREATE DATABASE "{DATABASE}"')
            created = True
            redis.Redis.from_url(REDIS_URL).flushdb()
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

        smoke(ports, inbox, data, processes)
        failed = False
    except SmokeFailed as failure:
        print(f"\nSMOKE TEST FAILED: {failure}\n{processes.tails()}", file=sys.stderr)
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
            postgres(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            with contextlib.suppress(redis.RedisError):
                redis.Redis.from_url(REDIS_URL).flushdb()
        shutil.rmtree(work, ignore_errors=True)
    took = time.monotonic() - STARTED
    print(f"\nSmoke test {'FAILED' if failed else 'passed'} in {took:.0f} s.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
