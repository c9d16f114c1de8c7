"""The summary's workflow (knowledge/summaries.py): states, amendments, e-mails, revisions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ressourcenet.knowledge import summaries
from ressourcenet.knowledge.models import Amendment, Summary
from ressourcenet.knowledge.tests.conftest import invitation_of
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_a_draft_is_made_on_first_save_and_saved_again(summary_meeting, note_taker):
    summaries.save_draft(summary_meeting, "Første udkast", by=note_taker)
    summaries.save_draft(summary_meeting, "Andet udkast", by=note_taker)
    summary = Summary.objects.get(meeting=summary_meeting)
    assert (summary.state, summary.body) == ("draft", "Andet udkast")


def test_an_empty_text_is_refused_by_its_field(summary_meeting):
    with pytest.raises(ValidationError) as error:
        summaries.save_draft(summary_meeting, "   ")
    assert "body" in error.value.message_dict
    assert not Summary.objects.exists()


def test_a_meeting_ahead_or_cancelled_takes_no_summary(network):
    ahead = make_meeting(network)
    with pytest.raises(ValidationError):
        summaries.save_draft(ahead, "Tekst")
    held = make_meeting(network, starts_at=timezone.now() - timedelta(days=1))
    held.cancelled_at = timezone.now()
    held.save()
    with pytest.raises(ValidationError):
        summaries.save_draft(held, "Tekst")
    assert not Summary.objects.exists()


def test_opening_sends_those_who_came_a_personal_link(draft, member, volunteer, mailoutbox):
    outcome = summaries.open_and_send(draft)
    draft.refresh_from_db()
    assert draft.state == "open"
    assert draft.comments_close_at - draft.opened_at == timedelta(days=7)
    assert outcome.sent == 2
    recipients = sorted(address for m in mailoutbox for address in m.to)
    assert recipients == sorted(
        [f"Mads Medlem <{member.person.email}>", f"Vera Frivillig <{volunteer.email}>"]
    )
    assert "/summary/" in mailoutbox[0].body
    assert OutgoingMessage.objects.filter(kind="summary_open", status="sent").count() == 2


def test_the_comment_period_is_bounded(draft):
    for days in (0, 31):
        with pytest.raises(ValidationError) as error:
            summaries.open_and_send(draft, days)
        assert "days" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_an_attendee_proposes_and_is_told_of_the_decision(
    open_summary, volunteer, note_taker, mailoutbox
):
    mailoutbox.clear()
    invitation = invitation_of(open_summary.meeting, volunteer)
    amendment = summaries.propose_amendment(invitation, "Vi aftalte også en bænk.")
    queued, outcome = summaries.decide_amendment(amendment, True, note_taker)
    amendment.refresh_from_db()
    assert (amendment.state, amendment.decided_by) == ("accepted", note_taker)
    assert outcome.sent == 1 and len(queued) == 1
    assert mailoutbox[0].to == [f"Vera Frivillig <{volunteer.email}>"]
    with pytest.raises(summaries.SummaryStateError):
        summaries.decide_amendment(amendment, False, note_taker)


def test_someone_who_did_not_come_cannot_propose(open_summary):
    absent = open_summary.meeting.invitations.get(attended=False)
    with pytest.raises(ValidationError):
        summaries.propose_amendment(absent, "Jeg var der ikke, men …")
    assert not Amendment.objects.exists()


def test_no_proposals_after_the_comments_close(open_summary, volunteer):
    invitation = invitation_of(open_summary.meeting, volunteer)
    Summary.objects.filter(pk=open_summary.pk).update(
        comments_close_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(summaries.SummaryStateError):
        summaries.propose_amendment(invitation, "For sent")
    assert not Amendment.objects.exists()


def test_final_waits_for_every_answer(open_summary, volunteer, note_taker):
    invitation = invitation_of(open_summary.meeting, volunteer)
    summaries.propose_amendment(invitation, "En kommentar", Amendment.Kind.COMMENT)
    with pytest.raises(summaries.SummaryStateError):
        summaries.finalise(open_summary, note_taker)
    open_summary.refresh_from_db()
    assert open_summary.state == "open"


def test_final_sends_one_email_per_invitee_and_sending_again_sends_nothing_twice(
    open_summary, note_taker, mailoutbox
):
    mailoutbox.clear()
    outcome = summaries.finalise(open_summary, note_taker)
    open_summary.refresh_from_db()
    assert open_summary.state == "final" and open_summary.finalised_by == note_taker
    assert outcome.sent == 3 and len(mailoutbox) == 3
    assert summaries.send_missing(open_summary).sent == 0
    assert len(mailoutbox) == 3


def test_a_failed_email_is_sent_again_only_to_whom_it_failed(
    open_summary, note_taker, mailoutbox, settings, monkeypatch
):
    from ressourcenet.mail import services as mail

    real_build = mail.build

    def refuse_vera(message):
        if message.to_name == "Vera Frivillig":
            raise ValueError("no header can hold this")
        return real_build(message)

    monkeypatch.setattr(mail, "build", refuse_vera)
    mailoutbox.clear()
    assert summaries.finalise(open_summary, note_taker) == mail.Outcome(sent=2, failed=1)
    assert summaries.missing_summaries(open_summary.meeting).count() == 1
    monkeypatch.setattr(mail, "build", real_build)
    assert summaries.send_missing(open_summary).sent == 1
    assert [m.to[0].split(" <")[0] for m in mailoutbox].count("Vera Frivillig") == 1
    assert summaries.missing_summaries(open_summary.meeting).count() == 0


def test_a_final_summary_is_frozen_and_corrected_by_a_revision(open_summary, note_taker):
    summaries.finalise(open_summary, note_taker)
    with pytest.raises(summaries.SummaryIsFinal):
        summaries.save_draft(open_summary.meeting, "Ny tekst")
    with pytest.raises(ValidationError) as error:
        summaries.add_revision(open_summary, "Rettet tekst", " ", by=note_taker)
    assert "reason" in error.value.message_dict
    summaries.add_revision(open_summary, "Rettet tekst", "Datoen var forkert", by=note_taker)
    open_summary.refresh_from_db()
    assert open_summary.body.startswith("# Referat")  # the final text stays
    assert open_summary.current_body() == "Rettet tekst"
    assert open_summary.revisions.get().reason == "Datoen var forkert"


def test_no_proposals_on_a_draft(draft, volunteer):
    with pytest.raises(summaries.SummaryStateError):
        summaries.propose_amendment(invitation_of(draft.meeting, volunteer), "Tidligt")


def test_a_draft_is_not_corrected_by_a_revision(draft):
    with pytest.raises(summaries.SummaryStateError):
        summaries.add_revision(draft, "Tekst", "Grund")


def test_an_open_or_final_summary_counts_as_delivered_capture(draft, summary_meeting):
    from ressourcenet.meetings.models import Meeting

    assert "summary" not in Meeting.objects.get(pk=summary_meeting.pk).delivered_capture
    summaries.open_and_send(draft)
    assert "summary" in Meeting.objects.get(pk=summary_meeting.pk).delivered_capture
    annotated = Meeting.objects.with_capture().get(pk=summary_meeting.pk)
    assert "summary" in annotated.delivered_capture


def test_the_leaflet_counts_as_delivered_once_its_summary_is_final(draft, summary_meeting):
    from ressourcenet.meetings.models import Meeting

    summaries.open_and_send(draft)
    assert "leaflet" not in Meeting.objects.get(pk=summary_meeting.pk).delivered_capture
    summaries.finalise(draft)
    assert "leaflet" in Meeting.objects.get(pk=summary_meeting.pk).delivered_capture
    annotated = Meeting.objects.with_capture().get(pk=summary_meeting.pk)
    assert "leaflet" in annotated.delivered_capture
