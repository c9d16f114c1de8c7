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

import html
import http.client
import json
import os
import re
import secrets
import sys
import time
from datetime import timedelta
from urllib.parse import urlencode

from harness import (
    ORIGIN,
    PASSWORD,
    Browser,
    Inbox,
    Processes,
    check,
    ports_from,
    run_production,
    step,
    text_of,
    wait_until,
)

DATABASE = os.environ.get("SMOKE_DATABASE", "ressourcenet_smoke")
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/14")


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
    return run_production(
        "Smoke test", smoke, database=DATABASE, redis_url=REDIS_URL, ports=ports_from("SMOKE_PORTS")
    )


if __name__ == "__main__":
    sys.exit(main())
