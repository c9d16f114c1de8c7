"""Erasure: the log keeps its entries but no longer names the person."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from ressourcenet.audit.models import ERASED, AuditEntry

# The person's own fields whose every value (old and new) goes.
PERSONAL = ("name", "email", "phone", "title")


def _scrub(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, ERASED)
    return text


def _scrub_value(value, words: list[str]):
    if isinstance(value, str):
        return _scrub(value, words)
    if isinstance(value, list):
        return [_scrub_value(item, words) for item in value]
    return value


@transaction.atomic
def anonymise(person) -> int:
    """Replace `person`'s name and e-mail address (every one the log has seen them under)
    with "Slettet person" in who acted, what it was about and what changed. Call it before
    the person is erased. Returns the number of entries rewritten."""
    person_type = ContentType.objects.get_for_model(person)
    own = Q(object_type=person_type, object_id=person.pk)
    words = {person.name, person.email}
    if person.user_id:
        words.add(person.user.email)
    for changes in AuditEntry.objects.filter(own).values_list("changes", flat=True):
        for field in ("name", "email"):
            words.update(value for value in changes.get(field, ()) if isinstance(value, str))
    words = sorted((w for w in words if w), key=len, reverse=True)  # longest first
    if not words:
        return 0
    named = own
    if person.user_id:
        named |= Q(actor_id=person.user_id)
    for word in words:
        named |= Q(actor_label__contains=word) | Q(object_label__contains=word)
    count = 0
    for entry in AuditEntry.objects.filter(named).select_for_update():
        is_own = entry.object_type_id == person_type.pk and entry.object_id == person.pk
        changes = {
            field: [None if v is None else ERASED for v in values]
            if is_own and field in PERSONAL
            else _scrub_value(values, words)
            for field, values in entry.changes.items()
        }
        actor_label = _scrub(entry.actor_label, words)
        if person.user_id and entry.actor_id == person.user_id:
            actor_label = ERASED
        AuditEntry.objects.filter(pk=entry.pk).update(
            actor_label=actor_label,
            object_label=ERASED if is_own else _scrub(entry.object_label, words),
            changes=changes,
        )
        count += 1
    return count
