"""Request and response bodies of the idea endpoints (api/ideas.py)."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

from ressourcenet.api.meeting_schemas import PersonRef, inline_enum
from ressourcenet.api.types import Id, Text, TimeOut, one_line
from ressourcenet.knowledge.models import Idea, Tag
from ressourcenet.knowledge.services import MAX_TAGS

IdeaStatus = Annotated[Idea.Status, inline_enum(Idea.Status)]
IdeaTitle = one_line(Idea, "title", min_length=1)
TagName = one_line(Tag, "name", min_length=1)
# More than any plan has: a longer list is a mistake, not a choice.
MAX_AREAS = 50

TAGS_HELP = (
    "Words that group ideas across the networks. One tag per name in a plan, whatever the "
    "case: `Unge` and `unge` are one tag. No commas."
)


class IdeaIn(Schema):
    # "   " is no title: strip, and the title's minimum length refuses it.
    model_config = ConfigDict(str_strip_whitespace=True)

    title: IdeaTitle
    description: Text = ""
    network: Id
    meeting: Id | None = Field(
        None,
        description="The meeting it came out of: one of the network's, begun and not cancelled.",
    )
    housing_areas: list[Id] = Field(
        [], max_length=MAX_AREAS, description="Ids of the plan's areas."
    )
    tags: list[TagName] = Field([], max_length=MAX_TAGS, description=TAGS_HELP)
    owner: Id | None = Field(
        None, description="A person in the plan, told when the status changes."
    )
    status: IdeaStatus = Idea.Status.NEW
    public: bool = Field(False, description="May be shown to visitors who are not logged in.")


class IdeaPatch(Schema):
    """Only the fields sent are changed. `meeting` and `owner` may be null (none); for the
    others None is no value: leave a field out to keep it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    # The defaults are not validated, so an explicit null is refused by the type.
    title: IdeaTitle = None
    description: Text = None
    meeting: Id | None = None
    housing_areas: list[Id] = Field(None, max_length=MAX_AREAS)
    tags: list[TagName] = Field(None, max_length=MAX_TAGS, description=TAGS_HELP)
    owner: Id | None = None
    public: bool = None
    status: IdeaStatus = Field(
        None, description="A new status needs a `reason`; the owner is told by e-mail."
    )
    reason: Text = Field(None, description="Why the status changes. Needed with a new `status`.")


class StatusChangeOut(Schema):
    from_status: IdeaStatus | None = Field(
        ..., description="null on the first line: the idea was added."
    )
    to_status: IdeaStatus
    reason: str
    changed_at: TimeOut
    changed_by: str | None = Field(..., description="The name of who changed it, if known.")


class IdeaOut(Schema):
    id: int
    title: str
    description: str
    network: int
    meeting: int | None
    housing_areas: list[int]
    tags: list[str]
    owner: PersonRef | None
    status: IdeaStatus
    public: bool
    origin_table: str = Field(
        ...,
        description="Sent from a meeting's live board: the table or tables it was posted at. "
        "Empty otherwise.",
    )
    plus_ones: int | None = Field(
        ...,
        description="Sent from a meeting's live board: how many gave it +1 there (each "
        "participant once over merged posts). null otherwise.",
    )
    created_at: TimeOut
    updated_at: TimeOut


class IdeaDetailOut(IdeaOut):
    history: list[StatusChangeOut] = Field(..., description="The status history, oldest first.")
