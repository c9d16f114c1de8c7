"""Workflows on the idea catalogue, shared by the pages, the API and the demo. They raise
ValidationError naming the field (the API answers 422).

Layering: knowledge builds on meetings, never the reverse; the meeting design check sees a
meeting's ideas through the relation `meeting.ideas`, not through this module. The one
exception is the search index (knowledge/search.py), to which meetings/services.py writes
a meeting's words.

Every write to an idea goes through here. Its status changes only through
`record_status_change`, with a reason, which writes the dated history; `change_status`
(and `change_status_and_send`) also tell the idea's owner by e-mail through the one send
path, mail/services.py, which records whether the e-mail went.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ressourcenet.accounts.models import User
from ressourcenet.knowledge import search
from ressourcenet.knowledge.emails import queue_status_email
from ressourcenet.knowledge.models import Idea, IdeaStatusChange, Tag
from ressourcenet.lib import bounds
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Person
from ressourcenet.plans.models import HousingArea, Plan

# An idea with more tags than this is not grouped by them any more.
MAX_TAGS = 20
# A workshop's wall of notes, not a document: more lines than this are a paste gone wrong.
QUICK_ENTRY_MAX = 100


def meeting_takes_ideas(meeting: Meeting, today: date | None = None) -> bool:
    """Ideas come from a meeting under way or held: its time is decided, it starts today or
    started earlier, and it was not cancelled."""
    if meeting.is_cancelled or not meeting.has_time:
        return False
    today = today or timezone.localdate()
    return timezone.localtime(meeting.starts_at).date() <= today


def meetings_taking_ideas(networks) -> QuerySet[Meeting]:
    """The meetings of these networks that `meeting_takes_ideas` allows, newest first."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return (
        Meeting.objects.filter(
            network__in=networks,
            cancelled_at__isnull=True,
            starts_at__lt=timezone.make_aware(datetime.combine(tomorrow, time())),
        )
        .select_related("network")
        .order_by("-starts_at", "-id")
    )


def possible_owners(plan: Plan, keep: int | None = None) -> QuerySet[Person]:
    """Who may own an idea: today's members of the plan's networks, whom the catalogue's
    readers see in the directory anyway (a guest's name is not offered to them). `keep`:
    the present owner's id, who stays a choice after their membership ended."""
    members = Membership.objects.active().filter(network__plan=plan).values("person_id")
    chosen = Q(pk__in=members) | Q(pk=keep) if keep is not None else Q(pk__in=members)
    return Person.objects.filter(chosen).order_by("name", "id")


# --- tags ----------------------------------------------------------------------------


def split_tags(text: str) -> list[str]:
    """Tags as a form gives them: "mad, unge ,  ," -> ["mad", "unge"]."""
    return [name.strip() for name in text.split(",") if name.strip()]


def tag_problem(name: str) -> str | None:
    longest = bounds.max_length(Tag, "name")
    name = " ".join(name.split())
    if not name:
        return _("A tag cannot be empty.")
    if "," in name:
        return _("A tag cannot contain a comma: commas separate the tags.")
    if len(name) > longest:
        return _("A tag can be at most %(max)d characters long.") % {"max": longest}
    return bounds.one_line_problem(name, str(_("tag")))


def tags_problems(names: list[str]) -> list[str]:
    problems = [problem for name in names if (problem := tag_problem(name))]
    if len(names) > MAX_TAGS:
        problems.append(_("Give at most %(max)d tags.") % {"max": MAX_TAGS})
    return problems


def tags_for(plan: Plan, names: Iterable[str]) -> list[Tag]:
    """The plan's tags with these names, made where missing; "Unge" and "unge" are one."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(Tag.key_for(name), " ".join(name.split()))
    existing = {tag.key: tag for tag in plan.tags.filter(key__in=wanted)}
    tags = []
    for key, name in wanted.items():
        tag = existing.get(key)
        if tag is None:
            tag, _created = Tag.objects.get_or_create(plan=plan, key=key, defaults={"name": name})
        tags.append(tag)
    return tags


# --- creating and changing ideas ---------------------------------------------------------


def check_idea(idea: Idea, housing_areas: list[HousingArea], tag_names: list[str]) -> None:
    """Every problem at once, each by its field."""
    errors: dict[str, list[str]] = {}
    try:
        idea.full_clean(exclude=["network", "meeting", "owner"])
    except ValidationError as error:
        errors.update(error.message_dict)
    plan_id = idea.network.plan_id
    meeting = idea.meeting
    if meeting is not None:
        if meeting.network_id != idea.network_id:
            errors["meeting"] = [_("Choose one of the network's own meetings.")]
        elif not meeting_takes_ideas(meeting):
            errors["meeting"] = [
                _("Ideas can come only from a meeting that has begun and was not cancelled.")
            ]
    if any(area.plan_id != plan_id for area in housing_areas):
        errors["housing_areas"] = [_("Choose among the plan's own housing areas.")]
    if idea.owner_id is not None:
        stored = Idea.objects.filter(pk=idea.pk).values_list("owner_id", flat=True).first()
        owners = possible_owners(idea.network.plan, keep=stored)
        if not owners.filter(pk=idea.owner_id).exists():
            errors["owner"] = [_("Choose a member of one of the plan's networks.")]
    if problems := tags_problems(tag_names):
        errors["tags"] = problems
    if errors:
        raise ValidationError(errors)


def _user(by) -> User | None:
    return by if by is not None and by.is_authenticated else None


@transaction.atomic
def create_idea(
    idea: Idea,
    *,
    housing_areas: Iterable[HousingArea] = (),
    tags: Iterable[str] = (),
    by: User | None = None,
    at: datetime | None = None,
) -> Idea:
    """Save a new idea (its network, title and the rest set) with its areas and tags; the
    first line of its history is its status now. `at` dates it (the demo); now by default."""
    housing_areas, tags = list(housing_areas), list(tags)
    check_idea(idea, housing_areas, tags)
    idea.created_by = _user(by)
    idea.created_at = at or timezone.now()
    idea.save()
    idea.housing_areas.set(housing_areas)
    idea.tags.set(tags_for(idea.network.plan, tags))
    IdeaStatusChange.objects.create(
        idea=idea, to_status=idea.status, changed_by=idea.created_by, changed_at=idea.created_at
    )
    search.index_idea(idea)
    return idea


def read_lines(text: str) -> list[str]:
    """The titles of the quick entry: one per line that is not blank, trimmed, with one
    space between words. Refuses, naming each line by its number, what cannot be a title."""
    longest = bounds.max_length(Idea, "title")
    titles, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        title = " ".join(line.split())
        if not title:
            continue
        if len(title) > longest:
            errors.append(
                _(
                    "Line %(line)d is longer than %(max)d characters. Shorten it; the rest can "
                    "go in the idea's description afterwards."
                )
                % {"line": number, "max": longest}
            )
        elif bounds.one_line_problem(title, ""):
            errors.append(
                _("Line %(line)d holds a control character. Type the line again without it.")
                % {"line": number}
            )
        else:
            titles.append(title)
    if not titles and not errors:
        errors.append(_("Write at least one idea, one per line."))
    if len(titles) > QUICK_ENTRY_MAX:
        errors.append(
            ngettext(
                "Write at most %(max)d idea at a time.",
                "Write at most %(max)d ideas at a time.",
                QUICK_ENTRY_MAX,
            )
            % {"max": QUICK_ENTRY_MAX}
        )
    if errors:
        raise ValidationError({"lines": errors})
    return titles


@transaction.atomic
def create_ideas_from_lines(
    network,
    text: str,
    *,
    meeting: Meeting | None = None,
    tags: Iterable[str] = (),
    by: User | None = None,
) -> list[Idea]:
    """The workshop's quick entry: one new idea per line, all or none."""
    titles = read_lines(text)
    tags = list(tags)
    return [
        create_idea(Idea(network=network, meeting=meeting, title=title), tags=tags, by=by)
        for title in titles
    ]


@transaction.atomic
def update_idea(
    idea: Idea,
    *,
    housing_areas: Iterable[HousingArea] | None = None,
    tags: Iterable[str] | None = None,
) -> Idea:
    """Save an idea's changed title, description, meeting, owner, public flag, and (when
    given) its areas and tags. Its network stays; its status changes only with a reason."""
    stored = Idea.objects.select_for_update().filter(pk=idea.pk).values("status", "network_id")
    stored = stored.get()
    if idea.status != stored["status"]:
        raise ValidationError({"status": _("Change the status with a reason for the change.")})
    if idea.network_id != stored["network_id"]:
        raise ValidationError({"network": _("An idea stays in the network it was added to.")})
    areas = list(idea.housing_areas.all() if housing_areas is None else housing_areas)
    names = [tag.name for tag in idea.tags.all()] if tags is None else list(tags)
    check_idea(idea, areas, names)
    idea.save()
    if housing_areas is not None:
        idea.housing_areas.set(areas)
    if tags is not None:
        idea.tags.set(tags_for(idea.network.plan, names))
    search.index_idea(idea)
    return idea


# --- the status --------------------------------------------------------------------------


@transaction.atomic
def record_status_change(
    idea: Idea, status: str, reason: str, by: User | None = None, at: datetime | None = None
) -> IdeaStatusChange:
    """Give the idea a new status and write it, with the reason, in the history. Tells no
    one: `change_status` does. The idea's row is locked, so that of two changes at once
    the second reads the status the first left."""
    reason = reason.strip()
    errors = {}
    if status not in Idea.Status.values:
        errors["status"] = _("Choose one of the statuses.")
    if not reason:
        errors["reason"] = _("Say why the status changes.")
    elif problem := bounds.text_problem(reason, str(_("reason"))):
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)
    current = Idea.objects.select_for_update().filter(pk=idea.pk).values_list("status", flat=True)
    idea.status = current.get()
    if idea.status == status:
        raise ValidationError({"status": _("The idea has this status already.")})
    change = IdeaStatusChange.objects.create(
        idea=idea,
        from_status=idea.status,
        to_status=status,
        reason=reason,
        changed_by=_user(by),
        changed_at=at or timezone.now(),
    )
    idea.status = status
    idea.save(update_fields=["status", "updated_at"])
    return change


def owner_notice(idea: Idea, change: IdeaStatusChange) -> list[OutgoingMessage]:
    """Queue the e-mail that tells the owner of the change: none without an owner, without
    an address, or when the owner made the change."""
    owner = idea.owner
    if owner is None or not owner.email:
        return []
    if owner.user_id is not None and owner.user_id == change.changed_by_id:
        return []
    return [queue_status_email(idea, change)]


def change_status(idea: Idea, status: str, reason: str, by: User | None = None) -> Idea:
    """Change the status; the owner's e-mail goes through the worker after the commit."""
    with transaction.atomic():
        change = record_status_change(idea, status, reason, by)
        mail.send_after_commit(owner_notice(idea, change))
    return idea


def change_status_and_send(
    idea: Idea, status: str, reason: str, by: User | None = None
) -> tuple[IdeaStatusChange, list[OutgoingMessage], mail.Outcome]:
    """Change the status and e-mail the owner now; says what was queued and what went
    (call it outside a transaction, so that the e-mail is recorded the moment it went)."""
    with transaction.atomic():
        change = record_status_change(idea, status, reason, by)
        messages = owner_notice(idea, change)
    return change, messages, mail.send_now(messages)
