"""Password guessing is slowed down: per login, per IP address, and for password resets."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ressourcenet.accounts import throttle
from ressourcenet.accounts.models import RateLimit
from ressourcenet.conftest import make_user

LOGIN_URL = reverse("login")
RESET_URL = reverse("password_reset")
RIGHT = "secret-password-1"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_FAILURES_PER_IP = 8
    settings.PASSWORD_RESETS_PER_ADDRESS = 3
    settings.PASSWORD_RESETS_PER_IP = 5
    settings.THROTTLE_MINUTES = 15


@pytest.fixture
def mads(db):
    return make_user("mads@example.org")


@pytest.fixture
def later(monkeypatch):
    """later(minutes=n): move the clock forward for the rest of the test."""

    def _move(**delta) -> None:
        moved = timezone.now() + timedelta(**delta)
        monkeypatch.setattr(timezone, "now", lambda: moved)

    return _move


def log_in(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def is_logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def test_right_password_is_refused_after_five_wrong_ones_until_the_block_ends(client, mads, later):
    for _ in range(4):
        assert error_codes(log_in(client, "mads@example.org", "forkert")) == ["invalid_login"]
    fifth = log_in(client, "mads@example.org", "forkert")
    unblocked_at = timezone.localtime(timezone.now() + timedelta(minutes=15)).strftime("%H.%M")

    right = log_in(client, "mads@example.org", RIGHT)

    assert error_codes(fifth) == ["throttled"]
    assert right.status_code == 200
    assert error_codes(right) == ["throttled"]
    assert unblocked_at in right.content.decode()
    assert not is_logged_in(client)

    later(minutes=14)
    assert error_codes(log_in(client, "mads@example.org", RIGHT)) == ["throttled"]
    later(minutes=2)
    assert log_in(client, "mads@example.org", RIGHT).status_code == 302
    assert is_logged_in(client)


def test_the_block_on_a_login_holds_from_every_ip_address(mads):
    for number in range(5):
        log_in(Client(REMOTE_ADDR=f"10.0.0.{number}"), "MADS@example.org", "forkert")
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")

    response = log_in(elsewhere, "mads@example.org", RIGHT)

    assert error_codes(response) == ["throttled"]
    assert not is_logged_in(elsewhere)


def test_other_logins_still_work_while_one_is_blocked(client, mads):
    karen = make_user("karen@example.org")
    for _ in range(5):
        log_in(Client(REMOTE_ADDR="10.0.0.1"), "mads@example.org", "forkert")

    response = log_in(client, karen.email, RIGHT)

    assert response.status_code == 302


def test_an_ip_address_guessing_many_logins_is_blocked_for_every_login(mads):
    attacker = Client(REMOTE_ADDR="10.6.6.6")
    for number in range(8):
        log_in(attacker, f"person{number}@example.org", "forkert")

    refused = log_in(attacker, "mads@example.org", RIGHT)
    neighbour = Client(REMOTE_ADDR="10.6.6.7")

    assert error_codes(refused) == ["throttled"]
    assert not is_logged_in(attacker)
    assert log_in(neighbour, "mads@example.org", RIGHT).status_code == 302


def test_logging_in_starts_the_count_for_the_login_again(mads):
    at_home, at_work = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(4):
        log_in(at_home, "mads@example.org", "forkert")
    assert log_in(at_home, "mads@example.org", RIGHT).status_code == 302
    for _ in range(4):
        log_in(at_work, "mads@example.org", "forkert")

    assert log_in(at_work, "mads@example.org", RIGHT).status_code == 302


def test_an_unknown_login_is_blocked_like_a_known_one(client, db):
    answers = [error_codes(log_in(client, "ukendt@example.org", "forkert")) for _ in range(6)]

    assert answers == [["invalid_login"]] * 4 + [["throttled"]] * 2


def test_blocks_are_kept_in_the_database_so_that_every_app_server_sees_them(client, mads):
    for _ in range(5):
        log_in(client, "mads@example.org", "forkert")

    row = RateLimit.objects.get(key="login-account:mads@example.org")
    assert row.attempts == 5
    assert row.blocked_until > timezone.now()


def test_an_administrator_lifts_a_block_by_deleting_it(client, mads):
    for _ in range(5):
        log_in(client, "mads@example.org", "forkert")

    RateLimit.objects.filter(key__startswith="login-").delete()

    assert log_in(client, "mads@example.org", RIGHT).status_code == 302


def reset(client: Client, email: str):
    return client.post(RESET_URL, {"email": email})


def test_password_resets_for_one_address_stop_silently_after_three(client, mads):
    answers = [reset(Client(REMOTE_ADDR=f"10.0.0.{n}"), "mads@example.org") for n in range(4)]

    assert [a.status_code for a in answers] == [302] * 4
    assert {a.url for a in answers} == {reverse("password_reset_done")}
    assert len(mail.outbox) == 3


def test_resets_for_an_unknown_address_get_the_same_answers(client, mads):
    answers = [reset(Client(REMOTE_ADDR=f"10.0.0.{n}"), "ukendt@example.org") for n in range(4)]

    assert [(a.status_code, a.url) for a in answers] == [(302, reverse("password_reset_done"))] * 4
    assert mail.outbox == []


def test_one_ip_address_asking_for_many_resets_is_told_when_to_try_again(mads, later):
    client = Client(REMOTE_ADDR="10.6.6.6")
    for number in range(5):
        assert reset(client, f"person{number}@example.org").status_code == 302

    refused = reset(client, "mads@example.org")

    assert refused.status_code == 200
    assert error_codes(refused) == ["throttled"]
    assert mail.outbox == []
    later(minutes=16)
    assert reset(client, "mads@example.org").status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_ip_trusts_only_the_proxies_it_is_told_of(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert throttle.client_ip(request) == expected


def test_the_admin_login_is_no_way_round_the_block(client, admin_user):
    admin_login = reverse("admin:login")
    for _ in range(3):
        client.post(admin_login, {"username": admin_user.email, "password": "forkert"})
    for _ in range(2):
        log_in(client, admin_user.email, "forkert")

    refused = client.post(admin_login, {"username": admin_user.email, "password": RIGHT})

    assert refused.status_code == 200
    assert error_codes(refused) == ["throttled"]
    assert not is_logged_in(client)
