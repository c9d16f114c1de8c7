"""The Danish and English catalogs are complete, compiled, and cover every UI string."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LANGUAGES = ["da", "en"]


def po_path(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"


def translations(entries) -> dict:
    return {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in entries
        if not e.obsolete
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entries(language):
    catalog = polib.pofile(str(po_path(language)))
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated: {untranslated}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy}"
    assert len(catalog.translated_entries()) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language):
    source = polib.pofile(str(po_path(language)))
    compiled = polib.mofile(str(po_path(language).with_suffix(".mo")))
    assert translations(compiled) == translations(e for e in source if e.translated())


def test_every_ui_string_is_in_the_catalogs(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") or os.environ.get("E2E_REQUIRED"):
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogs")
        pytest.skip("GNU gettext (xgettext) is not installed")
    copy = tmp_path / "ressourcenet"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "tests", "e2e"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "da", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ressourcenet.settings"},
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/da/LC_MESSAGES/django.po"))}
    for language in LANGUAGES:
        committed = {e.msgid for e in polib.pofile(str(po_path(language))) if not e.obsolete}
        missing = sorted(fresh - committed)
        assert not missing, f"{language} catalog lacks (run `make messages`): {missing}"
