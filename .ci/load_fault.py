"""The load-and-fault test: the production set-up of `.ci/smoke.py` (two gunicorn servers
with two sync workers each, a task worker, PostgreSQL, Redis) under many concurrent
writers, with one app worker killed (SIGKILL) halfway through.

    .venv/bin/python .ci/load_fault.py --clients 50 --seconds 60    (or `make loadfault`)

Every client is one logged-in member who, until the time is up, in turn: adds an idea to
the catalogue, comments on a blog post (at most five: the site's limit per writer in ten
minutes), answers a poll by their personal link and answers an invitation by their
personal link; each write through the page with its form, as a browser without
JavaScript does, alternating between the two servers. Every idea and comment carries a
unique marker; a client's poll answers and RSVPs go one after the other, so the last one
acknowledged is the one the database must hold. A write is acknowledged when the server
answered with the redirect the page sends on success; the page it leads to must then say
so (the success alert), or the run fails.

Halfway through, one gunicorn worker of server A (a child of the master, not the master)
is killed with SIGKILL; the master starts a new one. A request in flight on that worker
ends without an answer (the connection closes): it is counted apart and is never
acknowledged.

Afterwards the database is read: every acknowledged write must be there (an idea and a
comment by its marker; a poll answer and an RSVP with the last acknowledged value, or a
later one whose answer was lost with the worker). The run fails (exit 1) on any lost
write, any 5xx, any connection error other than the requests in flight on the killed
worker, a success page without its alert, or when no worker was killed and replaced. It
prints a table of figures (docs/reliability.md).

The comment limit per address is kept: the balancer passes on each client's own address
(X-Forwarded-For, TRUSTED_PROXIES=1 in the servers' environment), as behind a real one.

Environment (all optional), as for the smoke test:
  LOADFAULT_DATABASE   the database it makes and drops, default ressourcenet_loadfault
  LOADFAULT_REDIS_URL  a Redis database of its own (emptied), default redis://127.0.0.1:6379/13
  LOADFAULT_PORTS      the two servers' ports, e.g. 8221,8222; default: two free ones
  SMOKE_POSTGRES       the server, default postgresql://postgres@127.0.0.1:5432
"""

import argparse
import http.client
import ipaddress
import itertools
import os
import random
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from harness import (
    PASSWORD,
    Answer,
    Browser,
    Form,
    Inbox,
    Processes,
    check,
    ports_from,
    run_production,
    step,
    wait_until,
)

DATABASE = os.environ.get("LOADFAULT_DATABASE", "ressourcenet_loadfault")
REDIS_URL = os.environ.get("LOADFAULT_REDIS_URL", "redis://127.0.0.1:6379/13")
COMMENTS_PER_CLIENT = 5  # blog.services.COMMENTS_PER_WINDOW: more would be refused (429)
# The comment form refuses what is sent sooner than blog.forms.MIN_FORM_SECONDS (3) after it
# was opened (a bot): a client takes a person's time to write one.
COMMENT_SECONDS = 3.5
MARKER = "LF"  # in every idea's title and comment's body: LF-<uuid>
SUCCESS_ALERT = 'class="alert alert-success"'


# --- what the clients saw ----------------------------------------------------------------


@dataclass
class Request:
    kind: str  # idea, comment, poll, rsvp, or page (a read)
    method: str
    port: int
    began: float
    ended: float
    status: int | None  # None: no answer (the connection broke)
    error: str = ""


@dataclass
class Write:
    """One write a client tried: the value (a marker, or a poll answer or RSVP) and what
    came of it."""

    kind: str
    client: int
    value: str
    acknowledged: bool = False
    outcome: str = ""  # acknowledged, refused <status>, no answer, 5xx <status>


@dataclass
class Record:
    requests: list[Request] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    confirmations_missing: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_request(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)

    def add_write(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)


class NoAnswer(Exception):
    """The connection broke before an answer came (the worker was killed)."""


class LoadBrowser(Browser):
    """A client's browser that times every request and writes it down."""

    def __init__(self, name: str, servers: list[int], forwarded_for: str, record: Record):
        super().__init__(name, servers, forwarded_for)
        self.record = record
        self.kind = "page"

    def request(self, method, path, data=None, port=None) -> Answer:
        port = port or self.next_server()
        began = time.monotonic()
        try:
            answer = super().request(method, path, data, port=port)
        except (OSError, http.client.HTTPException) as error:
            ended = time.monotonic()
            self.record.add_request(
                Request(self.kind, method, port, began, ended, None, type(error).__name__)
            )
            raise NoAnswer(f"{method} {path}: {error!r}") from error
        kind = self.kind if method == "POST" else "page"
        self.record.add_request(Request(kind, method, port, began, time.monotonic(), answer.status))
        return answer


# --- the data ----------------------------------------------------------------------------


@dataclass
class Member:
    index: int
    email: str
    person_id: int
    poll_link: str
    rsvp_link: str


def add_members(data: dict, count: int) -> dict:
    """`count` members with logins in the smoke data's network, a meeting with an open
    poll and a meeting with a decided time, both with every member invited; their links."""
    from django.utils import timezone

    from ressourcenet.accounts.models import User
    from ressourcenet.lib.links import make_token
    from ressourcenet.meetings import services as meeting_services
    from ressourcenet.meetings.emails import INVITATION_LINK
    from ressourcenet.meetings.models import Meeting
    from ressourcenet.networks.models import Membership, Network
    from ressourcenet.people.models import Person, StakeholderGroup
    from ressourcenet.scheduling import services as scheduling_services
    from ressourcenet.scheduling.emails import POLL_LINK

    network = Network.objects.select_related("plan").get(slug=data["network"])
    area = network.plan.areas.first()
    today = timezone.localdate()
    # One password hash for all: hashing it fifty times (argon2) would take half a minute.
    hashed = User.objects.get(email=data["member"]).password
    people = []
    for index in range(count):
        email = f"belastning{index:03d}@roegby.test"
        user = User(email=email, password=hashed)
        user.save()
        person = Person.objects.create(
            name=f"Belastning {index:03d}",
            email=email,
            stakeholder_group=StakeholderGroup.VOLUNTEER,
            housing_area=area,
            user=user,
        )
        Membership.objects.create(
            network=network, person=person, role=Membership.Role.MEMBER, starts_on=today
        )
        people.append(person)
    why = "Vi skal finde ud af, hvordan flere bliver en del af netværket."
    polled = Meeting.objects.create(network=network, title="Møde med afstemning", why=why)
    meeting_services.invite_members(polled)
    day = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=20)
    slots = [(day.replace(hour=h), day.replace(hour=h + 2)) for h in (10, 14, 18)]
    scheduling_services.open_poll(polled, slots)
    starts = day.replace(hour=17) + timedelta(days=5)
    decided = Meeting.objects.create(
        network=network,
        title="Møde med fast tid",
        why=why,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        location="Fælleshuset",
    )
    meeting_services.invite_members(decided)
    poll_invitations = dict(polled.invitations.values_list("person_id", "pk"))
    rsvp_invitations = dict(decided.invitations.values_list("person_id", "pk"))
    members = [
        Member(
            index=index,
            email=person.email,
            person_id=person.pk,
            poll_link=f"/poll/{make_token(POLL_LINK, poll_invitations[person.pk])}/",
            rsvp_link=f"/invitation/{make_token(INVITATION_LINK, rsvp_invitations[person.pk])}/",
        )
        for index, person in enumerate(people)
    ]
    return {
        "members": members,
        "network_id": network.pk,
        "polled": polled.pk,
        "decided": decided.pk,
    }


# --- one client --------------------------------------------------------------------------


class Client:
    def __init__(self, member: Member, servers: list[int], data: dict, record: Record):
        # Addresses from 10.20.0.1 on: each client counts alone against the comment limit.
        address = str(ipaddress.ip_address("10.20.0.0") + member.index + 1)
        self.browser = LoadBrowser(f"client {member.index}", servers, address, record)
        self.member = member
        self.record = record
        self.data = data
        self.comments = 0
        self.random = random.Random(member.index)
        plan = f"/plans/{data['plan']}"
        self.idea_page = f"{plan}/ideas/new/"
        self.post_page = f"/blog/{data['post']}/"

    def log_in(self) -> None:
        browser = self.browser
        page = browser.get("/accounts/login/")
        answer = browser.submit(
            browser.form(page, "/accounts/login/"),
            {"username": self.member.email, "password": PASSWORD},
        )
        check(answer.status == 302, f"{browser.name}: logging in answered {answer.status}")

    def run(self, until: float) -> None:
        actions = itertools.cycle([self.idea, self.comment, self.poll, self.rsvp])
        for _ in range(self.member.index % 4):  # the clients start at different actions
            next(actions)
        while time.monotonic() < until:
            action = next(actions)
            try:
                action()
            except NoAnswer:
                continue  # written down; the next action goes on

    def write(
        self, kind: str, value: str, page: str, action: str, values, after: str, think: float = 0
    ):
        """Open `page`, wait `think` seconds (a person writing), send its form to `action`
        with `values(form)`; acknowledged when the answer is a redirect to a path that starts
        with `after`, whose page shows the success alert."""
        browser = self.browser
        browser.kind = "page"
        form_page = browser.get(page)
        form = browser.form(form_page, action)
        time.sleep(think)
        write = Write(kind, self.member.index, value)
        browser.kind = kind
        try:
            answer = browser.submit(form, values(form))
        except NoAnswer:
            write.outcome = "no answer"
            self.record.add_write(write)
            raise
        finally:
            browser.kind = "page"
        if answer.status == 302 and answer.location.startswith(after):
            write.acknowledged = True
            write.outcome = "acknowledged"
            self.record.add_write(write)
            shown = browser.request("GET", answer.location)
            if shown.status != 200 or SUCCESS_ALERT not in shown.body:
                with self.record.lock:
                    self.record.confirmations_missing.append(
                        f"{kind} {value}: {answer.location} answered {shown.status}"
                    )
        else:
            write.outcome = f"{'5xx' if answer.status >= 500 else 'refused'} {answer.status}"
            self.record.add_write(write)

    def idea(self) -> None:
        marker = f"{MARKER}-{uuid.uuid4()}"
        values = {
            "network": str(self.data["network_id"]),
            "title": f"Idé {marker}",
            "description": "En idé fra belastningstesten.",
        }
        plan = f"/plans/{self.data['plan']}"
        self.write(
            "idea", marker, self.idea_page, self.idea_page, lambda _form: values, f"{plan}/ideas/"
        )

    def comment(self) -> None:
        if self.comments >= COMMENTS_PER_CLIENT:
            return
        self.comments += 1
        marker = f"{MARKER}-{uuid.uuid4()}"
        values = {"body": f"En kommentar ({marker})."}
        action = f"{self.post_page}comments/"
        self.write(
            "comment",
            marker,
            self.post_page,
            action,
            lambda _form: values,
            self.post_page,
            think=COMMENT_SECONDS,
        )

    def poll(self) -> None:
        link = self.member.poll_link
        value = self.random.choice(["yes", "if_need_be", "no"])

        def answers(form: Form) -> dict:
            return dict.fromkeys(form.choices, value)  # the same answer for every time

        self.write("poll", value, link, link, answers, link)

    def rsvp(self) -> None:
        link = self.member.rsvp_link
        value = self.random.choice(["yes", "no"])
        self.write("rsvp", value, link, link, lambda _form: {"answer": value}, link)


# --- the fault ---------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # the parent's pid, after the state
            found.append(int(stat.parent.name))
    return sorted(found)


@dataclass
class Kill:
    pid: int = 0
    at: float = 0.0
    replaced_after: float | None = None
    replacement: int = 0


def kill_one_worker(master: int, kill: Kill) -> None:
    workers = children_of(master)
    check(len(workers) >= 2, f"the gunicorn master {master} has workers {workers}")
    kill.pid = random.choice(workers)
    kill.at = time.monotonic()
    os.kill(kill.pid, signal.SIGKILL)

    def replaced() -> list[int]:
        now = children_of(master)
        return [pid for pid in now if pid not in workers] if len(now) == len(workers) else []

    new = wait_until(replaced, 30, "the master to start a new worker", 0.05)
    kill.replaced_after = time.monotonic() - kill.at
    kill.replacement = new[0]


# --- the checks --------------------------------------------------------------------------


def lost_writes(record: Record, data: dict) -> tuple[dict[str, list[str]], int]:
    """The acknowledged writes the database does not hold, by kind; and how many ideas and
    comments that got no answer (the killed worker's) were stored all the same."""
    from ressourcenet.blog.models import Comment
    from ressourcenet.knowledge.models import Idea
    from ressourcenet.meetings.models import Invitation
    from ressourcenet.scheduling.models import Answer as PollAnswer

    titles = set(Idea.objects.filter(title__contains=MARKER).values_list("title", flat=True))
    bodies = set(Comment.objects.filter(body__contains=MARKER).values_list("body", flat=True))
    stored_markers = {t.removeprefix("Idé ") for t in titles}
    stored_markers |= {b.removeprefix("En kommentar (").removesuffix(").") for b in bodies}
    answers: dict[int, set[str]] = {}
    for person_id, value in PollAnswer.objects.filter(
        slot__poll__meeting_id=data["polled"]
    ).values_list("person_id", "value"):
        answers.setdefault(person_id, set()).add(value)
    replies = dict(
        Invitation.objects.filter(meeting_id=data["decided"]).values_list("person_id", "answer")
    )
    person_of = {m.index: m.person_id for m in data["members"]}
    lost: dict[str, list[str]] = {"idea": [], "comment": [], "poll": [], "rsvp": []}
    by_client: dict[tuple[str, int], list[Write]] = {}
    for write in record.writes:
        if write.kind in ("idea", "comment"):
            if write.acknowledged and write.value not in stored_markers:
                lost[write.kind].append(write.value)
        else:
            by_client.setdefault((write.kind, write.client), []).append(write)
    for (kind, client), writes in by_client.items():
        acked = [i for i, w in enumerate(writes) if w.acknowledged]
        if not acked:
            continue
        last = acked[-1]
        # The last acknowledged value, or a later one sent to a worker that died: it may
        # have been stored before the worker did.
        allowed = {writes[last].value} | {
            w.value for w in writes[last + 1 :] if w.outcome == "no answer"
        }
        person_id = person_of[client]
        held = answers.get(person_id, set()) if kind == "poll" else {replies.get(person_id)}
        if len(held) != 1 or not held <= allowed:
            lost[kind].append(f"client {client}: holds {sorted(map(str, held))}, not {allowed}")
    unanswered_stored = sum(
        1
        for w in record.writes
        if w.outcome == "no answer" and w.kind in ("idea", "comment") and w.value in stored_markers
    )
    return lost, unanswered_stored


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figures(
    record: Record, seconds: float, clients: int, kill: Kill, lost: dict, unanswered_stored: int
) -> list:
    requests = record.requests
    answered = [r for r in requests if r.status is not None]
    latencies = [r.ended - r.began for r in answered]
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    rows = [
        ("clients, seconds (measured)", f"{clients}, {seconds:.1f}"),
        ("load average (1, 5, 15 min)", ", ".join(f"{v:.2f}" for v in os.getloadavg())),
        ("requests", f"{len(requests)}"),
        ("requests/s", f"{len(requests) / seconds:.1f}"),
        (
            "latency p50 / p95 / max",
            " / ".join(f"{1000 * v:.0f}" for v in (p50, p95, max(latencies, default=0))) + " ms",
        ),
    ]
    for kind in ("idea", "comment", "poll", "rsvp"):
        writes = [w for w in record.writes if w.kind == kind]
        outcomes = Counter(w.outcome for w in writes)
        acked = outcomes.pop("acknowledged", 0)
        other = ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items()))
        rows.append(
            (
                f"{kind}: sent / acknowledged",
                f"{len(writes)} / {acked}" + (f" ({other})" if other else ""),
            )
        )
    statuses = Counter(r.status for r in answered)
    rows.append(("answers by status", ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))))
    rows.append(("5xx", str(sum(n for s, n in statuses.items() if s >= 500))))
    broken = [r for r in requests if r.status is None]
    writes_broken = [w for w in record.writes if w.outcome == "no answer"]
    rows.append(
        (
            "no answer (connection broke)",
            f"{len(broken)} (writes among them: {len(writes_broken)}; ideas and comments "
            f"among those stored all the same: {unanswered_stored})",
        )
    )
    rows.append(
        (
            "worker killed",
            f"pid {kill.pid} at {kill.at - STARTED_LOAD[0]:.1f} s; new worker {kill.replacement} "
            f"after {kill.replaced_after or 0:.2f} s",
        )
    )
    rows.append(("lost acknowledged writes", str(sum(len(v) for v in lost.values()))))
    return rows


STARTED_LOAD = [0.0]


def load_fault(clients: int, seconds: float):
    def body(servers: list[int], inbox: Inbox, data: dict, processes: Processes) -> None:
        a = servers[0]
        record = Record()
        with step(f"{clients} members with logins, an open poll and a meeting with a time"):
            data.update(add_members(data, clients))
        runners = [Client(m, servers, data, record) for m in data["members"]]
        with step(f"{clients} clients log in (alternating between the servers)"):
            failures: list[BaseException] = []

            def log_in(client: Client) -> None:
                try:
                    client.log_in()
                except BaseException as failure:  # noqa: BLE001 (reported below)
                    failures.append(failure)

            threads = [threading.Thread(target=log_in, args=(c,)) for c in runners]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            check(not failures, f"logging in failed: {failures[:3]!r}")
            record.requests.clear()
        kill = Kill()
        with step(f"{clients} clients write for {seconds:.0f} s; a worker of A is killed halfway"):
            STARTED_LOAD[0] = time.monotonic()
            until = STARTED_LOAD[0] + seconds

            def run(client: Client) -> None:
                try:
                    client.run(until)
                except BaseException as failure:  # noqa: BLE001 (reported below)
                    failures.append(failure)

            threads = [threading.Thread(target=run, args=(c,)) for c in runners]
            for thread in threads:
                thread.start()
            time.sleep(seconds / 2)
            kill_one_worker(processes.running["server-a"].pid, kill)
            for thread in threads:
                thread.join()
            took = time.monotonic() - STARTED_LOAD[0]
            check(not failures, f"a client stopped: {failures[:3]!r}")
        with step("Every acknowledged write is in the database"):
            lost, unanswered_stored = lost_writes(record, data)
            rows = figures(record, took, clients, kill, lost, unanswered_stored)
            width = max(len(name) for name, _value in rows)
            print("\n".join(f"  {name.ljust(width)}  {value}" for name, value in rows))
            for kind, missing in lost.items():
                check(not missing, f"{len(missing)} acknowledged {kind} writes lost: {missing[:5]}")
        with step("No 5xx; no broken connection but those in flight on the killed worker"):
            fives = [r for r in record.requests if r.status is not None and r.status >= 500]
            check(not fives, f"{len(fives)} answers with 5xx: {fives[:5]}")
            broken = [r for r in record.requests if r.status is None]
            unexplained = [r for r in broken if not (r.port == a and r.began <= kill.at <= r.ended)]
            check(not unexplained, f"connections broke outside the kill: {unexplained[:5]}")
            check(
                not record.confirmations_missing,
                f"success pages without their alert: {record.confirmations_missing[:5]}",
            )
        with step("Health 200 on both servers; every process still running"):
            for port in servers:
                Browser("health", servers).get("/api/v1/health", port=port)
            processes.check_alive()

    return body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they write (60)")
    args = parser.parse_args()
    if not 1 <= args.clients <= 1000 or not 2 <= args.seconds <= 3600:
        parser.error("--clients from 1 to 1000, --seconds from 2 to 3600")
    return run_production(
        "Load-and-fault test",
        load_fault(args.clients, args.seconds),
        database=DATABASE,
        redis_url=REDIS_URL,
        ports=ports_from("LOADFAULT_PORTS"),
        extra_env={"TRUSTED_PROXIES": "1"},
    )


if __name__ == "__main__":
    sys.exit(main())
