"""The input bounds shared by forms and API: each rule at its edges, and properties."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st

from ressourcenet.api.tests.utils import spring_forward_and_autumn_fold
from ressourcenet.lib import bounds
from ressourcenet.lib.forms import ONE_LINE, REMOVE_INVISIBLE

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    "text",
    ["Anna\nHansen", "Anna\rHansen", "Anna\x00", "\x1b[31m", "Anna\u2028Hansen", "\u202eanna"],
)
def test_one_line_text_refuses_line_breaks_and_control_characters(text):
    assert bounds.one_line_problem(text, "name") == (
        "»Navn« skal være én linje almindelig tekst uden linjeskift eller kontroltegn."
    )


@pytest.mark.parametrize("text", ["Anna Hansen", "Åse Ølgaard-Æbelø", "Zoë", "می\u200cخواهم", ""])
def test_one_line_text_accepts_names_in_any_script(text):
    assert bounds.one_line_problem(text, "name") is None


def test_text_on_several_lines_keeps_line_breaks_and_tabs_but_not_nul():
    assert bounds.text_problem("Første linje\r\nAnden\tlinje", "reason") is None
    assert (
        bounds.text_problem("Hvorfor\x00", "reason")
        == "»Begrundelse« må ikke indeholde kontroltegn."
    )


@given(st.text())
def test_whatever_one_line_text_accepts_has_no_line_break(text):
    if bounds.one_line_problem(text, "name") is None:
        assert len(text.splitlines()) <= 1
        assert "\x00" not in text


@pytest.mark.parametrize("value", [-1, bounds.INT_MAX + 1, 10**10, 10**30])
def test_integers_outside_the_database_range_are_refused(value):
    assert bounds.int_problem(value) == "Skriv et helt tal fra 0 til 2.147.483.647."


@pytest.mark.parametrize("value", [0, 1, bounds.INT_MAX])
def test_integers_within_the_database_range_are_fine(value):
    assert bounds.int_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        date(1, 1, 1),
        date(1999, 12, 31),
        date(2101, 1, 1),
        date(9999, 12, 31),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=UTC),
        # 2101 in Copenhagen already.
        datetime(2100, 12, 31, 23, 30, tzinfo=UTC),
    ],
)
def test_dates_outside_2000_to_2100_are_refused(value):
    assert bounds.year_problem(value) == "Vælg en dato mellem år 2000 og 2100."


def test_dates_in_this_century_are_fine():
    today = date.today()
    assert bounds.year_problem(today) is None
    assert bounds.year_problem(datetime.now(UTC) + timedelta(days=400)) is None


def test_a_meeting_may_last_a_day_but_not_longer():
    start = datetime.now(UTC)
    assert bounds.duration_problem(start, start + timedelta(hours=24)) is None
    assert bounds.duration_problem(start, start + timedelta(hours=24, minutes=1)) == (
        "Et møde kan højst vare 24 timer."
    )


def test_the_agenda_may_fill_the_meeting_but_not_more():
    assert bounds.agenda_problem(120, 120) is None
    assert bounds.agenda_problem(121, 120) == (
        "Dagsordenen ville blive 1 minut længere end mødet. Gør et punkt kortere, "
        "eller gør mødet længere."
    )


# Not Django's "… kunne ikke fortolkes i tidszonen Europe/Copenhagen …": plain words.
CLOCK_CHANGE = (
    "Uret springer dette tidspunkt over eller viser det to gange, når vi skifter mellem "
    "sommertid og vintertid. Vælg et andet tidspunkt."
)


@pytest.mark.parametrize("local_time", spring_forward_and_autumn_fold())
def test_a_local_time_that_is_skipped_or_shown_twice_is_refused_as_the_forms_refuse_it(
    local_time,
):
    class MeetingTime(bounds.BoundsMixin, forms.Form):
        starts_at = forms.DateTimeField()

    with pytest.raises(ValidationError) as from_bounds:
        bounds.aware(local_time, CPH)
    form = MeetingTime({"starts_at": local_time.strftime("%Y-%m-%d %H:%M")})

    assert not form.is_valid()
    assert from_bounds.value.messages == form.errors["starts_at"] == [CLOCK_CHANGE]


def test_an_ordinary_local_time_is_read_in_the_zone():
    moment = bounds.aware(datetime(2031, 6, 1, 17, 0), CPH)
    assert moment.utcoffset() == timedelta(hours=2)


def test_the_form_bounds_refuse_each_kind_of_field():
    class Form(bounds.BoundsMixin, forms.Form):
        name = forms.CharField()
        why = forms.CharField(widget=forms.Textarea)
        minutes = forms.IntegerField()
        day = forms.DateField()

    form = Form(
        data={"name": "Anna\r\nBcc: x", "why": "a\x00", "minutes": str(10**10), "day": "9999-1-1"}
    )

    assert not form.is_valid()
    errors = {field: list(messages) for field, messages in form.errors.items()}
    # In the words of the form renderer (lib/forms.py), which say what to do.
    assert errors["name"] == [gettext(ONE_LINE).replace("%(field)s", "Name")]
    assert set(errors["why"]) == {gettext(REMOVE_INVISIBLE).replace("%(field)s", "Why")}
    assert errors["minutes"] == ["Skriv et helt tal fra 0 til 2.147.483.647."]
    assert errors["day"] == ["Vælg en dato mellem år 2000 og 2100."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("0", None),
        ("-1", None),
        ("٣", None),  # a digit, but not an ASCII one
        ("9" * 5000, None),  # past Python's 4300-digit limit for int(): no ValueError
    ],
)
def test_an_id_from_the_address_is_one_the_database_could_hold(value, expected):
    assert bounds.parse_id(value) == expected
