"""Dates as each language writes them: Danish exactly as the pages always showed them,
English in English forms, on the pages, in the poll labels and through the API."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation

from ressourcenet.lib.dates import FORMATS, format_date
from ressourcenet.meetings.tests.conftest import CPH, add_items, invite, make_meeting
from ressourcenet.scheduling.labels import slot_label

EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
DA_DAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
DA_MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip
# The format strings the templates and slot_label hard-coded before: Danish keeps them.
DANISH_BEFORE = {
    "date": "j. F Y",
    "long_date": "l, j. F Y",
    "datetime": "l j. F Y, H.i",
    "date_time": "j. F Y H.i",
    "day_time": "l j. F H.i",
    "day_month_time": "j. F H.i",
    "weekday": "l j. F",
    "time": "H.i",
}


def evening(days: int) -> datetime:
    """17.05 in Copenhagen, some days from today."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, 17, 5, tzinfo=CPH)


def english(moment: datetime) -> tuple[str, str, str]:
    return EN_DAYS[moment.weekday()], f"{moment.day} {EN_MONTHS[moment.month - 1]}", moment.year


def danish(moment: datetime) -> tuple[str, str, str]:
    return DA_DAYS[moment.weekday()], f"{moment.day}. {DA_MONTHS[moment.month - 1]}", moment.year


def test_every_format_has_a_danish_and_an_english_form():
    assert set(FORMATS) == {"da", "en"}
    assert set(FORMATS["da"]) == set(FORMATS["en"]) == set(DANISH_BEFORE)


@pytest.mark.parametrize("days", [3, 40, 100, 200, 300])  # summer and winter time
@pytest.mark.parametrize("name", sorted(DANISH_BEFORE))
def test_danish_stays_exactly_as_before(name, days):
    moment = evening(days)

    with translation.override("da"):
        assert format_date(moment, name) == formats.date_format(moment, DANISH_BEFORE[name])


def test_danish_and_english_long_dates():
    moment = evening(10)
    (da_day, da_date, year), (en_day, en_date, _year) = danish(moment), english(moment)

    with translation.override("da"):
        assert format_date(moment, "datetime") == f"{da_day} {da_date} {year}, 17.05"
        assert format_date(moment.date(), "date") == f"{da_date} {year}"
    with translation.override("en"):
        assert format_date(moment, "datetime") == f"{en_day}, {en_date} {year}, 17:05"
        assert format_date(moment.date(), "date") == f"{en_date} {year}"
        assert format_date(moment, "day_time") == f"{en_day}, {en_date}, 17:05"
        assert format_date(time(9, 30), "time") == "09:30"


def test_a_utc_time_is_shown_in_copenhagen_time():
    moment = evening(5)

    with translation.override("en"):
        assert format_date(moment.astimezone(UTC), "time") == "17:05"


def test_no_value_gives_nothing_and_an_unknown_language_uses_danish():
    assert format_date(None, "date") == ""
    with translation.override("de"):
        assert format_date(evening(1).date(), "date") == formats.date_format(
            evening(1).date(), "j. F Y"
        )


def test_the_template_filter_uses_the_active_language():
    template = Template('{% load dates %}{{ when|when:"date" }}')
    day = date.today() + timedelta(days=12)
    with translation.override("en"):
        shown = template.render(Context({"when": day}))

    assert shown == f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def test_slot_labels_in_both_languages():
    start = evening(8)
    end = start + timedelta(hours=2)
    (da_day, da_date, _y), (en_day, en_date, _y) = danish(start), english(start)

    with translation.override("da"):
        assert slot_label(start, end) == f"{da_day.capitalize()} {da_date} 17.05–19.05"
    with translation.override("en"):
        assert slot_label(start, end) == f"{en_day}, {en_date} 17:05–19:05"


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_meeting_page_writes_its_time_in_the_visitors_language(
    login, member, network, language
):
    meeting = make_meeting(network)
    invite(meeting, member.person)
    add_items(meeting, ("welcome", "Velkomst", 10))
    start = timezone.localtime(meeting.starts_at)
    url = reverse("meeting", args=[meeting.network.plan.slug, meeting.pk])

    content = login(member).get(url, headers={"Accept-Language": language}).content.decode()

    if language == "en":
        day, date_text, year = english(start)
        expected = f"{day}, {date_text} {year}, {start:%H:%M}"
        assert f"{DA_MONTHS[start.month - 1]} {year}" not in content
    else:
        day, date_text, year = danish(start)
        expected = f"{day} {date_text} {year}, {start:%H.%M}"
    assert expected in content
