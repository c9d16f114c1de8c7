"""The personal link in the poll e-mail: answer yes / if need be / no per time, no account."""

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ressourcenet.lib.links import make_token
from ressourcenet.meetings.emails import INVITATION_LINK
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.scheduling.models import Answer, Poll
from ressourcenet.scheduling.tests.helpers import (
    HTMX,
    checked,
    give,
    make_scene,
    poll_path,
    radio_names,
    stored,
)


@pytest.fixture
def scene(network, member, volunteer):
    return make_scene(network, member, volunteer)


@pytest.fixture
def path(scene):
    """Vera's personal link."""
    return poll_path(scene.invitations["vera"])


def field(slot) -> str:
    return f"slot_{slot.pk}"


def test_link_shows_the_meeting_and_three_choices_per_time_without_login(client, scene, path):
    response = client.get(path)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Vera Frivillig" in content
    assert scene.meeting.title in content
    assert scene.meeting.why in content
    slots = [scene.morning, scene.evening, scene.late]
    assert radio_names(content) == [field(slot) for slot in slots]
    for slot in slots:
        for value in ("yes", "if_need_be", "no"):
            button = re.search(
                rf'<input type="radio" name="{field(slot)}" value="{value}"[^>]*>', content
            )
            assert 'class="form-radio"' in button.group(0)
    assert content.count('class="form-group-radio"') == 9
    assert checked(content) == {}


def test_earlier_answers_are_checked(client, scene, path):
    give(scene.vera, {scene.morning: "no", scene.late: "if_need_be"})

    content = client.get(path).content.decode()

    assert checked(content) == {field(scene.morning): "no", field(scene.late): "if_need_be"}


def test_answers_are_saved_and_the_page_thanks_and_keeps_them(client, scene, path):
    data = {
        field(scene.morning): "no",
        field(scene.evening): "yes",
        field(scene.late): "if_need_be",
    }

    response = client.post(path, data)

    assert response.status_code == 302
    assert response.url == path
    assert stored(scene.vera, scene.poll) == {
        scene.morning.pk: ("no", False),
        scene.evening.pk: ("yes", False),
        scene.late.pk: ("if_need_be", False),
    }
    page = client.get(path)
    assert [m.level_tag for m in page.context["messages"]] == ["success"]
    assert checked(page.content.decode()) == data


def test_answers_can_be_changed_while_the_poll_is_open(client, scene, path):
    give(scene.vera, {scene.morning: "yes", scene.evening: "no"})

    client.post(path, {field(scene.morning): "no", field(scene.evening): "yes"})

    assert stored(scene.vera, scene.poll) == {
        scene.morning.pk: ("no", False),
        scene.evening.pk: ("yes", False),
    }


def test_a_time_left_open_stores_nothing(client, scene, path):
    client.post(path, {field(scene.evening): "yes"})

    assert stored(scene.vera, scene.poll) == {scene.evening.pk: ("yes", False)}


def test_unknown_answer_is_refused_keeps_the_input_and_saves_nothing(client, scene, path):
    data = {field(scene.morning): "yes", field(scene.evening): "maybe"}

    response = client.post(path, data)

    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field(scene.evening)]
    assert checked(response.content.decode()) == {field(scene.morning): "yes"}
    assert not Answer.objects.exists()


def test_the_link_answers_only_for_its_own_invitee(client, scene, path):
    client.post(path, {field(scene.morning): "yes"})

    assert stored(scene.mads, scene.poll) == {}
    assert stored(scene.pia, scene.poll) == {}


def test_htmx_save_returns_the_answers_region_with_the_thanks(client, scene, path):
    response = client.post(path, {field(scene.evening): "yes"}, **HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="poll-answers"')
    with translation.override("da"):
        assert gettext("Thank you. Your answers are saved.") in content
    assert checked(content) == {field(scene.evening): "yes"}
    assert stored(scene.vera, scene.poll) == {scene.evening.pk: ("yes", False)}


def test_htmx_invalid_answer_returns_the_region_with_the_error(client, scene, path):
    response = client.post(path, {field(scene.evening): "maybe"}, **HTMX)

    assert response.status_code == 422
    assert "<html" not in response.content.decode()
    content = response.content.decode()
    assert 'data-module="error-summary"' in content
    # Its link leads to the first answer of the time it is about.
    assert f'<a href="#id_{field(scene.evening)}_0">' in content
    assert f'id="id_{field(scene.evening)}_0"' in content
    assert not Answer.objects.exists()


def close(poll: Poll) -> None:
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))


def test_closed_poll_shows_that_it_is_closed_and_no_form(client, scene, path):
    give(scene.vera, {scene.morning: "yes"})
    close(scene.poll)

    content = client.get(path).content.decode()

    assert "data-poll-closed" in content
    assert radio_names(content) == []


@pytest.mark.parametrize("closing", ["closed", "finalised", "cancelled"])
def test_answer_to_a_closed_poll_is_refused_and_nothing_changes(client, scene, path, closing):
    give(scene.vera, {scene.morning: "yes"})
    if closing == "closed":
        close(scene.poll)
    elif closing == "finalised":
        Poll.objects.filter(pk=scene.poll.pk).update(
            finalised_at=timezone.now(), chosen_slot=scene.evening
        )
    else:
        cancel_meeting(scene.meeting)

    response = client.post(path, {field(scene.morning): "no", field(scene.late): "yes"})

    assert response.status_code == 409
    assert radio_names(response.content.decode()) == []
    assert stored(scene.vera, scene.poll) == {scene.morning.pk: ("yes", False)}


def test_tampered_token_is_not_found(client, scene, path):
    token = path.split("/")[2]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.post(reverse("poll_answer", args=[tampered]), {field(scene.morning): "yes"})

    assert response.status_code == 404
    assert response.context["expired"] is False
    assert "Vera Frivillig" not in response.content.decode()
    assert not Answer.objects.exists()


def test_link_for_another_invitation_id_is_not_found(client, scene, path):
    _own_id, signature = path.split("/")[2].split(":", 1)
    other = scene.invitations["mads"]

    response = client.get(reverse("poll_answer", args=[f"{other.pk}:{signature}"]))

    assert response.status_code == 404
    assert "Mads Medlem" not in response.content.decode()


def test_the_invitation_link_does_not_open_the_poll(client, scene):
    token = make_token(INVITATION_LINK, scene.invitations["vera"].pk)

    assert client.get(reverse("poll_answer", args=[token])).status_code == 404


def test_link_older_than_sixty_days_has_expired(client, monkeypatch, scene):
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - 61 * 24 * 60 * 60)
    old_path = poll_path(scene.invitations["vera"])
    monkeypatch.setattr(signing.time, "time", lambda: now)

    response = client.post(old_path, {field(scene.morning): "yes"})

    assert response.status_code == 410
    assert response.context["expired"] is True
    assert not Answer.objects.exists()


def test_meeting_without_a_poll_is_not_found(client, scene, path):
    scene.poll.delete()

    assert client.get(path).status_code == 404


def test_withdrawn_invitation_is_not_found(client, scene, path):
    scene.invitations["vera"].delete()

    assert client.get(path).status_code == 404


def test_put_is_not_allowed(client, path):
    assert client.put(path).status_code == 405


def test_sending_no_answer_at_all_is_refused_and_saves_nothing(client, scene, path):
    from ressourcenet.scheduling.models import Answer

    response = client.post(path, {})

    assert response.status_code == 422
    assert not Answer.objects.exists()


def test_personal_poll_page_has_no_site_menu_and_no_log_in(client, scene, path):
    content = client.get(path).content.decode()

    assert 'class="navigation-menu site-menu"' not in content
    assert reverse("login") not in content
    assert field(scene.morning) in content
