"""Cooperation agreements in the API: who creates, who accepts, obligations only for parties."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from ressourcenet.agreements import services
from ressourcenet.agreements.models import CooperationAgreement, Party
from ressourcenet.api.tests.utils import ROLES, error_locs, post_json, refusal_status
from ressourcenet.conftest import make_person, make_user
from ressourcenet.networks.models import Membership

URL = "/api/v1/cooperation-agreements"


@pytest.fixture
def signer(network, plan):
    """Sofie, a member of the network with a login, from the housing organisation."""
    person = make_person("Sofie Signer")
    Membership.objects.create(network=network, person=person, starts_on=plan.starts_on)
    make_user("sofie@example.org", person)
    return person


def body(network, parties, /, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "network": network.pk,
        "title": "Fælles lektiehjælp",
        "purpose": "Vi hjælper børn med lektier to gange om ugen.",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=365)).isoformat(),
        "renews_on": (today + timedelta(days=300)).isoformat(),
        "parties": [p.pk for p in parties],
        "obligations": [{"party": p.pk, "text": f"{p.name} stiller et lokale."} for p in parties],
    }
    return data | changes


@pytest.fixture
def pending(network, coordinator, signer, admin_user) -> CooperationAgreement:
    today = timezone.localdate()
    agreement = CooperationAgreement(
        plan=network.plan,
        network=network,
        title="Sommerferieaktiviteter",
        purpose="Aktiviteter for børn i sommerferien.",
        starts_on=today,
        ends_on=today + timedelta(days=200),
    )
    return services.create_cooperation(
        agreement,
        parties=[coordinator.person, signer],
        obligations=[(signer.pk, "Sofie skaffer frivillige.")],
        by=admin_user,
    )


@pytest.mark.parametrize("role", ROLES)
def test_coordinators_of_the_network_and_administrators_create(
    role, client_as, network, coordinator, signer
):
    response = post_json(client_as(role), URL, body(network, [coordinator.person, signer]))
    if role in {"admin_user", "coordinator"}:
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["state"] == "pending"
        assert {p["person"] for p in data["parties"]} == {coordinator.person.pk, signer.pk}
        assert all(p["accepted_at"] is None for p in data["parties"])
    else:
        assert response.status_code == refusal_status(role)
        assert not CooperationAgreement.objects.exists()


def test_a_coordinator_of_another_network_may_not_create(
    api_client, other_network, coordinator, signer
):
    response = post_json(
        api_client(coordinator), URL, body(other_network, [coordinator.person, signer])
    )
    assert response.status_code == 403


def test_an_obligation_for_someone_not_a_party_is_refused(
    client_as, network, coordinator, signer, volunteer
):
    data = body(network, [coordinator.person, signer])
    data["obligations"].append({"party": volunteer.pk, "text": "Vera bager kage."})
    response = post_json(client_as("coordinator"), URL, data)
    assert error_locs(response) == [["body", "payload", "obligations", 2, "party"]]
    assert not CooperationAgreement.objects.exists()
    assert not Party.objects.exists()


@pytest.mark.parametrize("parties", [1, 0])
def test_fewer_than_two_parties_is_refused(parties, client_as, network, coordinator, signer):
    people = [coordinator.person, signer][:parties]
    response = post_json(client_as("coordinator"), URL, body(network, people))
    assert ["body", "payload", "parties"] in error_locs(response)
    assert not CooperationAgreement.objects.exists()


def test_the_same_person_twice_is_not_two_parties(client_as, network, signer):
    response = post_json(client_as("admin_user"), URL, body(network, [signer, signer]))
    locs = error_locs(response)
    assert ["body", "payload", "parties"] in locs
    assert not CooperationAgreement.objects.exists()


def test_a_coordinator_may_not_bind_people_of_another_plan(
    client_as, network, coordinator, person_in_second_plan
):
    response = post_json(
        client_as("coordinator"), URL, body(network, [coordinator.person, person_in_second_plan])
    )
    assert error_locs(response) == [["body", "payload", "parties", 1]]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "Aftale\x00"}, "title"),
        ({"purpose": "Formål\x00"}, "purpose"),
        ({"ends_on": "9999-01-01"}, "ends_on"),
        ({"parties": [2**70, 1]}, "parties"),
        ({"network": 10**20}, "network"),
    ],
)
def test_bad_values_are_refused_naming_the_field(
    changes, field, client_as, network, coordinator, signer
):
    response = post_json(
        client_as("admin_user"), URL, body(network, [coordinator.person, signer], **changes)
    )
    assert any(loc[:3] == ["body", "payload", field] for loc in error_locs(response))
    assert not CooperationAgreement.objects.exists()


def test_an_agreement_ending_before_it_starts_is_refused(client_as, network, coordinator, signer):
    today = timezone.localdate()
    data = body(
        network, [coordinator.person, signer], ends_on=(today - timedelta(days=1)).isoformat()
    )
    assert error_locs(post_json(client_as("admin_user"), URL, data)) == [
        ["body", "payload", "ends_on"]
    ]


def test_in_force_when_every_party_has_accepted(client_as, api_client, pending, signer):
    first = post_json(client_as("coordinator"), f"{URL}/{pending.pk}/accept", {})
    assert first.status_code == 200
    assert first.json()["state"] == "pending"
    second = post_json(api_client(signer.user), f"{URL}/{pending.pk}/accept", {})
    assert second.json()["state"] == "in_force"
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.IN_FORCE


def test_accepting_twice_changes_nothing(client_as, pending):
    client = client_as("coordinator")
    post_json(client, f"{URL}/{pending.pk}/accept", {})
    when = pending.parties.get(person__user__email="koordinator@example.org").accepted_at
    again = post_json(client, f"{URL}/{pending.pk}/accept", {})
    assert again.status_code == 200
    assert again.json()["state"] == "pending"
    assert pending.parties.get(person__user__email="koordinator@example.org").accepted_at == when


@pytest.mark.parametrize("role", ["admin_user", "member", "board_member", "outsider"])
def test_someone_not_a_party_may_not_accept(role, client_as, pending):
    response = post_json(client_as(role), f"{URL}/{pending.pk}/accept", {})
    assert response.status_code == 403
    assert not pending.parties.filter(accepted_at__isnull=False).exists()


def test_any_party_ends_it_and_then_it_cannot_be_accepted(client_as, api_client, pending, signer):
    ended = post_json(api_client(signer.user), f"{URL}/{pending.pk}/end", {})
    assert ended.json()["state"] == "ended"
    assert post_json(client_as("coordinator"), f"{URL}/{pending.pk}/accept", {}).status_code == 409
    assert post_json(client_as("coordinator"), f"{URL}/{pending.pk}/end", {}).status_code == 409
    assert post_json(client_as("member"), f"{URL}/{pending.pk}/end", {}).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_parties_accepting_at_once_put_it_in_force(pending, coordinator, signer):
    """Both acceptances count, whichever commits last sees the other's."""
    barrier = threading.Barrier(2)
    errors = []

    def accept(person):
        try:
            barrier.wait(timeout=5)
            services.accept(pending, person)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(p,)) for p in (coordinator.person, signer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if connection.vendor == "sqlite" and errors:
        pytest.skip("SQLite locks the whole file; PostgreSQL runs this test")
    assert errors == []
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.IN_FORCE


def test_the_register_lists_a_networks_agreements_in_few_queries(
    client_as, network, other_network, pending, coordinator, signer, django_assert_max_num_queries
):
    client = client_as("member")
    with django_assert_max_num_queries(20) as few:
        data = client.get(URL, {"network": network.pk}).json()
    assert [a["title"] for a in data["items"]] == ["Sommerferieaktiviteter"]
    for i in range(5):
        services.create_cooperation(
            CooperationAgreement(
                plan=network.plan,
                network=network,
                title=f"Aftale {i}",
                starts_on=pending.starts_on,
                ends_on=pending.ends_on,
            ),
            parties=[coordinator.person, signer],
            obligations=[(signer.pk, "Noget"), (coordinator.person.pk, "Andet")],
            by=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL, {"network": network.pk}).json()["count"] == 6
    assert client.get(URL, {"network": other_network.pk}).json()["count"] == 0
    assert client_as("outsider").get(URL, {"network": network.pk}).status_code == 403
