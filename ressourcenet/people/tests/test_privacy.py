"""people/privacy.py: the export holds everything about a person, the erasure leaves
nothing about them in any table (raw SQL over every text column), and every relation in
the project to a person, a login or an invitation is accounted for."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import translation

from ressourcenet.accounts.models import ApiToken, RateLimit, User
from ressourcenet.audit.models import ERASED, AuditEntry
from ressourcenet.blog.models import BloggerProfile, Comment
from ressourcenet.blog.tests.conftest import da
from ressourcenet.conftest import make_person
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.governance.models import Recommendation
from ressourcenet.knowledge.models import SearchEntry
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Invitation
from ressourcenet.networks.models import Membership
from ressourcenet.people import privacy
from ressourcenet.people.models import Person
from ressourcenet.people.tests import privacy_world
from ressourcenet.people.tests.privacy_world import EMAIL, NAME, PHONE
from ressourcenet.scheduling.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(network, plan) -> Person:
    return make_person("Ole Anden")


@pytest.fixture
def world(plan, network, municipality, other):
    return privacy_world.build(plan, network, municipality, other)


def test_every_relation_to_a_person_a_login_or_an_invitation_is_exported_and_erased():
    missing = [rel for rel in privacy.relations_to_person() if rel not in privacy.RELATIONS]
    assert missing == [], f"Add these to people/privacy.py RELATIONS: {missing}"
    stale = set(privacy.RELATIONS) - set(privacy.relations_to_person())
    assert stale == set()
    for relation in privacy.RELATIONS.values():
        assert relation.section and relation.erasure


def test_the_walk_finds_a_relation_that_is_not_listed(monkeypatch):
    monkeypatch.delitem(privacy.RELATIONS, ("knowledge.Experience", "author"))
    assert ("knowledge.Experience", "author") in privacy.relations_to_person()
    assert ("knowledge.Experience", "author") not in privacy.RELATIONS


def test_export_holds_every_area(world):
    data = json.loads(privacy.export_json(world.person, actor="test"))
    assert data["person"]["name"] == NAME
    assert data["person"]["phone"] == PHONE
    assert data["login"]["email"] == EMAIL
    assert "password" not in data["login"]
    for section in (
        "memberships", "board_seats", "steering_groups", "invitations", "poll_answers",
        "key_person_in_polls", "meeting_roles", "agenda_items", "ideas_owned", "ideas_written",
        "experiences", "summaries_finalised", "live_tables_hosted", "live_ideas_owned",
        "live_participations", "evaluations", "cooperation_agreements_signed",
        "cooperation_agreements_created", "recommendations", "blogger_profile",
        "blog_comments", "blog_comments_as_guest", "emails", "api_tokens", "audit_log_about_them",
        "live_sessions",
    ):  # fmt: skip
        assert data[section], section
    assert len(data["invitations"]) == 2
    assert data["evaluations"][0]["suggestion"].startswith("Mere tid")
    assert all("key_hash" not in token for token in data["api_tokens"])
    # The other party's login address is not part of Rikke's export.
    assert "anden@example.org" not in json.dumps(data)


def test_export_is_logged_without_the_name(world, admin_user):
    privacy.export_person(world.person, actor=admin_user)
    entry = AuditEntry.objects.filter(changes__privacy=[None, "exported"]).get()
    assert entry.actor == admin_user and entry.object_id == world.person.pk
    assert NAME not in entry.object_label


def test_erasure_leaves_nothing_about_the_person_in_any_table(world, admin_user):
    privacy.export_person(world.person, actor=admin_user)
    assert privacy_world.traces(NAME, EMAIL, PHONE)  # the scan finds them before

    assert privacy.erase_person(world.person, actor=admin_user) is True

    assert privacy_world.traces(NAME, EMAIL, PHONE) == []


def test_erasure_keeps_anonymous_counts_and_former_member_of_the_organisation(
    world, admin_user, other, municipality, ppr, plan
):
    area = plan.areas.first()
    Person.objects.filter(pk=world.person.pk).update(
        created_by=admin_user, unit=ppr, housing_area=area
    )
    world.person.refresh_from_db()
    privacy.erase_person(world.person, actor=admin_user)
    person = Person.objects.get(pk=world.person.pk)
    assert person.name == ERASED and person.email == person.phone == person.title == ""
    assert person.is_erased and person.organisation == municipality
    assert person.unit is None and person.housing_area is None and person.created_by is None
    # The meeting that was held keeps two comers, and its poll two yes.
    assert world.past.invitations.filter(attended=True).count() == 2
    assert Answer.objects.filter(slot__poll__meeting=world.past, value="yes").count() == 2
    assert Evaluation.objects.filter(meeting=world.past, invitation=None).count() == 1
    # The meeting to come no longer invites them; the links of the others stop working.
    assert not world.future.invitations.filter(person=person).exists()
    assert Invitation.objects.get(person=person).link_revoked_at is not None
    # Memberships end today and stay in the network's history.
    assert Membership.objects.get(person=person).ends_on is not None
    party = world.agreement.parties.get(person=person)
    with translation.override("da"):
        assert party.signatory == da("a former member of %(organisation)s") % {
            "organisation": municipality.name
        }
        assert str(person) == da("Erased person")
    with translation.override("en"):
        assert party.signatory == f"a former member of {municipality.name}"
        recommendation = Recommendation.objects.get(pk=world.recommendation.pk)
        assert recommendation.author.person.name_in_records == party.signatory


def test_erasure_ends_the_login_its_sessions_tokens_and_blog_traces(world, admin_user):
    privacy.erase_person(world.person, actor=admin_user)
    user = User.objects.get(pk=world.user.pk)
    assert not user.is_active and not user.has_usable_password() and EMAIL not in user.email
    assert not ApiToken.objects.filter(user=user).exists()
    assert not RateLimit.objects.filter(key__contains=EMAIL).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    assert not Comment.objects.filter(body__in=["Som medlem", f"Ring {PHONE}"]).exists()
    assert Comment.objects.get(body="Ja").parent is None  # a reply to them stays
    assert BloggerProfile.objects.get().name == ERASED
    mail = OutgoingMessage.objects.get(invitation__person=world.person)
    assert mail.to_email == mail.body == "" and mail.status == OutgoingMessage.Status.DROPPED


def test_erasure_ends_their_sessions_in_the_cache_too(world, admin_user, login):
    """Sessions are read from the cache first (SESSION_ENGINE cached_db): deleting the
    rows alone would leave a logged-in browser logged in."""
    client = login(world.user)
    assert client.get("/").wsgi_request.user == world.user
    key = client.session.session_key
    assert cache.get(f"django.contrib.sessions.cached_db{key}")

    privacy.erase_person(world.person, actor=admin_user)

    assert cache.get(f"django.contrib.sessions.cached_db{key}") is None
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_search_no_longer_finds_them(world, admin_user):
    from ressourcenet.knowledge import search

    assert len(search.find(admin_user, "Rasmussen")[0:10])
    privacy.erase_person(world.person, actor=admin_user)
    assert len(search.find(admin_user, "Rasmussen")[0:10]) == 0
    assert SearchEntry.objects.filter(body__contains=ERASED).exists()


def test_erasure_anonymises_the_log_and_logs_itself_without_the_name(world, admin_user):
    privacy.erase_person(world.person, actor=admin_user)
    erased = AuditEntry.objects.filter(changes__privacy=[None, "erased"]).get()
    assert erased.actor == admin_user and erased.object_id == world.person.pk
    assert not AuditEntry.objects.filter(actor_label__contains=EMAIL).exists()


def test_erasing_twice_changes_nothing_more(world, admin_user):
    assert privacy.erase_person(world.person, actor=admin_user) is True
    entries = AuditEntry.objects.count()
    assert privacy.erase_person(world.person, actor=admin_user) is False
    assert AuditEntry.objects.count() == entries


def test_the_last_administrator_cannot_be_erased(plan):
    person = make_person("Ada Admin")
    admin = User.objects.create_superuser("ada@example.org", "secret-password-1")
    person.user = admin
    person.save()
    with pytest.raises(privacy.CannotErase):
        privacy.erase_person(person, actor="test")
    assert Person.objects.get(pk=person.pk).name == "Ada Admin"
    User.objects.create_superuser("bo@example.org", "secret-password-1")
    assert privacy.erase_person(person, actor="test") is True


def test_a_person_without_login_or_email_is_erased(volunteer, admin_user):
    Person.objects.filter(pk=volunteer.pk).update(email="")
    volunteer.refresh_from_db()
    assert privacy.erase_person(volunteer, actor=admin_user)
    assert privacy_world.traces("Vera Frivillig") == []


@pytest.mark.django_db(transaction=True)
def test_two_erasures_at_once_erase_once(plan, network, municipality):
    """Two administrators click at the same moment, each with the person read before: one
    erases, the other is told it was done; one "erased" entry, nothing fails."""
    from ressourcenet.lib.tests.threads import at_once

    person = privacy_world.build(plan, network, municipality, make_person("Ole Anden")).person
    stale = [Person.objects.get(pk=person.pk) for _ in range(2)]
    outcomes = at_once(lambda: privacy.erase_person(stale.pop(), actor="test"))
    assert sorted(outcomes, key=repr) == [False, True], outcomes
    assert AuditEntry.objects.filter(changes__privacy=[None, "erased"]).count() == 1
    assert privacy_world.traces(NAME, EMAIL, PHONE) == []


def test_export_holds_no_other_persons_contact_data_from_the_log(world, admin_user, volunteer):
    """Rikke changed Vera's phone number, and the administrator changed Rikke's: her export
    says which fields she changed and who changed hers, by name, never Vera's new number nor
    the administrator's login address."""
    from django.contrib.contenttypes.models import ContentType

    person_type = ContentType.objects.get_for_model(Person)
    AuditEntry.objects.create(
        actor=world.user,
        actor_label=EMAIL,
        action=AuditEntry.Action.CHANGE,
        object_type=person_type,
        object_id=volunteer.pk,
        object_label=volunteer.name,
        changes={"phone": ["+45 11 22 33 44", "+45 99 88 77 66"]},
    )
    AuditEntry.objects.create(
        actor=admin_user,
        actor_label=str(admin_user),
        action=AuditEntry.Action.CHANGE,
        object_type=person_type,
        object_id=world.person.pk,
        object_label=NAME,
        changes={"title": ["", "Sundhedsplejerske"]},
    )
    text = privacy.export_json(world.person, actor="test")
    data = json.loads(text)
    assert "+45 99 88 77 66" not in text
    assert admin_user.email not in text
    assert [e["changes"] for e in data["audit_log"]] == [["phone"]]
    about = [e for e in data["audit_log_about_them"] if e["changes"].get("title")]
    assert about[0]["changes"]["title"][1] == "Sundhedsplejerske"


def test_export_holds_live_ideas_written_and_mail_to_the_logins_address(world):
    from ressourcenet.accounts.models import OutboxMessage

    User.objects.filter(pk=world.user.pk).update(email="rikke.login@example.org")
    Person.objects.filter(pk=world.person.pk).update(email="rikke.other@example.org")
    OutgoingMessage.objects.create(
        kind=OutgoingMessage.Kind.INVITATION,
        to_email="rikke.login@example.org",
        subject="Til login",
    )
    OutboxMessage.objects.create(to="rikke.login@example.org", subject="Demo", body="Hej")
    person = Person.objects.select_related("user").get(pk=world.person.pk)
    data = json.loads(privacy.export_json(person, actor="test"))
    assert [m["subject"] for m in data["emails"]] == ["Til login"]
    assert [m["subject"] for m in data["emails_in_outbox"]] == ["Demo"]
    assert [idea["text"] for idea in data["live_ideas_written"]] == ["Mere frugt"]


def test_erasure_also_removes_the_name_and_number_they_had_before(world, admin_user):
    """Rikke was »Rikke Holm« with another number until she changed them: the old ones,
    written in a summary back then, go too (the audit log knows them)."""
    from django.contrib.contenttypes.models import ContentType

    from ressourcenet.knowledge.models import Summary

    AuditEntry.objects.create(
        actor=admin_user,
        actor_label=str(admin_user),
        action=AuditEntry.Action.CHANGE,
        object_type=ContentType.objects.get_for_model(Person),
        object_id=world.person.pk,
        object_label=NAME,
        changes={"name": ["Rikke Holmgaard", NAME], "phone": ["+45 20 30 40 50", PHONE]},
    )
    Summary.objects.filter(meeting=world.past).update(
        body="Referent: Rikke Holmgaard, tlf. +45 20 30 40 50"
    )
    privacy.erase_person(world.person, actor=admin_user)
    assert privacy_world.traces("Rikke Holmgaard", "+45 20 30 40 50") == []


def test_erasure_empties_the_caches_that_may_name_the_person(
    world, admin_user, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    caches["leaflets"].set("leaflet:abc", f"PDF af {NAME}".encode())
    caches["default"].set("live-board:1:1:0:0:0:0", ("board", NAME))
    caches["default"].set("health-layout:abc", [NAME])
    caches["default"].set("unrelated", "kept")
    generation = caches["default"].get("pages:blog:generation")
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_person(world.person, actor=admin_user)
    assert caches["leaflets"].get("leaflet:abc") is None
    assert caches["default"].get("live-board:1:1:0:0:0:0") is None
    assert caches["default"].get("health-layout:abc") is None
    assert caches["default"].get("unrelated") == "kept"
    assert caches["default"].get("pages:blog:generation") != generation
