"""Lists of names in a sentence, for the pages and the recommendation alike. Pure."""

from collections.abc import Sequence

from django.utils.translation import gettext as _


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
