"""/api/v1/networks/{id}/health: a network's dashboard as JSON; and an evaluation's
answer from a logged-in invitee who came, with their own API token (the personal link in
the e-mail is for the pages).

The figures are those of the page (evaluation/health.py): the network's coordinators,
the plan's board and administrators read them; `suggestions` is null unless the caller
is a coordinator of the network or an administrator. Nothing says who answered what:
nothing about a meeting's answers is given before its evaluation has closed, nor then
with fewer than `min_answers_for_averages` answers.
"""

from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from ressourcenet.accounts import permissions
from ressourcenet.api.common import require
from ressourcenet.api.types import Id, TimeOut, bounded_int, text
from ressourcenet.evaluation import services
from ressourcenet.evaluation.dashboard import as_json
from ressourcenet.evaluation.health import health_of
from ressourcenet.evaluation.models import RATING_MAX, RATING_MIN, SUGGESTION_MAX, Evaluation
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network

router = Router(tags=["health"])

Rating = bounded_int(RATING_MIN, RATING_MAX)
Suggestion = Annotated[text(Evaluation, "suggestion"), Field(max_length=SUGGESTION_MAX)]


class GroupCounts(Schema):
    group: str
    per_quarter: list[int] = Field(description="Attendees per quarter, in the order of `quarters`.")


class AreaCounts(Schema):
    area: str
    per_quarter: list[int] = Field(description="Attendees per quarter, in the order of `quarters`.")


class MeetingHealth(Schema):
    id: int
    title: str
    network: int
    starts_at: TimeOut
    quarter: str
    invited: int
    came: int
    attendance_recorded: bool
    share_came: float | None = Field(description="0 to 1; null until attendance is recorded.")
    newcomers: int = Field(description="Came to a meeting of this network for the first time.")
    returning: int
    evaluation_closes_at: TimeOut = Field(
        description="Answers are taken until then (`evaluation_days` after the meeting)."
    )
    evaluation_closed: bool
    answers: int | None = Field(
        description="Evaluations answered; null while the evaluation is open, and after it "
        "with fewer than `min_answers_for_averages` answers."
    )
    relevance: float | None = Field(description="Average, 1 to 5; null when `answers` is null.")
    time_well_spent: float | None


class TieOut(Schema):
    a: str = Field(
        description='A unit with its organisation ("PPR, Albertslund Kommune"), an '
        "organisation, or a stakeholder group without one."
    )
    b: str
    meetings: int = Field(description="Meetings at which people of both came.")
    first_quarter: str
    last_quarter: str


class QuarterTiesOut(Schema):
    quarter: str
    pairs: int
    new: int


class SuggestionsOut(Schema):
    meeting: int
    texts: list[str] = Field(
        description="Without names, in alphabetical order; only for closed evaluations with "
        "enough answers."
    )


class HealthFiguresOut(Schema):
    meetings_held: int
    invited: int = Field(description="Invitees of the held meetings with attendance recorded.")
    came: int
    share_came: float | None
    answers: int = Field(description="Answers shown: to closed evaluations with enough of them.")
    min_answers_for_averages: int
    evaluation_days: int = Field(description="How long after a meeting answers are taken.")
    quarters: list[str]
    attendance_by_group: list[GroupCounts]
    attendance_by_area: list[AreaCounts]
    meetings: list[MeetingHealth]
    ties: list[TieOut]
    ties_by_quarter: list[QuarterTiesOut]
    suggestions: list[SuggestionsOut] | None = Field(
        description="Only for the network's coordinators and administrators; else null."
    )


class EvaluationIn(Schema):
    relevance: Rating
    time_well_spent: Rating
    suggestion: Suggestion = ""


class EvaluationOut(Schema):
    meeting: int
    saved: bool


@router.get("/networks/{network_id}/health", response=HealthFiguresOut)
def network_health(request: HttpRequest, network_id: Id):
    network = get_object_or_404(Network.objects.select_related("plan"), pk=network_id)
    require(permissions.can_see_network_health(request.auth, network), request)
    with_suggestions = permissions.can_see_suggestions(request.auth, network)
    return as_json(health_of(network.meetings.all(), with_suggestions), with_suggestions)


@router.post("/meetings/{meeting_id}/evaluation", response={201: EvaluationOut})
def post_evaluation(request: HttpRequest, meeting_id: Id, payload: EvaluationIn):
    """The caller's own answer, once; 403 for who was not invited; 409 when they have
    answered already or cannot evaluate the meeting (not held yet, cancelled, they did
    not come, or the evaluation has closed)."""
    meeting = get_object_or_404(Meeting.objects.select_related("network__plan"), pk=meeting_id)
    invitation = permissions.own_invitation(request.auth, meeting)
    require(invitation is not None, request)
    invitation.meeting = meeting
    services.submit(invitation, payload.relevance, payload.time_well_spent, payload.suggestion)
    return Status(201, {"meeting": meeting.pk, "saved": True})
