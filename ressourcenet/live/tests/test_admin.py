"""The live mode in Django's admin: sessions with their tables and participants, ideas
with their +1s; shown, not changed or deleted; hidden only through the board's service."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from ressourcenet.live import services
from ressourcenet.live.models import LiveIdea, LiveSession
from ressourcenet.live.tests.conftest import phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(live):
    """Two ideas, one with a +1 from Bo; Aisha and Bo joined by code."""
    phone(live, "Aisha")
    phone(live, "Bo")
    aisha, bo = live.participants.order_by("pk")
    tables = list(live.tables.all())
    soup = services.post_idea(live, aisha, tables[0], "Suppe i glas til 25 kr")
    cake = services.post_idea(live, bo, tables[1], "Kagedag med beboerne")
    services.plus_one(soup, bo)
    return soup, cake


def test_the_session_shows_its_tables_and_participants_but_no_tokens(
    login, admin_user, live, board
):
    client = login(admin_user)

    listing = client.get(reverse("admin:live_livesession_changelist"))
    page = client.get(reverse("admin:live_livesession_change", args=[live.pk]))

    assert listing.status_code == 200 and live.code in listing.content.decode()
    content = page.content.decode()
    assert page.status_code == 200
    for table in live.tables.all():
        assert table.name in content
    assert "Aisha" in content and "Bo" in content
    for participant in live.participants.all():
        assert participant.token not in content
    assert 'name="code"' not in content  # read-only


def test_ideas_are_listed_with_their_plus_ones_and_filtered_by_hidden(
    login, admin_user, live, board
):
    soup, cake = board
    services.hide(cake, admin_user)
    client = login(admin_user)
    url = reverse("admin:live_liveidea_changelist")

    shown = client.get(url, {"hidden__exact": "0"}).content.decode()
    hidden = client.get(url, {"hidden__exact": "1"}).content.decode()

    assert soup.text in shown and cake.text not in shown
    assert cake.text in hidden and soup.text not in hidden
    assert 'class="field-plus_one_count">1<' in shown


def test_participants_are_not_found_by_name(login, admin_user, live, board):
    client = login(admin_user)

    by_name = client.get(reverse("admin:live_liveidea_changelist"), {"q": "Aisha"})
    by_text = client.get(reverse("admin:live_liveidea_changelist"), {"q": "Suppe"})

    assert "Suppe i glas" not in by_name.content.decode()
    assert "Suppe i glas" in by_text.content.decode()


def test_the_hide_action_hides_through_the_service_and_the_board_changes(
    login, admin_user, live, board
):
    soup, cake = board
    version = LiveSession.objects.get().version

    response = login(admin_user).post(
        reverse("admin:live_liveidea_changelist"),
        {"action": "hide_ideas", ACTION_CHECKBOX_NAME: [soup.pk]},
    )

    assert response.status_code == 302
    assert list(LiveIdea.objects.filter(hidden=True)) == [soup]
    assert LiveSession.objects.get().version == version + 1


def test_nothing_is_added_changed_or_deleted_one_by_one(login, admin_user, live, board):
    soup, _cake = board
    client = login(admin_user)

    assert client.get(reverse("admin:live_livesession_add")).status_code == 403
    assert client.get(reverse("admin:live_liveidea_add")).status_code == 403
    post = client.post(
        reverse("admin:live_liveidea_change", args=[soup.pk]), {"text": "Reklame", "hidden": "on"}
    )
    assert post.status_code == 403
    assert client.post(reverse("admin:live_liveidea_delete", args=[soup.pk])).status_code == 403
    soup.refresh_from_db()
    assert (soup.text, soup.hidden) == ("Suppe i glas til 25 kr", False)


def test_a_session_is_not_deleted_here_but_after_30_days(login, admin_user, live, board):
    client = login(admin_user)

    response = client.post(
        reverse("admin:live_livesession_delete", args=[live.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert LiveSession.objects.exists() and LiveIdea.objects.count() == 2


def test_the_idea_list_asks_the_same_number_of_queries_for_more_ideas(
    login, admin_user, live, board, django_assert_max_num_queries
):
    client = login(admin_user)
    url = reverse("admin:live_liveidea_changelist")
    client.get(url)
    participant = live.participants.first()
    for n in range(30):
        idea = services.post_idea(live, participant, live.tables.first(), f"Idé {n}")
        services.plus_one(idea, participant)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:live_livesession_changelist")).status_code == 200
