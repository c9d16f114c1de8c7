"""/api/v1/polls: ask the invitees when they can come, and fix the meeting's time.

Seeing a poll needs `can_see_meeting`; opening, recording answers for others, the
recommendation, reminders and the final choice need `can_manage_meeting`. Every change
goes through scheduling/services.py, which holds the rules; a closed poll or a second
poll for a meeting is a conflict (409, handled in api.py).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import ValidationError as SchemaError

from ressourcenet.accounts import permissions
from ressourcenet.api.common import BODY_LOC, error_loc, lookup, lookup_each, no_such, require
from ressourcenet.api.meeting_schemas import MeetingOut, SentOut
from ressourcenet.api.meetings import get_meeting, meeting_out, person_ref
from ressourcenet.api.scheduling_schemas import (
    AnswersIn,
    FinaliseIn,
    PersonAnswersOut,
    PollCreatedOut,
    PollIn,
    PollOut,
    TimeRecommendationOut,
)
from ressourcenet.api.types import Id
from ressourcenet.meetings import services as meeting_services
from ressourcenet.people.models import Person
from ressourcenet.scheduling import grid, services
from ressourcenet.scheduling.models import Poll, Slot

router = Router(tags=["scheduling"])

PERSON_LOC = ["path", "person_id"]


def load_poll(poll_id: Id) -> Poll:
    return get_object_or_404(Poll.objects.select_related("meeting__network__plan"), pk=poll_id)


def get_poll(request: HttpRequest, poll_id: Id, manage: bool = False) -> Poll:
    poll = load_poll(poll_id)
    allowed = permissions.can_manage_meeting if manage else permissions.can_see_meeting
    require(allowed(request.auth, poll.meeting), request)
    return poll


def get_poll_for_answers(request: HttpRequest, poll_id: Id, person_id: Id) -> Poll:
    """Those who manage the meeting answer for anyone; a user with a person, for that person."""
    poll = load_poll(poll_id)
    is_self = permissions.roles_of(request.auth).person_id == person_id
    require(is_self or permissions.can_manage_meeting(request.auth, poll.meeting), request)
    return poll


def slot_out(slot: Slot) -> dict:
    return {"id": slot.pk, "starts_at": slot.starts_at, "ends_at": slot.ends_at}


def answer_values(poll: Poll, person_ids=None) -> dict[int, dict[int, str]]:
    """{person id: {slot id: value}}, read as the page's answer grid reads them."""
    return {
        person_id: {slot_id: answer.value for slot_id, answer in answers.items()}
        for person_id, answers in grid.answers_by_person(poll, person_ids).items()
    }


def answer_errors(error: ValidationError) -> SchemaError:
    """The service's errors, pointing where the caller sent the value.

    The person is in the path. A slot id is a key of the `answers` object, so it stays a
    string in `loc`, as in the schema's own errors for a wrong answer.
    """
    if not hasattr(error, "error_dict"):
        error = ValidationError({NON_FIELD_ERRORS: error.messages})
    details = []
    for key, messages in error.message_dict.items():
        if key == "person":
            loc = PERSON_LOC
        elif key.startswith("answers."):
            loc = [*BODY_LOC, "answers", key.removeprefix("answers.")]
        else:
            loc = error_loc(key)
        details.append({"type": "value_error", "loc": loc, "msg": " ".join(messages)})
    return SchemaError(details)


@router.post("/meetings/{meeting_id}/poll", response={201: PollCreatedOut})
def open_poll(request: HttpRequest, meeting_id: Id, payload: PollIn):
    """Open a poll on the meeting's time and e-mail every invitee a personal link."""
    meeting = get_meeting(request, meeting_id, manage=True)
    key_persons = lookup_each(
        meeting_services.people_around(meeting),
        {f"key_persons.{index}": pk for index, pk in enumerate(payload.key_persons)},
        "person",
    )
    poll = services.open_poll(
        meeting,
        [(slot.starts_at, slot.ends_at) for slot in payload.slots],
        key_persons.values(),
        payload.closes_at,
    )
    return Status(201, {"id": poll.pk, "slots": [slot_out(s) for s in poll.slots.all()]})


# exclude_unset: the answers are left out, not null, for callers who may not see them.
@router.get("/polls/{poll_id}", response=PollOut, exclude_unset=True)
def get_poll_detail(request: HttpRequest, poll_id: Id):
    poll = get_poll(request, poll_id)
    data = {
        "id": poll.pk,
        "meeting": poll.meeting_id,
        "slots": [slot_out(s) for s in poll.slots.all()],
        "key_persons": [person_ref(p) for p in poll.key_persons.order_by("name", "id")],
        "closes_at": poll.closes_at,
        "is_open": poll.is_open,
        "chosen_slot": poll.chosen_slot_id,
    }
    if permissions.can_manage_meeting(request.auth, poll.meeting):
        answers = answer_values(poll)
        invitations = poll.meeting.invitations.select_related("person")
        data["answers"] = [
            {"person": person_ref(i.person), "answers": answers.get(i.person_id, {})}
            for i in invitations.order_by("person__name", "id")
        ]
    return data


@router.put("/polls/{poll_id}/answers/{person_id}", response=PersonAnswersOut)
def answer_poll(request: HttpRequest, poll_id: Id, person_id: Id, payload: AnswersIn):
    """Record one invitee's answers: by the invitee, or by a coordinator on their behalf."""
    poll = get_poll_for_answers(request, poll_id, person_id)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise answer_errors(ValidationError({"person": no_such("person", person_id)}))
    by_someone_else = permissions.roles_of(request.auth).person_id != person.pk
    try:
        services.answer_poll(poll, person, payload.answers, by_coordinator=by_someone_else)
    except ValidationError as error:
        raise answer_errors(error) from None
    return {
        "person": person_ref(person),
        "answers": answer_values(poll, [person.pk]).get(person.pk, {}),
    }


@router.get("/polls/{poll_id}/recommendation", response=TimeRecommendationOut)
def recommendation(request: HttpRequest, poll_id: Id):
    """Every slot, best first, by the five keys of scheduling/recommend.py."""
    poll = get_poll(request, poll_id, manage=True)
    found = grid.recommendation(poll)
    recommended = found.recommended
    return {
        "recommended_slot": recommended.slot.pk if recommended else None,
        "answered": found.turnout.answered,
        "invited": found.turnout.invited,
        "groups_not_heard_from": list(found.turnout.groups_not_heard),
        "areas_not_heard_from": list(found.turnout.areas_not_heard),
        "ranking": [
            {
                "slot": row.slot.pk,
                "label": row.label,
                "available": row.result.available,
                "yes": row.result.yes,
                "if_need_be": row.result.if_need_be,
                "key_persons_missing": list(row.result.key_persons_missing),
                "groups_missing": list(row.result.groups_missing),
                "areas_missing": list(row.result.areas_missing),
                "placed_below_fewer": row.below_fewer,
            }
            for row in found.rows
        ],
        "explanation": found.explanation,
    }


@router.post("/polls/{poll_id}/finalise", response=MeetingOut)
def finalise(request: HttpRequest, poll_id: Id, payload: FinaliseIn):
    """Give the meeting the chosen slot's time and send the invitations (or updates)."""
    poll = get_poll(request, poll_id, manage=True)
    slot = lookup(Slot.objects.all(), payload.slot, "slot")
    return meeting_out(services.finalise(poll, slot))


@router.post("/polls/{poll_id}/reminders", response=SentOut)
def send_reminders(request: HttpRequest, poll_id: Id):
    """E-mail the link again to every invitee who has not answered yet."""
    poll = get_poll(request, poll_id, manage=True)
    outcome = services.send_reminders(poll)
    return {"sent": outcome.sent, "failed": outcome.failed}
