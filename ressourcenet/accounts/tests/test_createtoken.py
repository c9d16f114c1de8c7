"""`createtoken EMAIL`: print a new API token once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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
