"""Empty choices in selects say "Choose …", on the pages and in the admin, not "---------"."""

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from ressourcenet.lib.forms import EMPTY_CHOICE
from ressourcenet.meetings.forms import AgendaItemForm
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.people.forms import PersonForm

DASHES = "---------"


def test_the_new_person_page_offers_no_dashes(login, coordinator, plan):
    response = login(coordinator).get(reverse("person_create", args=[plan.slug]))

    content = response.content.decode()
    assert response.status_code == 200
    assert DASHES not in content
    assert f'<option value="" selected>{EMPTY_CHOICE}</option>' in content


def test_a_plain_choice_with_an_empty_choice_says_choose(plan):
    form = PersonForm(plan=plan)

    html = str(form["stakeholder_group"]) + str(form["housing_area"])

    assert DASHES not in html
    assert html.count(str(EMPTY_CHOICE)) == 2


def test_words_a_form_chose_itself_are_kept(meeting):
    html = str(AgendaItemForm(meeting=meeting)["responsible"])

    assert "Ingen bestemt" in html or "No one in particular" in html
    assert str(EMPTY_CHOICE) not in html


@pytest.fixture
def meeting(network):
    return make_meeting(network)


def test_no_add_page_in_the_admin_offers_dashes(login, admin_user):
    client = login(admin_user)
    with_dashes = []
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        response = client.get(url)
        if response.status_code == 200 and DASHES in response.content.decode():
            with_dashes.append(opts.label)

    assert with_dashes == []


def test_a_select_built_by_hand_gets_the_words_too():
    class PickForm(forms.Form):
        colour = forms.ChoiceField(choices=[("", DASHES), ("red", "Red")])

    assert DASHES not in str(PickForm()["colour"])
