"""The printable leaflet (knowledge/leaflets.py and its pages): the PDF's content, tags,
language and font; choosing its ideas; who downloads it; and the final summary's e-mail
that carries it."""

import html
import io

import pypdf
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ressourcenet.knowledge import leaflets, summaries
from ressourcenet.knowledge.emails import summary_link
from ressourcenet.knowledge.tests.conftest import invitation_of, make_idea
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.services import cancel_meeting

pytestmark = pytest.mark.django_db

HUGE = 10**30


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.fixture
def meeting_ideas(summary_meeting, network):
    """Two ideas from the meeting, and one of the network from no meeting."""
    return [
        make_idea(network, "Krydderurtebed ved opgang 4", meeting=summary_meeting),
        make_idea(
            network,
            "Byttedag for planter",
            meeting=summary_meeting,
            description="Beboerne bytter stiklinger i maj.",
        ),
        make_idea(network, "Kompost i gården"),
    ]


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def font_names(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(font["/BaseFont"]))
    return names


def url(name: str, summary) -> str:
    return reverse(name, args=[summary.meeting.network.plan.slug, summary.meeting_id])


# --- the PDF ---------------------------------------------------------------------------


def test_the_leaflet_holds_the_summary_and_the_chosen_ideas(open_summary, meeting_ideas):
    leaflets.choose_ideas(open_summary, meeting_ideas[1:])
    reader = read(leaflets.render(open_summary))
    text = text_of(reader)
    assert "Fællesmøde om haven" in text and "Referat" in text and "krydderurter" in text
    assert "Byttedag for planter" in text and "Beboerne bytter stiklinger i maj." in text
    assert "Kompost i gården" in text
    assert "Krydderurtebed ved opgang 4" not in text  # not chosen


def test_the_leaflet_is_tagged_in_danish_with_a_title_and_the_sites_font(open_summary):
    reader = read(leaflets.render(open_summary))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Fællesmøde om haven")
    fonts = font_names(reader)
    assert fonts and all("IBM-Plex-Sans" in name for name in fonts), fonts


def test_the_leaflet_shows_the_latest_correction_and_no_names(open_summary, note_taker, member):
    summaries.finalise(open_summary, note_taker)
    summaries.add_revision(
        open_summary, "# Referat\n\nVi plantede timian.", "Stavefejl", by=note_taker
    )
    text = text_of(read(leaflets.render(open_summary)))
    assert "timian" in text and "krydderurter" not in text
    assert member.person.name not in text and "Nina Noter" not in text
    assert member.email not in text


def test_until_chosen_the_meetings_own_ideas_are_on_it(open_summary, meeting_ideas):
    assert [i.title for i in leaflets.ideas_on_leaflet(open_summary)] == [
        "Byttedag for planter",
        "Krydderurtebed ved opgang 4",
    ]
    leaflets.choose_ideas(open_summary, [])
    assert leaflets.ideas_on_leaflet(open_summary) == []
    assert da("No ideas were chosen for this leaflet.") in text_of(
        read(leaflets.render(open_summary))
    )


def test_an_idea_of_another_network_is_refused_by_the_service(open_summary, other_idea):
    with pytest.raises(ValidationError) as error:
        leaflets.choose_ideas(open_summary, [other_idea])
    assert error.value.message_dict == {"ideas": [leaflets.refused_idea_message()]}
    assert not open_summary.leaflet_ideas.exists()


# --- choosing the ideas ------------------------------------------------------------------


def test_the_note_taker_chooses_the_ideas(login, open_summary, note_taker, meeting_ideas):
    client = login(note_taker)
    page = client.get(url("leaflet_ideas", open_summary))
    assert page.status_code == 200
    assert da("No ideas have been chosen yet, so the leaflet shows the ideas from this meeting. "
              "They are ticked below.") in page.content.decode()  # fmt: skip
    assert sorted(page.context["form"].initial["ideas"]) == sorted(i.pk for i in meeting_ideas[:2])
    response = client.post(url("leaflet_ideas", open_summary), {"ideas": [meeting_ideas[2].pk]})
    assert response.status_code == 302 and response.url.endswith("#leaflet")
    open_summary.refresh_from_db()
    assert list(open_summary.leaflet_ideas.all()) == [meeting_ideas[2]]
    detail = client.get(url("summary", open_summary)).content.decode()
    assert "Kompost i gården" in detail and url("leaflet_pdf", open_summary) in detail


def test_a_forged_idea_of_another_network_is_refused_in_danish(
    login, open_summary, note_taker, other_idea, meeting_ideas
):
    client = login(note_taker)
    for value in (other_idea.pk, HUGE, "x\x00"):
        response = client.post(url("leaflet_ideas", open_summary), {"ideas": [value]})
        assert response.status_code == 422
        page = html.unescape(response.content.decode())
        assert da("Choose only ideas from this meeting's network.") in page
    assert open_summary.leaflet_chosen_at is None and not open_summary.leaflet_ideas.exists()


@pytest.mark.parametrize("who", ["member", "board_member", "outsider"])
def test_only_those_who_write_the_summary_choose(login, open_summary, meeting_ideas, who, request):
    client = login(request.getfixturevalue(who))
    assert client.get(url("leaflet_ideas", open_summary)).status_code == 403
    post = client.post(url("leaflet_ideas", open_summary), {"ideas": [meeting_ideas[0].pk]})
    assert post.status_code == 403
    assert not open_summary.leaflet_ideas.exists()


def test_a_cancelled_meetings_leaflet_is_not_changed(
    login, open_summary, coordinator, meeting_ideas
):
    cancel_meeting(open_summary.meeting)
    response = login(coordinator).post(
        url("leaflet_ideas", open_summary), {"ideas": [meeting_ideas[0].pk]}
    )
    assert response.status_code == 422
    assert not open_summary.leaflet_ideas.exists()


def test_no_summary_no_leaflet(login, coordinator, summary_meeting):
    client = login(coordinator)
    plan = summary_meeting.network.plan.slug
    for name in ("leaflet_ideas", "leaflet_pdf"):
        assert client.get(reverse(name, args=[plan, summary_meeting.pk])).status_code == 404
    assert client.get(f"/plans/{plan}/meetings/{HUGE}/summary/leaflet.pdf").status_code == 404


# --- downloading -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), ("note_taker", 200), ("member", 200), ("outsider", 403)],
)
def test_whoever_reads_the_summary_downloads_the_leaflet(login, open_summary, who, status, request):
    response = login(request.getfixturevalue(who)).get(url("leaflet_pdf", open_summary))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith('attachment; filename="')
        assert "faellesmoede-om-haven" in response["Content-Disposition"]
        assert "Referat" in text_of(read(response.content))


def test_a_draft_leaflet_is_for_its_writers(login, draft, member, note_taker):
    assert login(member).get(url("leaflet_pdf", draft)).status_code == 404
    assert login(note_taker).get(url("leaflet_pdf", draft)).status_code == 200


def test_a_visitor_is_sent_to_log_in(login, open_summary):
    response = login(None).get(url("leaflet_pdf", open_summary))
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"


def test_a_member_of_another_network_gets_what_the_summary_page_gives(
    login, open_summary, other_network, plan
):
    """The plan's members read each other's networks (accounts/permissions.py): the
    leaflet follows the summary's own rule, whatever it is."""
    from ressourcenet.conftest import make_person, make_user
    from ressourcenet.networks.models import Membership

    person = make_person("Anders Anden")
    Membership.objects.create(network=other_network, person=person, starts_on=plan.starts_on)
    client = login(make_user("anden@example.org", person))
    page = client.get(url("summary", open_summary)).status_code
    assert client.get(url("leaflet_pdf", open_summary)).status_code == page


def test_an_attendee_downloads_it_through_the_personal_link(login, open_summary, volunteer):
    link = summary_link(invitation_of(open_summary.meeting, volunteer))
    path = link.removeprefix(settings.SITE_URL)
    page = login(None).get(path).content.decode()
    assert f"{path}leaflet.pdf" in page
    response = login(None).get(f"{path}leaflet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert login(None).get("/summary/not-a-token/leaflet.pdf").status_code == 404


def test_the_personal_link_gives_no_leaflet_of_a_draft(login, draft, volunteer):
    path = summary_link(invitation_of(draft.meeting, volunteer)).removeprefix(settings.SITE_URL)
    assert login(None).get(f"{path}leaflet.pdf").status_code == 404


# --- the final summary's e-mail ----------------------------------------------------------


def test_the_final_email_carries_the_leaflet_rendered_once(
    open_summary, note_taker, meeting_ideas, mailoutbox, monkeypatch
):
    rendered = []
    real_render = leaflets.render
    monkeypatch.setattr(leaflets, "render", lambda s: rendered.append(s) or real_render(s))
    mailoutbox.clear()
    assert summaries.finalise(open_summary, note_taker).sent == 3
    assert len(rendered) == 1
    for message in mailoutbox:
        assert da("A printable leaflet with the summary and the ideas is attached as a PDF.") in (
            message.body
        )
        ((name, content, mimetype),) = message.attachments
        assert name.endswith(".pdf") and mimetype == "application/pdf"
        text = text_of(read(content))
        assert "Referat" in text and "Byttedag for planter" in text


def test_a_retry_still_carries_the_leaflet(open_summary, note_taker, mailoutbox, monkeypatch):
    real_build = mail.build

    def unreachable(message):
        raise OSError("the mail server is away")

    monkeypatch.setattr(mail, "build", unreachable)
    mailoutbox.clear()
    assert summaries.finalise(open_summary, note_taker).failed == 3
    failed = OutgoingMessage.objects.filter(status=OutgoingMessage.Status.FAILED)
    assert failed.count() == 3 and all(m.attachments for m in failed)
    monkeypatch.setattr(mail, "build", real_build)
    assert mail.deliver(list(failed)).sent == 3
    assert len(mailoutbox) == 3
    assert all(m.attachments[0][2] == "application/pdf" for m in mailoutbox)
    assert all(m.attachments == [] for m in OutgoingMessage.objects.filter(kind="summary"))


def test_the_summary_goes_without_the_leaflet_when_it_cannot_be_made(
    open_summary, note_taker, mailoutbox, monkeypatch
):
    def broken(summary):
        raise OSError("no Pango")

    monkeypatch.setattr(leaflets, "render", broken)
    mailoutbox.clear()
    assert summaries.finalise(open_summary, note_taker).sent == 3
    assert all(m.attachments == [] for m in mailoutbox)
    assert not any("PDF" in m.body for m in mailoutbox)


# --- where it is reached -----------------------------------------------------------------


def test_the_meeting_and_the_archive_reach_summary_ideas_and_leaflet(
    login, open_summary, member, meeting_ideas
):
    client = login(member)
    leaflet = url("leaflet_pdf", open_summary)
    meeting_page = client.get(open_summary.meeting.get_absolute_url()).content.decode()
    assert leaflet in meeting_page and url("summary", open_summary) in meeting_page
    network_page = client.get(open_summary.meeting.network.get_absolute_url()).content.decode()
    assert leaflet in network_page and url("summary", open_summary) in network_page
    assert f"{open_summary.meeting.get_absolute_url()}#ideas" in network_page


def test_the_summary_page_lists_the_leaflets_ideas_and_who_may_choose(
    login, open_summary, member, note_taker, meeting_ideas
):
    page = login(member).get(url("summary", open_summary))
    assert [i.title for i in page.context["leaflet_ideas"]] == [
        "Byttedag for planter",
        "Krydderurtebed ved opgang 4",
    ]
    assert url("leaflet_ideas", open_summary) not in page.content.decode()
    assert (
        url("leaflet_ideas", open_summary)
        in login(note_taker).get(url("summary", open_summary)).content.decode()
    )


def test_a_visitor_to_a_public_summary_gets_only_the_public_ideas(
    login, open_summary, note_taker, meeting_ideas, coordinator
):
    shared, kept = meeting_ideas[0], meeting_ideas[1]
    shared.public = True
    shared.save()
    leaflets.choose_ideas(open_summary, [shared, kept])
    summaries.finalise(open_summary, note_taker)
    open_summary.public = True
    open_summary.save()

    visitor = text_of(read(login(None).get(url("leaflet_pdf", open_summary)).content))
    assert shared.title in visitor and kept.title not in visitor
    reader = text_of(read(login(coordinator).get(url("leaflet_pdf", open_summary)).content))
    assert shared.title in reader and kept.title in reader
    page = login(None).get(url("summary", open_summary)).content.decode()
    assert url("leaflet_pdf", open_summary) in page


def test_a_visitor_gets_no_leaflet_of_a_summary_that_is_not_public(login, open_summary, note_taker):
    summaries.finalise(open_summary, note_taker)
    response = login(None).get(url("leaflet_pdf", open_summary))
    assert response.get("Content-Type") != "application/pdf"


def test_a_leaflet_is_made_once_per_content(open_summary, meeting_ideas, monkeypatch):
    from weasyprint import HTML

    made = []
    write_pdf = HTML.write_pdf
    monkeypatch.setattr(
        HTML, "write_pdf", lambda self, **kw: made.append(1) or write_pdf(self, **kw)
    )
    first = leaflets.render(open_summary)
    assert leaflets.render(open_summary) == first and len(made) == 1
    leaflets.choose_ideas(open_summary, meeting_ideas[:1])
    assert leaflets.render(open_summary) != first and len(made) == 2
    meeting_ideas[0].title = "Krydderurtebed ved opgang 6"
    meeting_ideas[0].save()
    assert "opgang 6" in text_of(read(leaflets.render(open_summary))) and len(made) == 3
