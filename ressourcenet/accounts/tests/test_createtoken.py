"""`createtoken EMAIL`: print a new API token once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ressourcenet.accounts.models import ApiToken
from ressourcenet.conftest import make_user


def create_token(*args) -> str:
    out = StringIO()
    call_command("createtoken", *args, stdout=out)
    return out.getvalue().strip()


def test_printed_token_authenticates_as_the_user(db):
    user = make_user("mads@example.org")

    raw = create_token("MADS@example.org", "--name", "regneark")

    assert ApiToken.objects.user_for(raw) == user
    token = ApiToken.objects.get()
    assert token.name == "regneark"
    assert token.key_hash != raw and raw not in token.key_hash
    assert raw.startswith(token.prefix)


def test_each_call_makes_a_new_token(db):
    make_user("mads@example.org")

    assert create_token("mads@example.org") != create_token("mads@example.org")
    assert ApiToken.objects.count() == 2


@pytest.mark.django_db
def test_unknown_email_fails():
    with pytest.raises(CommandError, match="ukendt@example.org"):
        create_token("ukendt@example.org")

    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_closed_login_gets_no_token():
    make_user("lukket@example.org", is_active=False)

    with pytest.raises(CommandError):
        create_token("lukket@example.org")

    assert not ApiToken.objects.exists()


def create_token_with_expiry(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("createtoken", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_token_lasts_the_default_lifetime_and_says_until_when(db, settings):
    settings.API_TOKEN_DAYS = 90
    make_user("mads@example.org")

    raw, said = create_token_with_expiry("mads@example.org")

    token = ApiToken.objects.get()
    expected = timezone.localtime(timezone.now() + timedelta(days=90)).date()
    assert timezone.localtime(token.expires_at).date() == expected
    assert expected.isoformat() in said
    assert raw.startswith("rn_") and "\n" not in raw


def test_days_sets_the_lifetime(db):
    make_user("mads@example.org")

    _raw, said = create_token_with_expiry("mads@example.org", "--days", "7")

    expected = timezone.localtime(timezone.now() + timedelta(days=7)).date()
    assert timezone.localtime(ApiToken.objects.get().expires_at).date() == expected
    assert expected.isoformat() in said


@pytest.mark.parametrize("days", ["0", "-1", "366"])
def test_days_out_of_range_is_refused(db, settings, days):
    settings.API_TOKEN_MAX_DAYS = 365
    make_user("mads@example.org")

    with pytest.raises(CommandError, match="--days"):
        create_token("mads@example.org", "--days", days)

    assert not ApiToken.objects.exists()
