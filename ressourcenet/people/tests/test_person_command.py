"""`ressourcenet person export EMAIL` and `ressourcenet person erase EMAIL [--yes]`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from ressourcenet.audit.models import ERASED, AuditEntry
from ressourcenet.conftest import make_person
from ressourcenet.people.models import Person

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("person", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_prints_the_persons_data_as_json(volunteer):
    out, err = run("export", "VERA.FRIVILLIG@example.org")
    data = json.loads(out)
    assert data["person"]["name"] == "Vera Frivillig"
    assert data["memberships"][0]["network"]["name"] == "Netværk for familier"
    assert err.strip() == f"Exported the data of person #{volunteer.pk}."
    entry = AuditEntry.objects.get(changes__privacy=[None, "exported"])
    assert entry.actor is None and entry.actor_label == "system"


def test_erase_without_yes_says_what_would_happen_and_changes_nothing(volunteer):
    out, _err = run("erase", "vera.frivillig@example.org")
    assert out.startswith(f"Would erase person #{volunteer.pk}") and "--yes" in out
    assert Person.objects.get(pk=volunteer.pk).name == "Vera Frivillig"


def test_erase_with_yes_erases(volunteer):
    out, _err = run("erase", "vera.frivillig@example.org", "--yes")
    assert out.strip() == f"Erased person #{volunteer.pk}."
    assert Person.objects.get(pk=volunteer.pk).name == ERASED
    with pytest.raises(CommandError, match="No person has the e-mail"):
        run("erase", "vera.frivillig@example.org", "--yes")  # the address went with them


@pytest.mark.parametrize("action", ["export", "erase"])
def test_an_unknown_address_is_a_clear_error(db, action):
    make_person("Ole Anden")
    with pytest.raises(CommandError, match="No person has the e-mail address 'ukendt@example.org'"):
        run(action, "ukendt@example.org")


def test_the_last_administrator_is_not_erased(admin_user):
    person = make_person("Ada Admin", email="ada@example.org", user=admin_user)
    with pytest.raises(CommandError, match="sidste administrator"):
        run("erase", "ada@example.org", "--yes")
    assert Person.objects.get(pk=person.pk).name == "Ada Admin"


@pytest.mark.parametrize("action", ["export", "erase"])
@pytest.mark.parametrize(
    "email", ["vera.frivillig\x00@example.org", "x" * 10_000 + "@example.org", "a\nb@example.org"]
)
def test_an_impossible_address_is_a_short_clear_error(volunteer, action, email):
    with pytest.raises(CommandError, match="is not an e-mail address a person can have") as error:
        run(action, email, "--yes") if action == "erase" else run(action, email)
    assert len(str(error.value)) < 200
    assert Person.objects.get(pk=volunteer.pk).name == "Vera Frivillig"
