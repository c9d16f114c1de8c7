"""The agreements' pages: who sees what, the history's differences, forms with bad input,
accepting through the app and through a personal link, and the renewal reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ressourcenet.agreements import emails, services
from ressourcenet.agreements.models import CofinancingAgreement, CooperationAgreement
from ressourcenet.lib.links import make_token
from ressourcenet.mail.models import OutgoingMessage


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def page(plan, name, *args) -> str:
    return reverse(name, args=[plan.slug, *args])


@pytest.mark.parametrize(
    "role, status",
    [
        ("admin_user", 200),
        ("coordinator", 200),
        ("board_member", 200),
        ("member", 403),
        ("outsider", 403),
    ],
)
def test_who_reads_the_cofinancing_pages(role, status, request, login, plan, agreement):
    client = login(request.getfixturevalue(role))
    assert client.get(page(plan, "cofinancing_list")).status_code == status
    assert client.get(agreement.get_absolute_url()).status_code == status


def test_a_visitor_is_sent_to_log_in(client, plan, agreement):
    response = client.get(page(plan, "cofinancing_list"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("role", ["coordinator", "board_member"])
def test_only_administrators_get_the_forms(role, request, login, plan, agreement):
    client = login(request.getfixturevalue(role))
    assert client.get(page(plan, "cofinancing_create")).status_code == 403
    assert client.get(page(plan, "cofinancing_change", agreement.pk)).status_code == 403
    assert "cofinancing/new" not in client.get(page(plan, "cofinancing_list")).content.decode()


def test_the_list_shows_totals_in_few_queries(
    login, admin_user, plan, agreement, project, municipality, django_assert_max_num_queries
):
    client = login(admin_user)
    with django_assert_max_num_queries(30) as few:
        content = client.get(page(plan, "cofinancing_list")).content.decode()
    assert "PPR i lektiecaféen" in content
    for i in range(5):
        new = CofinancingAgreement(
            plan=plan,
            project=project,
            organisation=municipality,
            title=f"Aftale {i}",
            status="draft",
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
        )
        services.create_cofinancing(
            new, amounts=[services.Amount(plan.starts_on.year, 1, 1)], by=None
        )
        services.amend(new, by=None, reason="Mere")
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(page(plan, "cofinancing_list")).content.decode()
    assert "Aftale 4" in content


def test_the_history_shows_old_and_new_amounts_per_year(login, coordinator, plan, agreement):
    first = plan.starts_on.year
    services.amend(
        agreement,
        amounts=[services.Amount(first, 100_000, 250), services.Amount(first + 2, 5_000, 0)],
        by=None,
        reason="Flere timer fra PPR",
        source="Bestyrelsesmødet i marts",
    )
    content = login(coordinator).get(agreement.get_absolute_url()).content.decode()
    assert "Flere timer fra PPR" in content
    assert "Bestyrelsesmødet i marts" in content
    # The changed hours of the first year, the removed second year, the new third year.
    assert "200 → 250" in content
    assert "120.000 → –" in content or "120,000 → –" in content
    assert "– → 5.000" in content or "– → 5,000" in content


def post_form(client, url, plan, **values):
    first = plan.starts_on.year
    data = {
        "title": "Jobcafé med jobcentret",
        "status": "active",
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        f"money_{first}": "25000",
        f"hours_{first}": "40",
    }
    return client.post(url, data | values)


def test_an_administrator_creates_an_agreement(login, admin_user, plan, project, municipality):
    response = post_form(
        login(admin_user),
        page(plan, "cofinancing_create"),
        plan,
        project=project.pk,
        organisation=municipality.pk,
    )
    agreement = CofinancingAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    [version] = agreement.versions.all()
    assert [(a.year, a.money, a.hours) for a in version.amounts.all()] == [
        (plan.starts_on.year, 25_000, 40)
    ]


def test_a_negative_amount_is_shown_next_to_the_field_and_kept(
    login, admin_user, plan, project, municipality
):
    first = plan.starts_on.year
    response = post_form(
        login(admin_user),
        page(plan, "cofinancing_create"),
        plan,
        project=project.pk,
        organisation=municipality.pk,
        **{f"money_{first}": "-5"},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert f'id="id_money_{first}"' in content
    assert 'value="-5"' in content
    assert f'href="#id_money_{first}"' in content
    assert not CofinancingAgreement.objects.exists()


def test_a_year_outside_the_agreements_period_is_shown_at_that_year(
    login, admin_user, plan, project, municipality
):
    last = plan.ends_on.year
    response = post_form(
        login(admin_user),
        page(plan, "cofinancing_create"),
        plan,
        project=project.pk,
        organisation=municipality.pk,
        ends_on=f"{plan.starts_on.year + 1}-12-31",
        **{f"money_{last}": "10"},
    )
    assert response.status_code == 422
    assert f'href="#id_money_{last}"' in response.content.decode()
    assert not CofinancingAgreement.objects.exists()


def test_a_change_needs_a_reason_and_makes_a_version(login, admin_user, plan, agreement):
    client = login(admin_user)
    url = page(plan, "cofinancing_change", agreement.pk)
    refused = post_form(client, url, plan, reason="")
    assert refused.status_code == 422
    assert agreement.versions.count() == 1
    done = post_form(client, url, plan, reason="Nyt budget", source="Indstilling 7")
    assert done.status_code == 302
    version = agreement.versions.order_by("-number").first()
    assert (version.number, version.reason, version.source) == (2, "Nyt budget", "Indstilling 7")
    assert version.created_by == admin_user
    agreement.refresh_from_db()
    assert agreement.title == "Jobcafé med jobcentret"


@pytest.fixture
def cooperation(network, coordinator, volunteer) -> CooperationAgreement:
    today = timezone.localdate()
    return services.create_cooperation(
        CooperationAgreement(
            plan=network.plan,
            network=network,
            title="Fælles sommerfest",
            purpose="Vi holder sommerfest sammen.",
            starts_on=today,
            ends_on=today + timedelta(days=365),
            renews_on=today + timedelta(days=20),
        ),
        parties=[coordinator.person, volunteer],
        obligations=[(volunteer.pk, "Vera står for kagebordet.")],
        by=None,
    )


def test_the_register_lists_the_networks_agreements(login, member, plan, network, cooperation):
    response = login(member).get(page(plan, "cooperation_list", network.slug))
    assert response.status_code == 200
    assert "Fælles sommerfest" in response.content.decode()


def test_a_party_accepts_in_the_app_and_the_other_by_personal_link(
    login, coordinator, client, plan, cooperation, volunteer
):
    response = login(coordinator).post(
        page(plan, "cooperation_act", cooperation.pk), {"action": "accept"}
    )
    assert response.status_code == 302
    party = cooperation.parties.get(person=volunteer)
    url = reverse("cooperation_party", args=[make_token(emails.PARTY_LINK, party.pk)])
    shown = client.get(url)
    assert shown.status_code == 200
    assert "Vera står for kagebordet." in shown.content.decode()
    client.post(url, {"action": "accept"})
    cooperation.refresh_from_db()
    assert cooperation.state == CooperationAgreement.State.IN_FORCE


def test_a_member_not_a_party_cannot_act(login, member, plan, cooperation):
    response = login(member).post(page(plan, "cooperation_act", cooperation.pk), {"action": "end"})
    assert response.status_code == 403
    cooperation.refresh_from_db()
    assert cooperation.state == CooperationAgreement.State.PENDING


def test_a_tampered_link_is_not_found(client, cooperation):
    assert client.get(reverse("cooperation_party", args=["nope"])).status_code == 404


@pytest.fixture
def in_force(cooperation, coordinator, volunteer) -> CooperationAgreement:
    services.accept(cooperation, coordinator.person)
    return services.accept(cooperation, volunteer)


def test_the_reminder_goes_once_to_every_party_before_the_renewal_date(
    in_force, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_renewals() == 1
        assert services.remind_renewals() == 0
    queued = OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.AGREEMENT_RENEWAL)
    assert sorted(queued.values_list("to_name", flat=True)) == [
        "Karen Koordinator",
        "Vera Frivillig",
    ]
    assert len(mail.outbox) == 2
    assert "Fælles sommerfest" in mail.outbox[0].subject
    assert "/agreement/" in mail.outbox[0].body


def test_a_pending_agreement_gets_no_renewal_reminder(
    cooperation, django_capture_on_commit_callbacks
):
    # It never came into force: there is nothing to renew, and its parties have not signed.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_renewals() == 0
    assert not OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.AGREEMENT_RENEWAL)
    assert mail.outbox == []


def test_an_expired_agreement_gets_no_renewal_reminder(in_force):
    # Made before expiry was checked: renewal date within a month, end date passed.
    today = timezone.localdate()
    CooperationAgreement.objects.filter(pk=in_force.pk).update(
        starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=1)
    )
    assert services.remind_renewals() == 0


def test_no_reminder_long_before_or_after_ending(in_force):
    cooperation = in_force
    cooperation.renews_on = timezone.localdate() + timedelta(
        days=services.RENEWAL_REMINDER_DAYS + 1
    )
    cooperation.save()
    assert services.remind_renewals() == 0
    cooperation.renews_on = timezone.localdate() + timedelta(days=3)
    cooperation.state = CooperationAgreement.State.ENDED
    cooperation.save()
    assert services.remind_renewals() == 0


def test_the_command_reminds(in_force, capsys):
    from django.core.management import call_command

    call_command("remindagreements")
    assert "1 agreements reminded." in capsys.readouterr().out


def cooperation_data(plan, **values) -> dict:
    today = timezone.localdate()
    data = {
        "title": "Fælles udflugter",
        "purpose": "Tre udflugter om året.",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=300)).isoformat(),
    }
    return data | values


@pytest.mark.parametrize(
    "role, status", [("coordinator", 200), ("admin_user", 200), ("member", 403), ("outsider", 403)]
)
def test_who_gets_the_cooperation_form(role, status, request, login, plan, network):
    client = login(request.getfixturevalue(role))
    assert client.get(page(plan, "cooperation_create", network.slug)).status_code == status


def test_a_coordinator_makes_an_agreement_between_two_members(
    login, coordinator, plan, network, member, volunteer
):
    url = page(plan, "cooperation_create", network.slug)
    response = login(coordinator).post(
        url,
        cooperation_data(
            plan,
            parties=[member.person.pk, volunteer.pk],
            **{f"obligations_{volunteer.pk}": "Bager kage\nRydder op"},
        ),
    )
    agreement = CooperationAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert list(agreement.obligations.values_list("text", flat=True)) == ["Bager kage", "Rydder op"]
    assert agreement.state == CooperationAgreement.State.PENDING


def test_an_obligation_for_someone_not_chosen_is_shown_at_their_box(
    login, coordinator, plan, network, member, volunteer
):
    url = page(plan, "cooperation_create", network.slug)
    response = login(coordinator).post(
        url,
        cooperation_data(
            plan,
            parties=[member.person.pk, coordinator.person.pk],
            **{f"obligations_{volunteer.pk}": "Bager kage"},
        ),
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert f'href="#id_obligations_{volunteer.pk}"' in content
    assert "Bager kage" in content
    assert not CooperationAgreement.objects.exists()


def test_one_party_is_refused_in_the_form(login, coordinator, plan, network, member):
    url = page(plan, "cooperation_create", network.slug)
    response = login(coordinator).post(url, cooperation_data(plan, parties=[member.person.pk]))
    assert response.status_code == 422
    assert 'href="#id_parties' in response.content.decode()
    assert not CooperationAgreement.objects.exists()


def test_a_version_names_the_recommendation_that_approved_it_and_links_only_local_paths(
    login, admin_user, plan, network, agreement, django_assert_max_num_queries
):
    """The source: a recommendation's title as the link's text; a local path a link; an
    address elsewhere ("//…", "/\\…", "http…", "javascript:…") plain text. One query for
    all the titles, however many versions."""
    from ressourcenet.governance.models import Recommendation

    recommendation = Recommendation.objects.create(
        network=network, author=admin_user, title="Flere timer til lektiecaféen"
    )
    sources = [
        recommendation.get_absolute_url(),
        "//evil.example/x",
        "/\\evil.example/x",
        "https://evil.example/x",
        "javascript:alert(1)",
        "/plans/",
    ]
    for source in sources:
        services.amend(agreement, by=admin_user, reason="Ændret", source=source, title=source)
    client = login(admin_user)
    with django_assert_max_num_queries(40) as few:
        content = client.get(agreement.get_absolute_url()).content.decode()
    url = recommendation.get_absolute_url()
    assert f'<a href="{url}">Flere timer til lektiecaféen</a>' in content
    assert '<a href="/plans/">/plans/</a>' in content
    for unsafe in ("//evil.example", "/\\evil.example", "https://evil", "javascript:"):
        assert f'href="{unsafe}' not in content
    for _ in range(5):
        services.amend(agreement, by=admin_user, reason="Igen", source=url, title=str(_))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(agreement.get_absolute_url())


# --- the period lies within the plan's; no year is dropped; the API's money bounds --------


def test_a_period_outside_the_plan_is_refused_in_danish_and_nothing_saved(
    login, admin_user, plan, project, municipality
):
    from django.utils.html import escape

    from ressourcenet.lib.dates import format_date

    before = plan.starts_on.replace(year=plan.starts_on.year - 1)
    response = post_form(
        login(admin_user),
        page(plan, "cofinancing_create"),
        plan,
        project=project.pk,
        organisation=municipality.pk,
        starts_on=before.isoformat(),
    )
    assert response.status_code == 422
    content = response.content.decode()
    with translation.override("da"):
        message = gettext("The agreement must lie within the plan's period, %(first)s–%(last)s.")
        message %= {
            "first": format_date(plan.starts_on, "date"),
            "last": format_date(plan.ends_on, "date"),
        }
    assert escape(message) in content
    assert 'href="#id_starts_on"' in content and before.isoformat() in content
    assert not CofinancingAgreement.objects.exists()


def test_a_year_outside_the_plan_gets_its_field_and_is_never_dropped(
    login, admin_user, plan, agreement
):
    """An older agreement with an amount after the plan's end (made before the period was
    bound to the plan): its year has a field with its amount, and saving never drops it."""
    from ressourcenet.agreements.models import CofinancingAmount

    later = plan.ends_on.year + 1
    agreement.ends_on = agreement.ends_on.replace(year=later)
    agreement.save()
    CofinancingAmount.objects.create(
        version=services.current_version(agreement), year=later, money=7_000, hours=3
    )
    client = login(admin_user)
    url = page(plan, "cofinancing_change", agreement.pk)
    content = client.get(url).content.decode()
    assert f'name="money_{later}" value="7000"' in content
    response = post_form(
        client,
        url,
        plan,
        reason="Nyt budget",
        ends_on=agreement.ends_on.isoformat(),
        **{f"money_{later}": "7000", f"hours_{later}": "3"},
    )
    # Refused, by the period, not saved without the year.
    assert response.status_code == 422
    assert agreement.versions.count() == 1
    assert services.current_amounts(agreement)[-1] == services.Amount(later, 7_000, 3)


def test_the_page_takes_the_kroner_the_api_takes(login, admin_user, plan, agreement):
    """Up to MONEY_MAX (10^12), as the API; beyond it the limit with Danish separators."""
    first = plan.starts_on.year
    client = login(admin_user)
    url = page(plan, "cofinancing_change", agreement.pk)
    done = post_form(client, url, plan, reason="Stort", **{f"money_{first}": str(10**12)})
    assert done.status_code == 302
    assert services.current_amounts(agreement)[0].money == 10**12
    # The agreement as the API saved it can be saved on its page again.
    again = post_form(
        client, url, plan, reason="Igen", title="Nyt navn", **{f"money_{first}": str(10**12)}
    )
    assert again.status_code == 302
    refused = post_form(
        client, url, plan, reason="For stort", **{f"money_{first}": str(10**12 + 1)}
    )
    assert refused.status_code == 422
    assert "Skriv et helt tal fra 0 til 1.000.000.000.000." in refused.content.decode()
    assert agreement.versions.count() == 3
