"""The live pages: join by code, the phone board and its poll, the projector, the
facilitator's controls on the meeting page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.accounts.models import RateLimit
from ressourcenet.live import services
from ressourcenet.live.models import LiveIdea, LiveParticipant, LiveSession
from ressourcenet.live.tests.conftest import phone
from ressourcenet.meetings.emails import answer_url
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import answer_path

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def board_url(live) -> str:
    return reverse("live_board", args=[live.code])


def projector_url(meeting) -> str:
    return reverse("live_projector", args=[meeting.network.plan.slug, meeting.pk])


def test_code_box_sends_on_to_the_code(db):
    response = Client().get("/m/?code=4k 7p")
    assert response.status_code == 302
    assert response["Location"] == "/m/4K7P"
    assert Client().get("/m/").status_code == 200


def test_join_with_a_first_name_then_board(live):
    client = Client()
    page = client.get(f"/m/{live.code}")
    assert page.status_code == 200
    assert 'name="name"' in page.content.decode()
    response = client.post(f"/m/{live.code}", {"name": " Aisha "})
    assert response["Location"] == board_url(live)
    assert LiveParticipant.objects.get().name == "Aisha"
    # Coming back goes straight to the board.
    assert client.get(f"/m/{live.code}")["Location"] == board_url(live)


def test_join_lowercase_code_redirects_to_the_code(live):
    assert Client().get(f"/m/{live.code.lower()}")["Location"] == f"/m/{live.code}"


def test_join_without_a_name_is_refused(live):
    response = Client().post(f"/m/{live.code}", {"name": "\x00"})
    assert response.status_code == 422
    assert not LiveParticipant.objects.exists()


def test_invitee_through_personal_link_is_recognised(live, meeting, volunteer):
    invitation = Invitation.objects.create(meeting=meeting, person=volunteer)
    token = answer_url(invitation).rstrip("/").rsplit("/", 1)[-1]
    client = Client()
    response = client.get(f"/m/{live.code}?link={token}")
    assert response["Location"] == board_url(live)
    assert LiveParticipant.objects.get().invitation == invitation


def test_a_removed_personal_link_is_not_recognised(live, meeting, volunteer):
    # `ressourcenet retention` removed it: the invitation was never answered.
    invitation = Invitation.objects.create(
        meeting=meeting, person=volunteer, link_revoked_at=timezone.now()
    )
    token = answer_url(invitation).rstrip("/").rsplit("/", 1)[-1]
    response = Client().get(f"/m/{live.code}?link={token}")
    # Not let in by the link: the page asks for a first name, like anyone's with the code.
    assert response.status_code == 200
    assert 'name="name"' in response.content.decode()
    assert not LiveParticipant.objects.exists()


def test_invitation_page_links_to_the_live_board(live, meeting, volunteer):
    invitation = Invitation.objects.create(meeting=meeting, person=volunteer)
    client = Client()
    page = client.get(answer_path(invitation))
    content = page.content.decode()
    assert f"/m/{live.code}?link=" in content
    link = content.split(f'href="/m/{live.code}?link=', 1)[1].split('"', 1)[0]
    assert client.get(f"/m/{live.code}?link={link}")["Location"] == board_url(live)
    assert LiveParticipant.objects.get().invitation == invitation


def test_logged_in_invitee_is_recognised(live, meeting, member, login):
    invitation = Invitation.objects.create(meeting=meeting, person=member.person)
    assert login(member).get(f"/m/{live.code}")["Location"] == board_url(live)
    assert LiveParticipant.objects.get().invitation == invitation


def test_unknown_code_is_a_friendly_404_and_counted(db):
    response = Client().get("/m/QQQQ")
    assert response.status_code == 404
    assert da("The code was not found") in response.content.decode()
    assert RateLimit.objects.filter(key__startswith="live-code-ip").exists()


def test_guessing_codes_is_throttled_per_ip(db, settings):
    settings.LIVE_CODE_MISSES_PER_IP = 3
    client = Client()
    for _ in range(3):
        client.get("/m/QQQQ")
    assert client.get("/m/QQQQ").status_code == 429


def test_expired_code_says_the_meeting_is_over(live, meeting):
    meeting.starts_at -= timedelta(hours=5)
    meeting.ends_at -= timedelta(hours=5)
    meeting.save()
    response = Client().get(f"/m/{live.code}")
    assert response.status_code == 410
    assert da("The meeting is over") in response.content.decode()


def test_board_needs_a_participant(live):
    assert Client().get(board_url(live))["Location"] == f"/m/{live.code}"


def test_post_an_idea_to_the_chosen_table(live):
    client = phone(live)
    table = live.tables.all()[1]
    client.post(reverse("live_table", args=[live.code]), {"table": table.pk})
    response = client.post(reverse("live_idea_post", args=[live.code]), {"text": "Suppe"})
    assert response.status_code == 302
    idea = LiveIdea.objects.get()
    assert (idea.table, idea.participant.name) == (table, "Aisha")


def test_idea_without_a_table_is_refused(live):
    client = phone(live)
    client.post(reverse("live_idea_post", args=[live.code]), {"text": "Suppe"})
    assert not LiveIdea.objects.exists()


def test_table_of_another_session_is_refused(live, network, coordinator):
    client = phone(live)
    client.post(reverse("live_table", args=[live.code]), {"table": "99999999999999999999"})
    assert LiveParticipant.objects.get().table is None


def test_too_long_idea_gets_422_with_a_danish_message(live):
    client = phone(live)
    client.post(reverse("live_table", args=[live.code]), {"table": live.tables.first().pk})
    response = client.post(reverse("live_idea_post", args=[live.code]), {"text": "x" * 281})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()
    assert not LiveIdea.objects.exists()


def test_ideas_are_shown_escaped(live):
    services.post_idea(live, None, live.tables.first(), "<script>alert(1)</script>")
    content = phone(live).get(board_url(live)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert escape("<script>alert(1)</script>") in content


def test_plus_one_from_a_phone_and_hidden_idea_404(live, coordinator):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    client = phone(live)
    url = reverse("live_plus_one", args=[live.code, idea.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert idea.plus_ones.count() == 1
    services.hide(idea, coordinator)
    assert client.post(url).status_code == 404


def test_code_joiner_cannot_hide(live):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    response = phone(live).post(reverse("live_hide", args=[live.code, idea.pk]))
    assert response["Location"].startswith(reverse("login"))
    assert not LiveIdea.objects.get().hidden


def test_hiding_without_a_login_tells_nothing_about_the_code(live):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    known = Client().post(reverse("live_hide", args=[live.code, idea.pk]))
    unknown = Client().post(reverse("live_hide", args=["QQQQ", idea.pk]))
    assert (unknown.status_code, unknown["Location"].split("?")[0]) == (
        known.status_code,
        known["Location"].split("?")[0],
    )
    assert not LiveIdea.objects.get().hidden


def test_coordinator_hides_from_the_projector(live, meeting, coordinator, login):
    idea = services.post_idea(live, None, live.tables.first(), "Reklame")
    client = login(coordinator)
    page = client.get(projector_url(meeting)).content.decode()
    assert reverse("live_hide", args=[live.code, idea.pk]) in page
    response = client.post(reverse("live_hide", args=[live.code, idea.pk]), {"back": "projector"})
    assert response["Location"] == projector_url(meeting)
    assert LiveIdea.objects.get().hidden
    assert "Reklame" not in client.get(projector_url(meeting)).content.decode()


def test_poll_answers_304_while_nothing_changed(live):
    client = phone(live)
    first = client.get(board_url(live), **HTMX)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(board_url(live), HTTP_IF_NONE_MATCH=etag, **HTMX)
    assert again.status_code == 304
    services.post_idea(live, None, live.tables.first(), "Suppe")
    changed = client.get(board_url(live), HTTP_IF_NONE_MATCH=etag, **HTMX)
    assert changed.status_code == 200
    assert "Suppe" in changed.content.decode()
    assert "<html" not in changed.content.decode()
    whole = client.get(board_url(live), HTTP_IF_NONE_MATCH=changed["ETag"])
    assert whole.status_code == 200
    assert "ETag" not in whole
    assert whole["Cache-Control"] == "no-store"


def test_poll_costs_a_constant_number_of_queries(live, django_assert_max_num_queries):
    client = phone(live)
    client.get(board_url(live), **HTMX)  # the session row is read and cached once
    for n in range(40):
        idea = services.post_idea(live, None, live.tables.all()[n % 3], f"Idé {n}")
        services.plus_one(idea, services.join(live, name=f"P{n}"))
    with django_assert_max_num_queries(8):
        assert client.get(board_url(live), **HTMX).status_code == 200
    etag = client.get(board_url(live), **HTMX)["ETag"]
    with django_assert_max_num_queries(6):
        assert client.get(board_url(live), HTTP_IF_NONE_MATCH=etag, **HTMX).status_code == 304


def test_projector_shows_why_code_qr_and_ideas(live, meeting, coordinator, login, settings):
    settings.SITE_URL = "https://ressourcenet.example"
    services.post_idea(live, None, live.tables.first(), "Suppe")
    content = login(coordinator).get(projector_url(meeting)).content.decode()
    assert meeting.why in content
    assert live.code in content
    assert f"ressourcenet.example/m/{live.code}" in content
    assert "<svg" in content
    assert "Suppe" in content
    assert "Idéværksted" in content


@pytest.mark.parametrize("who", ["editor", "outsider"])
def test_projector_is_for_those_who_see_the_meeting(live, meeting, who, request, login):
    user = request.getfixturevalue(who)
    assert login(user).get(projector_url(meeting)).status_code == 403


def test_meeting_page_starts_and_ends_the_live_mode(meeting, coordinator, login):
    client = login(coordinator)
    page = client.get(meeting.get_absolute_url()).content.decode()
    start = reverse("live_start", args=[meeting.network.plan.slug, meeting.pk])
    assert start in page
    assert client.post(start)["Location"] == projector_url(meeting)
    session = LiveSession.objects.get()
    assert session.code in client.get(meeting.get_absolute_url()).content.decode()
    client.post(reverse("live_end", args=[meeting.network.plan.slug, meeting.pk]))
    session.refresh_from_db()
    assert session.ended_at is not None


def test_member_sees_no_start_button_and_may_not_start(meeting, member, login):
    client = login(member)
    start = reverse("live_start", args=[meeting.network.plan.slug, meeting.pk])
    assert start not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.post(start).status_code == 403
    assert not LiveSession.objects.exists()


def test_start_too_early_shows_why(meeting, coordinator, login):
    meeting.starts_at = timezone.now() + timedelta(days=2)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.save()
    client = login(coordinator)
    start = reverse("live_start", args=[meeting.network.plan.slug, meeting.pk])
    assert start not in client.get(meeting.get_absolute_url()).content.decode()
    response = client.post(start, follow=True)
    assert not LiveSession.objects.exists()
    assert response.status_code == 200


def qr_path(live) -> str:
    return reverse("live_qr", args=[live.code]) + f"?k={services.code_key(live.code)}"


def test_qr_code_is_svg(live):
    response = Client().get(qr_path(live))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_qr_code_without_its_key_tells_nothing_about_the_code(live):
    for path in (
        reverse("live_qr", args=[live.code]),
        reverse("live_qr", args=[live.code]) + "?k=" + "0" * 24,
        reverse("live_qr", args=["QQQQ"]),
        reverse("live_qr", args=["QQQQ"]) + f"?k={services.code_key(live.code)}",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(path)
        assert response.status_code == 404, path
        # Not even looked up: no answer and no timing depends on the code.
        assert not [q for q in queries.captured_queries if "live_livesession" in q["sql"]]


def test_qr_code_of_a_meeting_that_is_over_is_410(live, meeting):
    meeting.starts_at -= timedelta(hours=5)
    meeting.ends_at -= timedelta(hours=5)
    meeting.save()
    assert Client().get(qr_path(live)).status_code == 410


def test_the_projector_qr_link_carries_the_key(live, meeting, coordinator, login):
    page = login(coordinator).get(projector_url(meeting)).content.decode()
    assert "live-qr" in page
    assert services.code_key(live.code) not in page.split("live-qr", 1)[1].split("</svg>")[0]
    from ressourcenet.live.views import keyed_join_url

    assert keyed_join_url(live).endswith(f"/m/{live.code}?k={services.code_key(live.code)}")


# --- one person typing wrong codes does not lock the room out ----------------------------


@pytest.fixture
def blocked(settings):
    """This address typed too many wrong codes."""
    settings.LIVE_CODE_MISSES_PER_IP = 3
    client = Client()
    for _ in range(3):
        assert client.get("/m/QQQQ").status_code == 404
    assert client.get("/m/QQQQ").status_code == 429
    return client


def test_while_blocked_a_right_code_alone_gets_the_same_429(live, blocked):
    response = Client().get(f"/m/{live.code}")
    assert response.status_code == 429
    assert da("Too many attempts") in response.content.decode()
    assert Client().post(f"/m/{live.code}", {"name": "Bo"}).status_code == 429
    assert not LiveParticipant.objects.exists()


def test_while_blocked_the_qr_link_still_joins(live, blocked):
    client = Client()
    key = services.code_key(live.code)
    page = client.get(f"/m/{live.code}?k={key}")
    assert page.status_code == 200
    assert f'name="k" value="{key}"' in page.content.decode()
    response = client.post(f"/m/{live.code}", {"name": "Aisha", "k": key})
    assert response["Location"] == board_url(live)
    # From then on the phone is known by its session.
    assert client.get(board_url(live)).status_code == 200
    # A wrong key is no key.
    assert Client().get(f"/m/{live.code}?k={'0' * 24}").status_code == 429


def test_a_phone_shown_the_form_before_a_block_finishes_joining(live, settings):
    """The code typed (no QR key); a neighbour on the same address then mistypes codes."""
    client = Client()
    page = client.get(f"/m/{live.code}").content.decode()
    key = re.search(r'name="k" value="([0-9a-f]+)"', page).group(1)
    settings.LIVE_CODE_MISSES_PER_IP = 3
    for _ in range(4):
        Client().get("/m/QQQQ")
    assert Client().get(f"/m/{live.code}").status_code == 429
    response = client.post(f"/m/{live.code}", {"name": "Aisha", "k": key})
    assert response["Location"] == board_url(live)


def test_while_blocked_a_phone_that_joined_goes_on(live, settings):
    client = phone(live)
    settings.LIVE_CODE_MISSES_PER_IP = 3
    for _ in range(4):
        client.get("/m/QQQQ")
    assert Client().get(f"/m/{live.code}").status_code == 429
    assert client.get(board_url(live)).status_code == 200
    assert client.get(board_url(live), **HTMX).status_code == 200


def test_while_blocked_who_may_see_the_meeting_gets_in(live, meeting, coordinator, login, blocked):
    assert login(coordinator).get(f"/m/{live.code}").status_code == 200


def test_while_blocked_an_invitee_link_gets_in(live, meeting, volunteer, blocked):
    invitation = Invitation.objects.create(meeting=meeting, person=volunteer)
    token = answer_url(invitation).rstrip("/").rsplit("/", 1)[-1]
    assert Client().get(f"/m/{live.code}?link={token}")["Location"] == board_url(live)


def test_the_block_is_shorter_and_later_than_before(settings):
    # A room shares one address: 20 misses locked it out for 15 minutes.
    assert settings.LIVE_CODE_MISSES_PER_IP >= 30
    assert settings.LIVE_CODE_BLOCK_MINUTES <= 10


def test_ipv6_addresses_are_counted_per_64(live, settings):
    settings.LIVE_CODE_MISSES_PER_IP = 3
    for n in range(3):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1}").get("/m/QQQQ")
    assert Client(REMOTE_ADDR="2001:db8:1:2::99").get("/m/QQQQ").status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").get("/m/QQQQ").status_code == 404


# --- joining: capped per address, an invitee is one participant --------------------------


def test_joining_by_name_is_capped_per_address(live, settings):
    settings.LIVE_JOINS_PER_IP = 3
    for n in range(3):
        phone(live, f"P{n}")
    response = Client().post(f"/m/{live.code}", {"name": "P3"})
    assert response.status_code == 429
    assert da("Too many attempts") in response.content.decode()
    assert LiveParticipant.objects.count() == 3
    # Another address is counted apart; so is another board.
    assert (
        Client(REMOTE_ADDR="192.0.2.9").post(f"/m/{live.code}", {"name": "P4"}).status_code == 302
    )


def test_an_invitee_is_one_participant_on_every_device(live, meeting, volunteer):
    invitation = Invitation.objects.create(meeting=meeting, person=volunteer)
    token = answer_url(invitation).rstrip("/").rsplit("/", 1)[-1]
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    for _ in range(3):
        client = Client()
        client.get(f"/m/{live.code}?link={token}")
        client.post(reverse("live_plus_one", args=[live.code, idea.pk]))
    assert LiveParticipant.objects.count() == 1
    assert idea.plus_ones.count() == 1


def test_projector_poll_costs_a_constant_number_of_queries(
    live, meeting, coordinator, login, django_assert_max_num_queries
):
    client = login(coordinator)
    for n in range(40):
        idea = services.post_idea(live, None, live.tables.all()[n % 3], f"Idé {n}")
        services.plus_one(idea, services.join(live, name=f"P{n}"))
    client.get(projector_url(meeting), **HTMX)
    with django_assert_max_num_queries(14):
        response = client.get(projector_url(meeting), **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    with django_assert_max_num_queries(10):
        again = client.get(projector_url(meeting), HTTP_IF_NONE_MATCH=response["ETag"], **HTMX)
    assert again.status_code == 304


def test_the_projector_and_the_board_follow_the_time_keepers_clock(
    live, meeting, coordinator, login
):
    from ressourcenet.meetings import clock
    from ressourcenet.meetings.models import AgendaItem

    AgendaItem.objects.create(
        meeting=meeting, position=1, kind="wrap_up", title="Afrunding", minutes=15
    )
    client = login(coordinator)
    planned = client.get(projector_url(meeting)).content.decode()
    assert "agenda-clock--projector" not in planned  # by the plan until the clock runs
    clock.next_item(meeting)  # the time-keeper starts the agenda: the workshop
    clock.next_item(meeting)  # and moves on
    running = client.get(projector_url(meeting)).content.decode()
    assert "agenda-clock--projector" in running and "Afrunding" in running
    board = services.board(LiveSession.objects.get(pk=live.pk))
    assert board.agenda_item == "Afrunding" and 14 * 60 <= board.seconds_left <= 15 * 60


def end_live(live, coordinator) -> None:
    live.refresh_from_db()
    services.end(live, coordinator)


def test_a_phones_poll_after_the_end_reloads_the_page_to_the_closed_message(live, coordinator):
    client = phone(live)
    etag = client.get(board_url(live), **HTMX)["ETag"]
    end_live(live, coordinator)
    poll = client.get(board_url(live), HTTP_IF_NONE_MATCH=etag, **HTMX)
    # htmx ignores a 410's body: the poll says "reload" with a 200 instead.
    assert poll.status_code == 200
    assert poll["HX-Refresh"] == "true"
    reload = client.get(board_url(live))
    assert reload.status_code == 410
    assert da("The meeting is over") in reload.content.decode()
    assert "hx-trigger" not in reload.content.decode()


def test_a_phones_poll_after_the_code_expired_reloads_the_page(live, meeting):
    client = phone(live)
    etag = client.get(board_url(live), **HTMX)["ETag"]
    meeting.starts_at -= timedelta(hours=5)
    meeting.ends_at -= timedelta(hours=5)
    meeting.save()
    poll = client.get(board_url(live), HTTP_IF_NONE_MATCH=etag, **HTMX)
    assert (poll.status_code, poll["HX-Refresh"]) == (200, "true")
    assert client.get(board_url(live)).status_code == 410


def test_the_projector_poll_after_the_end_reloads_to_a_wall_that_polls_no_more(
    live, meeting, coordinator, login
):
    client = login(coordinator)
    page = client.get(projector_url(meeting)).content.decode()
    assert "hx-trigger" in page
    poll = client.get(projector_url(meeting), **HTMX)
    assert "hx-trigger" in poll.content.decode()  # the swapped-in board polls on
    etag = poll["ETag"]
    end_live(live, coordinator)
    poll = client.get(projector_url(meeting), HTTP_IF_NONE_MATCH=etag, **HTMX)
    assert (poll.status_code, poll["HX-Refresh"]) == (200, "true")
    with translation.override("da"):
        page = client.get(projector_url(meeting), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "hx-trigger" not in page
    assert escape(da("The live mode has ended.")) in page
    # No one is asked to join a board that takes no one.
    assert 'class="live-code"' not in page
    assert "<svg" not in page


def test_the_projector_poll_after_the_code_expired_reloads_even_if_nothing_changed(
    live, meeting, coordinator, login
):
    client = login(coordinator)
    etag = client.get(projector_url(meeting), **HTMX)["ETag"]
    meeting.starts_at -= timedelta(hours=5)
    meeting.ends_at -= timedelta(hours=5)
    meeting.save()
    poll = client.get(projector_url(meeting), HTTP_IF_NONE_MATCH=etag, **HTMX)
    assert (poll.status_code, poll["HX-Refresh"]) == (200, "true")


def test_plus_one_answers_beside_the_idea_once_and_again(live):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    client = phone(live)
    url = reverse("live_plus_one", args=[live.code, idea.pk])

    response = client.post(url)

    assert response["Location"] == board_url(live) + f"#idea-{idea.pk}"
    page = client.get(board_url(live)).content.decode()
    item = page[page.index(f'id="idea-{idea.pk}"') :]
    item = item[: item.index("</li>")]
    assert da("Your +1 is counted.") in item
    assert "data-focus-here" in item and "data-announce" in item
    assert "1 +1" in item  # the count stays in view
    # A poll keeps the answer quietly (no second read-out) until the board changes.
    polled = client.get(board_url(live), HTTP_HX_REQUEST="true").content.decode()
    assert da("Your +1 is counted.") in polled and "data-focus-here" not in polled

    client.post(url)

    page = client.get(board_url(live)).content.decode()
    assert da("You have given this idea +1 already.") in page
    assert da("Your +1 is counted.") not in page
    assert (
        da("You have given this idea +1 already.")
        not in phone(live, "Bo").get(board_url(live)).content.decode()
    )
    services.post_idea(live, None, live.tables.first(), "Kage")  # the board changes
    assert (
        da("You have given this idea +1 already.")
        not in client.get(board_url(live)).content.decode()
    )
