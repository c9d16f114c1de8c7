"""The task queue's table in the admin has names that go through the site's catalog."""

from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult


def test_the_admin_does_not_name_the_task_app_in_package_english(login, admin_user):
    response = login(admin_user).get(reverse("admin:index"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Tasks Database Backend" not in content
    assert str(apps.get_app_config("django_tasks_database").verbose_name) in content


def test_the_task_table_is_named_through_the_catalog(monkeypatch):
    danish = {"Task Results": "Opgaver i kø", "Background tasks": "Baggrundsopgaver"}
    catalog = translation.trans_real.translation("da")
    monkeypatch.setattr(catalog, "gettext", lambda message: danish.get(message, message))

    with translation.override("da"):
        assert str(DBTaskResult._meta.verbose_name_plural) == "Opgaver i kø"
        assert str(apps.get_app_config("django_tasks_database").verbose_name) == (
            "Baggrundsopgaver"
        )
