"""Cooperation agreements after review: parties only among the network's members, whose
object every write is, the personal link by e-mail when an agreement is made, a renewal
date within the period, and a party's link tried as an attacker would."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.agreements import emails, services
from ressourcenet.agreements.models import CooperationAgreement, Party
from ressourcenet.api.tests.utils import error_locs, post_json
from ressourcenet.conftest import make_person, make_user
from ressourcenet.lib.links import make_token
from ressourcenet.lib.tests.threads import at_once
from ressourcenet.mail import services as mail_services
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.networks.models import Membership

URL = "/api/v1/cooperation-agreements"
NOT_A_MEMBER = "Only members of the network can be parties: an agreement may not bind others."
RENEWAL_OUTSIDE = (
    "The renewal date must be within the agreement's period, from its start to its end."
)
UNREACHED = (
    "%(name)s has no e-mail address and has not been sent a link to accept the agreement. "
    "Tell them about it another way."
)


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def body(network, parties, /, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "network": network.pk,
        "title": "Fælles lektiehjælp",
        "purpose": "Vi hjælper børn med lektier.",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=365)).isoformat(),
        "parties": [p.pk for p in parties],
        "obligations": [{"party": p.pk, "text": f"{p.name} stiller et lokale."} for p in parties],
    }
    return data | changes


def form_data(**values) -> dict:
    today = timezone.localdate()
    data = {
        "title": "Fælles udflugter",
        "purpose": "Tre udflugter om året.",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=300)).isoformat(),
    }
    return data | values


def create_url(plan, network) -> str:
    return reverse("cooperation_create", args=[plan.slug, network.slug])


@pytest.fixture
def signer(network, plan):
    """Sofie, a member of the network with a login."""
    person = make_person("Sofie Signer")
    Membership.objects.create(network=network, person=person, starts_on=plan.starts_on)
    make_user("sofie@example.org", person)
    return person


@pytest.fixture
def jens(other_network, plan):
    """Jens, a member of the plan's other network only."""
    person = make_person("Jens Job")
    Membership.objects.create(network=other_network, person=person, starts_on=plan.starts_on)
    return person


@pytest.fixture
def other_coordinator(other_network, plan):
    """Olga, who coordinates the plan's other network."""
    person = make_person("Olga Anden")
    Membership.objects.create(
        network=other_network,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=plan.starts_on,
    )
    return make_user("olga@example.org", person)


@pytest.fixture
def pending(network, coordinator, signer) -> CooperationAgreement:
    today = timezone.localdate()
    return services.create_cooperation(
        CooperationAgreement(
            plan=network.plan,
            network=network,
            title="Sommerferieaktiviteter",
            starts_on=today,
            ends_on=today + timedelta(days=200),
        ),
        parties=[coordinator.person, signer],
        obligations=[(signer.pk, "Sofie skaffer frivillige.")],
        by=None,
        notify=False,
    )


# --- parties among the network's members ----------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "admin_user"])
def test_a_member_of_another_network_cannot_be_a_party(role, client_as, network, coordinator, jens):
    response = post_json(client_as(role), URL, body(network, [coordinator.person, jens]))
    assert error_locs(response) == [["body", "payload", "parties", 1]]
    assert response.json()["detail"][0]["msg"] == da(NOT_A_MEMBER)
    assert not CooperationAgreement.objects.exists()
    assert not Party.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_a_former_member_or_someone_of_no_network_cannot_be_a_party(
    client_as, network, coordinator, member, plan
):
    Membership.objects.filter(person=member.person).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    nobody = make_person("Nina Ingen")  # tied to no plan yet: found, but no member
    response = post_json(
        client_as("coordinator"), URL, body(network, [coordinator.person, member.person, nobody])
    )
    assert error_locs(response) == [
        ["body", "payload", "parties", 1],
        ["body", "payload", "parties", 2],
    ]
    assert not CooperationAgreement.objects.exists()


def test_the_form_refuses_a_member_of_another_network_next_to_the_field(
    login, coordinator, plan, network, member, jens
):
    response = login(coordinator).post(
        create_url(plan, network),
        form_data(parties=[member.person.pk, jens.pk], title="Min titel"),
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'href="#id_parties' in content
    assert escape(da(NOT_A_MEMBER)) in content
    assert 'value="Min titel"' in content  # the input is kept
    assert not CooperationAgreement.objects.exists()


def test_the_form_refuses_a_membership_that_ended_before_saving(
    login, coordinator, plan, network, member, volunteer
):
    """The service checks again: a form filled in before a membership ended."""
    from ressourcenet.agreements.forms import CooperationForm

    form = CooperationForm(form_data(parties=[member.person.pk, volunteer.pk]), network=network)
    assert form.is_valid(), form.errors
    Membership.objects.filter(person=volunteer).update(ends_on=timezone.localdate())
    with pytest.raises(services.ValidationError) as refused:
        services.create_cooperation(
            form.save(commit=False),
            parties=list(form.cleaned_data["parties"]),
            obligations=[],
            by=coordinator,
        )
    form.add_service_error(refused.value, [])
    assert form.errors["parties"] in ([da(NOT_A_MEMBER)], [NOT_A_MEMBER])


def test_a_coordinator_of_another_network_cannot_accept_or_end(
    api_client, login, other_coordinator, pending, plan
):
    client = api_client(other_coordinator)
    for action in ("accept", "end"):
        assert post_json(client, f"{URL}/{pending.pk}/{action}", {}).status_code == 403
        page = reverse("cooperation_act", args=[plan.slug, pending.pk])
        assert login(other_coordinator).post(page, {"action": action}).status_code == 403
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.PENDING
    assert not pending.parties.filter(accepted_at__isnull=False).exists()


def test_a_coordinator_of_another_network_gets_no_form(login, other_coordinator, plan, network):
    client = login(other_coordinator)
    assert client.get(create_url(plan, network)).status_code == 403
    assert client.post(create_url(plan, network), form_data()).status_code == 403


# --- the personal link by e-mail -------------------------------------------------------


def test_every_party_but_its_maker_gets_the_link_once_it_is_saved(
    client, client_as, network, coordinator, signer, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_json(
            client_as("coordinator"),
            URL,
            body(network, [coordinator.person, signer, member.person]),
        )
    assert response.status_code == 201
    queued = OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.AGREEMENT_INVITATION)
    # Queued, not yet sent: nothing is recorded as sent before it went.
    assert sorted(queued.values_list("to_name", "status")) == [
        ("Mads Medlem", "queued"),
        ("Sofie Signer", "queued"),
    ]
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Sofie Signer <sofie.signer@example.org>",
    ]
    assert set(queued.values_list("status", flat=True)) == {"sent"}
    message = next(m for m in mail.outbox if "sofie" in m.to[0])
    assert "Fælles lektiehjælp" in message.subject
    link = re.search(r"https?://\S+/agreement/\S+/", message.body).group(0)
    path = link[link.index("/agreement/") :]
    shown = client.get(path)
    assert shown.status_code == 200
    assert "Sofie Signer stiller et lokale." in shown.content.decode()
    client.post(path, {"action": "accept"})
    assert Party.objects.get(person=signer).accepted_at is not None

    # A retry, by the worker or by `ressourcenet sendmail`, sends nothing twice.
    mail_services.deliver_due()
    mail_services.deliver(list(queued))
    mail_services.deliver_messages.call(list(queued.values_list("pk", flat=True)))
    assert len(mail.outbox) == 2


def test_a_failed_invitation_is_not_recorded_as_sent(
    monkeypatch, client_as, network, coordinator, signer, django_capture_on_commit_callbacks
):
    from django.core.mail.backends.locmem import EmailBackend

    def unreachable(self, messages):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        post_json(client_as("coordinator"), URL, body(network, [coordinator.person, signer]))
    message = OutgoingMessage.objects.get(kind=OutgoingMessage.Kind.AGREEMENT_INVITATION)
    assert message.status == OutgoingMessage.Status.FAILED
    assert message.sent_at is None
    assert message.next_attempt_at is not None  # tried again later


def test_the_form_sends_too_and_a_party_without_e_mail_is_named(
    login, coordinator, plan, network, member, volunteer, django_capture_on_commit_callbacks
):
    """The form sends too; Vera has no login and no e-mail address: no e-mail for her,
    and the coordinator is told to reach her another way."""
    volunteer.email = ""
    volunteer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(
            create_url(plan, network), form_data(parties=[member.person.pk, volunteer.pk])
        )
    assert response.status_code == 302
    assert [m.to[0] for m in mail.outbox] == ["Mads Medlem <mads.medlem@example.org>"]
    agreement = CooperationAgreement.objects.get()
    told = escape(da(UNREACHED) % {"name": "Vera Frivillig"})
    assert told in login(coordinator).get(agreement.get_absolute_url()).content.decode()
    # Not for a member, nor on a party's own link, nor once she has accepted.
    assert told not in login(member).get(agreement.get_absolute_url()).content.decode()
    party = agreement.parties.get(person=volunteer)
    url = reverse("cooperation_party", args=[make_token(emails.PARTY_LINK, party.pk)])
    assert told not in login(None).get(url).content.decode()
    services.accept(agreement, volunteer)
    assert told not in login(coordinator).get(agreement.get_absolute_url()).content.decode()


# --- the renewal date within the period ------------------------------------------------


@pytest.mark.parametrize("days", [-1, 366])
def test_a_renewal_date_outside_the_period_is_refused(
    days, client_as, network, coordinator, signer
):
    renews_on = (timezone.localdate() + timedelta(days=days)).isoformat()
    response = post_json(
        client_as("coordinator"),
        URL,
        body(network, [coordinator.person, signer], renews_on=renews_on),
    )
    assert error_locs(response) == [["body", "payload", "renews_on"]]
    assert response.json()["detail"][0]["msg"] == da(RENEWAL_OUTSIDE)
    assert not CooperationAgreement.objects.exists()


@pytest.mark.parametrize("days", [0, 365])
def test_a_renewal_date_on_the_first_or_last_day_is_accepted(
    days, client_as, network, coordinator, signer
):
    renews_on = (timezone.localdate() + timedelta(days=days)).isoformat()
    response = post_json(
        client_as("coordinator"),
        URL,
        body(network, [coordinator.person, signer], renews_on=renews_on),
    )
    assert response.status_code == 201, response.content
    assert response.json()["renews_on"] == renews_on


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"renews_on": "9999-12-31"}, "renews_on"),
        ({"starts_on": "9999-01-01"}, "starts_on"),
        ({"renews_on": "0001-01-01"}, "renews_on"),
    ],
)
def test_dates_far_off_are_refused(changes, field, client_as, network, coordinator, signer):
    response = post_json(
        client_as("coordinator"), URL, body(network, [coordinator.person, signer], **changes)
    )
    assert any(loc[:3] == ["body", "payload", field] for loc in error_locs(response))
    assert not CooperationAgreement.objects.exists()


def test_the_form_shows_a_renewal_date_after_the_end_at_the_field(
    login, coordinator, plan, network, member, volunteer
):
    late = (timezone.localdate() + timedelta(days=400)).isoformat()
    response = login(coordinator).post(
        create_url(plan, network),
        form_data(parties=[member.person.pk, volunteer.pk], renews_on=late),
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'href="#id_renews_on"' in content
    assert escape(da(RENEWAL_OUTSIDE)) in content
    assert f'value="{late}"' in content
    assert not CooperationAgreement.objects.exists()


# --- a party's link, tried as an attacker -----------------------------------------------


def party_link(party: Party) -> str:
    return reverse("cooperation_party", args=[make_token(emails.PARTY_LINK, party.pk)])


def test_the_link_of_an_ended_agreement_accepts_nothing(client, pending, signer, coordinator):
    services.end(pending, coordinator.person)
    url = party_link(pending.parties.get(person=signer))
    response = client.post(url, {"action": "accept"}, follow=True)
    assert response.status_code == 200
    assert escape(da("The agreement has ended.")) in response.content.decode()
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.ENDED
    assert not pending.parties.filter(accepted_at__isnull=False).exists()


@pytest.mark.parametrize(
    "token", ["9" * 100_000, str(10**20), "\x00", "%00", make_token("other-purpose", 1)]
)
def test_a_bad_token_is_not_found(token, client, pending):
    url = "/agreement/" + token + "/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "accept"}).status_code == 404
    assert not pending.parties.filter(accepted_at__isnull=False).exists()


def test_a_link_to_a_deleted_party_is_not_found(client, pending, signer):
    party = pending.parties.get(person=signer)
    url = party_link(party)
    pending.delete()
    assert client.get(url).status_code == 404


def test_two_clicks_on_accept_count_once(client, pending, signer, coordinator):
    services.accept(pending, coordinator.person)
    url = party_link(pending.parties.get(person=signer))
    client.post(url, {"action": "accept"})
    when = Party.objects.get(person=signer).accepted_at
    client.post(url, {"action": "accept"})
    assert Party.objects.get(person=signer).accepted_at == when
    assert Party.objects.filter(agreement=pending).count() == 2
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.IN_FORCE


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_accept_at_once_put_it_in_force_once(pending, coordinator, signer):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time; the second click is tested without threads")
    services.accept(pending, coordinator.person)
    outcomes = at_once(lambda: services.accept(pending, signer).state)
    assert outcomes == ["in_force", "in_force"]
    assert Party.objects.filter(agreement=pending).count() == 2
    assert Party.objects.filter(agreement=pending, accepted_at__isnull=True).count() == 0
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.IN_FORCE


@pytest.mark.parametrize("value", ["\x00", str(10**20), "-1", "x" * 1000])
def test_a_bad_party_in_the_form_is_shown_next_to_the_field(
    value, login, coordinator, plan, network, member
):
    response = login(coordinator).post(
        create_url(plan, network), form_data(parties=[member.person.pk, value])
    )
    assert response.status_code == 422
    assert 'href="#id_parties' in response.content.decode()
    assert not CooperationAgreement.objects.exists()
