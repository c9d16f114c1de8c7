"""/api/v1/meetings: plan a meeting, its agenda, roles and invitations, as on the pages.

Reading needs `can_see_meeting`, changing needs `can_manage_meeting`; every change goes
through meetings/services.py, which holds the rules.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from ressourcenet.accounts import permissions
from ressourcenet.api.common import LimitOffset, PageOf, lookup, lookup_each, nested, require
from ressourcenet.api.meeting_schemas import (
    AgendaIn,
    AgendaOut,
    DesignCheckOut,
    InvitationOut,
    InvitationsIn,
    InvitationsPage,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    RoleIn,
    RoleOut,
    RolesOut,
    SentOut,
)
from ressourcenet.api.types import Id
from ressourcenet.meetings import calendar, services
from ressourcenet.meetings.models import Invitation, Meeting, MeetingRole
from ressourcenet.networks.models import Network
from ressourcenet.scheduling.services import time_outcome

router = Router(tags=["meetings"])


def get_meeting(request: HttpRequest, meeting_id: Id, manage: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("network__plan"), pk=meeting_id)
    allowed = permissions.can_manage_meeting if manage else permissions.can_see_meeting
    require(allowed(request.auth, meeting), request)
    return meeting


def person_ref(person) -> dict | None:
    return None if person is None else {"id": person.pk, "name": person.name}


def meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "network": meeting.network_id,
        "title": meeting.title,
        "why": meeting.why,
        "purpose": meeting.purpose,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "location": meeting.location,
        "capture": meeting.capture,
        "invitations_sent_at": meeting.invitations_sent_at,
        "cancelled_at": meeting.cancelled_at,
    }


def agenda_out(meeting: Meeting, items=None) -> dict:
    return {
        "items": [
            {
                "id": item.pk,
                "kind": item.kind,
                "title": item.title,
                "minutes": item.minutes,
                "responsible": person_ref(item.responsible),
                "starts_at": item.starts_at,
                "ends_at": item.ends_at,
            }
            for item in services.agenda_with_times(meeting, items)
        ]
    }


def role_out(role: MeetingRole) -> dict:
    return {
        "id": role.pk,
        "person": person_ref(role.person),
        "role": role.role,
        "description": role.description,
        "label": role.label,
    }


def invitation_out(invitation: Invitation, meeting: Meeting) -> dict:
    delivery = services.delivery(invitation, meeting)
    return {
        "id": invitation.pk,
        "person": person_ref(invitation.person),
        "is_guest": invitation.is_guest,
        "answer": invitation.answer,
        "answered_at": invitation.answered_at,
        "attended": invitation.attended,
        "sent_at": invitation.sent_at,
        "delivery": delivery.state,
        "delivery_problem": delivery.problem or None,
        "retry_at": delivery.retry_at,
    }


# --- the meeting itself --------------------------------------------------------------


@router.get("/meetings", response=list[MeetingOut])
@paginate(LimitOffset)
def list_meetings(request: HttpRequest, network: Id | None = None):
    require(request.auth.is_authenticated, request)
    meetings = permissions.visible_meetings(request.auth, Meeting.objects.all())
    if network is not None:
        meetings = meetings.filter(network_id=network)
    # The model's order: by time, those without a time last.
    return PageOf(
        meetings.order_by(*Meeting._meta.ordering), lambda page: list(map(meeting_out, page))
    )


@router.post("/meetings", response={201: MeetingOut})
def create_meeting(request: HttpRequest, payload: MeetingIn):
    network = lookup(Network.objects.select_related("plan"), payload.network, "network")
    require(permissions.can_manage_network(request.auth, network), request)
    meeting = Meeting(network=network, **payload.dict(exclude={"network", "capture"}))
    meeting.capture = [str(code) for code in payload.capture]
    services.save_meeting(meeting)
    return Status(201, meeting_out(meeting))


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def get_meeting_detail(request: HttpRequest, meeting_id: Id):
    return meeting_out(get_meeting(request, meeting_id))


@router.patch("/meetings/{meeting_id}", response=MeetingOut)
def update_meeting(request: HttpRequest, meeting_id: Id, payload: MeetingPatch):
    meeting = get_meeting(request, meeting_id, manage=True)
    changed = []
    for field, value in payload.dict(exclude_unset=True).items():
        if field == "capture":
            value = [str(code) for code in value]
        # Only a real change counts: the same time sent again announces nothing.
        if getattr(meeting, field) != value:
            setattr(meeting, field, value)
            changed.append(field)
    services.save_meeting(meeting, changed=changed)
    return meeting_out(meeting)


@router.delete("/meetings/{meeting_id}", response={204: None})
def delete_meeting(request: HttpRequest, meeting_id: Id):
    """Delete a meeting; one whose invitations went out is cancelled instead, and kept."""
    meeting = get_meeting(request, meeting_id, manage=True)
    services.withdraw_meeting(meeting)
    return Status(204, None)


@router.get(
    "/meetings/{meeting_id}/calendar.ics",
    openapi_extra={
        "responses": {200: {"description": "An iCalendar file.", "content": {"text/calendar": {}}}}
    },
)
def meeting_calendar(request: HttpRequest, meeting_id: Id):
    meeting = get_meeting(request, meeting_id)
    if not meeting.has_time:
        raise Http404("The meeting's time is not decided yet.")
    response = HttpResponse(
        calendar.meeting_ics(meeting, settings.SITE_URL),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@router.get("/meetings/{meeting_id}/design-check", response=DesignCheckOut)
def design_check(request: HttpRequest, meeting_id: Id):
    meeting = get_meeting(request, meeting_id, manage=True)
    return services.design_check(meeting, time_outcome(meeting)).as_dict()


# --- agenda and roles ----------------------------------------------------------------


@router.get("/meetings/{meeting_id}/agenda", response=AgendaOut)
def get_agenda(request: HttpRequest, meeting_id: Id):
    return agenda_out(get_meeting(request, meeting_id))


@router.put("/meetings/{meeting_id}/agenda", response=AgendaOut)
def replace_agenda(request: HttpRequest, meeting_id: Id, payload: AgendaIn):
    """Replace the whole agenda; if one item is wrong, nothing is saved."""
    meeting = get_meeting(request, meeting_id, manage=True)
    responsible = lookup_each(
        services.people_around(meeting),
        {
            f"items.{index}.responsible": item.responsible
            for index, item in enumerate(payload.items)
            if item.responsible is not None
        },
        "person",
    )
    rows = [
        services.AgendaRow(
            kind=str(item.kind),
            title=item.title,
            minutes=item.minutes,
            responsible=responsible.get(f"items.{index}.responsible"),
        )
        for index, item in enumerate(payload.items)
    ]
    return agenda_out(meeting, services.set_agenda(meeting, rows))


@router.get("/meetings/{meeting_id}/roles", response=RolesOut)
def list_roles(request: HttpRequest, meeting_id: Id):
    meeting = get_meeting(request, meeting_id)
    return {"items": [role_out(r) for r in meeting.roles.select_related("person")]}


@router.post("/meetings/{meeting_id}/roles", response={201: RoleOut})
def add_role(request: HttpRequest, meeting_id: Id, payload: RoleIn):
    meeting = get_meeting(request, meeting_id, manage=True)
    person = lookup(services.people_around(meeting), payload.person, "person")
    role = services.add_role(meeting, person, str(payload.role), payload.description)
    return Status(201, role_out(role))


# --- invitations ---------------------------------------------------------------------


@router.get("/meetings/{meeting_id}/invitations", response=list[InvitationOut])
@paginate(LimitOffset)
def list_invitations(request: HttpRequest, meeting_id: Id):
    meeting = get_meeting(request, meeting_id, manage=True)
    invitations = services.with_delivery(meeting.invitations.select_related("person"))
    invitations = invitations.order_by("person__name", "id")
    return PageOf(invitations, lambda page: [invitation_out(i, meeting) for i in page])


@router.post("/meetings/{meeting_id}/invitations", response={201: InvitationsPage})
def invite(request: HttpRequest, meeting_id: Id, payload: InvitationsIn):
    """Invite members by id and guests by e-mail; answers the invitations this made."""
    meeting = get_meeting(request, meeting_id, manage=True)
    members = lookup_each(
        services.members_of(meeting),
        {f"people.{index}": pk for index, pk in enumerate(payload.people)},
        "person",
    )
    existing = set(meeting.invitations.values_list("id", flat=True))
    # The request's transaction commits even when an error answers it: roll back here.
    with transaction.atomic():
        services.invite_people(meeting, members.values())
        for index, guest in enumerate(payload.guests):
            try:
                services.invite_guest(
                    meeting,
                    guest.name,
                    guest.email,
                    guest.organisation,
                    guest.stakeholder_group,
                    by=request.auth,
                )
            except ValidationError as error:
                raise nested(error, f"guests.{index}") from None
    made = meeting.invitations.exclude(id__in=existing).select_related("person")
    made = made.order_by("person__name", "id")
    made = [invitation_out(i, meeting) for i in made]
    return Status(201, {"items": made, "count": len(made)})


@router.post("/meetings/{meeting_id}/invitations/send", response=SentOut)
def send_invitations(request: HttpRequest, meeting_id: Id):
    """E-mail the invitation, with a calendar file, to every invitee who is missing it.

    The first time that is everyone; after a failure it is exactly those whose e-mail could
    not be sent (see `delivery` on the invitations), so calling it twice sends nothing twice.
    """
    meeting = get_meeting(request, meeting_id, manage=True)
    outcome = services.send_invitations(meeting)
    return {"sent": outcome.sent, "failed": outcome.failed}
