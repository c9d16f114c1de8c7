"""Logging in with e-mail and password; demo logins listed in demo mode."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import translation

from ressourcenet.conftest import make_user

LOGIN_URL = reverse("login")


@pytest.fixture
def mads(db):
    return make_user("mads@example.org")


def logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


@pytest.mark.django_db
def test_login_page_lists_the_demo_logins_in_demo_mode(client, settings):
    settings.DEMO_MODE = True

    content = client.get(LOGIN_URL).content.decode()

    assert "koordinator@example.dk" in content
    assert settings.DEMO_PASSWORD in content


@pytest.mark.django_db
def test_login_page_hides_the_demo_logins_outside_demo_mode(client, settings):
    settings.DEMO_MODE = False

    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert "koordinator@example.dk" not in response.content.decode()
    assert 'name="username"' in response.content.decode()


def test_correct_password_logs_in_and_goes_to_the_front_page(client, mads):
    response = client.post(
        LOGIN_URL, {"username": "mads@example.org", "password": "secret-password-1"}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert logged_in_user_id(client) == str(mads.pk)


def test_email_is_matched_whatever_its_case(client, mads):
    client.post(LOGIN_URL, {"username": "MADS@Example.ORG", "password": "secret-password-1"})

    assert logged_in_user_id(client) == str(mads.pk)


def test_login_returns_to_the_page_asked_for(client, mads, plan):
    response = client.post(
        LOGIN_URL,
        {"username": "mads@example.org", "password": "secret-password-1", "next": "/plans/"},
    )

    assert response.url == "/plans/"


def test_login_does_not_send_people_to_other_sites(client, mads):
    response = client.post(
        LOGIN_URL,
        {
            "username": "mads@example.org",
            "password": "secret-password-1",
            "next": "https://evil.example.com/",
        },
    )

    assert response.url == reverse("home")


def test_wrong_password_shows_an_error_and_keeps_the_email(client, mads):
    response = client.post(LOGIN_URL, {"username": "mads@example.org", "password": "forkert"})

    assert response.status_code == 200
    (error,) = response.context["form"].non_field_errors()
    content = response.content.decode()
    assert error in content
    assert 'value="mads@example.org"' in content
    assert logged_in_user_id(client) is None


def test_closed_login_cannot_log_in(client, db):
    make_user("lukket@example.org", is_active=False)

    response = client.post(
        LOGIN_URL, {"username": "lukket@example.org", "password": "secret-password-1"}
    )

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_anonymous_visitor_to_a_protected_page_comes_back_after_login(client, member, plan):
    first = client.get("/plans/testby/people/")
    login_page = client.get(first.url)

    assert login_page.status_code == 200
    assert 'value="/plans/testby/people/"' in login_page.content.decode()


def test_logout_logs_out(login, mads):
    client = login(mads)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_logout_rejects_get(login, mads):
    client = login(mads)

    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_user_id(client) == str(mads.pk)


@pytest.mark.django_db
def test_login_rejects_delete(client):
    assert client.delete(LOGIN_URL).status_code == 405


@pytest.mark.django_db
def test_login_page_has_no_log_in_link_that_nests_next_inside_itself(client):
    response = client.get(LOGIN_URL, {"next": "/plans/testby/people/"})

    content = response.content.decode()
    assert "next=/accounts/login/" not in content
    assert "next=%2Faccounts%2Flogin%2F" not in content
    assert 'name="next" value="/plans/testby/people/"' in content


@pytest.mark.django_db
def test_other_pages_keep_the_log_in_link_back_to_them(client):
    content = client.get("/plans/").content.decode()

    assert f'href="{LOGIN_URL}?next=/plans/"' in content


def alerts_in(content: str) -> list[str]:
    return re.findall(r'<div class="alert alert-error"[^>]*>', content)


def test_a_wrong_password_is_one_focused_alert_not_a_field_to_correct(client, mads):
    response = client.post(LOGIN_URL, {"username": "mads@example.org", "password": "forkert"})

    content = response.content.decode()
    (alert,) = alerts_in(content)
    assert "data-focus-here" in alert and 'role="alert"' in alert
    assert 'data-module="error-summary"' not in content
    with translation.override("da"):
        assert translation.gettext("There is a problem") not in content
        assert translation.gettext("The e-mail or the password is wrong. Try again.") in content


def test_too_many_attempts_is_one_focused_alert_too(client, mads, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 1

    client.post(LOGIN_URL, {"username": "mads@example.org", "password": "forkert"})
    response = client.post(LOGIN_URL, {"username": "mads@example.org", "password": "forkert"})

    content = response.content.decode()
    (error,) = response.context["form"].non_field_errors().as_data()
    assert error.code == "throttled"
    (alert,) = alerts_in(content)
    assert "data-focus-here" in alert
    assert 'data-module="error-summary"' not in content


def test_an_empty_login_form_says_what_to_write_by_each_field(client, db):
    response = client.post(LOGIN_URL, {"username": "", "password": ""})

    content = response.content.decode()
    with translation.override("da"):
        for field, text in [
            ("id_username", "Write your e-mail address."),
            ("id_password", "Write your password."),
        ]:
            assert f'<a href="#{field}">{translation.gettext(text)}</a>' in content
