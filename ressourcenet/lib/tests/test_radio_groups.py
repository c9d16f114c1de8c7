"""Every group of radio buttons is drawn the DKFDS way: a fieldset with a legend, and per
option an `input.form-radio` in a `.form-group-radio` with its label; hint and error are
tied to each button; a group with an option chosen from the start is not "(optional)"."""

import re

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.lib.forms import DkfdsFormRenderer
from ressourcenet.lib.tests.test_error_messages import make_form, wrong_data  # noqa: F401
from ressourcenet.meetings.forms import NewMeetingForm
from ressourcenet.meetings.models import Meeting


class Choice(forms.Form):
    default_renderer = DkfdsFormRenderer
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("red", "Red"), ("blue", "Blue")],
        widget=forms.RadioSelect,
        help_text="The one you like",
    )
    size = forms.ChoiceField(
        label="Size",
        choices=[("s", "S"), ("m", "M")],
        initial="s",
        required=False,
        widget=forms.RadioSelect,
    )
    shape = forms.ChoiceField(
        label="Shape", choices=[("o", "Round")], required=False, widget=forms.RadioSelect
    )


def radios_drawn_the_dkfds_way(field: forms.BoundField) -> list[str]:
    """What is wrong with the field's markup (nothing, for a DKFDS group of radios)."""
    html = str(field.as_field_group())
    problems = []
    if not re.match(
        r"\s*<fieldset class=\"form-group[^\"]*\">\s*<legend class=\"form-label\">", html
    ):
        problems.append("no fieldset with a legend")
    if f'for="{field.auto_id}"' in html:
        problems.append("a label points at the group, not a button")
    described = []
    if field.help_text:
        described.append(field.hint_id)
        if f'id="{field.hint_id}"' not in html:
            problems.append("no hint")
    if field.errors:
        described.append(field.error_id)
    for index, _choice in enumerate(field.field.choices):
        button = field.field.widget.id_for_label(field.auto_id, str(index))
        pattern = (
            rf'<div class="form-group-radio">\s*(<input type="radio"[^>]*id="{button}"[^>]*>)'
            rf'\s*<label class="form-label" for="{button}">'
        )
        found = re.search(pattern, html)
        if not found or 'class="form-radio"' not in found.group(1):
            problems.append(f"button {button} is not an input.form-radio with its label")
        elif described and f'aria-describedby="{" ".join(described)}"' not in found.group(1):
            problems.append(f"button {button} is not described by {described}")
    return problems


def test_a_radio_group_is_a_fieldset_of_dkfds_radio_buttons():
    form = Choice()
    assert radios_drawn_the_dkfds_way(form["colour"]) == []
    assert radios_drawn_the_dkfds_way(form["size"]) == []


def test_the_error_and_the_hint_describe_each_button():
    form = Choice({"colour": "green"})
    assert form.errors
    assert radios_drawn_the_dkfds_way(form["colour"]) == []
    assert f'id="{form["colour"].error_id}"' in str(form["colour"].as_field_group())


def test_a_group_with_an_option_chosen_from_the_start_is_not_optional():
    form = Choice()
    with translation.override("da"):
        optional = f"({gettext('optional')})"
        assert optional not in str(form["size"].as_field_group())
        assert optional not in str(form["colour"].as_field_group())  # required
        assert optional in str(form["shape"].as_field_group())  # nothing chosen: may be left


@pytest.mark.django_db
def test_when_is_the_meeting_is_a_group_of_radio_buttons(network):
    form = NewMeetingForm(instance=Meeting(network=network))
    html = str(form["time_way"].as_field_group())

    assert radios_drawn_the_dkfds_way(form["time_way"]) == []
    with translation.override("da"):
        assert f"({gettext('optional')})" not in str(
            NewMeetingForm(instance=Meeting(network=network))["time_way"].as_field_group()
        )
    assert html.count('class="form-radio"') == 2


@pytest.mark.django_db
def test_every_radio_group_of_every_form_is_drawn_the_same_way(make_form):  # noqa: F811
    problems, groups = [], 0
    for cls in make_form.classes:
        empty = make_form(cls, {})
        for form in (empty, make_form(cls, wrong_data(empty))):
            form.is_valid()
            for field in form:
                if field.widget_type == "radioselect":
                    groups += 1
                    problems += [
                        f"{cls.__name__}.{field.name}: {problem}"
                        for problem in radios_drawn_the_dkfds_way(field)
                    ]

    assert groups >= 8  # the meeting's time, a poll's answer, an idea's status, a proposal: twice
    assert problems == []
