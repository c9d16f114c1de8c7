"""The audit log: every create, change and delete of the tracked models, with who, when
and what changed; read-only in the admin; anonymised by an erasure."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import management
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ressourcenet import audit
from ressourcenet.__main__ import main
from ressourcenet.agreements import services as agreements
from ressourcenet.agreements.models import (
    AllocationLine,
    CooperationAgreement,
    Party,
)
from ressourcenet.audit.context import SYSTEM, acting
from ressourcenet.audit.models import ERASED, AuditEntry
from ressourcenet.blog import services as blog
from ressourcenet.blog.models import BloggerProfile, Comment
from ressourcenet.blog.tests.conftest import make_post
from ressourcenet.conftest import make_person
from ressourcenet.governance.models import Recommendation, RecommendationTransition
from ressourcenet.governance.tests.conftest import make_agreement, make_recommendation
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import local_input, make_meeting, plan_url
from ressourcenet.networks.models import Membership
from ressourcenet.plans.models import Effort

Action = AuditEntry.Action


def entries(obj) -> list[AuditEntry]:
    kind = ContentType.objects.get_for_model(obj)
    return list(AuditEntry.objects.filter(object_type=kind, object_id=obj.pk).order_by("id"))


def only_entry(obj, action: str) -> AuditEntry:
    (entry,) = [e for e in entries(obj) if e.action == action]
    return entry


# --- each tracked model: create, change, delete ----------------------------------------


def person(network, plan):
    return make_person("Søren Sørensen", email="soren@example.org")


def membership(network, plan):
    return Membership.objects.create(
        network=network, person=make_person("Mette Medlem"), starts_on=plan.starts_on
    )


def meeting(network, plan):
    return make_meeting(network)


def recommendation(network, plan):
    return make_recommendation(network)


def transition(network, plan):
    return RecommendationTransition.objects.create(
        recommendation=make_recommendation(network),
        from_state="",
        to_state=Recommendation.State.ADOPTED,
        at=timezone.now(),
    )


def cofinancing_version(network, plan):
    return make_agreement(plan).versions.get()


def cooperation(network, plan):
    return CooperationAgreement.objects.create(
        plan=plan,
        network=network,
        title="Lektiecafé sammen",
        purpose="Vi hjælper børn med lektier.",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )


def party(network, plan):
    return Party.objects.create(agreement=cooperation(network, plan), person=make_person("Per"))


def allocation_line(network, plan):
    effort = Effort.objects.get_or_create(plan=plan, name="Familier")[0]
    return AllocationLine.objects.create(
        plan=plan, effort=effort, housing_area=plan.areas.first(), year=plan.starts_on.year
    )


def comment(network, plan):
    post = make_post(BloggerProfile.objects.create(name="Berit"), "lektiecafeen")
    return Comment.objects.create(post=post, name="Gæst", email="gaest@example.org", body="Godt!")


TRACKED = [
    (person, "name", "Søren Smith"),
    (membership, "role", Membership.Role.COORDINATOR),
    (meeting, "location", None),  # an untracked field: see test_untracked_fields
    (recommendation, "state", Recommendation.State.ADOPTED),
    (transition, "reason", "Vedtaget på mødet."),
    (cofinancing_version, "reason", "Rettet beløb."),
    (cooperation, "state", CooperationAgreement.State.ENDED),
    (party, "signed_on", None),
    (allocation_line, "money", 40_000),
    (comment, "state", Comment.State.PUBLISHED),
]


@pytest.mark.parametrize("make, field, new", TRACKED, ids=[t[0].__name__ for t in TRACKED])
def test_create_change_and_delete_each_give_one_entry_with_the_actor(
    make, field, new, network, plan, admin_user
):
    with acting(admin_user):
        obj = make(network, plan)
    created = only_entry(obj, Action.CREATE)
    assert (created.actor, created.actor_label) == (admin_user, admin_user.email)
    assert all(old is None for old, _ in created.changes.values())

    if field == "location":  # meetings: their time is what is logged
        field, new = "starts_at", obj.starts_at + timedelta(hours=1)
    if field == "signed_on":
        new = timezone.localdate()
    before = getattr(obj, field)
    setattr(obj, field, new)
    with acting("loaddemo"):
        obj.save()
    changed = only_entry(obj, Action.CHANGE)
    assert (changed.actor, changed.actor_label) == (None, "loaddemo")

    def plain(value):
        if isinstance(value, datetime):
            return timezone.localtime(value).isoformat()
        return value.isoformat() if isinstance(value, date) else value

    assert changed.changes == {field: [plain(before), plain(new)]}

    pk = obj.pk
    obj.delete()
    (deleted,) = AuditEntry.objects.filter(object_id=pk, action=Action.DELETE)
    assert deleted.actor_label == SYSTEM
    assert deleted.changes[field][1] is None


def test_a_coordinator_moving_a_meeting_on_its_page_is_logged_old_to_new(
    login, coordinator, network
):
    meeting = make_meeting(network)
    later = meeting.starts_at + timedelta(hours=1)
    data = {
        "why": meeting.why,
        "title": meeting.title,
        "purpose": meeting.purpose,
        "starts_at": local_input(later),
        "ends_at": local_input(later + timedelta(hours=2)),
        "location": meeting.location,
        "capture": meeting.capture,
    }

    response = login(coordinator).post(plan_url(meeting), data)

    assert response.status_code in (200, 302)
    entry = only_entry(meeting, Action.CHANGE)
    assert entry.actor == coordinator
    assert entry.actor_label == "koordinator@example.org"
    old_start, new_start = entry.changes["starts_at"]
    assert old_start == timezone.localtime(meeting.starts_at).isoformat()
    assert new_start == timezone.localtime(later).isoformat()
    assert set(entry.changes) == {"starts_at", "ends_at"}


def test_a_move_through_the_api_is_logged_with_the_tokens_user(api_client, coordinator, network):
    meeting = make_meeting(network)
    later = timezone.localtime(meeting.starts_at + timedelta(days=1))
    response = api_client(coordinator).patch(
        f"/api/v1/meetings/{meeting.pk}",
        {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=2)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200
    entry = only_entry(meeting, Action.CHANGE)
    assert (entry.actor, entry.actor_label) == (coordinator, "koordinator@example.org")
    assert entry.changes["starts_at"][1] == later.isoformat()


def test_a_cancellation_is_logged(network):
    meeting = make_meeting(network)
    cancel_meeting(meeting)
    entry = only_entry(meeting, Action.CHANGE)
    assert list(entry.changes) == ["cancelled_at"]
    assert entry.changes["cancelled_at"][0] is None


def test_a_command_is_the_actor_of_what_it_saves(db, monkeypatch):
    def command(argv):  # stands in for the command: it saves a person
        make_person("Kørsel")

    monkeypatch.setattr(management, "execute_from_command_line", command)
    main(["demo"])
    entry = AuditEntry.objects.get(object_label="Kørsel")
    assert (entry.actor, entry.actor_label) == (None, "loaddemo")


def test_untracked_fields_give_no_entry(network):
    meeting = make_meeting(network, title="Før")
    meeting.title, meeting.location = "Efter", "Et andet sted"
    meeting.save()
    meeting.save(update_fields=["title"])
    assert [e.action for e in entries(meeting)] == [Action.CREATE]


def test_a_moderation_decision_is_logged_with_the_moderator(network, plan, editor):
    made = comment(network, plan)
    blog.moderate(made, blog.Action.REJECT, by=editor, reason="Uden for emnet.")
    entry = only_entry(made, Action.CHANGE)
    assert entry.changes["state"] == ["pending", "rejected"]
    assert entry.changes["reason"] == ["", "Uden for emnet."]
    assert entry.changes["moderated_by"] == [None, editor.pk]
    # No guest's name or text in the log.
    assert "Gæst" not in entry.object_label and "Godt" not in entry.object_label


def test_accepting_an_agreement_is_logged_though_it_is_a_bulk_update(network, plan, coordinator):
    made = party(network, plan)
    Party.objects.create(agreement=made.agreement, person=make_person("Anden"))
    agreements.accept(made.agreement, made.person)
    entry = only_entry(made, Action.CHANGE)
    assert entry.changes["accepted_at"][0] is None
    assert entry.changes["accepted_at"][1] is not None


def test_replacing_an_allocation_logs_each_line(network, plan):
    effort = Effort.objects.get_or_create(plan=plan, name="Familier")[0]
    north, south = plan.areas.order_by("name")
    year = plan.starts_on.year
    Line = agreements.AllocationInput
    agreements.replace_allocation(plan, year, [Line(effort.pk, north.pk, 10, 1)])
    (kept,) = AllocationLine.objects.all()
    agreements.replace_allocation(plan, year, [Line(effort.pk, north.pk, 20, 1)])
    agreements.replace_allocation(plan, year, [Line(effort.pk, south.pk, 5, 0)])
    assert [e.action for e in entries(kept)] == [Action.CREATE, Action.CHANGE, Action.DELETE]
    assert entries(kept)[1].changes == {"money": [10, 20]}


# --- how many queries ------------------------------------------------------------------


def test_a_save_costs_one_read_and_one_insert_at_most(network, plan):
    someone = make_person("Søren")
    someone.phone = "12345678"
    with CaptureQueriesContext(connection) as change:
        someone.save()
    someone.email = "s@example.org"
    someone.save(update_fields=["updated_at"])  # no tracked field: no read, no entry
    with CaptureQueriesContext(connection) as untracked:
        someone.save(update_fields=["updated_at"])
    with CaptureQueriesContext(connection) as create:
        make_person("Ny")
    # change: read old values, update, insert entry; create: insert, insert entry.
    assert len(change.captured_queries) == 3
    assert len(untracked.captured_queries) == 1
    assert len(create.captured_queries) == 2


def test_deleting_a_network_logs_each_membership_without_a_query_per_label(
    network, plan, django_assert_max_num_queries
):
    for name in ("A", "B", "C", "D"):
        Membership.objects.create(network=network, person=make_person(name))
    with CaptureQueriesContext(connection) as few:
        Membership.objects.filter(network=network).delete()
    assert AuditEntry.objects.filter(action=Action.DELETE).count() == 4
    # One select, one delete, one insert per entry: no query to name the person.
    assert len(few.captured_queries) <= 2 + 4 + 2


# --- the admin ---------------------------------------------------------------------------


def test_an_administrator_reads_and_filters_the_log(login, admin_user, network):
    with acting(admin_user):
        made = make_meeting(network, title="Kaffemøde")
    client = login(admin_user)
    url = reverse("admin:audit_auditentry_changelist")
    page = client.get(url)
    assert page.status_code == 200
    assert "Kaffemøde" in page.content.decode()
    kind = ContentType.objects.get_for_model(made).pk
    filtered = client.get(url, {"action": "create", "object_type__id__exact": kind, "q": "Kaffe"})
    assert filtered.status_code == 200
    assert "Kaffemøde" in filtered.content.decode()
    assert "Kaffemøde" not in client.get(url, {"action": "delete"}).content.decode()
    assert client.get(url, {"actor__id__exact": admin_user.pk}).status_code == 200


def test_no_one_adds_changes_or_deletes_an_entry_in_the_admin(login, admin_user, network):
    make_meeting(network)
    entry = AuditEntry.objects.get()
    client = login(admin_user)
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200  # shown read-only
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"actor_label": "someone"}).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.actor_label == SYSTEM


def test_an_entry_is_never_changed_or_deleted_one_by_one(network):
    make_meeting(network)
    entry = AuditEntry.objects.get()
    entry.actor_label = "someone else"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    assert AuditEntry.objects.get().actor_label == SYSTEM


def test_a_page_that_saves_nothing_writes_nothing(login, coordinator, network):
    page = login(coordinator).get(plan_url(make_meeting(network)))
    assert page.status_code == 200
    assert not AuditEntry.objects.filter(actor=coordinator).exists()


# --- erasure -----------------------------------------------------------------------------


def test_anonymise_replaces_the_persons_name_and_address_everywhere(
    network, plan, login, coordinator
):
    gone = make_person("Søren Sørensen", email="soren@example.org")
    gone.name = "Søren S. Sørensen"
    gone.save()
    Membership.objects.create(network=network, person=gone)
    other = make_person("Anne Andersen", email="anne@example.org")
    # Something the person did while logged in.
    coordinator.person.name = "Karen K."
    coordinator.person.save()

    audit.anonymise(gone)
    audit.anonymise(coordinator.person)

    text = str(list(AuditEntry.objects.values_list("actor_label", "object_label", "changes")))
    for word in ("Søren", "soren@example.org", "Karen", "koordinator@example.org"):
        assert word not in text
    assert ERASED in text
    assert "Anne Andersen" in text and "anne@example.org" in text
    assert only_entry(other, Action.CREATE).object_label == "Anne Andersen"
    assert only_entry(gone, Action.CHANGE).changes["name"] == [ERASED, ERASED]
    assert AuditEntry.objects.filter(object_label=f"{ERASED} – {network}").exists()
    # The entries stay.
    assert AuditEntry.objects.filter(object_id=gone.pk, action=Action.CREATE).exists()
