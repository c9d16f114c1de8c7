"""The printable leaflet of a meeting: an A4 PDF with the summary as it stands and the
ideas the note-taker chose, in the site's font, tagged so that screen readers can read it.

Who may choose the ideas and who may download it is decided in accounts/permissions.py
(`can_write_summary`, `can_see_summary`), as for the summary itself. WeasyPrint makes
the PDF (PDF/UA-1: tagged, with the title and language `da` in its metadata); it needs
Pango, HarfBuzz and fontconfig from the system (see the README).
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ressourcenet.accounts import permissions
from ressourcenet.knowledge.models import Idea, Summary
from ressourcenet.lib.markdown import to_html
from ressourcenet.lib.names import ascii_slug

# The site's font, as DKFDS ships it; embedded (subset) in every leaflet.
FONT_DIR = settings.NODE_MODULES / "dkfds/dist/fonts/IBMPlexSans/complete/ttf"
FONT_FACES = [
    ("IBMPlexSans-Regular.ttf", "normal", "normal"),
    ("IBMPlexSans-Italic.ttf", "normal", "italic"),
    ("IBMPlexSans-SemiBold.ttf", "600", "normal"),
    ("IBMPlexSans-Bold.ttf", "bold", "normal"),
]
PDF_VARIANT = "pdf/ua-1"
CONTENT_TYPE = "application/pdf"
# Rendered leaflets are kept by their content (see settings.CACHES).
CACHE = "leaflets"
CACHE_SECONDS = 7 * 24 * 3600


def idea_choices(summary: Summary) -> QuerySet[Idea]:
    """The ideas the note-taker may put on the leaflet: those of the meeting's network, the
    meeting's own first."""
    meeting = summary.meeting
    return (
        Idea.objects.filter(network_id=meeting.network_id)
        .annotate(
            from_meeting=Case(
                When(meeting_id=meeting.pk, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("from_meeting", "title", "pk")
    )


def ideas_on_leaflet(summary: Summary, public_only: bool = False) -> list[Idea]:
    """The chosen ideas; until the note-taker chose, the ideas that came out of the meeting.
    `public_only`: of those, the public ones (for a reader from outside the plan's circle,
    who reads a public summary but not the ideas the catalogue keeps to the plan)."""
    if summary.leaflet_chosen_at is None:
        ideas = Idea.objects.filter(meeting_id=summary.meeting_id)
    else:
        ideas = summary.leaflet_ideas.all()
    if public_only:
        ideas = ideas.filter(public=True)
    return list(ideas.order_by("title", "pk"))


def refused_idea_message() -> str:
    return _("Choose only ideas from this meeting's network.")


@transaction.atomic
def choose_ideas(summary: Summary, ideas: Iterable[Idea]) -> Summary:
    """Put these ideas on the leaflet (none is a choice too); only the network's ideas."""
    if summary.meeting.is_cancelled:
        raise ValidationError(_("The meeting was cancelled; its leaflet cannot be changed."))
    ideas = list(ideas)
    if any(idea.network_id != summary.meeting.network_id for idea in ideas):
        raise ValidationError({"ideas": refused_idea_message()})
    locked = Summary.objects.select_for_update().get(pk=summary.pk)
    locked.leaflet_ideas.set(ideas)
    locked.leaflet_chosen_at = timezone.now()
    locked.save(update_fields=["leaflet_chosen_at", "updated_at"])
    summary.leaflet_chosen_at = locked.leaflet_chosen_at
    return summary


def filename(summary: Summary) -> str:
    """An ASCII file name from the meeting's title and date: "folder-lektiecafe-2026-05-04.pdf"."""
    meeting = summary.meeting
    day = timezone.localtime(meeting.starts_at).date().isoformat() if meeting.starts_at else ""
    words = ascii_slug(meeting.title) or f"meeting-{meeting.pk}"
    return pdf_filename(_("leaflet"), words, day)


def pdf_filename(*parts: str) -> str:
    """An ASCII file name from its parts, the empty ones left out: the first is a word to
    slug ("folder"), the others are slugs already ("lektiecafe", "2026-05-04")."""
    return "-".join(part for part in (ascii_slug(parts[0]), *parts[1:]) if part) + ".pdf"


def font_faces() -> list[dict]:
    """The @font-face sources of a PDF template: the site's font, read from node_modules."""
    return [
        {"url": (FONT_DIR / name).as_uri(), "weight": weight, "style": style}
        for name, weight, style in FONT_FACES
    ]


def leaflet_html(summary: Summary, public_only: bool = False) -> str:
    meeting = summary.meeting
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "summary": summary,
            "meeting": meeting,
            "network": meeting.network,
            "plan": meeting.network.plan,
            "html": to_html(summary.current_body()),
            "ideas": ideas_on_leaflet(summary, public_only),
            "font_faces": font_faces(),
            "language": settings.LANGUAGE_CODE,
        }
        return render_to_string("knowledge/leaflet.html", context)


def render(summary: Summary, public_only: bool = False) -> bytes:
    """The leaflet as a PDF: A4, tagged (PDF/UA-1), the site's font embedded; with only
    the public ideas if `public_only`."""
    return pdf_from_html(leaflet_html(summary, public_only), "leaflet")


def pdf_from_html(source: str, kind: str) -> bytes:
    """A PDF of an HTML page made for print (its fonts from `font_faces()`): A4 as the
    page's CSS says, tagged (PDF/UA-1), the fonts embedded. Used by the leaflets and the
    board packet (governance/packet.py); `kind` keeps their cache keys apart."""
    # Imported here: WeasyPrint loads Pango when imported, which only the PDFs need.
    from weasyprint import HTML, URLFetcher

    # Made once per content: a long text takes seconds, and every download or e-mail of
    # the same content gets the same file.
    key = f"{kind}:" + hashlib.sha256(source.encode()).hexdigest()
    pdf = caches[CACHE].get(key)
    if pdf is None:
        # The only files it reads are the fonts: never a page on the network.
        fetcher = URLFetcher(allowed_protocols={"file"})
        html = HTML(string=source, base_url=str(FONT_DIR), url_fetcher=fetcher)
        pdf = html.write_pdf(pdf_variant=PDF_VARIANT)
        caches[CACHE].set(key, pdf, CACHE_SECONDS)
    return pdf


def pdf_response(summary: Summary, user=None) -> HttpResponse:
    """The leaflet as a download, for the pages and the API alike. A `user` outside the
    summary's readers (a visitor to a public summary) gets only the public ideas; without
    a user (the invitee's personal link) the leaflet is the one their e-mail carries."""
    public_only = user is not None and not permissions.is_summary_reader(user, summary)
    return attachment(render(summary, public_only), filename(summary))


def attachment(pdf: bytes, name: str) -> HttpResponse:
    """A PDF as a download named `name` (ASCII: see `pdf_filename`)."""
    response = HttpResponse(pdf, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
