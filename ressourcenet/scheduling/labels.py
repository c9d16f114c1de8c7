"""How a candidate time reads on the pages, in the e-mails and in the recommendation.

Pure: no database. The models, the services and the forms all use it, so it imports
nothing from the rest of the project but the date formats of `lib/dates.py`.
"""

from datetime import datetime

from django.utils.text import capfirst

from ressourcenet.lib.dates import format_date


def slot_label(starts_at: datetime, ends_at: datetime, mid_sentence: bool = False) -> str:
    """E.g. "Torsdag 18. august 17.00–19.00", or "Thursday, 18 August 17:00–19:00";
    `mid_sentence`: as the language writes it inside a sentence ("torsdag 18. august ...")."""
    day = format_date(starts_at, "weekday")
    start, end = format_date(starts_at, "time"), format_date(ends_at, "time")
    if not mid_sentence:
        day = capfirst(day)  # capitalize() lowercased "October"
    return f"{day} {start}–{end}"
