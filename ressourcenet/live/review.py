"""After the meeting: the facilitator reads the live board, merges duplicates and sends the
chosen ideas to the idea catalogue in one step (the review page and the API share this).

Rules (decided here):
- `ideas` and `merge` together say what goes: each merge group becomes ONE catalogue idea,
  every other id in `ideas` its own. An id both in `ideas` and in a merge group is sent
  with its group (the union); an id in two merge groups is refused, as is an empty group.
- Only ideas of this meeting's live session; an unknown id or one of another session is
  refused as "no such idea on this board" (422, naming where it stands in the request).
- A hidden idea never reaches the catalogue: refused (422).
- Sending again is harmless: a group whose ideas all went to the same catalogue idea
  already gives that idea back, nothing new (a double click). A group that mixes ideas
  already in the catalogue with others, or ideas of different catalogue ideas, is refused
  (`Refused`, 409): merge it by hand in the catalogue.
- The catalogue idea: network and meeting of the meeting, created by the user, the
  catalogue's first status; its title is the text of the group's idea with the most "+1"
  (the first of them on a tie), cut at a word with "…" when longer than a title may be,
  the full text and the others' texts in its description. It remembers the tables'
  names and the "+1" count: distinct participants over the group. Never a name of who
  posted: those go with the live session 30 days after the meeting.
- All in one transaction, the session's row locked, so two clicks at once make one idea.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from ressourcenet.accounts import permissions
from ressourcenet.knowledge import services as catalogue
from ressourcenet.knowledge.models import Idea
from ressourcenet.lib import bounds
from ressourcenet.live.models import LiveIdea, LiveSession, PlusOne

# More ids than a board holds: a longer request is a mistake.
MAX_IDS = 500
ELLIPSIS = "…"


class Refused(Exception):
    """The ideas cannot go to the catalogue as asked (already there in part, or the
    meeting takes no ideas)."""


# --- what the page shows --------------------------------------------------------------


@dataclass
class ReviewIdea:
    id: int
    text: str
    plus_ones: int
    hidden: bool
    author: str
    promoted_to: int | None
    promoted_title: str
    # The form's state when it comes back with a problem.
    chosen: bool = False
    group: int | None = None


@dataclass
class ReviewTable:
    id: int
    name: str
    ideas: list[ReviewIdea] = field(default_factory=list)


def review(session: LiveSession, guests: bool = False) -> list[ReviewTable]:
    """Every table with all its ideas, hidden ones too, most "+1" first, with who posted
    (a code joiner's first name, an invitee's name; a guest's name only when `guests`, i.e.
    `permissions.can_see_guests`, else "a guest") and where each went in the catalogue:
    two queries, whatever the size."""
    tables = {t.pk: ReviewTable(t.pk, t.name) for t in session.tables.all()}
    ideas = (
        LiveIdea.objects.filter(session=session)
        .annotate(count=Count("plus_ones"))
        .order_by("-count", "created_at", "id")
        .values(
            "id",
            "table_id",
            "text",
            "hidden",
            "count",
            "participant__name",
            "participant__invitation__person__name",
            "participant__invitation__is_guest",
            "promoted_to",
            "promoted_to__title",
        )
    )
    for idea in ideas:
        author = idea["participant__name"] or idea["participant__invitation__person__name"] or ""
        if idea["participant__invitation__is_guest"] and not guests:
            author = _("a guest")
        tables[idea["table_id"]].ideas.append(
            ReviewIdea(
                id=idea["id"],
                text=idea["text"],
                plus_ones=idea["count"],
                hidden=idea["hidden"],
                author=author,
                promoted_to=idea["promoted_to"],
                promoted_title=idea["promoted_to__title"] or "",
            )
        )
    return list(tables.values())


# --- what to send ---------------------------------------------------------------------


def groups_of(ideas: list[int], merge: list[list[int]]) -> list[list[tuple[str, int]]]:
    """The catalogue ideas to make, each a list of (where in the request, live idea id),
    in the order of the request: `ideas` first (an id of a merge group brings its group),
    then the merge groups not named there. Refuses what cannot be meant."""
    errors: dict[str, str] = {}
    group_of: dict[int, int] = {}
    groups: list[list[tuple[str, int]]] = []
    for g, group in enumerate(merge):
        if not group:
            errors[f"merge.{g}"] = _("A merge group needs at least one idea.")
        members: list[tuple[str, int]] = []
        for i, pk in enumerate(group):
            if pk in group_of and group_of[pk] != g:
                errors[f"merge.{g}.{i}"] = _("Idea %(id)d is in two merge groups.") % {"id": pk}
            elif pk not in group_of:
                group_of[pk] = g
                members.append((f"merge.{g}.{i}", pk))
        groups.append(members)
    if not ideas and not merge:
        errors["ideas"] = _("Choose at least one idea.")
    if len(ideas) + sum(len(group) for group in merge) > MAX_IDS:
        errors["ideas"] = _("Choose at most %(max)d ideas at a time.") % {"max": MAX_IDS}
    if errors:
        raise ValidationError(errors)
    ordered: list[list[tuple[str, int]]] = []
    sent_groups: set[int] = set()
    seen: set[int] = set()
    for i, pk in enumerate(ideas):
        if pk in group_of:
            if group_of[pk] not in sent_groups:
                sent_groups.add(group_of[pk])
                ordered.append(groups[group_of[pk]])
        elif pk not in seen:
            seen.add(pk)
            ordered.append([(f"ideas.{i}", pk)])
    ordered += [group for g, group in enumerate(groups) if g not in sent_groups]
    return ordered


def shorten(text: str, longest: int) -> str:
    """The text, or as much of it as fits ending at a word, with "…"."""
    if len(text) <= longest:
        return text
    cut = text[: longest - len(ELLIPSIS) + 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut[:-1]
    return head.rstrip(" ,.;:-") + ELLIPSIS


def catalogue_idea(session: LiveSession, group: list[LiveIdea], user) -> Idea:
    """A new catalogue idea for a group of live ideas (first with the most "+1")."""
    meeting = session.meeting
    first, *others = sorted(group, key=lambda idea: -idea.count)  # stable: ties keep order
    title = shorten(first.text, bounds.max_length(Idea, "title"))
    parts = [first.text] if title != first.text else []
    if others:
        parts.append(
            "\n".join([_("Also posted at the meeting:")] + [f"- {other.text}" for other in others])
        )
    tables = list(dict.fromkeys(idea.table.name for idea in [first, *others]))
    plus_ones = PlusOne.objects.filter(idea__in=group).values("participant_id").distinct().count()
    idea = Idea(
        network=meeting.network,
        meeting=meeting,
        title=title,
        description="\n\n".join(parts),
        origin_table=shorten(", ".join(tables), bounds.max_length(Idea, "origin_table")),
        plus_ones=plus_ones,
    )
    try:
        return catalogue.create_idea(idea, by=user)
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from None


def promote(
    session: LiveSession, user, ideas: list[int], merge: list[list[int]] | None = None
) -> list[Idea]:
    """Send the chosen ideas to the catalogue (see the module's rules); the catalogue
    ideas, in the order of the request. PermissionError, ValidationError (by field) or
    Refused; nothing is saved unless all goes."""
    meeting = session.meeting
    if not permissions.can_run_live(user, meeting):
        raise PermissionError
    groups = groups_of(list(ideas), list(merge or []))
    if not catalogue.meeting_takes_ideas(meeting):
        raise Refused(_("Ideas can come only from a meeting that has begun and was not cancelled."))
    with transaction.atomic():
        LiveSession.objects.select_for_update().filter(pk=session.pk).first()
        wanted = {pk for group in groups for _where, pk in group}
        found = (
            LiveIdea.objects.filter(session=session, pk__in=wanted)
            .select_related("table")
            .annotate(count=Count("plus_ones"))
            .in_bulk()
        )
        errors = {}
        for group in groups:
            for where, pk in group:
                if pk not in found:
                    errors[where] = _("There is no idea %(id)d on this meeting's live board.") % {
                        "id": pk
                    }
                elif found[pk].hidden:
                    errors[where] = _(
                        "Idea %(id)d was hidden on the board, so it cannot go to the catalogue."
                    ) % {"id": pk}
        if errors:
            raise ValidationError(errors)
        made = []
        for group in groups:
            live_ideas = [found[pk] for _where, pk in group]
            already = {idea.promoted_to_id for idea in live_ideas}
            if len(already) == 1 and None not in already:
                made.append(Idea.objects.get(pk=already.pop()))
                continue
            if already != {None}:
                raise Refused(
                    _(
                        "Some of these ideas are in the catalogue already: %(texts)s. "
                        "Send the others on their own."
                    )
                    % {"texts": ", ".join(f"“{i.text}”" for i in live_ideas if i.promoted_to_id)}
                )
            idea = catalogue_idea(session, live_ideas, user)
            ids = [live.pk for live in live_ideas]
            sent = LiveIdea.objects.filter(pk__in=ids, promoted_to__isnull=True).update(
                promoted_to=idea
            )
            if sent != len(ids):  # another request was quicker: undo all of this one
                raise Refused(_("The ideas were sent just now. Reload the page."))
            made.append(idea)
    return made
