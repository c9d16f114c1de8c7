"""The audit log page (/administration/log/): administrators read and filter the log;
no one else sees it, and nothing on it changes an entry."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ressourcenet.audit import views
from ressourcenet.audit.context import acting
from ressourcenet.audit.models import AuditEntry
from ressourcenet.conftest import make_person
from ressourcenet.lib.forms import ONE_LINE, SHORTEN
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Person

URL = "/administration/log/"


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


def shown(response) -> list[str]:
    return [entry.object_label for entry, _kind, _changes in response.context["rows"]]


def entry(obj, action="change", changes=None, by="Karen Koordinator", days_ago=0) -> AuditEntry:
    made = AuditEntry.objects.create(
        actor_label=by,
        action=action,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_label=str(obj),
        changes=changes or {},
    )
    if days_ago:  # a queryset update: the one way the log is rewritten (as an erasure does)
        AuditEntry.objects.filter(pk=made.pk).update(at=made.at - timedelta(days=days_ago))
    return made


@pytest.fixture
def log(db, network, plan):
    """Three entries: a person created today, a membership changed last week, a person
    deleted a month ago, each by someone else."""
    AuditEntry.objects.all().delete()  # what the fixtures wrote; a queryset delete
    soeren = make_person("Søren Sørensen")
    mette = make_person("Mette Medlem")
    AuditEntry.objects.all().delete()
    membership = Membership.objects.create(network=network, person=mette, starts_on=plan.starts_on)
    AuditEntry.objects.all().delete()
    entry(soeren, "create", {"name": [None, "Søren Sørensen"]}, by="Karen Koordinator")
    entry(
        membership,
        "change",
        {"role": ["member", "coordinator"], "ends_on": [None, "2031-05-17"]},
        by="Anna Admin",
        days_ago=7,
    )
    entry(mette, "delete", {"name": ["Mette Medlem", None]}, by="loaddemo", days_ago=30)


def test_an_administrator_reads_the_log_newest_first_in_danish(login, admin_user, log):
    response = login(admin_user).get(URL, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    labels = shown(response)
    assert len(labels) == 3
    assert labels[0] == "Søren Sørensen" and labels[2] == "Mette Medlem"
    page = response.content.decode()
    assert da("Audit log") in page
    # The membership's change in words: the field's name, the role's label, a Danish date.
    with translation.override("da"):
        role = str(Membership._meta.get_field("role").verbose_name).capitalize()
        coordinator = str(Membership.Role.COORDINATOR.label)
        member = str(Membership.Role.MEMBER.label)
    assert f"<strong>{role}:</strong>" in page
    assert f'{member} <span aria-hidden="true">→</span>' in page
    assert coordinator in page
    assert "17. maj 2031" in page
    assert da("Deleted") in page and da("Created") in page


def test_the_menu_links_the_log_for_administrators_only(login, admin_user, coordinator, log):
    assert URL in login(admin_user).get("/").content.decode()
    assert URL not in login(coordinator).get("/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"who": "Anna Admin"}, 1),  # an exact name, as a link may give it
        ({"who": "loaddemo"}, 1),
        ({"who": "anna"}, 1),  # part of the name, in any case
        ({"who": "KOORDINATOR"}, 1),
        ({"who": "  Admin "}, 1),
        ({"who": "a"}, 3),
        ({"who": "Nobody at all"}, 0),
        ({"kind": "people.Person"}, 2),
        ({"kind": "networks.Membership"}, 1),
        ({"action": "delete"}, 1),
        ({"q": "søren"}, 1),
        ({"q": "mette familier"}, 1),
        ({"q": "admin"}, 1),
        ({"kind": "people.Person", "action": "create"}, 1),
    ],
)
def test_each_filter_narrows_the_log(login, admin_user, log, query, expected):
    response = login(admin_user).get(URL, query)
    assert response.status_code == 200
    assert len(response.context["rows"]) == expected


def test_dates_from_and_to_take_whole_days(login, admin_user, log):
    today = timezone.localdate()
    client = login(admin_user)
    week_ago = (today - timedelta(days=7)).isoformat()
    response = client.get(URL, {"date_from": week_ago, "date_to": week_ago})
    assert shown(response) == [response.context["rows"][0][0].object_label]
    assert response.context["rows"][0][0].object_type.model == "membership"
    response = client.get(URL, {"date_from": (today - timedelta(days=8)).isoformat()})
    assert len(response.context["rows"]) == 2
    response = client.get(URL, {"date_to": (today - timedelta(days=8)).isoformat()})
    assert shown(response) == ["Mette Medlem"]


def test_the_page_links_keep_the_filters(login, admin_user, log, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    response = login(admin_user).get(URL, {"kind": "people.Person"})
    page = response.content.decode()
    assert "?kind=people.Person&amp;page=2" in page
    second = login(admin_user).get(URL, {"kind": "people.Person", "page": "2"})
    assert shown(second) == ["Mette Medlem"]


@pytest.mark.parametrize("number", ["3", "99999999999999999999999999999999", "9" * 5000])
def test_a_page_past_the_end_shows_the_last_page_and_says_so(
    login, admin_user, log, monkeypatch, number
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    response = login(admin_user).get(URL, {"page": number}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    assert shown(response) == ["Mette Medlem"]
    assert da("There are not that many pages. Here is the last one.") in response.content.decode()


@pytest.mark.parametrize("number", ["0", "-1", "abc", "1e5", "٣"])
def test_a_page_that_is_no_number_shows_the_first(login, admin_user, log, monkeypatch, number):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    response = login(admin_user).get(URL, {"page": number})
    assert response.status_code == 200
    assert shown(response)[0] == "Søren Sørensen"
    assert not response.context["page_beyond"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "31-02-2026"}, "date_from"),
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_to": "0001-01-01"}, "date_to"),
        ({"date_to": "99999-01-01"}, "date_to"),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "date_to"),
        ({"who": "x" * 201}, "who"),
        ({"who": "null\x00byte"}, "who"),
        ({"kind": "accounts.User"}, "kind"),
        ({"action": "erase"}, "action"),
        ({"q": "x" * 201}, "q"),
        ({"q": "null\x00byte"}, "q"),
    ],
)
def test_bad_filters_get_a_danish_message_next_to_the_field(login, admin_user, log, query, field):
    response = login(admin_user).get(URL, query, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert f'id="id_{field}_error"' in response.content.decode()
    # The input is kept, and the other filters still apply: the log is shown.
    assert len(response.context["rows"]) == 3


def test_a_bad_name_says_what_is_wrong_in_danish_and_is_kept(login, admin_user, log):
    client = login(admin_user)
    response = client.get(URL, {"who": "Anna\x00Admin"}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 422
    page = response.content.decode()
    assert da(ONE_LINE) % {"field": da("Who")} in page.replace("&quot;", '"')
    assert 'value="Anna\x00Admin"' in page
    too_long = "Anna Admin " * 20  # 220 characters, 219 once trimmed
    response = client.get(URL, {"who": too_long}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 422
    page = response.content.decode()
    shorten = da(SHORTEN) % {"field": da("Who"), "limit_value": 200, "show_value": 219}
    assert shorten in page
    assert f'value="{too_long}"' in page  # as written


def test_who_is_a_text_field_not_a_list_of_everyone(login, admin_user, log):
    """At national scale the log names thousands: none of them is an option on the page."""
    for number in range(60):
        with acting(f"Aktør {number:02}"):
            make_person(f"Person {number:02}")
    page = login(admin_user).get(URL, {"kind": "networks.Membership"}).content.decode()
    assert '<input type="text" name="who"' in page
    assert "<option" in page  # the other filters are still lists
    assert "Aktør" not in page  # neither as an option nor in the table (no such entry)
    assert 'value="Anna Admin"' not in page


def test_a_bad_date_says_what_to_write_in_danish(login, admin_user, log):
    response = login(admin_user).get(URL, {"date_from": "i går"}, HTTP_ACCEPT_LANGUAGE="da")
    assert 'value="i går"' in response.content.decode()  # kept in the field
    assert da("Write a whole date in “%(field)s”: day, month and year.") % {
        "field": da("From date")
    } in response.content.decode().replace("&quot;", '"')


def test_the_page_asks_a_constant_number_of_queries(login, admin_user, network, plan):
    client = login(admin_user)
    client.get(URL)  # sessions and content types are cached after the first
    person = make_person("Første Person")
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for number in range(15):  # each by someone else: the log names ever more people
        with acting(f"Aktør {number}"):
            other = make_person(f"Person {number}")
            Membership.objects.create(network=network, person=other, starts_on=plan.starts_on)
    Person.objects.filter(pk=person.pk).update(name="Ændret")  # no signal: no entry
    person.name = "Ændret igen"
    person.save()
    assert AuditEntry.objects.count() > 30
    assert AuditEntry.objects.values("actor_label").distinct().count() > 15
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few)
    # No list of everyone the log names (a DISTINCT over the whole log) on any load.
    assert not any("DISTINCT" in query["sql"].upper() for query in many.captured_queries)


def test_an_anonymous_visitor_is_sent_to_the_login(client, log):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["coordinator", "member", "board_member", "editor", "outsider"])
def test_no_one_else_may_read_the_log(request, login, log, role):
    response = login(request.getfixturevalue(role)).get(URL)
    assert response.status_code == 403
    assert "Søren Sørensen" not in response.content.decode()


def test_a_staff_user_who_is_no_administrator_may_not_read_it(login, outsider, log):
    outsider.is_staff = True
    outsider.save()
    assert login(outsider).get(URL).status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_nothing_but_reading(login, admin_user, log, method):
    response = getattr(login(admin_user), method)(URL)
    assert response.status_code == 405
    assert AuditEntry.objects.count() == 3


def test_a_meetings_time_reads_as_a_danish_date_and_time(login, admin_user, network):
    meeting = Meeting.objects.create(network=network, title="Møde", why="Fordi.")
    AuditEntry.objects.all().delete()
    with acting("Karen Koordinator"):
        meeting.starts_at = timezone.make_aware(timezone.datetime(2031, 3, 4, 17, 30))
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        meeting.save()
    page = login(admin_user).get(URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "4. marts 2031 17.30" in page
    assert "2031-03-04T" not in page
