"""The key pages at national scale: server time, SQL queries and requests per second.

This is a benchmark, not a test (`make bench` runs it; docs/performance.md holds its
figures). It

1. makes a scratch database of its own: a SQLite file in a temporary folder, or, when
   DATABASE_URL names a PostgreSQL database NAME, the database NAME_bench beside it;
2. migrates it and fills it with `ressourcenet generate --scale national` (`--scale N` or
   BENCH_SCALE=N for a quicker run; `--reuse` keeps a scratch database filled earlier
   with the same scale and saves the minutes the data take);
3. times each key page in-process with Django's test client, so the figures are server
   time without the network: warm-up requests first, then `--runs` timed ones, and the
   median, the 95th percentile, the median's ratio to the floor (`/_floor/`, the same
   middleware and nothing else, measured in the same run) and the SQL queries per page;
4. on PostgreSQL with REDIS_URL set, runs a load test with wrk (Debian: `apt-get install
   wrk`) against gunicorn in the production profile: requests per second at 20
   concurrent clients for the anonymous blog index, a logged-in network page and the
   floor, and the blog index's share of the floor's rate.

    .venv/bin/python benchmarks/national.py [--scale national|N] [--reuse] [--runs N]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python benchmarks/national.py --reuse

The targets (issue 13): every key page's median within 5x the floor's, search under 50 ms
at the 95th percentile, and the anonymous blog index at more than half the floor's
requests per second.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

COORDINATOR = "koordinator@national.example"  # generate.COORDINATOR
PASSWORD = os.environ.get("DEMO_PASSWORD", "ressourcenet")  # the generated logins'
SEARCH_WORDS = ["fællesspisning", "beboere", "familie", "frivillige", "lektiecafé"]
# Measured beside the key pages for comparison, not held to the targets.
REFERENCE_PAGES = {"blog index (logged in)"}
TARGET_RATIO = 5.0
TARGET_SEARCH_P95_MS = 50.0
TARGET_LOAD_SHARE = 0.5


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        default=os.environ.get("BENCH_SCALE", "national"),
        help="national (default, or BENCH_SCALE) or a multiplier such as 0.1",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="use the scratch database filled by an earlier run"
    )
    parser.add_argument("--runs", type=int, default=50, help="timed requests per page (50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first (5)")
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    parser.add_argument(
        "--only",
        default="",
        help="time only the pages whose names hold one of these words, comma-separated "
        "(e.g. search), beside the floor",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per load test (10)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8221")))
    return parser.parse_args()


def scale_label(scale: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", scale.lower()).strip("_")


# -- the scratch database ------------------------------------------------------------------


def scratch_database(scale: str) -> tuple[str, str]:
    """(DATABASE_URL of the scratch database, a name to print). PostgreSQL when the
    environment names one; otherwise a SQLite file in the temporary folder."""
    configured = os.environ.get("DATABASE_URL", "")
    suffix = "" if scale == "national" else "_" + scale_label(scale)
    if configured.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(configured)
        name = parts.path.lstrip("/") + "_bench" + suffix
        return urllib.parse.urlunsplit(parts._replace(path="/" + name)), name
    folder = Path(tempfile.gettempdir()) / "ressourcenet-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"national{suffix}.sqlite3"
    return f"sqlite:///{path}", str(path)


def drop_and_create(url: str) -> None:
    """An empty scratch database: the SQLite file removed, or the PostgreSQL database made
    again (connected to the server's `postgres` database)."""
    if url.startswith("sqlite:"):
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def ressourcenet(env: dict, *args: str, quiet: bool = False) -> None:
    command = [str(PROJECT / ".venv/bin/ressourcenet"), *args]
    if not Path(command[0]).exists():
        command = [sys.executable, "-m", "ressourcenet", *args]
    output = subprocess.DEVNULL if quiet else None
    subprocess.run(command, env=env, check=True, stdout=output)


def fill(env: dict, scale: str) -> None:
    ressourcenet(env, "migrate", "--no-input", quiet=True)
    started = time.monotonic()
    ressourcenet(env, "generate", "--scale", scale)
    print(f"Generated in {time.monotonic() - started:.0f} s.")


def is_filled(env: dict) -> bool:
    """Whether an earlier run filled the scratch database (its coordinator exists)."""
    script = (
        "import django; django.setup();"
        "from ressourcenet.accounts.models import User;"
        f"print(User.objects.filter(email='{COORDINATOR}').exists())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() == "True"


# -- what to measure -----------------------------------------------------------------------


def pick_pages() -> dict:
    """The key pages on the generated data (`generate.targets()`: plan 1's first network,
    its coordinator, the meeting being planned, the open poll, the post with 200
    comments). Run inside Django, after the data are in."""
    from ressourcenet.blog.models import Comment
    from ressourcenet.plans import generate

    found = generate.targets()
    pages = {
        "front page (logged in)": (found["front page"], True),
        "network page with archive": (found["network"], True),
        "meeting planning + design check": (found["meeting planning"], True),
        "poll grid": (found["poll"], True),
        "idea catalogue": (found["idea catalogue"], True),
        "search": ("/search/?q={word}", True),
        "blog index (anonymous)": (found["blog index"], False),
        "blog index (logged in)": (found["blog index"], True),
        "post with 200 comments": (found["post with 200 comments"], False),
        "dashboard (network health)": (found["network health"], True),
    }
    slug = found["post with 200 comments"].strip("/").split("/")[-1]
    comments = Comment.objects.published().filter(post__slug=slug).count()
    notes = {"post with 200 comments": f"{comments} comments", "search": "5 words in turn"}
    return {"pages": pages, "notes": notes, "network_page": found["network"]}


def allow_production() -> None:
    """The generated logins are demo users, and production refuses to start while one
    exists: on this scratch database they stop being demo users."""
    from ressourcenet.accounts.models import User

    User.objects.filter(is_demo=True).update(is_demo=False)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def print_row(row: dict, floor: float, note: str = "") -> None:
    rendered = ""
    if "rendered_median" in row:
        rendered = (
            f"{row['rendered_median']:>9.2f} {row['rendered_p95']:>8.2f} "
            f"{row['rendered_median'] / floor:>7.1f}x {row['rendered_queries']:>7}"
        )
    print(
        f"{row['page']:<34} {row['median']:>9.2f} {row['p95']:>8.2f} "
        f"{row['median'] / floor:>7.1f}x {row['queries']:>7}  {rendered:<37} {note}"
    )


def time_runs(client, paths: list[str], runs: int, render: bool) -> tuple[list, dict]:
    """`runs` requests over `paths` in turn: (every timing in ms, the timings by path).
    With `render`, every kept page is out of date before each request (not timed): the
    time of a first visit, or of one after something changed."""
    from ressourcenet.lib import viewer_cache

    timings, by_path = [], {p: [] for p in paths}
    for i in range(runs):
        if render:
            viewer_cache.changed()
        started = time.perf_counter()
        client.get(paths[i % len(paths)])
        timings.append((time.perf_counter() - started) * 1000)
        by_path[paths[i % len(paths)]].append(timings[-1])
    return timings, by_path


def count_queries(client, path: str, render: bool) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ressourcenet.lib import viewer_cache

    if render:
        viewer_cache.changed()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def time_pages(pages: dict, notes: dict, runs: int, warmup: int) -> list[dict]:
    """Each page timed in turn, the floor first; each row printed as it is measured. A
    logged-in page is timed twice: kept (a repeated visit, served from the pages kept for
    the viewer, lib/viewer_cache.py) and rendered (a first visit, or one after a change)."""
    from django.test import Client

    from ressourcenet.lib import viewer_cache

    anonymous = Client()
    member = Client()
    if not member.login(username=COORDINATOR, password=PASSWORD):
        raise SystemExit(f"Could not log in as {COORDINATOR}.")
    print(
        f"\n{'':<34} {'repeated visit (kept)':^35}  {'first visit (rendered)':^35}\n"
        f"{'page':<34} {'median ms':>9} {'p95 ms':>8} {'x floor':>8} {'queries':>7}  "
        f"{'median ms':>9} {'p95 ms':>8} {'x floor':>8} {'queries':>7}"
    )
    rows = []
    for name, (path, logged_in) in [("floor", ("/_floor/", False)), *pages.items()]:
        client = member if logged_in else anonymous
        paths = [path.format(word=urllib.parse.quote(w)) for w in SEARCH_WORDS]
        if logged_in:  # each page's 20-odd first visits may all be kept (PAGES_MAX)
            viewer_cache.new_window(member.session["_auth_user_id"])
        for i in range(warmup):
            response = client.get(paths[i % len(paths)])
            if response.status_code != 200:
                raise SystemExit(f"{name}: {paths[i % len(paths)]} answered {response.status_code}")
        timings, by_path = time_runs(client, paths, runs, render=False)
        row = {
            "page": name,
            "median": statistics.median(timings),
            "p95": percentile(timings, 0.95),
            "queries": count_queries(client, paths[0], render=False),
        }
        if logged_in:
            rendered, rendered_by_path = time_runs(client, paths, runs, render=True)
            row["rendered_median"] = statistics.median(rendered)
            row["rendered_p95"] = percentile(rendered, 0.95)
            row["rendered_queries"] = count_queries(client, paths[0], render=True)
        rows.append(row)
        print_row(row, rows[0]["median"], notes.get(name, ""))
        if "{word}" in path:  # each search word on its own line, not held to the targets
            for word, path in zip(SEARCH_WORDS, paths, strict=True):
                each = rendered_by_path[path]
                print(
                    f"  {word + ', rendered':<32} {statistics.median(each):>9.2f} "
                    f"{percentile(each, 0.95):>8.2f}  ({len(each)} runs)"
                )
    return rows


def print_targets(rows: list[dict]) -> None:
    """The targets: the ratio on a repeated visit (kept pages for logged-in users; the
    first visit's ratio is printed beside it), search's p95 on a first visit (every new
    query is one)."""
    floor = rows[0]["median"]
    key_pages = [row for row in rows[1:] if row["page"] not in REFERENCE_PAGES]
    slow = [row["page"] for row in key_pages if row["median"] > TARGET_RATIO * floor]
    first = [
        f"{row['page']} {row['rendered_median'] / floor:.0f}x"
        for row in key_pages
        if "rendered_median" in row
    ]
    search = next((row for row in rows if row["page"] == "search"), None)
    print()
    print(
        f"Target: every key page's median within {TARGET_RATIO:.0f}x the floor "
        "(repeated visits): " + ("met" if not slow else "not met by " + ", ".join(slow))
    )
    if first:
        print("First visits (rendered), x floor: " + ", ".join(first))
    if search is not None:
        p95 = search.get("rendered_p95", search["p95"])
        met = "met" if p95 < TARGET_SEARCH_P95_MS else "not met"
        print(
            f"Target: search p95 under {TARGET_SEARCH_P95_MS:.0f} ms (rendered, {p95:.1f}): {met}"
        )


# -- the load test -------------------------------------------------------------------------


def free_port(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}.")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def log_in(base: str) -> str:
    """A session cookie for the benchmark's coordinator: the login form, as a browser
    sends it (the cookies are Secure in production, so they are carried by hand)."""
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(base + "/accounts/login/") as response:
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    csrf_cookie = next(c.split(";")[0] for c in cookies if c.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": COORDINATOR, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=data, headers={"Cookie": csrf_cookie}
    )
    try:
        opener.open(request)
    except urllib.error.HTTPError as answer:  # the redirect after a successful login
        cookies = answer.headers.get_all("Set-Cookie") or []
    else:
        raise SystemExit("Logging in did not redirect: wrong password or throttled?")
    session = [c.split(";")[0] for c in cookies if c.startswith("sessionid=")]
    if not session:
        raise SystemExit("Logging in gave no session cookie.")
    return session[0]


def wrk(url: str, clients: int, duration: int, cookie: str = "") -> float:
    command = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{duration}s", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} answers were not 2xx/3xx.\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def load_test(env: dict, args: argparse.Namespace, network_page: str) -> None:
    if not env["DATABASE_URL"].startswith("postgres") or not env.get("REDIS_URL"):
        print("\nLoad test skipped: it runs on PostgreSQL with Redis (DATABASE_URL, REDIS_URL).")
        return
    if shutil.which("wrk") is None:
        print("\nLoad test skipped: wrk is not installed (apt-get install wrk).")
        return
    if not free_port(args.port):
        raise SystemExit(f"Port {args.port} is taken: choose another with --port.")
    var = Path(tempfile.mkdtemp(prefix="ressourcenet-bench-var-"))
    workers = os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1)))
    production = {
        **env,
        "RESSOURCENET_ENV": "production",
        "RESSOURCENET_VAR_DIR": str(var),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "k" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": "smtp://127.0.0.1:2",  # nothing is sent during the load test
        "SECURE_SSL_REDIRECT": "0",
        "WEB_CONCURRENCY": workers,
        "PORT": str(args.port),
        "BIND": f"127.0.0.1:{args.port}",
        "LOG_LEVEL": "WARNING",
    }
    ressourcenet(production, "collectstatic", "--no-input", quiet=True)
    command = [str(PROJECT / ".venv/bin/ressourcenet"), "serve", "--access-logfile", "/dev/null"]
    server = subprocess.Popen(command, env=production, start_new_session=True)
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(base + "/_floor/")
        cookie = log_in(base)
        print(
            f"\nLoad test: wrk, {args.clients} clients, {args.duration} s each, gunicorn with "
            f"{workers} workers, production profile, PostgreSQL and Redis"
        )
        results = {}
        for name, path, session in [
            ("floor", "/_floor/", ""),
            ("blog index (anonymous)", "/blog/", ""),
            ("network page (logged in)", network_page, cookie),
        ]:
            results[name] = wrk(base + path, args.clients, args.duration, session)
            print(f"{name:<34} {results[name]:>9.0f} requests/s")
        share = results["blog index (anonymous)"] / results["floor"]
        met = "met" if share > TARGET_LOAD_SHARE else "not met"
        print(f"Blog index / floor: {share:.2f} (target > {TARGET_LOAD_SHARE}: {met})")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


# -- the run -------------------------------------------------------------------------------


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # each line as it comes, also into a file
    args = parse_args()
    url, shown = scratch_database(args.scale)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "RESSOURCENET_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "ressourcenet.settings",
    }
    env.setdefault("RESSOURCENET_VAR_DIR", tempfile.mkdtemp(prefix="ressourcenet-bench-"))
    if args.reuse and is_filled(env):
        print(f"Reusing {shown} (scale {args.scale}).")
    else:
        print(f"Filling {shown} at scale {args.scale}.")
        drop_and_create(url)
        fill(env, args.scale)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    picked = pick_pages()
    allow_production()
    with connection.cursor() as cursor:  # the planner's statistics, as after any bulk load
        cursor.execute("ANALYZE")
    print(
        f"\nServer time, in-process (Django's test client), {connection.vendor}, "
        f"{args.runs} runs after {args.warmup} warm-up requests per page"
    )
    pages = picked["pages"]
    if args.only:
        wanted = [word.strip() for word in args.only.split(",") if word.strip()]
        pages = {name: page for name, page in pages.items() if any(w in name for w in wanted)}
    rows = time_pages(pages, picked["notes"], args.runs, args.warmup)
    print_targets(rows)
    connection.close()
    if not args.no_load:
        load_test(env, args, picked["network_page"])


if __name__ == "__main__":
    main()
