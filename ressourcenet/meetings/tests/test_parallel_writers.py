"""Twenty writers at once, through the real pages and API of a running server.

Each writer is a thread with its own HTTP connection, cookies and so its own database
connection in the server, as twenty residents and coordinators pressing a button in the
same second. What must hold on SQLite (the default file or one named by DATABASE_URL)
and on PostgreSQL: no server error, no duplicate row, one finalisation and one set of
calendar e-mails. On SQLite this needs a file test database: an in-memory one is a
single connection that every thread shares, where nothing ever waits for a lock.
"""

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse

from ressourcenet.accounts.models import ApiToken
from ressourcenet.conftest import make_person
from ressourcenet.lib.links import make_token
from ressourcenet.meetings.emails import INVITATION_LINK
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.meetings.tests.conftest import days_ahead, invite, make_meeting
from ressourcenet.people.models import Organisation, Person
from ressourcenet.scheduling.emails import POLL_LINK
from ressourcenet.scheduling.models import Answer, Poll
from ressourcenet.scheduling.tests.helpers import make_poll

WRITERS = 20
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _a_database_with_real_connections():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.fail("SQLite tests must run on a file: see ressourcenet/lib/database.py")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a form is the answer we want to see


class Visitor:
    """One person at a browser: their own cookies and connection to the server."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(NoRedirect, cookies)

    def open(self, path: str, body: bytes | None = None, headers=None, method=None):
        request = urllib.request.Request(
            self.base_url + path, data=body, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form(self, path: str, fields: dict) -> Callable[[], tuple[int, str]]:
        """Load the page now (cookie and CSRF token); the returned call submits it."""
        status, page = self.open(path)
        assert status == 200, page
        body = urlencode({**fields, "csrfmiddlewaretoken": CSRF.search(page).group(1)}, True)
        content_type = {"Content-Type": "application/x-www-form-urlencoded"}
        return lambda: self.open(path, body.encode(), content_type, "POST")

    def api(self, method: str, path: str, payload: dict, token: str):
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return lambda: self.open(path, json.dumps(payload).encode(), headers, method)


def all_at_once(requests: list[Callable[[], tuple[int, str]]]) -> list[int]:
    """Send the requests from one thread each, released together; their status codes."""
    start = threading.Barrier(len(requests))
    answers: list[tuple[int, str] | None] = [None] * len(requests)

    def writer(index: int) -> None:
        start.wait()
        answers[index] = requests[index]()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(answer is not None for answer in answers), "a writer did not finish"
    errors = [body[:2000] for status, body in answers if status >= 500]
    assert not errors, errors[0]
    return [status for status, _body in answers]


@pytest.fixture
def meeting(network) -> Meeting:
    return make_meeting(network, title="Temamøde om caféen", starts_at=days_ahead(30))


@pytest.fixture
def invitees(meeting) -> list[Invitation]:
    people = [make_person(f"Beboer {n:02d}") for n in range(WRITERS)]
    return invite(meeting, *people)


@pytest.fixture
def poll(meeting, invitees) -> Poll:
    poll, _slots = make_poll(meeting, days_ahead(20), days_ahead(21), days_ahead(22))
    return poll


@pytest.fixture
def coordinator_token(coordinator) -> Callable[[], str]:
    """A new token for each writer: one token's requests wait for each other (last used)."""
    return lambda: ApiToken.objects.create_for(coordinator)[1]


def test_twenty_poll_answers_at_once_are_all_saved_once(live_server, poll, invitees):
    """Ten invitees, each sending the form from two tabs in the same second."""
    slots = list(poll.slots.all())
    requests = []
    for invitation in invitees[: WRITERS // 2]:
        path = reverse("poll_answer", args=[make_token(POLL_LINK, invitation.pk)])
        for value in ("yes", "no"):
            fields = {f"slot_{slot.pk}": value for slot in slots}
            requests.append(Visitor(live_server.url).form(path, fields))

    statuses = all_at_once(requests)

    assert statuses == [302] * WRITERS
    answers = Answer.objects.filter(slot__poll=poll)
    assert answers.count() == len(slots) * WRITERS // 2
    # Each person's two submissions: one of them, whole, not a mix of the two.
    for person_id in {invitation.person_id for invitation in invitees[: WRITERS // 2]}:
        assert len(set(answers.filter(person_id=person_id).values_list("value", flat=True))) == 1


def test_twenty_answers_to_invitations_at_once_are_all_saved(live_server, meeting, invitees):
    requests = []
    for index, invitation in enumerate(invitees):
        path = reverse("invitation_answer", args=[make_token(INVITATION_LINK, invitation.pk)])
        requests.append(
            Visitor(live_server.url).form(path, {"answer": "yes" if index % 2 else "no"})
        )

    statuses = all_at_once(requests)

    assert statuses == [302] * WRITERS
    answers = Counter(meeting.invitations.values_list("answer", flat=True))
    assert answers == {"yes": WRITERS // 2, "no": WRITERS // 2}
    assert Invitation.objects.count() == WRITERS


def test_twenty_guest_invitations_at_once_make_one_person_and_invitation_each(
    live_server, meeting, coordinator_token
):
    """Four guests, each invited five times in the same second (coordinators sharing a list)."""
    path = f"/api/v1/meetings/{meeting.pk}/invitations"
    requests = []
    for n in range(WRITERS):
        guest = {"name": f"Gæst {n % 4}", "email": f"gaest{n % 4}@example.org"}
        payload = {"people": [], "guests": [guest | {"organisation": "Caféen"}]}
        requests.append(Visitor(live_server.url).api("POST", path, payload, coordinator_token()))

    statuses = all_at_once(requests)

    assert statuses == [201] * WRITERS
    assert Person.objects.filter(email__startswith="gaest").count() == 4
    assert meeting.invitations.count() == 4
    assert Organisation.objects.filter(name="Caféen").count() == 1


def test_two_finalisations_at_once_choose_one_time_and_send_one_set_of_invitations(
    live_server, poll, invitees, coordinator_token, mailoutbox
):
    """Two coordinators choose a time in the same second, while invitees still answer."""
    first, second, _third = poll.slots.all()
    path = f"/api/v1/polls/{poll.pk}/finalise"
    requests = [
        Visitor(live_server.url).api("POST", path, {"slot": slot.pk}, coordinator_token())
        for slot in (first, second)
    ]
    for invitation in invitees[: WRITERS - 2]:
        answer_path = reverse("poll_answer", args=[make_token(POLL_LINK, invitation.pk)])
        fields = {f"slot_{first.pk}": "yes"}
        requests.append(Visitor(live_server.url).form(answer_path, fields))

    statuses = all_at_once(requests)

    assert sorted(statuses[:2]) == [200, 409]
    assert set(statuses[2:]) <= {302, 409}  # saved, or refused: the time was chosen
    poll.refresh_from_db()
    chosen = first if statuses[0] == 200 else second
    assert poll.chosen_slot == chosen
    meeting = Meeting.objects.get(pk=poll.meeting_id)
    assert (meeting.starts_at, meeting.ends_at) == (chosen.starts_at, chosen.ends_at)
    assert meeting.sequence == 0  # one invitation each, no update on top of it
    recipients = Counter(address for message in mailoutbox for address in message.to)
    assert len(recipients) == WRITERS
    assert set(recipients.values()) == {1}
    # No answer was saved after the time was chosen.
    late = Answer.objects.filter(slot__poll=poll, answered_at__gt=poll.finalised_at)
    assert not late.exists()
