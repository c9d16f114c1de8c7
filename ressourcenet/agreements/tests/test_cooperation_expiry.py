"""Cooperation agreements past their end date, and texts of bounded length: an agreement
cannot be made already over, reads »expired« once its end date has passed (computed from
the date, not stored), and can then no longer be accepted, on paper or by reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.agreements import services
from ressourcenet.agreements.models import CofinancingVersion, CooperationAgreement
from ressourcenet.api.tests.utils import error_locs, patch_json, post_json
from ressourcenet.lib.dates import format_date

URL = "/api/v1/cooperation-agreements"
ENDED_ALREADY = "The end date has passed. Choose today or a later date."
RENEWAL_PASSED = "The renewal date has passed. Choose today or a later date."
EXPIRED_ON = "The agreement expired on %(date)s."
TOO_LONG = "Write at most %(max)d characters."


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def body(network, parties, /, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "network": network.pk,
        "title": "Fælles lektiehjælp",
        "purpose": "Vi hjælper børn med lektier.",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=365)).isoformat(),
        "parties": [p.pk for p in parties],
        "obligations": [{"party": p.pk, "text": "Stiller et lokale."} for p in parties],
    }
    return data | changes


@pytest.fixture
def pending(network, coordinator, volunteer) -> CooperationAgreement:
    today = timezone.localdate()
    return services.create_cooperation(
        CooperationAgreement(
            plan=network.plan,
            network=network,
            title="Sommerferieaktiviteter",
            purpose="Tre udflugter.",
            starts_on=today,
            ends_on=today + timedelta(days=365),
        ),
        parties=[coordinator.person, volunteer],
        obligations=[(volunteer.pk, "Finder frivillige.")],
        by=None,
        notify=False,
    )


def expire(agreement: CooperationAgreement) -> CooperationAgreement:
    """As if made years ago (before this rule) and its end date has passed since."""
    today = timezone.localdate()
    CooperationAgreement.objects.filter(pk=agreement.pk).update(
        starts_on=today - timedelta(days=800), ends_on=today - timedelta(days=1)
    )
    agreement.refresh_from_db()
    return agreement


# --- made already over -----------------------------------------------------------------


def test_an_agreement_that_ended_in_the_past_is_refused(client_as, network, coordinator, volunteer):
    response = post_json(
        client_as("coordinator"),
        URL,
        body(
            network,
            [coordinator.person, volunteer],
            starts_on="2001-01-01",
            ends_on="2002-12-31",
        ),
    )
    assert error_locs(response) == [["body", "payload", "ends_on"]]
    assert response.json()["detail"][0]["msg"] == da(ENDED_ALREADY)
    assert not CooperationAgreement.objects.exists()


def test_an_agreement_ending_today_is_accepted(client_as, network, coordinator, volunteer):
    today = timezone.localdate().isoformat()
    response = post_json(
        client_as("coordinator"),
        URL,
        body(network, [coordinator.person, volunteer], starts_on=today, ends_on=today),
    )
    assert response.status_code == 201
    assert response.json()["state"] == "pending"


def test_a_renewal_date_in_the_past_is_refused(client_as, network, coordinator, volunteer):
    today = timezone.localdate()
    response = post_json(
        client_as("coordinator"),
        URL,
        body(
            network,
            [coordinator.person, volunteer],
            starts_on=(today - timedelta(days=100)).isoformat(),
            renews_on=(today - timedelta(days=1)).isoformat(),
        ),
    )
    assert error_locs(response) == [["body", "payload", "renews_on"]]
    assert response.json()["detail"][0]["msg"] == da(RENEWAL_PASSED)
    assert not CooperationAgreement.objects.exists()


def test_the_form_refuses_a_past_end_date_next_to_the_field(
    login, coordinator, plan, network, volunteer
):
    response = login(coordinator).post(
        reverse("cooperation_create", args=[plan.slug, network.slug]),
        {
            "title": "Gamle udflugter",
            "purpose": "Tre udflugter om året.",
            "starts_on": "2001-01-01",
            "ends_on": "2002-12-31",
            "parties": [coordinator.person.pk, volunteer.pk],
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["ends_on"] == [da(ENDED_ALREADY)]
    assert 'value="Gamle udflugter"' in response.content.decode()
    assert not CooperationAgreement.objects.exists()


# --- expired: shown so, and refused ----------------------------------------------------


def test_a_pending_agreement_past_its_end_date_reads_expired(
    client_as, login, member, plan, network, pending
):
    expire(pending)
    assert client_as("coordinator").get(f"{URL}/{pending.pk}").json()["state"] == "expired"
    listed = client_as("coordinator").get(URL, {"network": network.pk}).json()["items"]
    assert [a["state"] for a in listed] == ["expired"]
    expired = escape(da("Expired"))
    register = login(member).get(reverse("cooperation_list", args=[plan.slug, network.slug]))
    assert expired in register.content.decode()
    assert escape(da("Awaiting acceptance")) not in register.content.decode()
    detail = login(member).get(pending.get_absolute_url()).content.decode()
    assert expired in detail and "data-expired" in detail


def test_an_agreement_in_force_past_its_end_date_reads_expired(
    client_as, network, pending, coordinator, volunteer
):
    services.accept(pending, coordinator.person)
    services.accept(pending, volunteer)
    expire(pending)
    assert client_as("coordinator").get(f"{URL}/{pending.pk}").json()["state"] == "expired"
    # Computed from the date: nothing stored changes.
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.IN_FORCE


def test_an_expired_agreement_is_not_accepted_through_the_api(client_as, pending, coordinator):
    expire(pending)
    response = client_as("coordinator").post(f"{URL}/{pending.pk}/accept")
    assert response.status_code == 409
    assert response.json()["detail"] == da(EXPIRED_ON) % {
        "date": format_date(pending.ends_on, "date")
    }
    assert not pending.parties.filter(accepted_at__isnull=False).exists()


def test_an_expired_agreement_is_not_accepted_on_paper(client_as, pending, volunteer):
    expire(pending)
    response = post_json(
        client_as("coordinator"),
        f"{URL}/{pending.pk}/paper-acceptance",
        {"person": volunteer.pk, "signed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 409
    pending.refresh_from_db()
    assert pending.state == CooperationAgreement.State.PENDING
    assert not pending.parties.filter(accepted_at__isnull=False).exists()


def test_an_expired_agreement_is_not_ended(client_as, pending):
    expire(pending)
    assert client_as("coordinator").post(f"{URL}/{pending.pk}/end").status_code == 409
    pending.refresh_from_db()
    assert pending.ended_at is None


def test_an_expired_agreement_is_not_reminded(client_as, pending, volunteer):
    volunteer.email = "vera@example.org"
    volunteer.save()
    expire(pending)
    response = client_as("coordinator").post(f"{URL}/{pending.pk}/remind")
    assert response.status_code == 409
    assert mail.outbox == []


def test_the_page_refuses_accepting_an_expired_agreement_with_a_message(
    login, coordinator, plan, pending
):
    expire(pending)
    client = login(coordinator)
    page = client.get(pending.get_absolute_url()).content.decode()
    # No accept button, no paper form, no reminder on the page.
    assert 'value="accept"' not in page
    assert 'id="paper"' not in page
    assert "cooperation_remind" not in page and "/remind" not in page
    response = client.post(
        reverse("cooperation_act", args=[plan.slug, pending.pk]), {"action": "accept"}, follow=True
    )
    date = format_date(pending.ends_on, "date")
    assert escape(da(EXPIRED_ON) % {"date": date}) in response.content.decode()
    assert not pending.parties.filter(accepted_at__isnull=False).exists()


# --- texts of bounded length -----------------------------------------------------------


@pytest.mark.parametrize(
    "changes, loc",
    [
        ({"purpose": "x" * (services.TEXT_MAX + 1)}, ["body", "payload", "purpose"]),
        (
            {"obligations": [{"party": 0, "text": "x" * (services.TEXT_MAX + 1)}]},
            ["body", "payload", "obligations", 0, "text"],
        ),
    ],
)
def test_a_text_too_long_is_refused(changes, loc, client_as, network, coordinator, volunteer):
    if "obligations" in changes:
        changes["obligations"][0]["party"] = volunteer.pk
    response = post_json(
        client_as("coordinator"), URL, body(network, [coordinator.person, volunteer], **changes)
    )
    assert error_locs(response) == [loc]
    assert response.json()["detail"][0]["msg"] == da(TOO_LONG) % {"max": services.TEXT_MAX}
    assert not CooperationAgreement.objects.exists()


def test_a_text_of_the_limit_is_accepted(client_as, network, coordinator, volunteer):
    response = post_json(
        client_as("coordinator"),
        URL,
        body(network, [coordinator.person, volunteer], purpose="x" * services.TEXT_MAX),
    )
    assert response.status_code == 201


def test_the_form_refuses_a_purpose_too_long_next_to_the_field(
    login, coordinator, plan, network, volunteer
):
    today = timezone.localdate()
    response = login(coordinator).post(
        reverse("cooperation_create", args=[plan.slug, network.slug]),
        {
            "title": "Udflugter",
            "purpose": "x" * (services.TEXT_MAX + 1),
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "parties": [coordinator.person.pk, volunteer.pk],
            f"obligations_{volunteer.pk}": "y" * (services.TEXT_MAX + 1),
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    message = da(TOO_LONG) % {"max": services.TEXT_MAX}
    assert errors["purpose"] == [message]
    assert errors[f"obligations_{volunteer.pk}"] == [message]
    assert not CooperationAgreement.objects.exists()


def test_a_reason_too_long_is_refused(client_as, agreement):
    response = patch_json(
        client_as("admin_user"),
        f"/api/v1/cofinancing-agreements/{agreement.pk}",
        {"reason": "x" * (services.TEXT_MAX + 1), "title": "Ny titel"},
    )
    assert error_locs(response) == [["body", "payload", "reason"]]
    assert response.json()["detail"][0]["msg"] == da(TOO_LONG) % {"max": services.TEXT_MAX}
    assert CofinancingVersion.objects.filter(agreement=agreement).count() == 1


def test_the_service_refuses_a_reason_too_long(agreement, admin_user):
    with pytest.raises(services.ValidationError) as refused:
        services.amend(agreement, by=admin_user, reason="x" * (services.TEXT_MAX + 1), title="Ny")
    assert refused.value.message_dict == {"reason": [da(TOO_LONG) % {"max": services.TEXT_MAX}]}
