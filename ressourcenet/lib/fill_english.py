"""Fill the English catalog: its source strings are English, so msgstr = msgid.

Run by `make messages` after makemessages; leaves existing English entries alone.
"""

from pathlib import Path

import polib

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def fill(path: Path = CATALOG) -> int:
    catalog = polib.pofile(str(path))
    filled = 0
    for entry in catalog:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {}
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()) or not entry.msgstr_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                filled += 1
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
            filled += 1
    catalog.save(str(path))
    return filled


if __name__ == "__main__":
    print(f"Filled {fill()} English entries.")
