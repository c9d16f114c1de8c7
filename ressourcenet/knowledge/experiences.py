"""Workflows on shared experiences (what worked, what did not, per housing area, effort
and activity), for the pages, the API and the demo. They raise ValidationError naming the
field (the API answers 422). Who may do what is accounts/permissions.py's.

An experience belongs to a plan; its housing area, effort, network and meeting, when
given, are the plan's own, and the meeting is one of the network's that has begun (the
network is taken from the meeting when only the meeting is given, and the effort from the
network when no effort is given). No area means the whole plan.
Every write keeps the search index current (knowledge/search.py).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import Experience
from ressourcenet.knowledge.services import meeting_takes_ideas, meetings_taking_ideas
from ressourcenet.lib import bounds
from ressourcenet.meetings.models import Meeting
from ressourcenet.people.models import Person
from ressourcenet.plans.models import Plan

# How many earlier activities the form offers as suggestions.
ACTIVITY_SUGGESTIONS = 50


def activity_suggestions(plan: Plan) -> list[str]:
    """The activities the plan's experiences name, most used first: the form offers them,
    so that "Lektiecafé" is written the same way each time."""
    rows = (
        Experience.objects.filter(plan=plan)
        .values("activity_key")
        .annotate(uses=Count("id"), activity=Min("activity"))
        .order_by("-uses", "activity_key")[:ACTIVITY_SUGGESTIONS]
    )
    return [row["activity"] for row in rows]


def meetings_for(plan: Plan) -> QuerySet[Meeting]:
    """The meetings an experience may come from: the plan's, begun and not cancelled."""
    return meetings_taking_ideas(plan.networks.all())


def _text_problem(value: str, field: str, label: str) -> str | None:
    longest = bounds.max_length(Experience, field)
    if len(value) > longest:
        return _("Shorten the text to at most %(max)d characters (it has %(count)d).") % {
            "max": longest,
            "count": len(value),
        }
    return bounds.text_problem(value, label)


def check_experience(experience: Experience) -> None:
    """Every problem at once, each by its field."""
    errors: dict[str, str] = {}
    experience.activity = " ".join(experience.activity.split())
    experience.worked = experience.worked.strip()
    experience.did_not_work = experience.did_not_work.strip()
    longest = bounds.max_length(Experience, "activity")
    if not experience.activity:
        errors["activity"] = _("Write the activity, such as “Lektiecafé”.")
    elif len(experience.activity) > longest:
        errors["activity"] = _("Write the activity in at most %(max)d characters.") % {
            "max": longest
        }
    elif problem := bounds.one_line_problem(experience.activity, str(_("activity"))):
        errors["activity"] = problem
    for field, label in (("worked", _("what worked")), ("did_not_work", _("what did not work"))):
        if problem := _text_problem(getattr(experience, field), field, str(label)):
            errors[field] = problem
    if not errors and not (experience.worked or experience.did_not_work):
        errors["worked"] = _("Write what worked, what did not work, or both.")
    plan_id = experience.plan_id
    area = experience.housing_area
    if area is not None and area.plan_id != plan_id:
        errors["housing_area"] = _("Choose one of the plan's own housing areas.")
    meeting = experience.meeting
    if meeting is not None and experience.network is None and meeting.network.plan_id == plan_id:
        experience.network = meeting.network
    network = experience.network
    if network is not None and network.plan_id != plan_id:
        errors["network"] = _("Choose one of the plan's own networks.")
    elif network is not None and experience.plan_effort_id is None:
        # The network works on one of the plan's efforts; the experience is under it too.
        experience.plan_effort_id = network.effort_id
    effort = experience.plan_effort
    if effort is not None and effort.plan_id != plan_id:
        errors["plan_effort"] = _("Choose one of the plan's own efforts.")
    if meeting is not None:
        if network is not None and meeting.network_id != network.pk:
            errors["meeting"] = _("Choose one of the network's own meetings.")
        elif meeting.network.plan_id != plan_id or not meeting_takes_ideas(meeting):
            errors["meeting"] = _(
                "Choose a meeting of the plan that has begun and was not cancelled."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_experience(
    experience: Experience, author: Person | None, at: datetime | None = None
) -> Experience:
    """Save a new experience (its plan and the rest set), written by `author`; `at` dates
    it (the demo), now by default."""
    check_experience(experience)
    experience.author = author
    experience.created_at = at or timezone.now()
    experience.save()
    # Not changed since it was written, whenever that was (the demo's are years old).
    Experience.objects.filter(pk=experience.pk).update(updated_at=experience.created_at)
    experience.updated_at = experience.created_at
    search.index_experience(experience)
    return experience


@transaction.atomic
def update_experience(experience: Experience) -> Experience:
    """Save the changed experience; its plan and author stay."""
    stored = Experience.objects.select_for_update().filter(pk=experience.pk)
    plan_id, author_id = stored.values_list("plan_id", "author_id").get()
    experience.plan_id, experience.author_id = plan_id, author_id
    check_experience(experience)
    experience.save()
    search.index_experience(experience)
    return experience


@transaction.atomic
def delete_experience(experience: Experience) -> None:
    search.unindex(search.Kind.EXPERIENCE, experience.pk)
    experience.delete()
