"""The error summary at the top of a form, in DKFDS's way: a heading, then each error once
as a link to the input it is about, with the message alone as the link's text."""

import html as htmllib
import re

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.lib.forms import (
    ABOUT_FIELD,
    FILL_IN,
    WRITE_EMAIL,
    DkfdsFormRenderer,
    ErrorLink,
    summary_links,
)
from ressourcenet.meetings.forms import GuestForm, InviteMembersForm, NewMeetingForm
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import members_of
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.scheduling.forms import PollForm

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


def summary_texts(form) -> list[str]:
    return [link.message for link in summary_links(form)]


@pytest.fixture
def new_meeting(network):
    def _form(data: dict) -> NewMeetingForm:
        form = NewMeetingForm({"title": "Møde", **data}, instance=Meeting(network=network))
        form.is_valid()
        return form

    return _form


def test_the_same_message_on_start_and_end_names_each_field_once(new_meeting):
    with translation.override("da"):
        form = new_meeting(
            {"time_way": "known", "starts_at": "9999-01-01T10:00", "ends_at": "9999-01-01T12:00"}
        )
        far = form.errors["starts_at"][0]
        texts = summary_texts(form)

        assert texts == [
            gettext(ABOUT_FIELD) % {"field": form["starts_at"].label, "message": far},
            gettext(ABOUT_FIELD) % {"field": form["ends_at"].label, "message": far},
        ]


def test_a_known_time_left_empty_is_said_once_per_field(new_meeting):
    with translation.override("da"):
        form = new_meeting({"time_way": "known"})
        texts = summary_texts(form)

        assert len(texts) == len(set(texts)) == 2
        assert str(form["starts_at"].label) in texts[0]
        assert str(form["ends_at"].label) in texts[1]


def test_a_message_on_one_field_alone_does_not_name_it(new_meeting):
    with translation.override("da"):
        form = new_meeting(
            {"time_way": "known", "starts_at": "9999-01-01T10:00", "ends_at": "2030-01-01T12:00"}
        )

        assert summary_texts(form) == [form.errors["starts_at"][0]]


def test_a_field_with_the_same_error_twice_shows_it_once():
    class Name(forms.Form):
        name = forms.CharField(label="Navn")

        def clean_name(self):
            self.add_error("name", "Skriv et andet navn.")
            raise forms.ValidationError("Skriv et andet navn.")

    form = Name({"name": "x"})
    form.default_renderer = DkfdsFormRenderer

    assert form.errors["name"] == ["Skriv et andet navn.", "Skriv et andet navn."]
    assert summary_texts(form) == ["Skriv et andet navn."]
    assert str(form["name"].as_field_group()).count("Skriv et andet navn.") == 1


@pytest.mark.django_db
def test_a_poll_time_far_off_names_start_and_end_in_its_row(network):
    meeting = make_meeting(network)
    data = {
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-0-starts_at": "9999-01-01T10:00",
        "slots-0-ends_at": "9999-01-01T12:00",
    }
    with translation.override("da"):
        form = PollForm(data, meeting=meeting)
        form.is_valid()
        texts = summary_texts(form)
        row = form.times.forms[0]

        assert len(texts) == len(set(texts)) == 2
        far = row.errors["starts_at"][0]
        in_row = gettext("Time %(number)d, “%(field)s”: %(message)s")
        assert texts == [
            in_row % {"number": 1, "field": row["starts_at"].label, "message": far},
            in_row % {"number": 1, "field": row["ends_at"].label, "message": far},
        ]
