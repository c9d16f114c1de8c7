"""Names: lists of names in a sentence, for the pages and the recommendation alike, and
names as ASCII slugs for file names and addresses. Pure."""

from collections.abc import Sequence

from django.utils.text import slugify
from django.utils.translation import gettext as _

# slugify() drops the letters that have no ASCII base; Danish writes them so without them.
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def ascii_slug(text: str) -> str:
    """Up to 60 ASCII letters, digits and dashes from `text`: "Lektiecafé i Hedemarken" →
    "lektiecafe-i-hedemarken", "Børn og unge" → "boern-og-unge"."""
    return slugify(text.translate(DANISH_LETTERS))[:60].strip("-")


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
