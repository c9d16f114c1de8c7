"""Following up a pending cooperation agreement: the network's coordinators and
administrators send the parties' links again (once an hour at most), see whether each
went, and record an acceptance on paper for a party who has no e-mail address."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.agreements import services
from ressourcenet.agreements.models import CooperationAgreement, Party
from ressourcenet.api.tests.utils import ROLES, error_locs, post_json, refusal_status
from ressourcenet.conftest import make_person
from ressourcenet.lib.tests.threads import at_once
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.networks.models import Membership

URL = "/api/v1/cooperation-agreements"
PAPER = "accepted on paper %(when)s, recorded by %(name)s"
HISTORY_PAPER = "%(name)s accepted on paper (signed %(when)s), recorded by %(by)s"


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


@pytest.fixture
def other_coordinator(other_network, plan):
    from ressourcenet.conftest import make_user

    person = make_person("Olga Anden")
    Membership.objects.create(
        network=other_network,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=plan.starts_on,
    )
    return make_user("olga@example.org", person)


@pytest.fixture
def vera(volunteer):
    """Vera, a volunteer with no login and no e-mail address."""
    volunteer.email = ""
    volunteer.save()
    return volunteer


@pytest.fixture
def pending(network, coordinator, member, vera, django_capture_on_commit_callbacks):
    """Made by the coordinator between three: Mads (e-mail) gets the link, Vera cannot."""
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        agreement = services.create_cooperation(
            CooperationAgreement(
                plan=network.plan,
                network=network,
                title="Fælles loppemarked",
                starts_on=today,
                ends_on=today + timedelta(days=200),
            ),
            parties=[coordinator.person, member.person, vera],
            obligations=[(vera.pk, "Vera bager kage.")],
            by=coordinator,
        )
    # Mads's invitation went two hours ago: a reminder may go now.
    OutgoingMessage.objects.update(sent_at=timezone.now() - timedelta(hours=2))
    mail.outbox.clear()
    return agreement


def remind_url(agreement) -> str:
    return reverse("cooperation_remind", args=[agreement.plan.slug, agreement.pk])


def paper_url(agreement) -> str:
    return reverse("cooperation_paper", args=[agreement.plan.slug, agreement.pk])


def reminders() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


# --- sending the link again -------------------------------------------------------------


def test_the_link_goes_again_only_to_those_waiting_with_an_address(pending, coordinator, login):
    response = login(coordinator).post(remind_url(pending), follow=True)
    assert response.status_code == 200
    # The coordinator has not accepted either: they get their link too; Vera has no address.
    assert reminders() == [
        "Karen Koordinator <karen.koordinator@example.org>",
        "Mads Medlem <mads.medlem@example.org>",
    ]
    assert all("Fælles loppemarked" in m.subject for m in mail.outbox)
    assert all("/agreement/" in m.body for m in mail.outbox)
    party = Party.objects.select_related("last_message").get(person__name="Mads Medlem")
    assert party.last_message.status == OutgoingMessage.Status.SENT
    assert party.last_message.sent_at is not None


def test_a_party_who_accepted_gets_nothing(pending, coordinator, member, login):
    services.accept(pending, coordinator.person)
    services.accept(pending, member.person)
    login(coordinator).post(remind_url(pending))
    assert mail.outbox == []


def test_two_clicks_send_each_link_once_within_the_hour(pending, coordinator, login):
    client = login(coordinator)
    client.post(remind_url(pending))
    first = len(mail.outbox)
    assert first == 2
    response = client.post(remind_url(pending), follow=True)
    assert len(mail.outbox) == first
    assert (
        escape(
            da(
                "Nothing was sent: everyone waiting got the link less than an hour ago, "
                "or it is on its way."
            )
        )
        in response.content.decode()
    )
    # An hour later, the link may go again.
    OutgoingMessage.objects.update(sent_at=timezone.now() - timedelta(minutes=61))
    client.post(remind_url(pending))
    assert len(mail.outbox) == 2 * first


def test_a_link_on_its_way_is_not_sent_again(pending, coordinator, member):
    """The invitation made with the agreement is still queued (the worker has not run)."""
    party = Party.objects.get(agreement=pending, person=member.person)
    OutgoingMessage.objects.filter(pk=party.last_message_id).update(
        status=OutgoingMessage.Status.QUEUED, sent_at=None
    )
    outcome = services.remind_parties(pending)
    assert outcome.skipped >= 1
    assert "mads.medlem@example.org" not in " ".join(m.to[0] for m in mail.outbox)


def test_a_failed_link_is_shown_and_not_recorded_as_sent(
    monkeypatch, pending, coordinator, member, login
):
    from django.core.mail.backends.locmem import EmailBackend

    def refused(self, messages):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", refused)
    response = login(coordinator).post(remind_url(pending), follow=True)
    party = Party.objects.select_related("last_message").get(person=member.person)
    assert party.last_message.status == OutgoingMessage.Status.FAILED
    assert party.last_message.sent_at is None
    content = response.content.decode()
    assert escape(da("The link could not be sent:")) in content
    # The failed one may be sent again at once; it replaces the old, which is retried no more.
    old = party.last_message_id
    monkeypatch.undo()
    login(coordinator).post(remind_url(pending))
    assert "Mads Medlem <mads.medlem@example.org>" in [m.to[0] for m in mail.outbox]
    assert OutgoingMessage.objects.get(pk=old).status == OutgoingMessage.Status.DROPPED


def test_an_address_added_later_gets_the_link(pending, coordinator, vera, login):
    vera.email = "vera@example.org"
    vera.save()
    login(coordinator).post(remind_url(pending))
    assert any("vera@example.org" in m.to[0] for m in mail.outbox)


def test_only_coordinators_and_administrators_see_whether_the_link_went(
    pending, coordinator, member, admin_user, login
):
    sent = da("Link sent by e-mail %(when)s.").split("%")[0]
    for user in (coordinator, admin_user):
        assert sent in login(user).get(pending.get_absolute_url()).content.decode()
    assert sent not in login(member).get(pending.get_absolute_url()).content.decode()


@pytest.mark.parametrize("role", ["member", "board_member", "outsider"])
def test_others_may_not_send_the_link(role, request, pending, login):
    user = request.getfixturevalue(role)
    assert login(user).post(remind_url(pending)).status_code == 403
    assert mail.outbox == []


def test_a_coordinator_of_another_network_may_not_send_or_record(
    pending, other_coordinator, vera, login, api_client
):
    today = timezone.localdate().isoformat()
    client = login(other_coordinator)
    assert client.post(remind_url(pending)).status_code == 403
    data = {"paper-person": vera.pk, "paper-signed_on": today}
    assert client.post(paper_url(pending), data).status_code == 403
    api = api_client(other_coordinator)
    assert post_json(api, f"{URL}/{pending.pk}/remind", {}).status_code == 403
    body = {"person": vera.pk, "signed_on": today}
    assert post_json(api, f"{URL}/{pending.pk}/paper-acceptance", body).status_code == 403
    assert mail.outbox == []
    assert not Party.objects.filter(signed_on__isnull=False).exists()


def test_a_get_is_refused(pending, coordinator, login):
    assert login(coordinator).get(remind_url(pending)).status_code == 405
    assert login(coordinator).get(paper_url(pending)).status_code == 405


def test_an_agreement_in_force_or_ended_is_not_reminded(pending, coordinator, login, client_as):
    services.end(pending, coordinator.person)
    response = login(coordinator).post(remind_url(pending), follow=True)
    assert mail.outbox == []
    assert escape(da("Only an agreement awaiting acceptance can be reminded.")) in (
        response.content.decode()
    )
    assert post_json(client_as("coordinator"), f"{URL}/{pending.pk}/remind", {}).status_code == 409


@pytest.mark.parametrize("role", ROLES)
def test_the_api_reminds_for_coordinators_and_administrators(role, client_as, pending):
    response = post_json(client_as(role), f"{URL}/{pending.pk}/remind", {})
    if role in {"admin_user", "coordinator"}:
        assert response.status_code == 200, response.content
        assert response.json() == {"sent": 2, "failed": 0, "skipped": 0}
        again = post_json(client_as(role), f"{URL}/{pending.pk}/remind", {})
        assert again.json() == {"sent": 0, "failed": 0, "skipped": 2}
        assert len(mail.outbox) == 2
    else:
        assert response.status_code == refusal_status(role)
        assert mail.outbox == []


# --- acceptance on paper ----------------------------------------------------------------


def test_paper_acceptance_is_shown_with_who_recorded_it(pending, coordinator, member, vera, login):
    services.accept(pending, member.person)
    services.accept(pending, coordinator.person)
    signed = timezone.localdate()
    response = login(coordinator).post(
        paper_url(pending),
        {"paper-person": vera.pk, "paper-signed_on": signed.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    party = Party.objects.get(person=vera)
    assert party.signed_on == signed
    assert party.recorded_by == coordinator
    assert party.accepted_at is not None
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.IN_FORCE
    # On the page and in the history, for every reader.
    from ressourcenet.lib.dates import format_date

    with translation.override("da"):
        shown = da(PAPER) % {"when": format_date(signed, "date"), "name": "Karen Koordinator"}
        logged = da(HISTORY_PAPER) % {
            "name": "Vera Frivillig",
            "when": format_date(signed, "date"),
            "by": "Karen Koordinator",
        }
    content = login(member).get(pending.get_absolute_url()).content.decode()
    assert escape(shown) in content
    assert escape(logged) in content


def test_paper_acceptance_alone_does_not_put_it_in_force(pending, coordinator, vera, login):
    today = timezone.localdate().isoformat()
    login(coordinator).post(paper_url(pending), {"paper-person": vera.pk, "paper-signed_on": today})
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.PENDING
    assert Party.objects.get(person=vera).on_paper


@pytest.mark.parametrize(
    "days, message",
    [
        (1, "The date cannot be in the future."),
        (-1, "The date cannot be before the agreement was made, %(date)s."),
    ],
)
def test_a_paper_date_outside_the_bounds_is_refused_next_to_the_field(
    days, message, pending, coordinator, vera, login
):
    signed = (timezone.localdate() + timedelta(days=days)).isoformat()
    response = login(coordinator).post(
        paper_url(pending), {"paper-person": vera.pk, "paper-signed_on": signed}
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert escape(da(message).split("%")[0]) in content
    assert 'href="#id_paper-signed_on"' in content
    assert f'value="{signed}"' in content  # the input is kept
    assert not Party.objects.filter(signed_on__isnull=False).exists()


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "\x00", "", "2020-13-45"])
def test_a_bad_paper_date_is_refused(value, pending, coordinator, vera, login):
    response = login(coordinator).post(
        paper_url(pending), {"paper-person": vera.pk, "paper-signed_on": value}
    )
    assert response.status_code == 422
    assert not Party.objects.filter(signed_on__isnull=False).exists()


@pytest.mark.parametrize("value", ["\x00", str(10**20), "-1", "x"])
def test_a_bad_party_is_refused_next_to_the_field(value, pending, coordinator, login):
    today = timezone.localdate().isoformat()
    response = login(coordinator).post(
        paper_url(pending), {"paper-person": value, "paper-signed_on": today}
    )
    assert response.status_code == 422
    assert 'href="#id_paper-person' in response.content.decode()
    assert not Party.objects.filter(signed_on__isnull=False).exists()


def test_a_party_who_accepted_cannot_be_recorded_on_paper(
    pending, member, client_as, login, coordinator
):
    services.accept(pending, member.person)
    today = timezone.localdate().isoformat()
    body = {"person": member.person.pk, "signed_on": today}
    response = post_json(client_as("coordinator"), f"{URL}/{pending.pk}/paper-acceptance", body)
    assert response.status_code == 409
    # Not offered on the page either.
    response = login(coordinator).post(
        paper_url(pending), {"paper-person": member.person.pk, "paper-signed_on": today}
    )
    assert response.status_code == 422
    assert not Party.objects.filter(signed_on__isnull=False).exists()


def test_the_api_records_paper_acceptance(pending, coordinator, member, vera, client_as):
    services.accept(pending, coordinator.person)
    services.accept(pending, member.person)
    today = timezone.localdate().isoformat()
    url = f"{URL}/{pending.pk}/paper-acceptance"
    client = client_as("coordinator")
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = post_json(client, url, {"person": vera.pk, "signed_on": future})
    assert error_locs(refused) == [["body", "payload", "signed_on"]]
    stranger = make_person("Sara Fremmed")
    refused = post_json(client, url, {"person": stranger.pk, "signed_on": today})
    assert error_locs(refused) == [["body", "payload", "person"]]
    for bad in ("9999-12-31", 10**20, -1):
        key = "signed_on" if isinstance(bad, str) else "person"
        body = {"person": vera.pk, "signed_on": today} | {key: bad}
        assert post_json(client, url, body).status_code == 422
    response = post_json(client, url, {"person": vera.pk, "signed_on": today})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["state"] == "in_force"
    assert next(p for p in data["parties"] if p["person"] == vera.pk)["signed_on"] == today
    assert post_json(client, url, {"person": vera.pk, "signed_on": today}).status_code == 409


def test_the_page_asks_a_constant_number_of_queries(
    pending, coordinator, login, network, plan, django_assert_max_num_queries
):
    client = login(coordinator)
    client.get(pending.get_absolute_url())  # warm the session and caches
    with django_assert_max_num_queries(20) as counted:
        client.get(pending.get_absolute_url())
    few = len(counted)
    for i in range(5):
        person = make_person(f"Part {i}")
        Membership.objects.create(network=network, person=person, starts_on=plan.starts_on)
        Party.objects.create(agreement=pending, person=person)
        services.accept_on_paper(pending, person.pk, signed_on=timezone.localdate(), by=coordinator)
    with django_assert_max_num_queries(few):
        client.get(pending.get_absolute_url())


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_send_each_link_once(network, coordinator, member, vera):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time; two clicks in a row are tested above")
    today = timezone.localdate()
    agreement = services.create_cooperation(
        CooperationAgreement(
            plan=network.plan,
            network=network,
            title="Fælles loppemarked",
            starts_on=today,
            ends_on=today + timedelta(days=200),
        ),
        parties=[coordinator.person, member.person, vera],
        obligations=[],
        by=None,
        notify=False,
    )
    results = at_once(lambda: services.remind_parties(agreement))
    assert sorted((r.sent, r.skipped) for r in results) == [(0, 2), (2, 0)]
    assert len(mail.outbox) == 2
    assert OutgoingMessage.objects.count() == 2


def test_an_administrator_who_recorded_is_not_shown_by_e_mail(
    pending, admin_user, member, vera, login
):
    today = timezone.localdate().isoformat()
    login(admin_user).post(paper_url(pending), {"paper-person": vera.pk, "paper-signed_on": today})
    assert Party.objects.get(person=vera).recorded_by == admin_user
    content = login(member).get(pending.get_absolute_url()).content.decode()
    assert admin_user.email not in content
    assert escape(da("an administrator")) in content
