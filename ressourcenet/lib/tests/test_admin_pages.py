"""Every page of Django's admin opens on the demo's data: each model's list, its search,
and the page of its first row."""

import pytest
from django.contrib import admin
from django.urls import reverse

from ressourcenet.plans.demo import load_demo


@pytest.fixture
def staff(admin_user):
    admin_user.is_staff = True
    admin_user.save()
    return admin_user


def test_every_admin_list_and_change_page_opens_on_the_demo(login, staff):
    load_demo()
    client = login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    failed, opened = [], set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        pages = [changelist]
        if model_admin.search_fields:
            pages.append(changelist + "?q=a")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            name = f"admin:{opts.app_label}_{opts.model_name}_change"
            pages.append(reverse(name, args=[first.pk]))
            opened.add(opts.label)
        for url in pages:
            status = client.get(url).status_code
            if status != 200:
                failed.append((url, status))

    assert failed == []
    assert {"meetings.Meeting", "knowledge.Idea", "live.LiveSession", "live.LiveIdea"} <= opened
