"""Request and response bodies of the recommendation and board-meeting endpoints
(api/governance.py)."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

from ressourcenet.api.agreements import Hours, Money, Year
from ressourcenet.api.meeting_schemas import inline_enum
from ressourcenet.api.types import Date, Id, Text, TimeOut, one_line, text
from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.governance.services import (
    MAX_ALLOCATION_LINES,
    MAX_LINKS,
    MAX_YEARS,
    TEXT_MAX,
)


class ProposedAmountIn(Schema):
    year: Year
    money: Money | None = Field(
        None, description="The new whole kroner (DKK); omitted or null keeps the agreement's."
    )
    hours: Hours | None = Field(
        None, description="The new hours; omitted or null keeps the agreement's."
    )


class ProposedAmountOut(Schema):
    year: int
    money: int | None = Field(..., description="null: keeps the agreement's kroner.")
    hours: int | None = Field(..., description="null: keeps the agreement's hours.")


KindCode = Annotated[Recommendation.Kind, inline_enum(Recommendation.Kind)]
StateCode = Annotated[Recommendation.State, inline_enum(Recommendation.State)]
Title = one_line(Recommendation, "title", min_length=1)
LongText = Annotated[Text, Field(max_length=TEXT_MAX)]
# Its JSON name is no word a resident reads: messages name it »økonomisk konsekvens«.
Consequence = text(Recommendation, "consequence")


class RecommendationIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    network: Id
    kind: KindCode = Recommendation.Kind.OTHER
    title: Title
    background: LongText = ""
    proposal: LongText = ""
    consequence: Consequence = Field("", max_length=TEXT_MAX, description="Financial consequence.")
    housing_areas: list[Id] = Field([], max_length=MAX_LINKS, description="The plan's areas.")
    projects: list[Id] = Field([], max_length=MAX_LINKS, description="The plan's projects.")
    allocation_lines: list[Id] = Field(
        [],
        max_length=MAX_ALLOCATION_LINES,
        description="Only for kind `priority`: the plan's allocation lines it would change.",
    )
    agreement: Id | None = Field(
        None,
        description="For kind cofinancing_change (and only then): the plan's co-financing "
        "agreement it changes.",
    )
    proposed_amounts: list[ProposedAmountIn] = Field(
        [],
        max_length=MAX_YEARS,
        description="For kind cofinancing_change (and only then): the new amounts of the "
        "years it changes, within the agreement's period; the other years keep theirs, "
        "and so does an omitted `money` or `hours` (at least one of the two per year).",
    )


class TransitionIn(Schema):
    to: StateCode = Field(
        ...,
        description="adopted (needs `meeting`), submitted (needs `board_meeting`), "
        "approved | rejected | postponed (need `reason`; from postponed also a later "
        "`board_meeting`), withdrawn (needs `reason`).",
    )
    reason: LongText = ""
    meeting: Id | None = Field(None, description="The network meeting that adopted it.")
    board_meeting: Id | None = None
    decided_on: Date | None = Field(None, description="The date of a decision; today if left out.")


class StepOut(Schema):
    from_state: StateCode | None = Field(..., description="null on the first line: drafted.")
    to_state: StateCode
    at: TimeOut
    by: str | None = Field(..., description="The name of who made the step, if known.")
    reason: str
    meeting: int | None
    board_meeting: int | None
    decided_on: Date | None


class RecommendationOut(Schema):
    id: int
    network: int
    kind: KindCode
    title: str
    background: str
    proposal: str
    consequence: str
    housing_areas: list[int]
    projects: list[int]
    allocation_lines: list[int]
    state: StateCode
    adopted_at_meeting: int | None
    board_meeting: int | None
    decision_reason: str
    decided_on: Date | None
    agreement: int | None = Field(..., description="The co-financing agreement it changes.")
    proposed_amounts: list[ProposedAmountOut]
    created_at: TimeOut
    updated_at: TimeOut


class ProposedChangeOut(Schema):
    year: int
    money_before: int | None = Field(..., description="null: the year had no amount.")
    hours_before: int | None
    money: int = Field(..., description="What the year gets: a kept value is the one before.")
    hours: int
    money_kept: bool = Field(..., description="The proposal keeps the agreement's kroner.")
    hours_kept: bool
    money_difference: int
    hours_difference: int


class RecommendationDetailOut(RecommendationOut):
    trail: list[StepOut] = Field(..., description="Every step, oldest first.")
    proposed_changes: list[ProposedChangeOut] = Field(
        ...,
        description="Each proposed year beside the agreement's amounts now (or, once the "
        "approval amended it, before that).",
    )
    amended_version: int | None = Field(
        ..., description="The agreement's version that the approval made."
    )


class BoardMeetingIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    plan: Annotated[str, Field(max_length=60)] = Field(..., description="The plan's short name.")
    date: Date
    deadline: Date | None = Field(None, description="14 days before `date` if left out.")
    title: one_line(BoardMeeting, "title") = ""
    place: one_line(BoardMeeting, "place") = ""


class BoardMeetingOut(Schema):
    id: int
    plan: str
    date: Date
    deadline: Date
    title: str
    place: str
    recommendations: list[int] = Field(..., description="Submitted for it, and decided there.")
