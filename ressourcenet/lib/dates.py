"""Dates and times as each language writes them: one table, used by the templates
(`{% load dates %}` then `{{ meeting.starts_at|when:"datetime" }}`) and by Python code
(`format_date`).

Danish keeps the forms the pages have always shown ("torsdag 18. august 2022, 17.00");
English gets English ones ("Thursday, 18 August 2022, 17:00"). Aware datetimes are shown
in local time (`timezone.localtime`). A language without a row uses the site's language.
"""

from datetime import date, datetime, time

from django import template
from django.conf import settings
from django.utils import formats, timezone, translation

# The names, with what they give on 18 August 2022 at 17.00, in Danish.
FORMATS: dict[str, dict[str, str]] = {
    "da": {
        "date": "j. F Y",  # 18. august 2022
        "long_date": "l, j. F Y",  # torsdag, 18. august 2022 (the blog)
        "datetime": "l j. F Y, H.i",  # torsdag 18. august 2022, 17.00
        "date_time": "j. F Y H.i",  # 18. august 2022 17.00
        "day_time": "l j. F H.i",  # torsdag 18. august 17.00
        "day_month_time": "j. F H.i",  # 18. august 17.00
        "weekday": "l j. F",  # torsdag 18. august
        "time": "H.i",  # 17.00
    },
    "en": {
        "date": "j F Y",  # 18 August 2022
        "long_date": "l, j F Y",  # Thursday, 18 August 2022
        "datetime": "l, j F Y, H:i",  # Thursday, 18 August 2022, 17:00
        "date_time": "j F Y, H:i",  # 18 August 2022, 17:00
        "day_time": "l, j F, H:i",  # Thursday, 18 August, 17:00
        "day_month_time": "j F, H:i",  # 18 August, 17:00
        "weekday": "l, j F",  # Thursday, 18 August
        "time": "H:i",  # 17:00
    },
}


def format_for(name: str) -> str:
    """The format string of `name` in the active language."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return FORMATS.get(language, FORMATS[settings.LANGUAGE_CODE])[name]


def format_date(value: date | datetime | time | None, name: str) -> str:
    """`value` in the active language's format `name`; "" for no value."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, time):
        return formats.time_format(value, format_for(name))
    return formats.date_format(value, format_for(name))


register = template.Library()


@register.filter(expects_localtime=True)
def when(value, name: str) -> str:
    return format_date(value, name)
