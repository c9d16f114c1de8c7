"""The page where a person lists, makes and removes their own API tokens."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ressourcenet.accounts.models import ApiToken

URL = reverse("api_tokens")


def revoke_url(token: ApiToken) -> str:
    return reverse("api_token_revoke", args=[token.pk])


def test_lists_own_tokens_with_dates_but_never_the_secret(login, member, coordinator):
    mine, mine_raw = ApiToken.objects.create_for(member, name="Regneark", days=30)
    ApiToken.objects.filter(pk=mine.pk).update(last_used_at=timezone.now())
    theirs, _raw = ApiToken.objects.create_for(coordinator, name="Koordinators script")

    response = login(member).get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Regneark" in content and f"{mine.prefix}…" in content
    assert mine_raw not in content
    assert "Koordinators script" not in content and theirs.prefix not in content
    expires = timezone.localtime(mine.expires_at)
    assert f"{expires.day}. " in content and str(expires.year) in content


def test_revoked_tokens_are_not_listed(login, member):
    token, _raw = ApiToken.objects.create_for(member, name="Gammelt")
    ApiToken.objects.filter(pk=token.pk).revoke()

    assert "Gammelt" not in login(member).get(URL).content.decode()


def test_expired_tokens_are_marked(login, member):
    token, _raw = ApiToken.objects.create_for(member, name="Gammelt")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))

    response = login(member).get(URL)

    assert [t.is_expired for t in response.context["tokens"]] == [True]


def test_revoking_a_token_stops_it_working(login, member):
    token, raw = ApiToken.objects.create_for(member)

    response = login(member).post(revoke_url(token))

    assert response.status_code == 302
    assert response.url == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/networks").status_code == 401


def test_nobody_can_revoke_someone_elses_token(login, member, admin_user):
    theirs, _raw = ApiToken.objects.create_for(admin_user)

    response = login(member).post(revoke_url(theirs))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_revoking_needs_post(login, member):
    token, _raw = ApiToken.objects.create_for(member)

    assert login(member).get(revoke_url(token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_making_a_token_shows_it_once(login, member, settings):
    settings.API_TOKEN_DAYS = 90
    client = login(member)

    response = client.post(URL, {"name": "Regneark", "days": "14"})

    assert response.status_code == 200
    raw = response.context["new_secret"]
    token = ApiToken.objects.get(user=member)
    assert ApiToken.objects.user_for(raw) == member
    assert raw in response.content.decode()
    assert token.name == "Regneark"
    assert timedelta(days=13) < token.expires_at - timezone.now() <= timedelta(days=14)
    assert raw not in client.get(URL).content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("days", ["0", "366", "mange"])
def test_a_lifetime_out_of_range_is_refused_next_to_the_field(login, member, settings, days):
    settings.API_TOKEN_MAX_DAYS = 365

    response = login(member).post(URL, {"name": "", "days": days})

    assert response.status_code == 422
    assert "days" in response.context["form"].errors
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_visitors_must_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_new_password_revokes_every_token(member):
    first, _ = ApiToken.objects.create_for(member)
    second, _ = ApiToken.objects.create_for(member)

    member.set_password("Grøn-Kaffe-Kanal-2026")
    member.save()

    assert ApiToken.objects.filter(user=member).usable().count() == 0
    first.refresh_from_db()
    assert first.revoked_at is not None


def test_saving_without_a_new_password_keeps_the_tokens(member, client):
    ApiToken.objects.create_for(member)

    member.is_editor = True
    member.save()
    client.post(reverse("login"), {"username": member.email, "password": "secret-password-1"})

    assert ApiToken.objects.filter(user=member).usable().count() == 1


def test_changing_a_password_in_the_admin_revokes_the_tokens(login, admin_user, member):
    ApiToken.objects.create_for(member)
    url = reverse("admin:auth_user_password_change", args=[member.pk])

    response = login(admin_user).post(
        url,
        {"password1": "Grøn-Kaffe-Kanal-2026", "password2": "Grøn-Kaffe-Kanal-2026"},
    )

    assert response.status_code == 302
    assert ApiToken.objects.filter(user=member).usable().count() == 0


def test_dates_are_written_the_english_way_on_the_english_page(login, member, settings):
    token, _raw = ApiToken.objects.create_for(member, name="Regneark", days=30)
    client = login(member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    content = client.get(URL).content.decode()

    expires = timezone.localtime(token.expires_at)
    assert f"{expires.day} {expires:%B} {expires.year}" in content  # 28 February 2027
    assert f"{expires.day}. {expires:%B}" not in content
