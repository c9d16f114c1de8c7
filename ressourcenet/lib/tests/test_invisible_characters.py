"""A NUL or another invisible character pasted into a text field: one message, which says
what to do, instead of Django's "Null characters are not allowed." beside the project's."""

import pytest
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.knowledge.forms import QuickEntryForm
from ressourcenet.lib.forms import ONE_LINE, REMOVE_INVISIBLE, summary_links
from ressourcenet.lib.tests.test_error_messages import make_form  # noqa: F401  (fixture)
from ressourcenet.meetings.forms import NewMeetingForm
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network


def said(message, field: forms.BoundField) -> str:
    return gettext(message).replace("%(field)s", str(field.label))


@pytest.mark.django_db
def test_the_meeting_s_title_and_why_each_say_once_what_to_do(network):
    data = {"title": "Møde\x00", "why": "Fordi\x00", "time_way": "poll"}
    with translation.override("da"):
        form = NewMeetingForm(data, instance=Meeting(network=network))
        form.is_valid()

        assert form["title"].distinct_errors == [said(ONE_LINE, form["title"])]
        assert form["why"].distinct_errors == [said(REMOVE_INVISIBLE, form["why"])]
        assert [link.message for link in summary_links(form)] == [
            said(REMOVE_INVISIBLE, form["why"]),
            said(ONE_LINE, form["title"]),
        ]


@pytest.mark.django_db
def test_quick_entry_s_ideas_and_tags_each_say_once_what_to_do(network):
    networks = Network.objects.filter(pk=network.pk)
    data = {"network": network.pk, "lines": "Lektiecafé\x00", "tags": "unge\x00"}
    with translation.override("da"):
        form = QuickEntryForm(data, networks=networks)
        form.is_valid()

        assert form["lines"].distinct_errors == [said(REMOVE_INVISIBLE, form["lines"])]
        assert form["tags"].distinct_errors == [said(ONE_LINE, form["tags"])]


@pytest.mark.django_db
def test_no_text_field_of_any_form_says_django_s_null_message(make_form):  # noqa: F811
    problems, fields = [], 0
    with translation.override("da"):
        django_says = gettext(ProhibitNullCharactersValidator.message)
        for cls in make_form.classes:
            empty = make_form(cls, {})
            text = [f for f in empty if isinstance(f.field, forms.CharField)]
            form = make_form(cls, {field.html_name: "tekst\x00" for field in text})
            form.is_valid()
            for field in (form[f.name] for f in text):
                fields += 1
                errors = field.distinct_errors
                what_to_do = {said(ONE_LINE, field), said(REMOVE_INVISIBLE, field)}
                if django_says in errors or len(what_to_do.intersection(errors)) != 1:
                    problems.append(f"{cls.__name__}.{field.name}: {errors}")

    assert fields > 20
    assert problems == []
