"""A person's data under GDPR: `export_person` (everything that refers to them, as JSON)
and `erase_person` (anonymise them, keeping anonymous counts).

Every relation in the project to a person, to their login or to one of their invitations
is named in RELATIONS below, with the section of the export it goes to and what an erasure
does to it. `people/tests/test_privacy_relations.py` walks every installed model and fails
when a relation is missing here, so that a new model cannot be forgotten.

What an erasure keeps: the Person row, renamed "Slettet person" (`ERASED`, the same marker
as the audit log; the pages show it through gettext as "Erased person"), with its
organisation and stakeholder group, so that meeting and poll totals, agreements ("a former
member of <organisation>") and recommendations stay right. Everything that names them goes:
contact data, the login's address and password, sessions, tokens, rate-limit rows, blog
comments, e-mails to them, and their name, e-mail address and phone number wherever they
were written (`scrub_everywhere`, over every text column of every table).
"""

import json
import re
from contextlib import nullcontext
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ressourcenet.audit import services as audit
from ressourcenet.audit.context import acting, current_actor
from ressourcenet.audit.models import ERASED, AuditEntry
from ressourcenet.people.models import Person

# Never in an export: secrets and keys derived from them.
SECRET_FIELDS = frozenset({"password", "key_hash", "prefix", "token", "email_key", "vector"})
# Another person's contact data is not this person's to take away.
OTHERS_CONTACT = frozenset({"email", "phone", "title", "user", "created_by"})


class CannotErase(Exception):
    """The person may not be erased now; the message says why."""


@dataclass(frozen=True)
class Relation:
    """One way a row refers to a person: `path` is the lookup from the model to the
    Person (e.g. "person", "user__person", "invitation__person")."""

    section: str
    path: str
    erasure: str  # what erase_person does with the rows, for the docs and the erase page
    only: tuple[str, ...] = ()  # export only these fields (rows about other people)


# (model label, field name) → the relation. Walked by the tests: add every new one here.
RELATIONS: dict[tuple[str, str], Relation] = {
    ("people.Person", "user"): Relation(
        "login", "person", "the login is disabled and its address and password removed"
    ),
    ("people.Person", "created_by"): Relation(
        "people_created",
        "created_by__person",
        "kept: the people they added",
        only=("id", "created_at"),
    ),
    ("admin.LogEntry", "user"): Relation(
        "admin_log", "user__person", "kept, with their name scrubbed from the text"
    ),
    ("accounts.ApiToken", "user"): Relation("api_tokens", "user__person", "deleted"),
    ("plans.BoardMember", "person"): Relation(
        "board_seats", "person", "ended today, kept; deleted if not begun"
    ),
    ("plans.LocalSteeringGroup", "members"): Relation(
        "steering_groups", "members", "removed", only=("id", "name")
    ),
    ("networks.Membership", "person"): Relation(
        "memberships", "person", "ended today, kept; deleted if not begun"
    ),
    ("meetings.AgendaItem", "responsible"): Relation(
        "agenda_items",
        "responsible",
        "kept for meetings that were held; no one responsible for meetings to come",
    ),
    ("meetings.MeetingRole", "person"): Relation(
        "meeting_roles",
        "person",
        "kept for meetings that were held; deleted for meetings to come",
    ),
    ("meetings.Invitation", "person"): Relation(
        "invitations",
        "person",
        "kept as anonymous answers and attendance for meetings that are over; "
        "deleted for meetings still to come",
    ),
    ("scheduling.Poll", "key_persons"): Relation(
        "key_person_in_polls", "key_persons", "removed", only=("id", "meeting")
    ),
    ("scheduling.Answer", "person"): Relation(
        "poll_answers", "person", "kept anonymously for decided polls; deleted for open ones"
    ),
    ("knowledge.Idea", "owner"): Relation("ideas_owned", "owner", "the owner is removed"),
    ("knowledge.Idea", "created_by"): Relation(
        "ideas_written", "created_by__person", "kept, their name scrubbed from the text"
    ),
    ("knowledge.IdeaStatusChange", "changed_by"): Relation(
        "idea_status_changes", "changed_by__person", "kept"
    ),
    ("knowledge.Summary", "finalised_by"): Relation(
        "summaries_finalised", "finalised_by__person", "kept"
    ),
    ("knowledge.SummaryRevision", "created_by"): Relation(
        "summary_corrections", "created_by__person", "kept, their name scrubbed from the text"
    ),
    ("knowledge.Amendment", "decided_by"): Relation(
        "amendments_decided", "decided_by__person", "kept"
    ),
    ("knowledge.Amendment", "invitation"): Relation(
        "amendments_proposed", "invitation__person", "kept, their name scrubbed from the text"
    ),
    ("knowledge.Experience", "author"): Relation(
        "experiences", "author", "kept, written by the erased person"
    ),
    ("live.LiveSession", "started_by"): Relation("live_sessions", "started_by__person", "kept"),
    ("live.LiveTable", "host"): Relation("live_tables_hosted", "host", "kept"),
    ("live.LiveIdea", "owner_person"): Relation(
        "live_ideas_owned", "owner_person", "kept, the owner's name removed"
    ),
    ("live.LiveParticipant", "invitation"): Relation(
        "live_participations", "invitation__person", "detached from them, the name removed"
    ),
    ("evaluation.Evaluation", "invitation"): Relation(
        "evaluations", "invitation__person", "kept anonymously (ratings count in the totals)"
    ),
    ("mail.OutgoingMessage", "invitation"): Relation(
        "emails_about_invitations", "invitation__person", "emptied (see e-mails)"
    ),
    ("governance.Recommendation", "author"): Relation(
        "recommendations", "author__person", "kept, shown as »a former member of …«"
    ),
    ("governance.RecommendationTransition", "by"): Relation(
        "recommendation_steps", "by__person", "kept"
    ),
    ("agreements.CofinancingVersion", "created_by"): Relation(
        "cofinancing_versions", "created_by__person", "kept"
    ),
    ("agreements.CooperationAgreement", "created_by"): Relation(
        "cooperation_agreements_created", "created_by__person", "kept"
    ),
    ("agreements.CooperationAgreement", "ended_by"): Relation(
        "cooperation_agreements_ended", "ended_by", "kept"
    ),
    ("agreements.Party", "person"): Relation(
        "cooperation_agreements_signed", "person", "kept, shown as »a former member of …«"
    ),
    ("agreements.Party", "recorded_by"): Relation(
        "signatures_recorded", "recorded_by__person", "kept"
    ),
    ("blog.BloggerProfile", "user"): Relation(
        "blogger_profile", "user__person", "name, presentation and photo removed"
    ),
    ("blog.Comment", "user"): Relation("blog_comments", "user__person", "deleted"),
    ("blog.Comment", "moderated_by"): Relation(
        "blog_comments_moderated", "moderated_by__person", "kept", only=("id", "moderated_at")
    ),
    ("audit.AuditEntry", "actor"): Relation(
        "audit_log", "actor__person", "kept, the person anonymised in it"
    ),
}


def relations_to_person() -> list[tuple[str, str]]:
    """Every (model label, field name) in the project that points at a Person, a login
    or an invitation (whose person it is): what RELATIONS must cover."""
    from ressourcenet.meetings.models import Invitation

    targets = (Person, get_user_model(), Invitation)
    return sorted(
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model in targets
    )


# --- export ---------------------------------------------------------------------------


def _value(obj: models.Model, field: models.Field):
    value = field.value_from_object(obj)
    if isinstance(value, FieldFile):
        return value.name or ""
    if field.is_relation and value is not None:
        related = getattr(obj, field.name)
        if isinstance(related, get_user_model()):  # a login by its person, never its address
            person = getattr(related, "person", None)
            return {"id": value, "name": person.name if person else ""}
        return {"id": value, "name": str(related)}
    return value


def row(obj: models.Model, only: tuple[str, ...] = ()) -> dict:
    """One row as plain values: its fields (a related row as its id and name), no secrets."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or (only and field.name not in only):
            continue
        data[field.name] = _value(obj, field)
    return data


def _person_data(person: Person) -> dict:
    data = row(person)
    data.pop("created_by", None)
    data["stakeholder_group"] = person.get_stakeholder_group_display()
    return data


def _login(person: Person) -> dict | None:
    user = person.user
    if user is None:
        return None
    data = row(user)
    data["groups"] = [group.name for group in user.groups.all()]
    return data


def _rows_for(person: Person, label: str, relation: Relation) -> list[dict]:
    model = apps.get_model(label)
    queryset = model._default_manager.filter(**{relation.path: person}).order_by("pk")
    return [row(obj, relation.only) for obj in queryset.distinct()]


def export_person(person: Person, actor=None) -> dict:
    """Everything the project holds that refers to `person`, as JSON-ready values. Logged
    in the audit log as exported by `actor` (a user, or a command's name)."""
    from ressourcenet.blog.models import Comment, email_key
    from ressourcenet.mail.models import OutgoingMessage

    data: dict = {"person": _person_data(person), "login": _login(person)}
    for (label, _field), relation in RELATIONS.items():
        if relation.section == "login":
            continue
        data.setdefault(relation.section, []).extend(_rows_for(person, label, relation))
    from ressourcenet.accounts.models import OutboxMessage
    from ressourcenet.live.models import LiveIdea

    # The person's address and their login's (they may differ), as the erasure uses them.
    addresses = sorted({a.lower() for a in (person.email, getattr(person.user, "email", "")) if a})
    keys = {email_key(address) for address in addresses}
    guest = Comment.objects.filter(user=None, email_key__in=keys).order_by("pk")
    data["blog_comments_as_guest"] = [row(c) for c in guest]
    to_them = Q(pk__in=[])
    for address in addresses:
        to_them |= Q(to_email__iexact=address)
    data["emails"] = [row(m) for m in OutgoingMessage.objects.filter(to_them).order_by("pk")]
    outbox = Q(pk__in=[])  # the demo's outbox, when no mail server is set
    for address in addresses:
        outbox |= Q(to__icontains=address)
    data["emails_in_outbox"] = [row(m) for m in OutboxMessage.objects.filter(outbox).order_by("pk")]
    written = LiveIdea.objects.filter(participant__invitation__person=person).order_by("pk")
    data["live_ideas_written"] = [
        row(idea, ("id", "session", "text", "created_at")) for idea in written
    ]
    # What they did, by the fields they changed: the values may be other people's data.
    for entry in data["audit_log"]:
        entry.pop("actor_label", None)
        entry["changes"] = sorted(entry["changes"])
    about = AuditEntry.objects.filter(
        object_type=ContentType.objects.get_for_model(Person), object_id=person.pk
    )
    data["audit_log_about_them"] = [_about_them(entry) for entry in about.order_by("pk")]
    data["exported_at"] = timezone.now()
    log(person, "exported", actor)
    return data


def _about_them(entry: AuditEntry) -> dict:
    """An entry about the person: who changed it by name, never the actor's login address
    (`actor_label` is the address when the actor is a user)."""
    data = row(entry)
    if entry.actor_id is not None or "@" in data["actor_label"]:
        data.pop("actor_label")
    return data


def export_json(person: Person, actor=None) -> str:
    return json.dumps(export_person(person, actor), cls=DjangoJSONEncoder, indent=2)


def log(person: Person, what: str, actor=None) -> AuditEntry:
    """An entry "exported"/"erased" about the person by `actor` (a user, a label such as a
    command's name, or None: whoever is acting); never the person's name."""
    with acting(actor) if actor is not None else nullcontext():
        user, label = current_actor()
    if what == "erased" and user is not None and user.pk == person.user_id:
        label = ERASED  # they erased themselves: the login is anonymised now
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label[:300],
        action=AuditEntry.Action.CHANGE,
        object_type=ContentType.objects.get_for_model(Person),
        object_id=person.pk,
        object_label=f"#{person.pk}",
        changes={"privacy": [None, what]},
    )


# --- erasure --------------------------------------------------------------------------


def erase_problem(person: Person) -> str | None:
    """Why the person may not be erased now, or None."""
    user = person.user
    if user is not None and user.is_superuser and user.is_active:
        others = get_user_model().objects.filter(is_superuser=True, is_active=True)
        if not others.exclude(pk=user.pk).exists():
            return str(
                _(
                    "This person is the last administrator. Make someone else an "
                    "administrator first, so that someone can still run the site."
                )
            )
    return None


def _words(person: Person) -> list[str]:
    words = {person.name.strip(), person.email.strip(), person.phone.strip()}
    if person.user_id:
        words.add(person.user.email)
    # The names, addresses and numbers they had before, as the audit log saw them change.
    own = AuditEntry.objects.filter(
        object_type=ContentType.objects.get_for_model(Person), object_id=person.pk
    )
    for changes in own.values_list("changes", flat=True):
        for field in ("name", "email", "phone"):
            values = changes.get(field) if isinstance(changes, dict) else None
            if isinstance(values, list):
                words.update(v.strip() for v in values if isinstance(v, str))
    # A name or number of two characters would match inside too much else.
    return sorted((w for w in words if len(w) > 2 and w != ERASED), key=len, reverse=True)


def _pattern(words: list[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in words)
    # Whole words: "ann@x.dk" is not erased from "jo.ann@x.dk", nor "Ib" from "Ibrahim"; the
    # Danish genitive is ("Rikke Holms oplæg" becomes "Slettet persons oplæg").
    return re.compile(rf"(?<![\w.@+-])(?:{alternatives})(?=s?(?![\w@-]))", re.IGNORECASE)


def _scrub(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField))
        and not field.is_relation
        and field.name not in SECRET_FIELDS - {"token"}
    ]


# Other people's names and addresses are theirs, even when they contain the words.
NOT_SCRUBBED = frozenset(
    {("people.Person", "name"), ("people.Person", "email"), ("accounts.User", "email")}
)


def scrub_everywhere(words: list[str]) -> int:
    """Replace the words (whole, any case) with ERASED in every text and JSON column of
    every model; through queryset updates, so that the audit log copies nothing. The
    number of rows changed."""
    if not words:
        return 0
    pattern = _pattern(words)
    changed = 0
    for model in apps.get_models():
        if not model._meta.managed:
            continue  # the search's FTS5 table: written again by _reindex_search
        fields = [
            field
            for field in _text_fields(model)
            if (model._meta.label, field.name) not in NOT_SCRUBBED
        ]
        if not fields:
            continue
        queryset = model._base_manager.all()
        condition = Q()
        for field in fields:
            name = field.attname
            if isinstance(field, models.JSONField):
                queryset = queryset.annotate(**{f"_{name}_text": Cast(name, models.TextField())})
                name = f"_{name}_text"
            for word in words:
                condition |= Q(**{f"{name}__icontains": word})
        for obj in queryset.filter(condition).only("pk", *(f.attname for f in fields)):
            update = {}
            for field in fields:
                old = getattr(obj, field.attname)
                new = _scrub(old, pattern)
                if new != old:
                    update[field.attname] = new
            if update:
                model._base_manager.filter(pk=obj.pk).update(**update)
                changed += 1
    return changed


def _delete_sessions(user) -> int:
    """The user's sessions, from the database and from the cache that reads them first
    (SESSION_ENGINE cached_db)."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    doomed = [
        session.pk
        for session in Session.objects.all()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    for key in doomed:
        store(session_key=key).delete()
    return len(doomed)


def _erase_login(person: Person) -> None:
    from ressourcenet.accounts.models import RateLimit
    from ressourcenet.blog.models import BloggerProfile, Comment

    user = person.user
    if user is None:
        return
    address = user.email
    _delete_sessions(user)
    user.api_tokens.all().delete()
    RateLimit.objects.filter(key__icontains=address).delete()
    for comment in Comment.objects.filter(user=user):
        Comment.objects.filter(parent=comment).exclude(user=user).update(parent=None)
    Comment.objects.filter(user=user).delete()
    for profile in BloggerProfile.objects.filter(user=user):
        if profile.photo:
            profile.photo.delete(save=False)
    BloggerProfile.objects.filter(user=user).update(
        user=None, name=ERASED, presentation="", photo=""
    )
    user.groups.clear()
    user.user_permissions.clear()
    # The row stays (disabled), so that what they did keeps its "former member of …".
    get_user_model().objects.filter(pk=user.pk).update(
        email=f"slettet-{user.pk}@invalid",
        password=make_password(None),
        is_active=False,
        is_staff=False,
        is_superuser=False,
        is_editor=False,
        last_login=None,
    )


def _erase_mail(addresses: set[str]) -> None:
    from ressourcenet.accounts.models import OutboxMessage
    from ressourcenet.blog import services as blog
    from ressourcenet.blog.models import email_key
    from ressourcenet.mail.models import OutgoingMessage

    Status = OutgoingMessage.Status
    for address in addresses:
        blog.erase_guest_comments(email_key(address))
        to_them = OutgoingMessage.objects.filter(to_email__iexact=address)
        to_them.filter(status__in=[Status.QUEUED, Status.FAILED]).update(status=Status.DROPPED)
        to_them.update(
            to_email="", to_name="", subject="", body="", html="", attachments=[], last_error=""
        )
        OutboxMessage.objects.filter(to__icontains=address).delete()


def _erase_ties(person: Person, now) -> None:
    from ressourcenet.evaluation.models import Evaluation
    from ressourcenet.knowledge.models import Idea
    from ressourcenet.live.models import LiveIdea, LiveParticipant
    from ressourcenet.meetings.models import AgendaItem, Invitation, MeetingRole
    from ressourcenet.networks.models import Membership
    from ressourcenet.plans.models import BoardMember
    from ressourcenet.scheduling.models import Answer

    today = timezone.localdate(now)
    # Seats that have not begun go; those that run end today (never before they began).
    for seats in (Membership.objects, BoardMember.objects):
        seats.filter(person=person, starts_on__gt=today).delete()
        current = Q(ends_on__isnull=True) | Q(ends_on__gt=today)
        seats.filter(current, person=person).update(ends_on=today)
    person.steering_groups.clear()
    person.key_in_polls.clear()
    Idea.objects.filter(owner=person).update(owner=None)
    LiveIdea.objects.filter(owner_person=person).update(owner_name="")
    # Meetings still to come: they are no longer invited; open polls forget their answers.
    to_come = Q(meeting__ends_at__isnull=True) | Q(meeting__ends_at__gt=now)
    Invitation.objects.filter(to_come, person=person, meeting__cancelled_at__isnull=True).delete()
    # Their roles and agenda items there are open again, for the organisers to fill.
    MeetingRole.objects.filter(to_come, person=person).delete()
    AgendaItem.objects.filter(to_come, responsible=person).update(responsible=None)
    Answer.objects.filter(person=person, slot__poll__finalised_at__isnull=True).delete()
    # What is kept counts in totals but leads to no one: the links stop working.
    invitations = Invitation.objects.filter(person=person)
    invitations.filter(link_revoked_at__isnull=True).update(link_revoked_at=now)
    Evaluation.objects.filter(invitation__in=invitations).update(invitation=None)
    LiveParticipant.objects.filter(invitation__in=invitations).update(invitation=None, name="")


# What the caches keep that may name a person: leaflet PDFs (a week), the live boards' tables
# (ten minutes), the health dashboard's layout (meeting titles, a day), the pages kept for
# logged-in users (a minute) and the blog's pages.
CACHED_WITH_NAMES = (
    ("leaflets", "*"),
    ("default", "live-board:*"),
    ("default", "health-layout:*"),
    ("default", "viewer:page:*"),
)


def _delete_cached(cache, pattern: str) -> None:
    """Delete the cache's keys that match `pattern` (fnmatch style): SCAN on Redis, never
    FLUSHDB (other caches and queues may share the database); a walk in memory."""
    import fnmatch

    made = cache.make_key(pattern)
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is not None:  # django.core.cache.backends.redis.RedisCache
        redis = client(write=True)
        doomed = list(redis.scan_iter(match=made, count=1000))
        if doomed:
            redis.delete(*doomed)
        return
    stored = getattr(cache, "_cache", None)
    if isinstance(stored, dict):  # LocMemCache
        for key in [k for k in list(stored) if fnmatch.fnmatchcase(k, made)]:
            cache.delete(key.split(":", 2)[2])


def _forget_cached() -> None:
    """After the commit: no cache keeps a page or a file with the person's name in it."""
    from django.core.cache import caches

    from ressourcenet.blog import services as blog
    from ressourcenet.lib import page_cache

    for alias, pattern in CACHED_WITH_NAMES:
        _delete_cached(caches[alias], pattern)
    page_cache.forget(blog.PAGE_GROUP)


def _reindex_search() -> None:
    """The entries were scrubbed with everything else: write their words again."""
    from ressourcenet.knowledge import search
    from ressourcenet.knowledge.models import SearchEntry

    scrubbed = SearchEntry.objects.filter(Q(title__contains=ERASED) | Q(body__contains=ERASED))
    search.write_words(list(scrubbed))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Merge FTS5's segments, so that no deleted word lingers in the table's storage.
            cursor.execute(
                "INSERT INTO knowledge_searchtext(knowledge_searchtext) VALUES ('optimize')"
            )


@transaction.atomic
def erase_person(person: Person, actor=None) -> bool:
    """Anonymise `person` for good (see the module's doc). False if they were erased
    already; CannotErase when `erase_problem` names a reason."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if person.is_erased:
        return False
    problem = erase_problem(person)
    if problem:
        raise CannotErase(problem)
    now = timezone.now()
    words = _words(person)
    addresses = {a for a in (person.email, getattr(person.user, "email", "")) if a}
    audit.anonymise(person)
    _erase_ties(person, now)
    _erase_login(person)
    _erase_mail(addresses)
    Person.objects.filter(pk=person.pk).update(
        name=ERASED,
        email="",
        phone="",
        title="",
        unit=None,
        housing_area=None,
        created_by=None,  # who typed them in says which network brought them: it goes too
        erased_at=now,
    )
    scrub_everywhere(words)
    _reindex_search()
    log(person, "erased", actor)
    transaction.on_commit(_forget_cached)
    return True
