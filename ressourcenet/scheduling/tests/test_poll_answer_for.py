"""The coordinator records answers given by phone, on an invitee's behalf."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.meetings.tests.conftest import MAY_NOT_MANAGE
from ressourcenet.scheduling.models import Answer, Poll
from ressourcenet.scheduling.tests.helpers import (
    checked,
    give,
    grid,
    make_scene,
    meeting_url,
    radio_names,
    stored,
)


@pytest.fixture
def scene(network, member, volunteer):
    return make_scene(network, member, volunteer)


def url(scene, person) -> str:
    return meeting_url("poll_answer_for", scene.meeting, person.pk)


def field(slot) -> str:
    return f"slot_{slot.pk}"


def test_the_form_shows_the_persons_earlier_answers(login, coordinator, scene):
    give(scene.vera, {scene.late: "if_need_be"})

    response = login(coordinator).get(url(scene, scene.vera))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Vera Frivillig" in content
    assert radio_names(content) == [field(s) for s in (scene.morning, scene.evening, scene.late)]
    assert checked(content) == {field(scene.late): "if_need_be"}


def test_answers_are_saved_as_recorded_by_the_coordinator(login, coordinator, scene):
    client = login(coordinator)
    give(scene.vera, {scene.late: "yes"})

    response = client.post(
        url(scene, scene.vera), {field(scene.morning): "no", field(scene.late): "if_need_be"}
    )

    assert response.status_code == 302
    assert response.url == meeting_url("poll_detail", scene.meeting)
    assert stored(scene.vera, scene.poll) == {
        scene.morning.pk: ("no", True),
        scene.late.pk: ("if_need_be", True),
    }
    page = client.get(response.url)
    assert (scene.vera.pk, ["no", "none", "if_need_be"]) in grid(page.content.decode())
    assert [m.level_tag for m in page.context["messages"]] == ["success"]


def test_unknown_answer_is_refused_keeps_the_input_and_saves_nothing(login, coordinator, scene):
    data = {field(scene.morning): "yes", field(scene.late): "perhaps"}

    response = login(coordinator).post(url(scene, scene.vera), data)

    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field(scene.late)]
    assert checked(response.content.decode()) == {field(scene.morning): "yes"}
    assert not Answer.objects.exists()


def test_someone_not_invited_has_no_answer_page(login, coordinator, scene):
    stranger = make_person("Svend Fremmed")
    client = login(coordinator)

    assert client.get(url(scene, stranger)).status_code == 404
    assert client.post(url(scene, stranger), {field(scene.late): "yes"}).status_code == 404
    assert not Answer.objects.exists()


def test_a_closed_poll_shows_no_form_and_refuses_answers(login, coordinator, scene):
    Poll.objects.filter(pk=scene.poll.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    client = login(coordinator)

    shown = client.get(url(scene, scene.vera))
    posted = client.post(url(scene, scene.vera), {field(scene.late): "yes"})

    assert shown.status_code == 200
    assert "data-poll-closed" in shown.content.decode()
    assert radio_names(shown.content.decode()) == []
    assert posted.status_code == 409
    assert not Answer.objects.exists()


def test_administrator_may_record_answers(login, admin_user, scene):
    login(admin_user).post(url(scene, scene.pia), {field(scene.evening): "yes"})

    assert stored(scene.pia, scene.poll) == {scene.evening.pk: ("yes", True)}


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_record_answers(request, login, role, scene):
    client = login(request.getfixturevalue(role))

    assert client.get(url(scene, scene.vera)).status_code == 403
    assert client.post(url(scene, scene.vera), {field(scene.late): "yes"}).status_code == 403
    assert not Answer.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, scene):
    response = client.post(url(scene, scene.vera), {field(scene.late): "yes"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Answer.objects.exists()


def test_put_is_not_allowed(login, coordinator, scene):
    assert login(coordinator).put(url(scene, scene.vera)).status_code == 405
