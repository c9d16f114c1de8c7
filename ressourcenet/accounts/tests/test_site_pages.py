"""The privacy page, the accessibility statement, and the cookies a visitor gets."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from ressourcenet.accounts import site_pages
from ressourcenet.blog.models import IP_DAYS, PENDING_DAYS, REFUSED_DAYS, BloggerProfile
from ressourcenet.blog.tests.conftest import make_post
from ressourcenet.evaluation.services import EVALUATION_DAYS
from ressourcenet.live.services import KEEP_FOR
from ressourcenet.ops.retention import INACTIVE_YEARS, OUTBOX_DAYS

PRIVACY = reverse("privacy")
ACCESSIBILITY = reverse("accessibility")
FILL_IN = "[to be filled in by the data controller]"
# The technically necessary cookies, and no other: no consent banner is needed.
NECESSARY = {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "django_language"}


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


def page(client: Client, path: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [PRIVACY, ACCESSIBILITY])
def test_both_pages_are_public_and_show_what_is_not_filled_in(client, path):
    content = page(client, path)

    assert escape(da(FILL_IN)) in content


@pytest.mark.django_db
@pytest.mark.parametrize("path", [PRIVACY, ACCESSIBILITY])
def test_both_pages_refuse_a_post(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.django_db
def test_privacy_page_names_the_controller_from_the_settings(client, settings):
    settings.PRIVACY_CONTROLLER_NAME = "Albertslund Kommune"
    settings.PRIVACY_CONTROLLER_ADDRESS = "Nordmarks Allé 1, 2620 Albertslund"
    settings.PRIVACY_CONTROLLER_EMAIL = "data@example.dk"
    settings.PRIVACY_DPO_CONTACT = "DPO, dpo@example.dk"
    settings.PRIVACY_LAWFUL_BASIS = "Databeskyttelsesforordningens artikel 6, stk. 1, litra e."

    content = page(client, PRIVACY)

    assert "Albertslund Kommune" in content
    assert "Nordmarks Allé 1, 2620 Albertslund" in content
    assert 'href="mailto:data@example.dk"' in content
    assert "DPO, dpo@example.dk" in content
    assert "litra e." in content
    assert escape(da(FILL_IN)) in content  # the server log's retention: the operator's


@pytest.mark.django_db
def test_privacy_page_states_the_retention_the_clean_up_code_uses(client):
    content = page(client, PRIVACY)

    with translation.override("da"):
        for singular, plural, days in [
            (
                "The IP address of a blog comment is deleted after {days} day.",
                "The IP address of a blog comment is deleted after {days} days.",
                IP_DAYS,
            ),
            (
                "A blog comment that is rejected or marked as spam is deleted {days} day later.",
                "A blog comment that is rejected or marked as spam is deleted {days} days later.",
                REFUSED_DAYS,
            ),
            (
                "A blog comment that nobody has approved after {days} day is deleted.",
                "A blog comment that nobody has approved after {days} days is deleted.",
                PENDING_DAYS,
            ),
            (
                "The content of an e-mail is deleted once it has been sent or is no longer "
                "needed; an e-mail that could not be sent keeps it for at most {days} day, so "
                "that it can be sent again. The recipient, the subject and the time are kept.",
                "The content of an e-mail is deleted once it has been sent or is no longer "
                "needed; an e-mail that could not be sent keeps it for at most {days} days, so "
                "that it can be sent again. The recipient, the subject and the time are kept.",
                OUTBOX_DAYS,
            ),
            (
                "When the evaluation of a meeting closes, {days} day after the meeting, your "
                "answers are no longer tied to you: the ratings and the suggestion are kept "
                "without your name.",
                "When the evaluation of a meeting closes, {days} days after the meeting, your "
                "answers are no longer tied to you: the ratings and the suggestion are kept "
                "without your name.",
                EVALUATION_DAYS,
            ),
        ]:
            text = translation.ngettext(
                singular.replace("{days}", "%(days)s"), plural.replace("{days}", "%(days)s"), days
            )
            assert escape(text % {"days": days}) in content
        inactive = translation.ngettext(
            "If you have had no membership and no activity on the site for %(years)s year, the "
            "administrators are told, so that they can delete your information. Nothing is "
            "deleted automatically.",
            "If you have had no membership and no activity on the site for %(years)s years, the "
            "administrators are told, so that they can delete your information. Nothing is "
            "deleted automatically.",
            INACTIVE_YEARS,
        )
        assert escape(inactive % {"years": INACTIVE_YEARS}) in content
        link = da(
            "The personal link in an invitation you did not answer stops working when the "
            "meeting is over."
        )
        assert escape(link) in content
    assert f" {KEEP_FOR.days} " in content
    for cookie in NECESSARY:
        assert f"<code>{cookie}</code>" in content


@pytest.mark.django_db
def test_accessibility_statement_names_the_site_the_contact_and_the_date(client, settings):
    settings.ACCESSIBILITY_CONTACT = "Borgerservice, telefon 43 68 68 68, was@example.dk"
    settings.PRIVACY_CONTROLLER_NAME = "Albertslund Kommune"

    content = page(client, ACCESSIBILITY)

    assert "Borgerservice, telefon 43 68 68 68, was@example.dk" in content
    assert "Albertslund Kommune" in content
    assert escape(da(FILL_IN)) not in content
    assert settings.SITE_URL in content
    assert "WCAG 2.1" in content and "EN 301 549" in content
    assert "Digitaliseringsstyrelsen" in content
    assert str(site_pages.STATEMENT_DATE.year) in content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/blog/", "/accounts/login/", PRIVACY])
def test_every_page_links_both_statements_in_the_footer(client, path):
    footer = page(client, path).split("<footer")[1]

    assert f'href="{PRIVACY}"' in footer
    assert f'href="{ACCESSIBILITY}"' in footer


def cookies_of(response, seen: dict) -> None:
    """Keep every cookie the response sets (its attributes as sent), by name."""
    for name, morsel in response.cookies.items():
        if morsel.value:  # a deletion is not a cookie the visitor keeps
            seen[name] = morsel


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_only_necessary_cookies(client, plan):
    post = make_post(BloggerProfile.objects.create(name="Berit Blogger"), "kaffe")
    seen = {}

    for path in ["/", post.get_absolute_url(), PRIVACY, ACCESSIBILITY]:
        cookies_of(client.get(path), seen)
    cookies_of(client.post(reverse("set_language"), {"language": "en", "next": "/"}), seen)
    cookies_of(client.get("/"), seen)

    assert set(seen) == {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    assert set(seen) <= NECESSARY
    assert_as_configured(seen)


@pytest.mark.django_db
def test_a_logged_in_user_gets_only_necessary_cookies(client, plan, network, coordinator):
    seen = {}
    cookies_of(client.get(reverse("login")), seen)
    login = client.post(
        reverse("login"), {"username": coordinator.email, "password": "secret-password-1"}
    )
    assert login.status_code == 302
    cookies_of(login, seen)
    for path in [
        "/",
        plan.get_absolute_url(),
        network.get_absolute_url(),
        reverse("person_list", args=[plan.slug]),
        reverse("idea_list", args=[plan.slug]),
        reverse("api_tokens"),
        "/blog/",
        PRIVACY,
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        cookies_of(response, seen)

    assert set(seen) == {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME}
    assert_as_configured(seen)


def assert_as_configured(seen: dict) -> None:
    session = seen.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        assert session["httponly"] is True
        assert session["samesite"] == settings.SESSION_COOKIE_SAMESITE == "Lax"
    csrf = seen[settings.CSRF_COOKIE_NAME]
    assert csrf["samesite"] == settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert bool(csrf["httponly"]) is settings.CSRF_COOKIE_HTTPONLY
    assert csrf["max-age"] == "" and csrf["expires"] == ""  # ends with the browser session
    language = seen.get(settings.LANGUAGE_COOKIE_NAME)
    if language is not None:
        assert language["samesite"] == settings.LANGUAGE_COOKIE_SAMESITE == "Lax"


@pytest.mark.django_db
def test_the_privacy_page_tells_how_to_get_and_erase_ones_data(client):
    content = page(client, PRIVACY)
    for heading in ("Get a copy of your data", "Have your data erased"):
        assert escape(da(heading)) in content
    assert f'href="{reverse("my_data")}"' in content
    kept = (
        "Some things are kept without your name, because other people's records would be "
        "wrong without them: that you answered and came to meetings that were held counts in "
        "the totals, and agreements and recommendations you signed or wrote say »a former "
        "member of« your organisation."
    )
    assert da(kept) in content  # {% translate %} leaves the apostrophe as it is
