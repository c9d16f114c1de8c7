"""How a candidate time reads on the pages, in the e-mails and in the recommendation.

Pure: no database. The models, the services and the forms all use it, so it imports
nothing from the rest of the project.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats
from django.utils.text import capfirst


def local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def slot_label(starts_at: datetime, ends_at: datetime) -> str:
    start, end = local(starts_at), local(ends_at)
    day = formats.date_format(start, "l j. F")
    return f"{capfirst(day)} {start:%H.%M}–{end:%H.%M}"  # capitalize() lowercased "October"
