"""Which models the audit log follows, which of their fields, and how an object is named
in the log without a database query (a label that needs one names the related row by id).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

# Bookkeeping that is no one's decision: never logged.
NEVER = frozenset({"id", "created_at", "updated_at"})


def related(instance: models.Model, name: str) -> str:
    """The related object's name if it is loaded already, else "#id": a label never
    queries, so that deleting a network with its memberships writes one row per entry."""
    if instance._meta.get_field(name).is_cached(instance):
        value = getattr(instance, name)
        return "" if value is None else str(value)
    value = getattr(instance, f"{name}_id")
    return "" if value is None else f"#{value}"


@dataclass(frozen=True)
class Track:
    only: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    label: Callable[[models.Model], str] = str

    def fields(self, model: type[models.Model]) -> list[models.Field]:
        found = [
            field
            for field in model._meta.concrete_fields
            if field.name not in NEVER and field.name not in self.exclude
        ]
        if self.only:
            found = [field for field in found if field.name in self.only]
        return found


TRACKED: dict[str, Track] = {
    "people.Person": Track(exclude=("created_by",)),
    "networks.Membership": Track(
        label=lambda m: f"{related(m, 'person')} – {related(m, 'network')}"
    ),
    # Meeting times and cancellations; the title, place and planning are not logged.
    "meetings.Meeting": Track(only=("starts_at", "ends_at", "cancelled_at")),
    "governance.Recommendation": Track(),
    "governance.RecommendationTransition": Track(
        label=lambda t: f"{related(t, 'recommendation')}: {t}"
    ),
    "agreements.CofinancingVersion": Track(
        label=lambda v: f"{related(v, 'agreement')} v{v.number}"
    ),
    "agreements.CooperationAgreement": Track(exclude=("reminded_for",)),
    "agreements.Party": Track(
        exclude=("last_message",),
        label=lambda p: f"{related(p, 'person')} ({related(p, 'agreement')})",
    ),
    "agreements.AllocationLine": Track(
        label=lambda a: f"{related(a, 'effort')} · {related(a, 'housing_area')} · {a.year}"
    ),
    # Moderation decisions. Named by number: a guest's name and text stay out of the log.
    "blog.Comment": Track(
        only=("state", "reason", "moderated_by"), label=lambda c: f"#{c.pk} ({related(c, 'post')})"
    ),
}
