"""The administrators' export and erase pages, the admin's actions that lead to them, and
"My data"."""

import json

import pytest
from django.urls import reverse

from ressourcenet.audit.models import ERASED, AuditEntry
from ressourcenet.blog.tests.conftest import da
from ressourcenet.people.models import Person

pytestmark = pytest.mark.django_db


def urls(plan, person) -> dict[str, str]:
    return {
        name: reverse(name, args=[plan.slug, person.pk])
        for name in ("person_export", "person_export_download", "person_erase")
    }


def test_the_person_page_links_administrators_to_export_and_erase(
    login, admin_user, plan, volunteer
):
    content = (
        login(admin_user)
        .get(reverse("person_detail", args=[plan.slug, volunteer.pk]))
        .content.decode()
    )
    for url in (urls(plan, volunteer)["person_export"], urls(plan, volunteer)["person_erase"]):
        assert url in content


def test_a_coordinator_sees_no_links(login, coordinator, plan, volunteer):
    content = (
        login(coordinator)
        .get(reverse("person_detail", args=[plan.slug, volunteer.pk]))
        .content.decode()
    )
    assert urls(plan, volunteer)["person_erase"] not in content


@pytest.mark.parametrize("who", ["coordinator", "member", "board_member", "editor", "outsider"])
def test_only_administrators_may_use_the_pages(request, login, plan, volunteer, who):
    client = login(request.getfixturevalue(who))
    for url in urls(plan, volunteer).values():
        assert client.get(url).status_code == 403
    assert client.post(urls(plan, volunteer)["person_erase"], {"confirmed": "1"}).status_code == 403
    assert Person.objects.get(pk=volunteer.pk).name == "Vera Frivillig"


def test_anonymous_visitors_may_not_use_the_pages(client, plan, volunteer):
    for url in urls(plan, volunteer).values():
        assert client.get(url).status_code in (302, 403)


def test_export_page_and_download(login, admin_user, plan, volunteer):
    client = login(admin_user)
    page = client.get(urls(plan, volunteer)["person_export"])
    assert page.status_code == 200
    assert urls(plan, volunteer)["person_export_download"] in page.content.decode()
    response = client.get(urls(plan, volunteer)["person_export_download"])
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="person-{volunteer.pk}-'
    )
    assert json.loads(response.content)["person"]["name"] == "Vera Frivillig"
    assert AuditEntry.objects.get(changes__privacy=[None, "exported"]).actor == admin_user
    assert client.post(urls(plan, volunteer)["person_export_download"]).status_code == 405


def test_erase_page_warns_and_erases_only_when_confirmed(login, admin_user, plan, volunteer):
    client = login(admin_user)
    url = urls(plan, volunteer)["person_erase"]
    with_warning = client.get(url, headers={"accept-language": "da"})
    assert da("An erasure cannot be undone") in with_warning.content.decode()
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 422
    assert 'aria-invalid="true"' in unconfirmed.content.decode()
    assert Person.objects.get(pk=volunteer.pk).name == "Vera Frivillig"
    done = client.post(url, {"confirmed": "1"})
    assert done.status_code == 302 and done.url == reverse("person_list", args=[plan.slug])
    assert Person.objects.get(pk=volunteer.pk).name == ERASED
    again = client.post(url, {"confirmed": "1"}, follow=True)
    assert again.status_code == 200  # idempotent: said to be done already
    assert (
        "Vera Frivillig"
        not in client.get(reverse("person_list", args=[plan.slug])).content.decode()
    )


def test_the_last_administrator_cannot_be_erased_on_the_page(login, admin_user, plan):
    from ressourcenet.conftest import make_person

    person = make_person("Ada Admin", user=admin_user)
    client = login(admin_user)
    url = urls(plan, person)["person_erase"]
    assert 'name="confirmed"' not in client.get(url).content.decode()
    assert client.post(url, {"confirmed": "1"}).status_code == 422
    assert Person.objects.get(pk=person.pk).name == "Ada Admin"


def test_admin_actions_lead_to_the_pages(login, admin_user, plan, volunteer):
    client = login(admin_user)
    changelist = reverse("admin:people_person_changelist")
    for action, name in (("export_data", "person_export"), ("erase", "person_erase")):
        response = client.post(changelist, {"action": action, "_selected_action": [volunteer.pk]})
        assert response.status_code == 302
        assert response.url == urls(plan, volunteer)[name]


def test_my_data_downloads_ones_own_export(login, member, volunteer):
    response = login(member).get(reverse("my_data"))
    data = json.loads(response.content)
    assert data["person"]["name"] == "Mads Medlem"
    assert "Vera Frivillig" not in response.content.decode()
    entry = AuditEntry.objects.get(changes__privacy=[None, "exported"])
    assert entry.actor == member and entry.actor_label != ERASED  # not erased: it says who


def test_my_data_needs_a_person(login, outsider, client):
    assert login(outsider).get(reverse("my_data")).status_code == 404
    assert client.get(reverse("my_data")).status_code == 302


@pytest.fixture
def staff_with_change_rights(db):
    """A staff user who may change people in Django's admin, but is no administrator."""
    from django.contrib.auth.models import Permission

    from ressourcenet.conftest import make_user

    user = make_user("stab@example.org", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="people", codename__in=["view_person", "change_person"]
        )
    )
    return user


def test_admin_actions_are_hidden_from_staff_who_are_not_administrators(
    login, staff_with_change_rights, plan, volunteer
):
    client = login(staff_with_change_rights)
    changelist = reverse("admin:people_person_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert 'value="erase"' not in page.content.decode()
    assert 'value="export_data"' not in page.content.decode()
    for action in ("export_data", "erase"):
        response = client.post(changelist, {"action": action, "_selected_action": [volunteer.pk]})
        assert response.status_code in (200, 302)
        assert not getattr(response, "url", "").startswith(f"/plans/{plan.slug}/people/")
    assert Person.objects.get(pk=volunteer.pk).name == "Vera Frivillig"
    assert not AuditEntry.objects.filter(changes__has_key="privacy").exists()


def test_admin_actions_are_offered_to_administrators(login, admin_user, volunteer):
    page = login(admin_user).get(reverse("admin:people_person_changelist"))
    assert 'value="erase"' in page.content.decode()


def test_the_admin_shows_an_erased_person_without_a_form_to_change_them(
    login, admin_user, volunteer
):
    from ressourcenet.people import privacy

    privacy.erase_person(volunteer, actor=admin_user)
    client = login(admin_user)
    url = reverse("admin:people_person_change", args=[volunteer.pk])
    assert 'name="name"' not in client.get(url).content.decode()
    client.post(url, {"name": "Vera Frivillig", "email": "vera@example.org"})
    assert Person.objects.get(pk=volunteer.pk).name == ERASED


def test_erasure_needs_the_forms_csrf_token(admin_user, plan, volunteer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    url = urls(plan, volunteer)["person_erase"]
    assert client.post(url, {"confirmed": "1"}).status_code == 403
    assert client.get(url, {"confirmed": "1"}).status_code == 200  # GET never erases
    assert Person.objects.get(pk=volunteer.pk).name == "Vera Frivillig"


@pytest.mark.parametrize("person_id", [10**20, 2**63, 987654])
def test_an_impossible_or_unknown_person_is_404(login, admin_user, plan, person_id):
    client = login(admin_user)
    for page in ("export", "export.json", "erase"):
        url = f"/plans/{plan.slug}/people/{person_id}/{page}" + ("/" if "." not in page else "")
        assert client.get(url).status_code == 404
    assert client.post(f"/plans/{plan.slug}/people/{person_id}/erase/").status_code == 404


def test_ones_own_person_page_offers_ones_data_and_no_one_elses_does(
    login, member, volunteer, plan
):
    client = login(member)
    my_data = reverse("my_data")
    own = client.get(reverse("person_detail", args=[plan.slug, member.person.pk]))
    other = client.get(reverse("person_detail", args=[plan.slug, volunteer.pk]))
    assert f'href="{my_data}"' in own.content.decode()
    assert da("Download my data") in own.content.decode()
    assert other.status_code == 200 and my_data not in other.content.decode()
