"""The note-taker's marks on the live board, and the summary draft started from the board.

Decided here (see README):
- Who marks: the meeting's note-takers, and whoever runs the live mode (facilitator,
  coordinator, administrator): `permissions.can_mark_live_ideas`. They mark on the phone
  board, where they sit at the meeting; the projector only shows the marks.
- A mark is a decision or a follow-up (or none). A follow-up needs an owner: one of the
  meeting's invitees (whose object: the person must hold an invitation to this meeting;
  guests only for those who may see guests, the coordinators and administrators), or,
  when the owner was not invited, a name written in ("the social workers"). One of the
  two: both at once is refused. The owner is kept only for a follow-up; marking an
  idea as a decision or as nothing clears it.
- Where the owner shows (decided here): the board is shared with code joiners and the
  wall, and `GET /api/v1/live/{code}` answers anyone with the code, so there an owner who
  is a person shows by FIRST name only ("Follow-up: Gustav"); an owner written in shows as
  written (the note-taker chose that text). The summary draft, read by those who may see
  the meeting, names an invitee in full but a guest by first name only (guests' names are
  for those who may see guests). Only the marking form, for those who mark, lists full
  names (guests only to those who may see them).
- A hidden idea cannot be marked (as if it did not exist); hiding a marked idea takes it
  out of the summary as well. Marks may be set while the board exists, after the live
  mode ended too (like hiding), so that they can be set right before the summary.
- The summary draft is made through the knowledge app's own path (`save_draft`), as
  Markdown with three sections: the decisions, the follow-ups with their owners, and the
  visible ideas per table with their "+1" counts. Never a participant's name. A meeting
  that has a summary already (a draft too) keeps it untouched: the start is refused.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ressourcenet.accounts import permissions
from ressourcenet.knowledge import summaries
from ressourcenet.knowledge.models import Summary
from ressourcenet.lib import bounds
from ressourcenet.live.models import OWNER_MAX, LiveIdea, LiveSession, Mark
from ressourcenet.live.services import NotVisible, first_name
from ressourcenet.meetings.models import Invitation, Meeting


class SummaryExists(Exception):
    """The meeting has a summary already: it is not overwritten."""

    def __init__(self, summary: Summary):
        super().__init__(summary.pk)
        self.summary = summary


# --- marking -----------------------------------------------------------------------------


def sees_guests(user, meeting: Meeting) -> bool:
    """Whether the user is offered the meeting's guests as owners: guests' names are for
    those who invite them (`permissions.can_see_guests`); a note-taker writes a guest's
    name in instead."""
    return permissions.can_see_guests(user, meeting.network.plan)


def owner_invitations(meeting: Meeting, guests: bool):
    invitations = Invitation.objects.filter(meeting=meeting)
    return invitations if guests else invitations.filter(is_guest=False)


def owner_choices(meeting: Meeting, guests: bool) -> list[tuple[int, str]]:
    """Whom a follow-up may be given to: the meeting's invitees (`guests`: guests too), by
    name (one query)."""
    return list(
        owner_invitations(meeting, guests)
        .order_by("person__name", "person_id")
        .values_list("person_id", "person__name")
    )


def owner_problems(
    meeting: Meeting, mark: str, owner_person: int | None, owner_name: str, guests: bool = False
):
    """The problems of a mark, by field ({} when it can be saved)."""
    errors = {}
    if mark not in Mark.values:
        errors["mark"] = _("Choose a decision, a follow-up or no mark.")
    if len(owner_name) > OWNER_MAX:
        errors["owner_name"] = _("The name can be at most %(max)d characters long.") % {
            "max": OWNER_MAX
        }
    elif problem := bounds.one_line_problem(owner_name, _("owner's name")):
        errors["owner_name"] = problem
    if owner_person is not None and not (
        1 <= owner_person <= bounds.ID_MAX
        and owner_invitations(meeting, guests).filter(person_id=owner_person).exists()
    ):
        errors["owner_person"] = _("Choose one of the meeting's invitees.")
    if errors:
        return errors
    if mark == Mark.FOLLOW_UP:
        if owner_person is None and not owner_name:
            errors["owner_person"] = _(
                "A follow-up needs an owner: choose an invitee or write a name."
            )
        elif owner_person is not None and owner_name:
            errors["owner_name"] = _("Choose an invitee or write a name, not both.")
    return errors


def mark_idea(
    idea: LiveIdea, user, mark: str, owner_person: int | None = None, owner_name: str = ""
) -> LiveIdea:
    """Mark the idea as a decision, a follow-up with its owner, or nothing; every phone
    and the projector show it at their next poll. `owner_person` is a person's id."""
    meeting = idea.session.meeting
    if not permissions.can_mark_live_ideas(user, meeting):
        raise PermissionError
    if idea.hidden:
        raise NotVisible
    if not bounds.one_line_problem(owner_name, ""):
        owner_name = " ".join(owner_name.split())
    # Keeping the owner the idea has is allowed even when this marker is not offered them
    # (a guest, to a note-taker): their form keeps them chosen.
    keeps_owner = owner_person is not None and owner_person == idea.owner_person_id
    guests = keeps_owner or sees_guests(user, meeting)
    if errors := owner_problems(meeting, mark, owner_person, owner_name, guests):
        raise ValidationError(errors)
    if mark != Mark.FOLLOW_UP:
        owner_person, owner_name = None, ""
    with transaction.atomic():
        LiveIdea.objects.filter(pk=idea.pk).update(
            mark=mark, owner_person_id=owner_person, owner_name=owner_name
        )
        LiveSession.objects.filter(pk=idea.session_id).update(version=F("version") + 1)
    idea.mark, idea.owner_person_id, idea.owner_name = mark, owner_person, owner_name
    return idea


def owner_of(idea: LiveIdea) -> str:
    """Whom a follow-up is given to, as the marker sees it: the invitee's name or the name
    written in."""
    if idea.owner_person_id is not None:
        return idea.owner_person.name
    return idea.owner_name


def summary_owner(idea: LiveIdea) -> str:
    """The owner as the summary draft names them: a guest by first name only (the idea
    comes from `visible_ideas`, which knows whether the owner is a guest)."""
    if idea.owner_person_id is not None and idea.owner_is_guest:
        return first_name(idea.owner_person.name)
    return owner_of(idea)


# --- the summary draft -------------------------------------------------------------------

# Backslash-escaped wherever they stand, so that the text shows as it was typed.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# At the start of a line they would make a heading, a quote, a list or a rule.
_BLOCK_START = re.compile(r"^(#|>|\+|-|=|\d+[.)])")


def plain(text: str) -> str:
    """A line of plain text as Markdown that shows the same text."""
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    return _BLOCK_START.sub(lambda found: found.group(1)[:-1] + "\\" + found.group(1)[-1], text)


def visible_ideas(session: LiveSession):
    """The board's visible ideas with their owners (and whether the owner is one of the
    meeting's guests) and +1 counts, per table (one query)."""
    guest = Invitation.objects.filter(
        meeting_id=OuterRef("session__meeting_id"), person_id=OuterRef("owner_person_id")
    ).filter(is_guest=True)
    return (
        LiveIdea.objects.filter(session=session, hidden=False)
        .select_related("owner_person")
        .annotate(count=Count("plus_ones"), owner_is_guest=Exists(guest))
        .order_by("-count", "created_at", "id")
    )


def summary_body(session: LiveSession, per_table: bool = True) -> str:
    """The draft's Markdown: decisions, follow-ups with their owners, and (`per_table`)
    the ideas per table with their "+1" counts. Two queries, whatever the board's size."""
    ideas = list(visible_ideas(session))
    decisions = [idea for idea in ideas if idea.mark == Mark.DECISION]
    follow_ups = [idea for idea in ideas if idea.mark == Mark.FOLLOW_UP]
    none_marked = _("None were marked on the board.")
    headings = {
        "decisions": _("Decisions"),
        "follow_ups": _("Follow-ups"),
        "per_table": _("Ideas per table"),
    }
    lines = [f"## {headings['decisions']}", ""]
    lines += [f"- {plain(idea.text)}" for idea in decisions] or [none_marked]
    lines += ["", f"## {headings['follow_ups']}", ""]
    for idea in follow_ups:
        owner = summary_owner(idea)
        text = plain(idea.text)
        if owner:
            text = _("%(idea)s – owner: %(owner)s") % {"idea": text, "owner": plain(owner)}
        lines.append(f"- {text}")
    if not follow_ups:
        lines.append(none_marked)
    if per_table:
        lines += ["", f"## {headings['per_table']}"]
        by_table = {}
        for idea in ideas:
            by_table.setdefault(idea.table_id, []).append(idea)
        for table in session.tables.all():
            if table.pk not in by_table:
                continue
            lines += ["", f"### {plain(table.name)}", ""]
            for idea in by_table[table.pk]:
                line = f"- {plain(idea.text)}"
                if idea.count:
                    plus = ngettext("%(counter)s +1", "%(counter)s +1", idea.count)
                    line += " (" + plus % {"counter": idea.count} + ")"
                lines.append(line)
    return "\n".join(lines) + "\n"


def may_start_summary(user, meeting: Meeting) -> bool:
    """Start the summary draft from the board: its writers, and whoever runs the live mode."""
    return permissions.can_write_summary(user, meeting) or permissions.can_run_live(user, meeting)


def start_summary(session: LiveSession, user) -> Summary:
    """The meeting's summary draft, filled in from the board. SummaryExists when the
    meeting has a summary already (a draft too: it is never overwritten); ValidationError
    when the meeting cannot have one yet (it has not begun, or it was cancelled)."""
    meeting = session.meeting
    if not may_start_summary(user, meeting):
        raise PermissionError
    longest = Summary._meta.get_field("body").max_length
    try:
        with transaction.atomic():
            # Two clicks at once: the second waits here, then finds the first's draft.
            Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
            if existing := Summary.objects.filter(meeting=meeting).first():
                raise SummaryExists(existing)
            body = summary_body(session)
            if len(body) > longest:
                body = summary_body(session, per_table=False)[:longest]
            return summaries.save_draft(meeting, body, by=user)
    except IntegrityError:
        raise SummaryExists(Summary.objects.get(meeting=meeting)) from None
