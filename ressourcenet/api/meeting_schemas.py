"""Request and response bodies of the meeting endpoints (api/meetings.py)."""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema, model_validator

from ressourcenet.api.types import CopenhagenTime, Id, Minutes, Text, TimeOut, one_line
from ressourcenet.meetings.design import Status
from ressourcenet.meetings.models import AgendaItem, Capture, Invitation, Meeting, MeetingRole
from ressourcenet.people.models import Organisation, Person, StakeholderGroup


def inline_enum(choices) -> WithJsonSchema:
    """An enum's codes written out where it is used in the OpenAPI document.

    As a shared component it would be named after its class, and `MeetingRole.Role` would
    then replace `Membership.Role` under the one name "Role".
    """
    return WithJsonSchema({"type": "string", "enum": [str(choice) for choice in choices]})


RoleCode = Annotated[MeetingRole.Role, inline_enum(MeetingRole.Role)]
KindCode = Annotated[AgendaItem.Kind, inline_enum(AgendaItem.Kind)]
AnswerCode = Annotated[Invitation.Answer, inline_enum(Invitation.Answer)]
StatusCode = Annotated[Status, inline_enum(Status)]


MeetingTitle = one_line(Meeting, "title")
MeetingPlace = one_line(Meeting, "location")


class PersonRef(Schema):
    id: int
    name: str


# --- meetings -----------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    network: int
    title: str
    why: str
    purpose: str
    starts_at: TimeOut | None = Field(..., description="null while the time is not decided.")
    ends_at: TimeOut | None = Field(..., description="null while the time is not decided.")
    location: str
    capture: list[Capture]
    invitations_sent_at: TimeOut | None
    cancelled_at: TimeOut | None = Field(
        ..., description="A meeting whose invitations went out is cancelled, not deleted."
    )


class MeetingIn(Schema):
    # "   " is no title: strip, and the model's own check finds it blank.
    model_config = ConfigDict(str_strip_whitespace=True)

    network: Id
    title: MeetingTitle
    why: Text = ""
    purpose: Text = ""
    # Both left out (or null) while the time is not decided: a poll can find it.
    starts_at: CopenhagenTime | None = None
    ends_at: CopenhagenTime | None = None
    location: MeetingPlace = ""
    capture: list[Capture] = []


class MeetingPatch(Schema):
    """Only the fields sent are changed. None is no value: leave a field out to keep it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    # The defaults are not validated, so an explicit null is refused by the type.
    title: MeetingTitle = None
    why: Text = None
    purpose: Text = None
    starts_at: CopenhagenTime = None
    ends_at: CopenhagenTime = None
    location: MeetingPlace = None
    capture: list[Capture] = None


# --- agenda -------------------------------------------------------------------------


class AgendaItemIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    kind: KindCode
    title: one_line(AgendaItem, "title")
    minutes: Minutes
    responsible: Id | None = Field(None, description="A person id.")


class AgendaIn(Schema):
    items: list[AgendaItemIn] = Field(..., description="The whole agenda, in order.")


class AgendaItemOut(Schema):
    id: int
    kind: KindCode
    title: str
    minutes: int
    responsible: PersonRef | None
    # null while the meeting's time is not decided.
    starts_at: TimeOut | None
    ends_at: TimeOut | None


class AgendaOut(Schema):
    items: list[AgendaItemOut]


# --- roles --------------------------------------------------------------------------


class RoleIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    person: Id
    role: RoleCode
    description: one_line(MeetingRole, "description") = Field(
        "", description="Needed for the role `other`."
    )


class RoleOut(Schema):
    id: int
    person: PersonRef
    role: RoleCode
    description: str
    label: str


class RolesOut(Schema):
    items: list[RoleOut]


# --- invitations --------------------------------------------------------------------


class GuestIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: one_line(Person, "name")
    email: one_line(Person, "email")
    organisation: one_line(Organisation, "name", label=gettext_lazy("organisation")) = ""
    stakeholder_group: StakeholderGroup = StakeholderGroup.GUEST


class InvitationsIn(Schema):
    people: list[Id] = Field([], description="Ids of members of the meeting's network.")
    guests: list[GuestIn] = Field(
        [], description="Others, found again by e-mail or added as new people."
    )

    @model_validator(mode="after")
    def names_someone(self) -> "InvitationsIn":
        if not self.people and not self.guests:
            raise ValueError(_("Name at least one person or guest to invite."))
        return self


DeliveryCode = Literal["sent", "not_sent", "failed", "no_email"]


class InvitationOut(Schema):
    id: int
    person: PersonRef
    is_guest: bool
    answer: AnswerCode
    answered_at: TimeOut | None
    attended: bool | None
    sent_at: CopenhagenTime | None = Field(
        ..., description="When the invitation first reached the mail server."
    )
    delivery: DeliveryCode = Field(
        ...,
        description=(
            "Has the invitee received the meeting as it is now? `not_sent`: not yet, or on "
            "its way; `failed`: the last e-mail could not be sent (see `delivery_problem`)."
        ),
    )
    delivery_problem: str | None = Field(
        ..., description="Why the last e-mail could not be sent, in plain words."
    )
    retry_at: CopenhagenTime | None = Field(
        ..., description="When the failed e-mail is tried again by itself, if it is."
    )


class InvitationsPage(Schema):
    items: list[InvitationOut]
    count: int


class SentOut(Schema):
    sent: int = Field(..., description="How many e-mails the mail server accepted.")
    failed: int = Field(
        ...,
        description=(
            "How many could not be sent. They are recorded, retried when the problem may "
            "pass, and sending again reaches exactly those still missing."
        ),
    )


# --- design check -------------------------------------------------------------------


class RuleOut(Schema):
    code: str
    status: StatusCode
    message: str


class DesignCheckOut(Schema):
    score: int = Field(..., description="How many rules pass.")
    max: int
    rules: list[RuleOut]
