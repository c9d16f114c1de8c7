"""The live mode under a room of phones: the time from a post to its appearance on the
other phones, p50/p95/max in seconds, against gunicorn.

The issue asks for a p95 under 3 s with 60 phones posting and polling for 5 minutes.
This is a benchmark, not a test: run it by hand,

    .venv/bin/python benchmarks/live.py [--phones 60] [--seconds 300] [--post-every 30]

It makes a scratch SQLite database in a temporary folder (or uses DATABASE_URL), a meeting
that runs now with its live mode started, and serves it with gunicorn. Each phone is a
thread with its own cookies: it joins by code with a first name, chooses a table, polls the
board's fragment every 2 s as htmx does (with the ETag, so an unchanged board is a 304), and
posts an idea about every 30 s through the API. A post counts as seen by a phone when that
phone's poll first shows it.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    os.environ["RESSOURCENET_VAR_DIR"] = tempfile.mkdtemp(prefix="live-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ressourcenet.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("LIVE_CODE_MISSES_PER_IP", "1000")
# Every phone comes from 127.0.0.1: lift the cap on joins per address too.
os.environ.setdefault("LIVE_JOINS_PER_IP", "100000")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MARK = re.compile(r"bench-(\d+)-")
POLL_SECONDS = 2.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_session() -> str:
    from ressourcenet.accounts.models import User
    from ressourcenet.live import services
    from ressourcenet.meetings.models import Meeting
    from ressourcenet.networks.models import Network
    from ressourcenet.plans.models import Plan

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    plan, _ = Plan.objects.get_or_create(
        slug="benchmark",
        defaults={"name": "Benchmark", "starts_on": today, "ends_on": today + timedelta(days=900)},
    )
    network, _ = Network.objects.get_or_create(plan=plan, slug="bench", defaults={"name": "Bench"})
    now = timezone.now()
    meeting = Meeting.objects.create(
        network=network,
        title="Værksted",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=3),
    )
    admin = User.objects.create_superuser(f"bench{time.time_ns()}@example.org", "x-bench-pass-1")
    return services.start(meeting, admin).code


class Phone(threading.Thread):
    def __init__(self, base, code, number, posted, seen, stop, post_every: float):
        super().__init__(daemon=True)
        self.base, self.code, self.number = base, code, number
        self.posted, self.seen, self.stop = posted, seen, stop
        self.post_every = post_every
        jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(jar)
        self.known: set[str] = set()
        self.errors = 0

    def open(self, path, body=None, headers=None, method=None):
        request = urllib.request.Request(self.base + path, body, headers or {}, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def form(self, path: str, fields: dict, page_path: str = "") -> None:
        """Submit the form at `path`, with the CSRF token of the page it is on."""
        _status, page, _headers = self.open(page_path or path)
        fields["csrfmiddlewaretoken"] = CSRF.search(page).group(1)
        content = {"Content-Type": "application/x-www-form-urlencoded"}
        self.open(path, urlencode(fields).encode(), content, "POST")

    def run(self) -> None:
        self.form(f"/m/{self.code}", {"name": f"Telefon {self.number}"})
        _s, page, _h = self.open(f"/m/{self.code}/board/")
        tables = re.findall(r'<option value="(\d+)"', page)
        table = tables[self.number % len(tables)]
        self.form(f"/m/{self.code}/table/", {"table": table}, f"/m/{self.code}/board/")
        etag, next_post, sent = "", time.monotonic() + random.uniform(0, self.post_every), 0
        while not self.stop.is_set():
            now = time.monotonic()
            if now >= next_post:
                mark = f"bench-{self.number * 10_000 + sent}-"
                self.posted[mark] = time.monotonic()
                self.known.add(mark)
                body = json.dumps({"table": int(table), "text": f"{mark} en idé"}).encode()
                status, _b, _h = self.open(
                    f"/api/v1/live/{self.code}/ideas",
                    body,
                    {"Content-Type": "application/json"},
                    "POST",
                )
                self.errors += status != 201
                sent += 1
                next_post = now + random.uniform(0.5, 1.5) * self.post_every
            headers = {"HX-Request": "true"}
            if etag:
                headers["If-None-Match"] = etag
            status, body, response_headers = self.open(f"/m/{self.code}/board/", headers=headers)
            if status == 200:
                etag = response_headers.get("ETag", "")
                arrived = time.monotonic()
                for number in MARK.findall(body):
                    mark = f"bench-{number}-"
                    if mark not in self.known and mark in self.posted:
                        self.known.add(mark)
                        self.seen.append(arrived - self.posted[mark])
            elif status != 304:
                self.errors += 1
            self.stop.wait(POLL_SECONDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--post-every", type=float, default=30.0, help="seconds, each phone")
    args = parser.parse_args()

    code = make_session()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ressourcenet.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.workers), "--threads", "4", "--log-level", "warning"],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/m/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        posted, seen, stop = {}, [], threading.Event()
        phones = [
            Phone(base, code, n, posted, seen, stop, args.post_every) for n in range(args.phones)
        ]
        for phone in phones:
            phone.start()
        time.sleep(args.seconds)
        stop.set()
        for phone in phones:
            phone.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    seen.sort()
    if not seen:
        raise SystemExit("no post was seen")
    p95 = seen[max(0, int(len(seen) * 0.95) - 1)]
    print(
        f"{args.phones} phones, {args.seconds} s, {len(posted)} posts, {len(seen)} sightings, "
        f"{sum(p.errors for p in phones)} errors; post to other phones: "
        f"p50 {statistics.median(seen):.2f} s, p95 {p95:.2f} s, max {seen[-1]:.2f} s"
    )


if __name__ == "__main__":
    main()
