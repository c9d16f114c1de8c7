"""Every text field of the API's request bodies is named in its messages by a word in the
caller's language (»Sted«, »Hvad virkede«), never by its JSON name ("location",
"did_not_work"): the walk covers each schema and each field the bounds check."""

import importlib
import pkgutil
import re

import polib
import pytest
from django.conf import settings
from django.utils import translation
from ninja import Schema
from pydantic import ValidationError

import ressourcenet.api

QUOTED = re.compile(r"[“»]([^”«]+)[”«]")


def input_schemas():
    for module_info in pkgutil.iter_modules(ressourcenet.api.__path__):
        module = importlib.import_module(f"ressourcenet.api.{module_info.name}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Schema)
                and obj.__module__ == module.__name__
                and obj.__name__.endswith(("In", "Patch"))
            ):
                yield obj


def named_text_fields():
    """(schema, field) for each string field whose check names the field in a message."""
    for schema in input_schemas():
        for name, field in schema.model_fields.items():
            checks = [getattr(m, "func", None) for m in field.metadata]
            if any(
                getattr(c, "__qualname__", "").startswith(("one_line.", "text.", "_check_text"))
                for c in checks
            ):
                yield pytest.param(schema, name, id=f"{schema.__name__}.{name}")


def message_for(schema, field: str) -> str:
    with pytest.raises(ValidationError) as caught:
        schema.model_validate({field: "a\x00b"})
    (error,) = [e for e in caught.value.errors() if e["loc"][:1] == (field,)]
    return error["msg"]


@pytest.fixture(scope="module")
def danish_words() -> set[str]:
    catalog = polib.pofile(str(settings.BASE_DIR / "locale/da/LC_MESSAGES/django.po"))
    return {entry.msgstr.casefold() for entry in catalog if entry.msgstr}


@pytest.mark.parametrize(("schema", "field"), list(named_text_fields()))
def test_a_text_field_is_named_in_danish(schema, field, danish_words):
    with translation.override("da"):
        message = message_for(schema, field)
    (label,) = QUOTED.findall(message)
    assert "_" not in label, message
    assert label.casefold() in danish_words, f"{message!r}: »{label}« is no Danish msgstr"


def test_the_walk_finds_the_fields_it_must():
    found = {(p.values[0].__name__, p.values[1]) for p in named_text_fields()}
    for expected in [
        ("ExperienceIn", "did_not_work"),
        ("MeetingIn", "location"),
        ("MarkIn", "owner_name"),
        ("RecommendationIn", "consequence"),
        ("GuestIn", "organisation"),
    ]:
        assert expected in found
