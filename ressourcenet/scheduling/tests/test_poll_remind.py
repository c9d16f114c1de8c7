"""Reminders: an e-mail with the personal link to each invitee who has not answered."""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.meetings.tests.conftest import MAY_NOT_MANAGE, invite
from ressourcenet.people.models import StakeholderGroup
from ressourcenet.scheduling.models import Poll
from ressourcenet.scheduling.tests.helpers import give, make_scene, meeting_url


@pytest.fixture
def scene(network, member, volunteer):
    """Mads has answered one time; Vera and Pia nothing; Ulla nothing and has no e-mail."""
    scene = make_scene(network, member, volunteer)
    give(scene.mads, {scene.evening: "yes"})
    invite(scene.meeting, make_person("Ulla Uden Mail", StakeholderGroup.VOLUNTEER, email=""))
    return scene


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def _remind(client, scene):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(meeting_url("poll_remind", scene.meeting))

    return _remind


def test_reminders_reach_only_those_who_have_not_answered(
    login, coordinator, scene, remind, mailoutbox
):
    response = remind(login(coordinator), scene)

    assert response.status_code == 302
    assert response.url == meeting_url("poll_detail", scene.meeting)
    assert sorted(m.to[0].split(" <")[0] for m in mailoutbox) == [
        "Pia Professionel",
        "Vera Frivillig",
    ]
    for name in ("vera", "pia"):
        invitation = scene.invitations[name]
        (message,) = [m for m in mailoutbox if invitation.person.email in m.to[0]]
        assert f"/poll/{invitation.pk}:" in message.body


def test_the_page_says_how_many_reminders_went(login, coordinator, scene, remind):
    client = login(coordinator)
    remind(client, scene)

    page = client.get(meeting_url("poll_detail", scene.meeting))

    (message,) = page.context["messages"]
    assert message.level_tag == "success"
    assert "2" in message.message


def test_an_answer_by_phone_counts_as_an_answer(login, coordinator, scene, remind, mailoutbox):
    give(scene.vera, {scene.late: "no"}, by_coordinator=True)

    remind(login(coordinator), scene)

    assert [m.to[0].split(" <")[0] for m in mailoutbox] == ["Pia Professionel"]


def test_a_closed_poll_sends_no_reminders(login, coordinator, scene, remind, mailoutbox):
    Poll.objects.filter(pk=scene.poll.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    client = login(coordinator)

    response = remind(client, scene)

    assert response.status_code == 302
    assert mailoutbox == []
    page = client.get(meeting_url("poll_detail", scene.meeting))
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_administrator_may_remind(login, admin_user, scene, remind, mailoutbox):
    remind(login(admin_user), scene)

    assert len(mailoutbox) == 2


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_remind(request, login, role, scene, remind, mailoutbox):
    response = remind(login(request.getfixturevalue(role)), scene)

    assert response.status_code == 403
    assert mailoutbox == []


def test_anonymous_visitor_is_sent_to_log_in(client, scene, remind, mailoutbox):
    response = remind(client, scene)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert mailoutbox == []


def test_get_is_not_allowed(login, coordinator, scene, mailoutbox):
    assert login(coordinator).get(meeting_url("poll_remind", scene.meeting)).status_code == 405
    assert mailoutbox == []


def test_the_page_says_how_many_reminders_could_not_be_sent(
    login, coordinator, scene, remind, monkeypatch, mailoutbox
):
    real = EmailBackend.send_messages

    def refuse_pia(self, messages):
        if any("Pia" in to for message in messages for to in message.to):
            raise smtplib.SMTPRecipientsRefused({"pia": (550, b"No such user")})
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_pia)
    client = login(coordinator)

    remind(client, scene)

    assert [m.to[0].split(" <")[0] for m in mailoutbox] == ["Vera Frivillig"]
    (message,) = client.get(meeting_url("poll_detail", scene.meeting)).context["messages"]
    assert message.level_tag == "error"
    assert "1" in message.message
