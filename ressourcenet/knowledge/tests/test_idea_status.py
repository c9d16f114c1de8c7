"""Changing an idea's status with a reason, on its page: the history grows and the owner
is told by e-mail; the page says what happened to that e-mail."""

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import translation

from ressourcenet.knowledge import services
from ressourcenet.knowledge.models import Idea
from ressourcenet.knowledge.tests.conftest import HTMX
from ressourcenet.mail.models import OutgoingMessage


def url(idea) -> str:
    return reverse("idea_status", args=["testby", idea.pk])


def da(text: str, **values) -> str:
    with translation.override("da"):
        return translation.gettext(text) % values


@pytest.fixture
def owned(idea, volunteer):
    """The idea, owned by Vera (a member without a login)."""
    idea.owner = volunteer
    services.update_idea(idea)
    return idea


def page_messages(client, idea) -> list[str]:
    return [str(m) for m in client.get(idea.get_absolute_url()).context["messages"]]


def test_a_change_with_a_reason_is_saved_and_the_owner_told(
    login, coordinator, owned, volunteer, mailoutbox
):
    client = login(coordinator)

    response = client.post(url(owned), {"status": "being_tried", "reason": "Vi går i gang."})

    assert response.status_code == 302
    assert response.url == owned.get_absolute_url() + "#main-content"  # at the message, at the top
    owned.refresh_from_db()
    assert owned.status == "being_tried"
    last = owned.status_changes.last()
    assert (last.from_status, last.to_status, last.reason, last.changed_by) == (
        "new",
        "being_tried",
        "Vi går i gang.",
        coordinator,
    )
    assert [m.to for m in mailoutbox] == [[f"Vera Frivillig <{volunteer.email}>"]]
    assert OutgoingMessage.objects.get().status == OutgoingMessage.Status.SENT
    assert page_messages(client, owned) == [
        da("The status is changed."),
        da("%(name)s, who owns the idea, is told by e-mail.", name="Vera Frivillig"),
    ]


def test_without_an_owner_the_page_only_says_the_status_changed(
    login, coordinator, idea, mailoutbox
):
    client = login(coordinator)

    client.post(url(idea), {"status": "parked", "reason": "Vi venter."})

    assert mailoutbox == []
    assert page_messages(client, idea) == [da("The status is changed.")]


def test_an_owner_without_an_address_is_named_as_not_told(login, coordinator, owned, volunteer):
    volunteer.email = ""
    volunteer.save()
    client = login(coordinator)

    client.post(url(owned), {"status": "parked", "reason": "Vi venter."})

    assert page_messages(client, owned)[1] == da(
        "%(name)s, who owns the idea, has no e-mail address and was not told.",
        name="Vera Frivillig",
    )


def test_a_refused_e_mail_is_recorded_and_the_page_says_so(
    login, coordinator, owned, volunteer, monkeypatch
):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({volunteer.email: (550, b"No such user")})

    monkeypatch.setattr(LocmemBackend, "send_messages", refuse)
    client = login(coordinator)

    client.post(url(owned), {"status": "implemented", "reason": "Det kører."})

    assert Idea.objects.get(pk=owned.pk).status == "implemented"
    message = OutgoingMessage.objects.get()
    assert message.status == OutgoingMessage.Status.FAILED
    assert message.problem == OutgoingMessage.Problem.REFUSED
    (_changed, notice) = client.get(owned.get_absolute_url()).context["messages"]
    assert notice.level_tag == "error"
    assert "Vera Frivillig" in str(notice)


def test_htmx_swaps_the_history_and_reads_the_outcome_out(login, coordinator, owned):
    response = login(coordinator).post(
        url(owned), {"status": "being_tried", "reason": "Vi går i gang."}, **HTMX
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.strip().startswith('<section id="status"')
    assert "<html" not in content
    assert "Vi går i gang." in content
    assert "data-focus-here" in content and "data-announce" in content
    assert da("The status is changed.") in content
    # The new status is no choice in the fresh form.
    assert 'value="being_tried"' not in content and 'value="new"' in content
    assert Idea.objects.get(pk=owned.pk).status == "being_tried"


def test_a_change_without_a_reason_is_refused_by_its_field(login, coordinator, owned, mailoutbox):
    response = login(coordinator).post(url(owned), {"status": "implemented", "reason": " "})

    assert response.status_code == 422
    assert response.context["status_form"].errors["reason"]
    assert 'data-module="error-summary"' in response.content.decode()
    assert Idea.objects.get(pk=owned.pk).status == "new"
    assert owned.status_changes.count() == 1
    assert mailoutbox == []


def test_htmx_shows_the_refusal_in_place(login, coordinator, owned):
    response = login(coordinator).post(url(owned), {"status": "implemented"}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 422
    assert content.strip().startswith('<section id="status"')
    assert 'data-module="error-summary"' in content


def test_the_status_it_has_is_refused(login, coordinator, owned):
    response = login(coordinator).post(url(owned), {"status": "new", "reason": "Igen."})

    assert response.status_code == 422
    assert "status" in response.context["status_form"].errors
    assert owned.status_changes.count() == 1


@pytest.mark.parametrize("role", ["member", "board_member", "outsider"])
def test_readers_may_not_change_the_status(request, login, owned, role):
    response = login(request.getfixturevalue(role)).post(
        url(owned), {"status": "parked", "reason": "Nej."}
    )

    assert response.status_code == 403
    assert Idea.objects.get(pk=owned.pk).status == "new"


def test_the_owner_may_change_the_status_and_is_not_told_of_it(login, idea, member, mailoutbox):
    idea.owner = member.person
    services.update_idea(idea)

    response = login(member).post(url(idea), {"status": "implemented", "reason": "Færdig."})

    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == "implemented"
    assert mailoutbox == []


def test_the_status_by_get_is_sent_to_the_idea_s_page(login, coordinator, owned):
    # A reload of the form's error page, or a link: to the page where the form is.
    response = login(coordinator).get(url(owned))

    assert response.status_code == 303
    assert response.url == owned.get_absolute_url()
    assert owned.status_changes.count() == 1
