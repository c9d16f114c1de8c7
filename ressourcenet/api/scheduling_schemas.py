"""Request and response bodies of the poll endpoints (api/scheduling.py)."""

from typing import Annotated

from ninja import Field, Schema

from ressourcenet.api.meeting_schemas import PersonRef, inline_enum
from ressourcenet.api.types import CopenhagenTime, Id, TimeOut
from ressourcenet.people.models import StakeholderGroup
from ressourcenet.scheduling.models import Answer

AnswerValue = Annotated[Answer.Value, inline_enum(Answer.Value)]

# Slot id -> answer. JSON keys are strings; "12" is read as the slot with id 12.
AnswersBySlot = dict[Id, AnswerValue]


class SlotIn(Schema):
    starts_at: CopenhagenTime
    ends_at: CopenhagenTime


class PollIn(Schema):
    slots: list[SlotIn] = Field(..., description="The candidate times.")
    key_persons: list[Id] = Field(
        [],
        description="Ids of people who must be able to come (a speaker, a coordinator): "
        "members of the network or invitees. They are invited if they were not.",
    )
    closes_at: CopenhagenTime | None = Field(None, description="No closing time if left out.")


class SlotOut(Schema):
    id: int
    starts_at: TimeOut
    ends_at: TimeOut


class PollCreatedOut(Schema):
    id: int
    slots: list[SlotOut]


class PersonAnswersOut(Schema):
    person: PersonRef
    answers: AnswersBySlot = Field(..., description="Slot id -> answer; unanswered slots left out.")


class PollOut(Schema):
    id: int
    meeting: int
    slots: list[SlotOut]
    key_persons: list[PersonRef]
    closes_at: TimeOut | None
    is_open: bool
    chosen_slot: int | None
    answers: list[PersonAnswersOut] | None = Field(
        None, description="Every invitee's answers; left out unless the caller manages the meeting."
    )


class AnswersIn(Schema):
    answers: AnswersBySlot = Field(
        ...,
        description='Slot id -> "yes", "if_need_be" or "no". Slots left out keep their answer.',
    )


class RankedSlotOut(Schema):
    slot: int
    label: str = Field(..., description="The time as the poll page shows it, in your language.")
    available: int = Field(..., description="Answered yes or if need be.")
    yes: int
    if_need_be: int
    key_persons_missing: list[int] = Field(..., description="Ids of key persons who cannot come.")
    groups_missing: list[StakeholderGroup] = Field(
        ...,
        description="Stakeholder groups of which some have answered and none of those can come.",
    )
    areas_missing: list[int] = Field(
        ...,
        description="Ids of housing areas of which some have answered and none of those can come.",
    )
    placed_below_fewer: bool = Field(
        ...,
        description="Ranked below a slot where fewer can come, because more key persons cannot.",
    )


class TimeRecommendationOut(Schema):
    recommended_slot: int | None = Field(
        ..., description="The best slot; null while no one has answered."
    )
    answered: int = Field(..., description="Invitees who have answered at least one slot.")
    invited: int
    groups_not_heard_from: list[StakeholderGroup] = Field(
        ..., description="Stakeholder groups of which no invitee has answered yet."
    )
    areas_not_heard_from: list[int] = Field(
        ..., description="Ids of housing areas of which no invitee has answered yet."
    )
    ranking: list[RankedSlotOut] = Field(
        ...,
        description="Every slot, sorted by: fewest key persons unable to come, most able to "
        "come, most groups and areas among them, most yes, earliest.",
    )
    explanation: str


class FinaliseIn(Schema):
    slot: Id = Field(..., description="The id of the chosen slot.")
