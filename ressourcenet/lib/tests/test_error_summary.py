"""The error summary at the top of a form, in DKFDS's way: a heading, then each error once
as a link to the input it is about, with the message alone as the link's text."""

import html as htmllib
import re

import pytest
from django import forms
from django.utils import translation

from ressourcenet.lib.forms import FILL_IN, WRITE_EMAIL, ErrorLink, summary_links
from ressourcenet.meetings.forms import GuestForm, InviteMembersForm
from ressourcenet.meetings.services import members_of
from ressourcenet.meetings.tests.conftest import make_meeting

SUMMARY = re.compile(
    r'<div class="alert alert-error"[^>]*data-module="error-summary".*?</div>\s*</div>', re.S
)


def links_in(html: str) -> list[tuple[str, str]]:
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', SUMMARY.search(html).group(0))
    return [(target, htmllib.unescape(text)) for target, text in links]


def ids_in(html: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', html)


def test_each_error_links_to_its_input_with_the_message_alone():
    with translation.override("da"):
        form = GuestForm({"name": "", "email": "ikke en adresse", "stakeholder_group": "guest"})
        html = form.render()

        assert links_in(html) == [
            ("id_name", translation.gettext("Write the guest's name.")),
            ("id_email", translation.gettext(WRITE_EMAIL)),
        ]
        assert "id_name" in ids_in(html) and "id_email" in ids_in(html)
        heading = re.search(r'<h2 class="alert-heading">([^<]+)</h2>', html).group(1)
        assert heading == translation.gettext("There is a problem")


def test_the_summary_is_where_the_focus_goes_and_has_no_id_of_its_own():
    html = GuestForm({}).render()

    tag = re.search(r'<div class="alert alert-error"[^>]*>', html).group(0)
    assert "data-focus-here" in tag and 'tabindex="-1"' in tag and 'role="alert"' in tag
    assert " id=" not in tag


def test_a_list_of_checkboxes_is_reached_at_its_first_box(network, member):
    meeting = make_meeting(network)
    assert members_of(meeting).exists()

    html = InviteMembersForm({}, meeting=meeting).render()

    ((target, _message),) = links_in(html)
    assert target == "id_people_0"
    assert 'type="checkbox"' in re.search(rf'<input[^>]*id="{target}"[^>]*>', html).group(0)


def test_an_error_about_the_whole_form_leads_to_its_first_field():
    class TwoDates(forms.Form):
        first = forms.CharField()
        second = forms.CharField()

        def clean(self):
            raise forms.ValidationError("Choose two different days.")

    html = TwoDates({"first": "a", "second": "b"}).render()

    assert links_in(html) == [("id_first", "Choose two different days.")]


def test_a_form_that_shows_errors_about_the_whole_form_in_an_alert_leaves_them_out():
    class Login(forms.Form):
        errors_as_alert = True
        email = forms.CharField()

        def clean(self):
            raise forms.ValidationError("Wrong.")

    form = Login({"email": "a"})
    form.is_valid()

    assert summary_links(form) == []
    html = form.render()
    assert SUMMARY.search(html) is None
    assert re.search(
        r'<div class="alert alert-error" role="alert" tabindex="-1" data-focus-here>', html
    )
    assert "Wrong." in html


def test_two_forms_with_errors_on_one_page_share_no_id():
    page = GuestForm({}, prefix="guest").render() + GuestForm({}, prefix="other").render()

    ids = ids_in(page)
    assert len(SUMMARY.findall(page)) == 2
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("label", ["100 % sikker", "Navn"])
def test_a_label_with_a_percent_sign_comes_through_whole(label):
    class Sure(forms.Form):
        answer = forms.ChoiceField(label=label, choices=[("yes", "Ja")])

    form = Sure({"answer": "maybe"})

    assert label in form.errors["answer"][0]
    assert summary_links(form) == [ErrorLink(form.errors["answer"][0], "id_answer")]


def test_a_generic_message_names_the_field_and_a_form_s_own_message_is_kept():
    class Contact(forms.Form):
        name = forms.CharField(label="Navn")
        phone = forms.CharField(label="Telefon", error_messages={"required": "Skriv dit nummer."})

    with translation.override("da"):
        form = Contact({})

        assert form.errors["name"] == [translation.gettext(FILL_IN) % {"field": "Navn"}]
        assert form.errors["phone"] == ["Skriv dit nummer."]
