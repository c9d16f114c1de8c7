"""Shared fixtures: a small plan with one network, and a logged-in client per role.

Dates are relative to today, so that the suite passes whatever year the clock shows
(`make test-future` runs it five years ahead).
"""

import calendar
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.accounts.models import ApiToken, User
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Organisation, Person, StakeholderGroup, Unit
from ressourcenet.plans.models import Board, BoardMember, Effort, HousingArea, Plan


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches (a leaflet made in one is not found in another)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def year_like(year: int) -> int:
    """The first year after this one with the calendar of `year`: the same weekdays, leap
    day and clock changes, for tests that name a date ahead ("Tuesday 17 September")."""
    candidate = timezone.localdate().year + 1
    while not (
        calendar.weekday(candidate, 1, 1) == calendar.weekday(year, 1, 1)
        and calendar.isleap(candidate) == calendar.isleap(year)
    ):
        candidate += 1
    return candidate


@pytest.fixture
def plan(db) -> Plan:
    """A four-year plan running today: from 1 January last year to 31 December in two years."""
    this_year = timezone.localdate().year
    starts_on, ends_on = date(this_year - 1, 1, 1), date(this_year + 2, 12, 31)
    plan = Plan.objects.create(
        name=f"Helhedsplan Testby {starts_on.year}–{ends_on.year}",
        slug="testby",
        municipality="Testby",
        starts_on=starts_on,
        ends_on=ends_on,
    )
    HousingArea.objects.create(plan=plan, name="Nordparken")
    HousingArea.objects.create(plan=plan, name="Sydparken")
    Board.objects.create(plan=plan, name="Bestyrelsen")
    return plan


@pytest.fixture
def municipality(db) -> Organisation:
    return Organisation.objects.create(name="Testby Kommune", kind=Organisation.Kind.MUNICIPALITY)


@pytest.fixture
def ppr(municipality) -> Unit:
    return Unit.objects.create(organisation=municipality, name="PPR")


@pytest.fixture
def network(plan, ppr) -> Network:
    effort = Effort.objects.create(plan=plan, name="Familier")
    network = Network.objects.create(
        plan=plan,
        effort=effort,
        name="Netværk for familier",
        slug="familier",
        responsibility="Rådgive og koordinere.",
        tasks="Dele viden\nPrioritere ressourcer",
    )
    network.expected_units.add(ppr)
    return network


@pytest.fixture
def other_network(plan) -> Network:
    return Network.objects.create(plan=plan, name="Netværk for job", slug="job")


def make_person(name: str, group=StakeholderGroup.PROFESSIONAL_STAFF, **fields) -> Person:
    email = fields.pop("email", name.lower().replace(" ", ".") + "@example.org")
    return Person.objects.create(
        name=name, email=email, phone="+45 11 22 33 44", stakeholder_group=group, **fields
    )


def make_user(email: str, person: Person | None = None, **fields) -> User:
    user = User.objects.create_user(email, "secret-password-1", **fields)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def assert_sent_home(response) -> None:
    """An editor who followed a link to a members' page: on their own page, told why
    (`client.get(url, follow=True)`)."""
    assert response.redirect_chain == [(reverse("home"), 302)]
    content = response.content.decode()
    with translation.override("da"):
        assert escape(gettext("Your page as editor")) in content
        told = gettext("That page is for the networks' members. Here is your own page.")
    assert escape(told) in content


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("admin@example.org", "secret-password-1")


@pytest.fixture
def coordinator(network) -> User:
    person = make_person("Karen Koordinator", StakeholderGroup.SOCIAL_HOUSING_STAFF)
    Membership.objects.create(
        network=network,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=network.plan.starts_on,
    )
    return make_user("koordinator@example.org", person)


@pytest.fixture
def member(network, plan) -> User:
    person = make_person(
        "Mads Medlem", StakeholderGroup.VOLUNTEER, housing_area=plan.areas.get(name="Nordparken")
    )
    Membership.objects.create(network=network, person=person, starts_on=plan.starts_on)
    return make_user("medlem@example.org", person)


@pytest.fixture
def board_member(plan) -> User:
    person = make_person("Bente Bestyrelse", StakeholderGroup.PROFESSIONAL_MANAGEMENT)
    BoardMember.objects.create(board=plan.board, person=person, starts_on=plan.starts_on)
    return make_user("bestyrelse@example.org", person)


@pytest.fixture
def editor(db) -> User:
    return make_user("redaktoer@example.org", is_editor=True)


@pytest.fixture
def outsider(db) -> User:
    """Logged in, but with no role in any plan."""
    return make_user("udenfor@example.org")


@pytest.fixture
def volunteer(network, plan) -> Person:
    """A member without a login, whose phone number is private."""
    person = make_person(
        "Vera Frivillig", StakeholderGroup.VOLUNTEER, housing_area=plan.areas.get(name="Sydparken")
    )
    Membership.objects.create(network=network, person=person, starts_on=plan.starts_on)
    return person


@pytest.fixture
def login():
    """login(user) -> a test client logged in as that user."""

    def _login(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def api_client():
    """api_client(user) -> a client that sends a fresh bearer token for that user."""

    def _client(user: User | None) -> Client:
        if user is None:
            return Client()
        _token, raw = ApiToken.objects.create_for(user)
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return _client


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end other sessions still connected to it.

    A browser test can leave a live-server request running when its test ends; on
    PostgreSQL its connection would stop DROP DATABASE. Report them, then end them.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 80) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        stray = cursor.fetchall()
        for pid, *_details in stray:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    if stray:
        print(f"\nEnded {len(stray)} stray database session(s): {stray}")
