"""How a candidate time reads on the pages, in the e-mails and in the recommendation.

Pure: no database. The models, the services and the forms all use it, so it imports
nothing from the rest of the project but the date formats of `lib/dates.py`.
"""

from datetime import datetime

from django.utils.text import capfirst

from ressourcenet.lib.dates import format_date


def slot_label(starts_at: datetime, ends_at: datetime) -> str:
    """E.g. "Torsdag 18. august 17.00–19.00", or "Thursday, 18 August 17:00–19:00"."""
    day = format_date(starts_at, "weekday")
    start, end = format_date(starts_at, "time"), format_date(ends_at, "time")
    return f"{capfirst(day)} {start}–{end}"  # capitalize() lowercased "October"
