"""The demo's outbox: e-mails kept instead of sent, readable by administrators only."""

import re

import pytest
from django.urls import reverse

from ressourcenet.accounts.models import OutboxMessage
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import make_meeting

NOT_ADMINISTRATORS = ["coordinator", "member", "board_member", "editor", "outsider"]


@pytest.fixture
def message(db) -> OutboxMessage:
    return OutboxMessage.objects.create(
        to="Vera Frivillig <vera@example.org>",
        subject="Invitation: Idéer til caféen",
        body="Kære Vera\n\nSvar her: https://ressourcenet.example/invitation/1:abc:def/\n",
        attachments=[{"filename": "invitation.ics", "mimetype": "text/calendar", "content": ""}],
    )


def test_administrator_sees_the_kept_e_mails_newest_first(login, admin_user, message):
    newer = OutboxMessage.objects.create(to="mads@example.org", subject="Aflyst: Jobmesse", body="")

    response = login(admin_user).get(reverse("outbox"))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [newer, message]
    content = response.content.decode()
    assert "Invitation: Idéer til caféen" in content
    assert "Vera Frivillig &lt;vera@example.org&gt;" in content
    assert reverse("outbox_message", args=[message.pk]) in content


def test_outbox_shows_fifty_e_mails_a_page(login, admin_user):
    OutboxMessage.objects.bulk_create(
        OutboxMessage(to="a@example.org", subject=f"Besked {n}", body="") for n in range(51)
    )
    client = login(admin_user)

    first = client.get(reverse("outbox"))
    second = client.get(reverse("outbox"), {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1


def test_administrator_reads_one_e_mail_with_its_links_clickable(login, admin_user, message):
    response = login(admin_user).get(reverse("outbox_message", args=[message.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Invitation: Idéer til caféen" in content
    assert '<a href="https://ressourcenet.example/invitation/1:abc:def/"' in content
    assert "invitation.ics" in content


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_no_one_but_administrators_may_read_the_outbox(request, login, role, message):
    client = login(request.getfixturevalue(role))

    assert client.get(reverse("outbox")).status_code == 403
    response = client.get(reverse("outbox_message", args=[message.pk]))
    assert response.status_code == 403
    assert "Kære Vera" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, message):
    for url in (reverse("outbox"), reverse("outbox_message", args=[message.pk])):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_unknown_e_mail_is_not_found(login, admin_user):
    assert login(admin_user).get(reverse("outbox_message", args=[999999])).status_code == 404


def test_outbox_rejects_post(login, admin_user, message):
    client = login(admin_user)

    assert client.post(reverse("outbox")).status_code == 405
    assert client.post(reverse("outbox_message", args=[message.pk])).status_code == 405


def test_sent_invitation_lands_in_the_outbox_with_a_working_answer_link(
    settings, login, admin_user, coordinator, network, volunteer, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"
    meeting = make_meeting(network)
    invitation = Invitation.objects.create(meeting=meeting, person=volunteer)

    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(reverse("invitations_send", args=["testby", meeting.pk]))

    kept = OutboxMessage.objects.get()
    assert kept.to == "Vera Frivillig <vera.frivillig@example.org>"
    assert [a["filename"] for a in kept.attachments] == ["invitation.ics"]
    admin = login(admin_user)
    assert (
        reverse("outbox_message", args=[kept.pk]) in admin.get(reverse("outbox")).content.decode()
    )
    content = admin.get(reverse("outbox_message", args=[kept.pk])).content.decode()
    (link,) = re.findall(r'<a href="([^"]*/invitation/[^"]*)"', content)
    assert link.startswith(f"{settings.SITE_URL}/invitation/{invitation.pk}:")
    response = login(None).post(link.removeprefix(settings.SITE_URL), {"answer": "yes"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "yes"
