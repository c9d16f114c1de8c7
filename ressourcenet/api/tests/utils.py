"""Small helpers shared by the API tests."""

from datetime import date, datetime, timedelta

from django.core.mail import EmailMessage
from django.http import HttpResponse
from django.test import Client
from icalendar import Calendar

# Role names are the shared fixtures' names, for `client_as`; "anonymous" sends no token.
ROLES = ("admin_user", "coordinator", "member", "board_member", "editor", "outsider", "anonymous")


def refusal_status(role: str) -> int:
    """What a refused caller gets: 401 without a token, 403 with one."""
    return 401 if role == "anonymous" else 403


def post_json(client: Client, url: str, data: dict) -> HttpResponse:
    return client.post(url, data, content_type="application/json")


def patch_json(client: Client, url: str, data: dict) -> HttpResponse:
    return client.patch(url, data, content_type="application/json")


def put_json(client: Client, url: str, data: dict) -> HttpResponse:
    return client.put(url, data, content_type="application/json")


def error_locs(response: HttpResponse) -> list[list[str]]:
    """The `loc` of every error in a 422 answer."""
    assert response.status_code == 422, response.content
    return [error["loc"] for error in response.json()["detail"]]


def calendar_attachment(message: EmailMessage) -> Calendar:
    """The one text/calendar file attached to an e-mail, parsed."""
    [ics] = [a for a in message.attachments if a.mimetype.startswith("text/calendar")]
    return Calendar.from_ical(ics.content)


def the_event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def spring_forward_and_autumn_fold() -> tuple[datetime, datetime]:
    """02:30 on the last Sunday of March and October, next year: skipped, then shown twice."""
    year = date.today().year + 1

    def last_sunday(month: int) -> date:
        day = date(year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    return (
        datetime.combine(last_sunday(3), datetime.min.time()).replace(hour=2, minute=30),
        datetime.combine(last_sunday(10), datetime.min.time()).replace(hour=2, minute=30),
    )
