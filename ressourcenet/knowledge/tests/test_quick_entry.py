"""The workshop's quick entry: one idea per line, reached from a meeting or a network."""

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.knowledge.models import Idea

QUICK_URL = "/plans/testby/ideas/quick/"
LINES = "Madklub for familier\n\n  Byttedag i gården  \nLektiecafé om lørdagen\n"


def da(text: str, **values) -> str:
    with translation.override("da"):
        return translation.gettext(text) % values


def da_plural(singular: str, plural: str, count: int) -> str:
    with translation.override("da"):
        return translation.ngettext(singular, plural, count) % {"count": count}


def test_a_link_from_the_meeting_fills_in_the_network_and_the_meeting(
    login, member, network, held_meeting
):
    response = login(member).get(QUICK_URL, {"meeting": held_meeting.pk})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"network": network.pk, "meeting": held_meeting.pk}
    assert f'<option value="{held_meeting.pk}" selected>' in response.content.decode()


def test_a_link_from_the_network_fills_in_the_network(login, admin_user, other_network):
    response = login(admin_user).get(QUICK_URL, {"network": other_network.pk})

    assert response.context["form"].initial == {"network": other_network.pk}


def test_a_link_with_a_meeting_that_takes_no_ideas_fills_in_nothing(login, member, meeting_ahead):
    response = login(member).get(QUICK_URL, {"meeting": meeting_ahead.pk, "network": "x"})

    assert response.context["form"].initial == {}


def test_the_lines_become_ideas_of_the_meeting(login, member, network, held_meeting):
    client = login(member)

    response = client.post(
        QUICK_URL,
        {"network": network.pk, "meeting": held_meeting.pk, "lines": LINES, "tags": "værksted"},
    )

    assert response.status_code == 302
    assert response.url == held_meeting.get_absolute_url() + "#ideas"
    ideas = Idea.objects.order_by("id")
    assert [i.title for i in ideas] == [
        "Madklub for familier",
        "Byttedag i gården",
        "Lektiecafé om lørdagen",
    ]
    assert {(i.meeting, i.network, i.created_by) for i in ideas} == {
        (held_meeting, network, member)
    }
    assert all([t.name for t in i.tags.all()] == ["værksted"] for i in ideas)
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [
        da_plural(
            "%(count)d idea is added to the catalogue.",
            "%(count)d ideas are added to the catalogue.",
            3,
        )
    ]
    assert "Byttedag i gården" in page.content.decode()


def test_without_a_meeting_it_goes_back_to_the_networks_ideas(login, member, network):
    response = login(member).post(QUICK_URL, {"network": network.pk, "lines": "Byttedag"})

    assert response.status_code == 302
    assert response.url == f"/plans/testby/ideas/?network={network.pk}"
    assert Idea.objects.get().meeting is None


def test_an_over_long_line_is_named_and_nothing_is_saved(login, member, network):
    lines = "Madklub\n" + "x" * 250

    response = login(member).post(QUICK_URL, {"network": network.pk, "lines": lines})

    assert response.status_code == 422
    expected = da(
        "Line %(line)d is longer than %(max)d characters. Shorten it; the rest can go in the "
        "idea's description afterwards.",
        line=2,
        max=200,
    )
    assert response.context["form"].errors["lines"] == [expected]
    assert not Idea.objects.exists()
    # What was typed is kept, so that only the long line needs shortening.
    assert "Madklub\n" in response.content.decode()


def test_a_meeting_of_another_network_is_refused(login, admin_user, other_network, held_meeting):
    response = login(admin_user).post(
        QUICK_URL, {"network": other_network.pk, "meeting": held_meeting.pk, "lines": LINES}
    )

    assert response.status_code == 422
    assert "meeting" in response.context["form"].errors
    assert not Idea.objects.exists()


@pytest.mark.parametrize("role", ["board_member", "editor", "outsider"])
def test_only_members_of_a_network_may_add_ideas(request, login, network, role):
    client = login(request.getfixturevalue(role))

    assert client.get(QUICK_URL).status_code == 403
    assert client.post(QUICK_URL, {"network": network.pk, "lines": LINES}).status_code == 403
    assert not Idea.objects.exists()


def test_the_meeting_page_links_the_quick_entry(login, member, held_meeting, meeting_ahead):
    held = login(member).get(held_meeting.get_absolute_url()).content.decode()
    ahead = login(member).get(meeting_ahead.get_absolute_url()).content.decode()

    link = f"{reverse('idea_quick_entry', args=['testby'])}?meeting={held_meeting.pk}"
    assert link in held
    assert "idea_quick_entry" not in ahead and "/ideas/quick/" not in ahead


def test_the_meeting_page_shows_no_ideas_section_to_a_board_member_without_ideas(
    login, board_member, held_meeting
):
    content = login(board_member).get(held_meeting.get_absolute_url()).content.decode()

    assert "/ideas/quick/" not in content
    assert 'id="ideas"' not in content


def test_the_network_page_links_its_ideas_and_the_quick_entry(login, member, network):
    content = login(member).get(network.get_absolute_url()).content.decode()

    assert f"/plans/testby/ideas/?network={network.pk}" in content
    assert f"/plans/testby/ideas/quick/?network={network.pk}" in content


def test_the_form_takes_no_other_method(login, member):
    assert login(member).patch(QUICK_URL).status_code == 405
