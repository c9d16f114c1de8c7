"""A public summary: who sets it, and a public final summary read by visitors and people
outside the plan, without names, proposals or comments."""

import pytest
from django.urls import reverse

from ressourcenet.accounts import permissions
from ressourcenet.knowledge import summaries
from ressourcenet.knowledge.models import Summary

pytestmark = pytest.mark.django_db


def summary_url(meeting) -> str:
    return reverse("summary", args=[meeting.network.plan.slug, meeting.pk])


def public_url(meeting) -> str:
    return reverse("summary_public", args=[meeting.network.plan.slug, meeting.pk])


@pytest.fixture
def final_public(open_summary, volunteer, note_taker):
    """The open summary with a comment from Vera, made public and final."""
    invitation = open_summary.meeting.invitations.get(person=volunteer)
    amendment = summaries.propose_amendment(invitation, "Husk vandingen.", "comment")
    summaries.decide_amendment(amendment, True, note_taker)
    summaries.set_public(open_summary, True)
    summaries.finalise(open_summary, by=note_taker)
    open_summary.refresh_from_db()
    return open_summary


def test_can_see_summary_lets_anyone_read_a_public_final_summary(final_public, outsider):
    from django.contrib.auth.models import AnonymousUser

    assert permissions.can_see_summary(AnonymousUser(), final_public)
    assert permissions.can_see_summary(outsider, final_public)
    assert not permissions.is_summary_reader(outsider, final_public)


def test_a_public_summary_is_not_for_visitors_before_it_is_final(open_summary, outsider):
    summaries.set_public(open_summary, True)
    open_summary.refresh_from_db()
    assert not permissions.can_see_summary(outsider, open_summary)


def test_a_private_final_summary_stays_in_the_plan(final_public, outsider, login):
    summaries.set_public(final_public, False)
    final_public.refresh_from_db()
    assert not permissions.can_see_summary(outsider, final_public)
    assert login(outsider).get(summary_url(final_public.meeting)).status_code == 403


@pytest.mark.parametrize("who", [None, "outsider", "editor"])
def test_visitors_read_the_text_without_names_or_comments(request, login, final_public, who):
    user = request.getfixturevalue(who) if who else None
    response = login(user).get(summary_url(final_public.meeting))
    content = response.content.decode()
    assert response.status_code == 200
    assert "krydderurter" in content
    assert "Husk vandingen." not in content
    assert "Vera Frivillig" not in content and "Nina Noter" not in content
    assert f'href="{final_public.meeting.get_absolute_url()}"' not in content


def test_the_member_still_sees_the_full_page(login, final_public, member):
    content = login(member).get(summary_url(final_public.meeting)).content.decode()
    assert final_public.meeting.get_absolute_url() in content


def test_the_note_taker_makes_it_public_from_the_summary_page(login, open_summary, note_taker):
    client = login(note_taker)
    page = client.get(summary_url(open_summary.meeting)).content.decode()
    assert public_url(open_summary.meeting) in page
    response = client.post(public_url(open_summary.meeting), {"public": "on"})
    assert response.status_code == 302
    assert Summary.objects.get().public
    client.post(public_url(open_summary.meeting), {})
    assert not Summary.objects.get().public


@pytest.mark.parametrize("who", ["member", "board_member", "outsider"])
def test_others_may_not_make_it_public(request, login, open_summary, who):
    response = login(request.getfixturevalue(who)).post(
        public_url(open_summary.meeting), {"public": "on"}
    )
    assert response.status_code == 403
    assert not Summary.objects.get().public


def test_the_public_flag_answers_post_only(login, open_summary, note_taker):
    assert login(note_taker).get(public_url(open_summary.meeting)).status_code == 405


def test_a_final_summary_can_be_made_public_afterwards(login, open_summary, note_taker, outsider):
    summaries.finalise(open_summary, by=note_taker)
    login(note_taker).post(public_url(open_summary.meeting), {"public": "on"})
    assert login(outsider).get(summary_url(open_summary.meeting)).status_code == 200


def test_the_edit_form_sets_public(login, draft, note_taker):
    edit = reverse("summary_edit", args=[draft.meeting.network.plan.slug, draft.meeting.pk])
    response = login(note_taker).post(edit, {"body": "# Referat\n\nNy tekst.", "public": "on"})
    assert response.status_code == 302
    assert Summary.objects.get().public


def test_a_draft_stays_hidden_from_visitors_even_when_public(login, draft, outsider):
    summaries.set_public(draft, True)
    assert login(outsider).get(summary_url(draft.meeting)).status_code == 403
    assert login(None).get(summary_url(draft.meeting)).status_code == 302


def test_an_unknown_meeting_stays_unknown(login, plan):
    assert login(None).get(f"/plans/{plan.slug}/meetings/{10**30}/summary/").status_code == 404


def test_outsiders_read_a_corrected_summary_as_it_stands_without_the_earlier_text(
    login, final_public, note_taker, member
):
    summaries.add_revision(
        final_public, "# Referat\n\nVi plantede timian.", "Et navn skulle ud", by=note_taker
    )
    page = login(None).get(summary_url(final_public.meeting)).content.decode()
    assert "timian" in page
    assert "krydderurter" not in page and "Et navn skulle ud" not in page
    members_page = login(member).get(summary_url(final_public.meeting)).content.decode()
    assert "Et navn skulle ud" in members_page
