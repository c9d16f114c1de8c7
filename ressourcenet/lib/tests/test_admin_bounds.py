"""Django's admin refuses what the pages and the API refuse (lib/admin.py)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.lib.bounds import BoundsMixin
from ressourcenet.lib.forms import ONE_LINE
from ressourcenet.meetings.tests.test_admin import form_of
from ressourcenet.people.models import Person


def test_every_admin_form_of_the_project_has_the_bounds():
    forgotten = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("ressourcenet."):
            continue
        forms = [("form", model_admin.form)]
        forms += [(inline.__name__, inline.form) for inline in model_admin.inlines]
        if hasattr(model_admin, "add_form"):
            forms.append(("add_form", model_admin.add_form))
        forgotten += [
            f"{model.__name__}.{name}" for name, form in forms if not issubclass(form, BoundsMixin)
        ]

    assert forgotten == []


@pytest.mark.parametrize("name", ["Anna\r\nBcc: alle@example.dk", "Anna\x00", "Anna\u2028Hansen"])
def test_a_name_with_a_line_break_or_control_character_is_refused_in_the_admin(
    login, admin_user, volunteer, name
):
    client = login(admin_user)
    url = reverse("admin:people_person_change", args=[volunteer.pk])
    data = form_of(client.get(url))
    data["name"] = [name]

    response = client.post(url, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    with translation.override("da"):
        told = gettext(ONE_LINE).replace("%(field)s", str(form["name"].label))
    assert form["name"].distinct_errors == [told]
    assert escape(told) in response.content.decode()
    assert Person.objects.get(pk=volunteer.pk).name == "Vera Frivillig"
