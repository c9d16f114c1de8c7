"""Bearer tokens: who the API thinks the caller is."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from ressourcenet.accounts.models import ApiToken

PEOPLE = "/api/v1/people"
NETWORKS = "/api/v1/networks"


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_valid_token_acts_as_its_user(member):
    _token, raw = ApiToken.objects.create_for(member)

    assert bearer(raw).get(PEOPLE).status_code == 200


def test_using_a_token_records_when_it_was_last_used(member):
    token, raw = ApiToken.objects.create_for(member)
    before = timezone.now()

    bearer(raw).get(PEOPLE)

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at >= before


@pytest.mark.parametrize("url", [PEOPLE, NETWORKS])
def test_unknown_token_gets_401_even_on_public_endpoints(member, url):
    """A client with a broken token should notice, not silently become the public."""
    response = bearer("rn_this-token-was-never-issued").get(url)

    assert response.status_code == 401
    # The API's own Danish 401, not ninja's bare "Unauthorized".
    with translation.override("da"):
        expected = translation.gettext("Send a valid API token.")
    assert response.json() == {"detail": expected}


@pytest.mark.parametrize("url", [PEOPLE, NETWORKS])
def test_revoked_token_gets_401(member, url):
    token, raw = ApiToken.objects.create_for(member)
    token.revoked_at = timezone.now() - timedelta(minutes=1)
    token.save(update_fields=["revoked_at"])

    assert bearer(raw).get(url).status_code == 401


def test_revoking_one_token_leaves_the_users_other_tokens_working(member):
    revoked, revoked_raw = ApiToken.objects.create_for(member)
    _other, other_raw = ApiToken.objects.create_for(member)
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())

    assert bearer(revoked_raw).get(PEOPLE).status_code == 401
    assert bearer(other_raw).get(PEOPLE).status_code == 200


def test_token_of_a_deactivated_user_gets_401(member):
    _token, raw = ApiToken.objects.create_for(member)
    member.is_active = False
    member.save(update_fields=["is_active"])

    assert bearer(raw).get(PEOPLE).status_code == 401


def test_token_is_only_accepted_with_the_bearer_scheme(member):
    _token, raw = ApiToken.objects.create_for(member)
    client = Client(headers={"Authorization": f"Token {raw}"})

    assert client.get(PEOPLE).status_code == 401


def test_token_is_matched_exactly(member):
    _token, raw = ApiToken.objects.create_for(member)

    assert bearer(raw[:-1]).get(PEOPLE).status_code == 401
    assert bearer(raw.upper()).get(PEOPLE).status_code == 401


def test_without_a_token_the_caller_is_the_public(network, member):
    """No header: public endpoints answer as for the public, protected ones with 401."""
    client = Client()

    assert client.get(NETWORKS).status_code == 200
    assert "members" not in client.get(f"{NETWORKS}/{network.pk}").json()
    assert client.get(PEOPLE).status_code == 401


def test_a_browser_session_does_not_authenticate_the_api(member, login):
    """Only tokens count: a logged-in browser could otherwise be tricked into API calls."""
    response = login(member).get(PEOPLE)

    assert response.status_code == 401


@pytest.mark.parametrize("url", [PEOPLE, NETWORKS])
def test_expired_token_gets_401(member, url):
    token, raw = ApiToken.objects.create_for(member, days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert bearer(raw).get(url).status_code == 401


def test_token_works_until_its_expiry_date(member, settings):
    settings.API_TOKEN_DAYS = 30
    token, raw = ApiToken.objects.create_for(member)

    assert bearer(raw).get(PEOPLE).status_code == 200
    assert token.expires_at - timezone.now() > timedelta(days=29, hours=23)
    assert token.expires_at - timezone.now() <= timedelta(days=30)
