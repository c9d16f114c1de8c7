"""Forgotten password: a one-day link by e-mail, then a new password."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse

from ressourcenet.accounts.models import ApiToken
from ressourcenet.conftest import make_user

RESET_URL = reverse("password_reset")
NEW_PASSWORD = "Grøn-Kaffe-Kanal-2026"


@pytest.fixture
def mads(db):
    return make_user("mads@example.org")


def reset_link(message) -> str:
    (link,) = re.findall(r"https?://testserver(/accounts/reset/\S+/)", message.body)
    return link


@pytest.mark.django_db
def test_form_asks_for_the_email(client):
    response = client.get(RESET_URL)

    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_known_email_gets_a_link_that_sets_a_new_password(client, mads):
    response = client.post(RESET_URL, {"email": "MADS@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["mads@example.org"]
    assert "Ressourcenet" in message.subject

    form_page = client.get(reset_link(message), follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    assert authenticate(username="mads@example.org", password=NEW_PASSWORD) == mads
    assert authenticate(username="mads@example.org", password="secret-password-1") is None


def test_unknown_email_gets_the_same_answer_and_no_mail(client, mads):
    response = client.post(RESET_URL, {"email": "ukendt@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_link_works_only_once(client, mads):
    client.post(RESET_URL, {"email": "mads@example.org"})
    link = reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False


def test_mismatched_passwords_show_an_error_and_change_nothing(client, mads):
    client.post(RESET_URL, {"email": "mads@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    assert authenticate(username="mads@example.org", password="secret-password-1") == mads


@pytest.mark.django_db
def test_tampered_link_is_refused(client, mads):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "forkert-token"]))

    assert response.status_code == 200
    assert response.context["validlink"] is False


@pytest.mark.django_db
def test_password_reset_rejects_delete(client):
    assert client.delete(RESET_URL).status_code == 405


def test_a_completed_reset_revokes_every_api_token(client, mads):
    _token, raw = ApiToken.objects.create_for(mads)
    client.post(RESET_URL, {"email": "mads@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)

    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert ApiToken.objects.user_for(raw) is None
    assert ApiToken.objects.get().revoked_at is not None


def test_asking_for_a_reset_alone_keeps_the_tokens(client, mads):
    _token, raw = ApiToken.objects.create_for(mads)

    client.post(RESET_URL, {"email": "mads@example.org"})

    assert ApiToken.objects.user_for(raw) == mads
