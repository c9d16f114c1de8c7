"""How a candidate time reads on the pages, in the e-mails and in the recommendation.

Pure: no database. The models, the services and the forms all use it, so it imports
nothing from the rest of the project but the date formats of `lib/dates.py`.
"""

from collections.abc import Sequence
from datetime import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ressourcenet.lib.dates import format_date


def slot_label(starts_at: datetime, ends_at: datetime) -> str:
    """E.g. "Torsdag 18. august 17.00–19.00", or "Thursday, 18 August 17:00–19:00"."""
    day = format_date(starts_at, "weekday")
    start, end = format_date(starts_at, "time"), format_date(ends_at, "time")
    return f"{capfirst(day)} {start}–{end}"  # capitalize() lowercased "October"


def join_names(names: Sequence[str]) -> str:
    """E.g. "a, b og c"; when a name has a comma of its own ("Fagperson, ledelse"),
    semicolons keep the names apart: "fagperson, ledelse; frivillig; og beboerbestyrelse"."""
    names = [str(name) for name in names]
    if len(names) < 2:
        return "".join(names)
    has_comma = any("," in name for name in names)
    separator = "; " if has_comma else ", "
    first = separator.join(names[:-1])
    if has_comma:
        return _("%(first)s; and %(last)s") % {"first": first, "last": names[-1]}
    return _("%(first)s and %(last)s") % {"first": first, "last": names[-1]}
