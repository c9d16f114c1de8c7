"""The board packet (governance/packet.py): which recommendations, in which order, with what;
the PDF (tagged, Danish, the site's font); who may read it on the page and through the API;
the links to it; and its query count."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from ressourcenet.governance import packet
from ressourcenet.governance.models import BoardMeeting, RecommendationTransition
from ressourcenet.governance.tests.conftest import (
    State,
    make_recommendation,
    put_in_state,
    today,
)
from ressourcenet.plans.models import Effort, Project

pytestmark = pytest.mark.django_db

READERS = ["admin_user", "board_member", "coordinator", "other_coordinator"]
REFUSED = ["member", "outsider", "other_board_member"]


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


def page_url(board_meeting) -> str:
    return reverse("board_packet", args=[board_meeting.plan.slug, board_meeting.pk])


def pdf_url(board_meeting) -> str:
    return reverse("board_packet_pdf", args=[board_meeting.plan.slug, board_meeting.pk])


def api_url(board_meeting_id) -> str:
    return f"/api/v1/board-meetings/{board_meeting_id}/packet.pdf"


def submit(recommendation, board_meeting, meeting, by, at):
    """Adopted at `meeting` and submitted for `board_meeting` at `at`, with both steps."""
    put_in_state(recommendation, State.SUBMITTED, meeting, board_meeting)
    RecommendationTransition.objects.create(
        recommendation=recommendation,
        from_state=State.DRAFT,
        to_state=State.ADOPTED,
        by=by,
        at=meeting.ends_at,
        meeting=meeting,
    )
    RecommendationTransition.objects.create(
        recommendation=recommendation,
        from_state=State.ADOPTED,
        to_state=State.SUBMITTED,
        by=by,
        at=at,
        board_meeting=board_meeting,
    )
    return recommendation


@pytest.fixture
def project(plan):
    effort = Effort.objects.create(plan=plan, name="Uddannelse")
    return Project.objects.create(effort=effort, name="Lektiecaféen")


@pytest.fixture
def packet_meeting(plan):
    return BoardMeeting.objects.create(
        plan=plan,
        date=today() + timedelta(days=35),
        title="Bestyrelsesmøde i december",
        place="Beboerhuset, salen",
    )


@pytest.fixture
def three(network, other_network, coordinator, held_meeting, packet_meeting, plan, project):
    """Three submitted recommendations, put forward in the order Cykel, Arkiv, Budget (not
    their order by id or title), one approved at the meeting, and three that are not on it."""
    now = timezone.now()
    arkiv = make_recommendation(network, by=coordinator, title="Arkiv")
    budget = make_recommendation(
        other_network, by=coordinator, title="Budget", background="Baggrund om budget."
    )
    cykel = make_recommendation(
        network,
        by=coordinator,
        title="Cykel",
        background="Børnene mangler cykler.",
        proposal="Vi køber ti cykler.",
        consequence="12.000 kr. en gang.",
        housing_areas=plan.areas.filter(name="Sydparken"),
    )
    cykel.projects.set([project])
    submit(cykel, packet_meeting, held_meeting, coordinator, now - timedelta(days=3))
    submit(arkiv, packet_meeting, held_meeting, coordinator, now - timedelta(days=2))
    submit(budget, packet_meeting, held_meeting, coordinator, now - timedelta(days=1))
    decided = make_recommendation(network, by=coordinator, title="Dukketeater")
    submit(decided, packet_meeting, held_meeting, coordinator, now - timedelta(hours=1))
    decided.state, decided.decided_on = State.APPROVED, today()
    decided.decision_reason = "Godt forslag."
    decided.save()
    make_recommendation(network, title="Kladde uden møde")
    other = BoardMeeting.objects.create(plan=plan, date=today() + timedelta(days=90))
    submit(make_recommendation(network, title="Senere møde"), other, held_meeting, None, now)
    withdrawn = make_recommendation(network, title="Trukket tilbage")
    put_in_state(withdrawn, State.WITHDRAWN)
    return [cykel, arkiv, budget, decided]


# --- what is in it ----------------------------------------------------------------------------


def test_the_packet_holds_what_reached_the_board_in_submission_order(three, packet_meeting):
    assert [r.title for r in packet.recommendations(packet_meeting)] == [
        "Cykel",
        "Arkiv",
        "Budget",
        "Dukketeater",
    ]


def test_a_postponed_one_submitted_again_belongs_to_the_later_meeting(
    network, held_meeting, past_board_meeting, board_meeting
):
    recommendation = make_recommendation(network, title="Udsat")
    put_in_state(recommendation, State.POSTPONED, held_meeting, past_board_meeting)
    assert list(packet.recommendations(past_board_meeting)) == [recommendation]
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    assert list(packet.recommendations(past_board_meeting)) == []
    assert list(packet.recommendations(board_meeting)) == [recommendation]


@pytest.fixture
def went_on(network, coordinator, board_member, held_meeting, plan, travel):
    """Two recommendations put forward for the November meeting through the services: the
    first postponed there and submitted again for the January meeting, the second approved.
    The clock stands on the day of the November meeting."""
    from ressourcenet.governance import services

    november = BoardMeeting.objects.create(
        plan=plan, date=today() + timedelta(days=20), title="Bestyrelsesmøde i november"
    )
    january = BoardMeeting.objects.create(
        plan=plan, date=today() + timedelta(days=60), title="Bestyrelsesmøde i januar"
    )
    postponed = make_recommendation(network, by=coordinator, title="Udsat cykel")
    approved = make_recommendation(network, by=coordinator, title="Godkendt arkiv")
    for recommendation in (postponed, approved):
        services.transition(recommendation, State.ADOPTED, by=coordinator, meeting=held_meeting)
        services.transition(recommendation, State.SUBMITTED, by=coordinator, board_meeting=november)
    travel(20)
    services.transition(postponed, State.POSTPONED, by=board_member, reason="Vi mangler tal.")
    services.transition(approved, State.APPROVED, by=board_member, reason="Godt forslag.")
    services.transition(postponed, State.SUBMITTED, by=coordinator, board_meeting=january)
    return november, january, postponed, approved


def test_a_held_meeting_keeps_what_it_postponed_after_it_went_on(went_on):
    november, january, postponed, approved = went_on
    assert list(packet.recommendations(november)) == [postponed, approved]
    first, second = packet.agenda(november)
    assert first.state_here == State.POSTPONED and first.reason_here == "Vi mangler tal."
    assert first.decided_here_on == november.date
    assert first.moved_on == january
    assert second.state_here == State.APPROVED and second.moved_on is None
    # The coming meeting has it too, as submitted, without the earlier meeting's reason.
    (again,) = packet.agenda(january)
    assert again == postponed
    assert again.state_here == State.SUBMITTED
    assert again.reason_here is None and again.decided_here_on is None
    assert again.moved_on is None


def test_the_held_meetings_pdf_keeps_its_numbers_and_its_decision(went_on):
    november, january, postponed, approved = went_on
    text = text_of(packet.pdf_response(november).content)
    first = text.index("1. Udsat cykel\n")
    second = text.index("2. Godkendt arkiv\n")
    assert first < second
    section = " ".join(text[first:second].split())
    assert da("Postponed") in section and "Vi mangler tal." in section
    assert da("Then went on to") in section and "Bestyrelsesmøde i januar" in section
    assert "Godt forslag." in text[second:]
    coming = text_of(packet.pdf_response(january).content)
    assert "1. Udsat cykel\n" in coming
    assert "Vi mangler tal." not in coming and "Godkendt arkiv" not in coming


def test_the_board_meeting_page_lists_what_the_packet_lists(login, board_member, went_on):
    november, january, postponed, approved = went_on
    page = login(board_member).get(november.get_absolute_url()).content.decode()
    assert page.index(postponed.get_absolute_url()) < page.index(approved.get_absolute_url())
    row = page[page.index(postponed.get_absolute_url()) :].split("</tr>", 1)[0]
    assert da("Postponed") in row
    with translation.override("da"):
        later = translation.gettext("Then went on to the board meeting on %(date)s: %(state)s") % {
            "date": formats.date_format(january.date, "j. F Y"),
            "state": da("Submitted to the board").lower(),
        }
    assert later in row
    page = login(board_member).get(january.get_absolute_url()).content.decode()
    assert postponed.get_absolute_url() in page and approved.get_absolute_url() not in page


def test_the_agenda_of_a_held_meeting_costs_no_query_per_recommendation(
    login, board_member, network, coordinator, held_meeting, plan, went_on
):
    november, january, *_ = went_on
    client = login(board_member)

    def add(title):
        recommendation = make_recommendation(network, title=title)
        submit(recommendation, november, held_meeting, coordinator, timezone.now())
        RecommendationTransition.objects.create(
            recommendation=recommendation,
            from_state=State.SUBMITTED,
            to_state=State.POSTPONED,
            at=timezone.now(),
            board_meeting=november,
            decided_on=november.date,
            reason="Senere.",
        )
        put_in_state(recommendation, State.SUBMITTED, held_meeting, january)

    for page, url in enumerate((page_url(november), november.get_absolute_url())):
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for index in range(4):
            add(f"Udsat {page}.{index}")
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
        assert f"Udsat {page}.3" in response.content.decode()
        assert len(many) == len(few), url


def test_the_pdf_has_the_cover_contents_and_each_recommendation_in_order(
    three, packet_meeting, held_meeting, coordinator, plan
):
    text = text_of(packet.pdf_response(packet_meeting).content)
    titles = ["Cykel", "Arkiv", "Budget", "Dukketeater"]
    cover, contents = text.split(da("Contents"), 1)
    cover = " ".join(cover.split())  # a long title wraps
    assert plan.name in cover and "Beboerhuset, salen" in cover
    assert "Bestyrelsesmøde i december" in cover
    entries = [contents.index(f"{n}. {title} – ") for n, title in enumerate(titles, start=1)]
    assert entries == sorted(entries)
    sections = [text.index(f"{n}. {title}\n") for n, title in enumerate(titles, start=1)]
    assert sections == sorted(sections)
    cykel = text[sections[0] : sections[1]]
    for expected in (
        "Børnene mangler cykler.",
        "Vi køber ti cykler.",
        "12.000 kr. en gang.",
        "Sydparken",
        "Lektiecaféen",
        "Netværk for familier",
        held_meeting.title,
        coordinator.person.name,
        da("Other"),
    ):
        assert expected in cykel, expected
    assert "Netværk for job" in text[sections[2] : sections[3]]
    assert "Godt forslag." in text[sections[3] :]
    for absent in ("Kladde uden møde", "Senere møde", "Trukket tilbage"):
        assert absent not in text


def test_the_pdf_is_tagged_in_danish_with_a_title_and_the_sites_font(packet_meeting):
    reader = read(packet.pdf_response(packet_meeting).content)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert "Bestyrelsesmøde i december" in reader.metadata.title
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("IBM-Plex-Sans" in name for name in fonts), fonts


def test_an_empty_board_meeting_gives_a_packet_that_says_so(login, board_member, packet_meeting):
    empty = da("No recommendations are submitted for this board meeting.")
    response = login(board_member).get(pdf_url(packet_meeting))
    assert response.status_code == 200
    assert empty in text_of(response.content)
    page = login(board_member).get(page_url(packet_meeting))
    assert page.status_code == 200 and empty in page.content.decode()


def test_the_download_is_named_for_the_date(login, board_member, packet_meeting):
    response = login(board_member).get(pdf_url(packet_meeting))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'-{packet_meeting.date.isoformat()}.pdf"' in disposition


def test_the_page_shows_the_same_content_with_links(login, board_member, three, packet_meeting):
    page = login(board_member).get(page_url(packet_meeting)).content.decode()
    positions = [page.index(f'id="recommendation-{r.pk}-heading"') for r in three]
    assert positions == sorted(positions)
    assert f'href="#recommendation-{three[0].pk}"' in page
    assert three[0].get_absolute_url() in page
    assert pdf_url(packet_meeting) in page
    assert "Børnene mangler cykler." in page


def test_the_page_asks_the_same_number_of_queries_for_more(
    login, board_member, network, held_meeting, packet_meeting, plan, project
):
    client = login(board_member)

    def add(title):
        recommendation = make_recommendation(network, title=title, housing_areas=plan.areas.all())
        recommendation.projects.set([project])
        submit(recommendation, packet_meeting, held_meeting, board_member, timezone.now())

    add("Nr. 0")
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(packet_meeting))
    for index in range(1, 8):
        add(f"Nr. {index}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(page_url(packet_meeting))
    assert response.content.decode().count('class="packet-recommendation"') == 8
    assert len(many) == len(few)


# --- who may read it ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_the_board_administrators_and_coordinators_read_it(request, login, role, packet_meeting):
    client = login(request.getfixturevalue(role))
    assert client.get(page_url(packet_meeting)).status_code == 200
    response = client.get(pdf_url(packet_meeting))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", REFUSED)
def test_members_outsiders_and_other_boards_are_refused(request, login, role, packet_meeting):
    client = login(request.getfixturevalue(role))
    assert client.get(page_url(packet_meeting)).status_code == 403
    assert client.get(pdf_url(packet_meeting)).status_code == 403


def test_a_visitor_is_sent_to_log_in(login, packet_meeting):
    for url in (page_url(packet_meeting), pdf_url(packet_meeting)):
        response = login(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", REFUSED)
def test_the_refused_learn_nothing_from_ids(request, login, role, packet_meeting):
    """Refused before the lookup: an existing and a missing id answer alike."""
    client = login(request.getfixturevalue(role))
    missing = reverse("board_packet", args=["testby", packet_meeting.pk + 1000])
    assert client.get(missing).status_code == 403
    assert client.get(page_url(packet_meeting)).status_code == 403


def test_huge_and_foreign_ids_are_404(login, board_member, other_plan):
    client = login(board_member)
    assert client.get(f"/plans/testby/board-meetings/{10**20}/packet/").status_code == 404
    assert client.get(f"/plans/testby/board-meetings/{10**20}/packet.pdf").status_code == 404
    foreign = BoardMeeting.objects.create(plan=other_plan, date=today() + timedelta(days=9))
    assert client.get(reverse("board_packet", args=["testby", foreign.pk])).status_code == 404
    assert client.get(reverse("board_packet_pdf", args=["testby", foreign.pk])).status_code == 404


def test_only_get(login, board_member, packet_meeting):
    assert login(board_member).post(page_url(packet_meeting)).status_code == 405


# --- the API --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_the_api_gives_the_pdf(request, api_client, role, three, packet_meeting):
    response = api_client(request.getfixturevalue(role)).get(api_url(packet_meeting.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Cykel" in text_of(response.content)


@pytest.mark.parametrize("role", REFUSED)
def test_the_api_refuses_the_others(request, api_client, role, packet_meeting):
    response = api_client(request.getfixturevalue(role)).get(api_url(packet_meeting.pk))
    assert response.status_code == 403


def test_the_api_asks_a_visitor_for_a_token(api_client, packet_meeting):
    assert api_client(None).get(api_url(packet_meeting.pk)).status_code == 401


def test_the_api_answers_404_for_a_missing_id_and_422_for_a_huge_one(
    api_client, board_member, packet_meeting
):
    client = api_client(board_member)
    assert client.get(api_url(packet_meeting.pk + 1000)).status_code == 404
    response = client.get(api_url(10**20))
    assert response.status_code == 422
    assert "board_meeting_id" in str(response.json()["detail"][0]["loc"])


# --- the links to it --------------------------------------------------------------------------


def test_the_board_meeting_page_links_to_the_packet_for_those_who_may_read_it(
    login, board_member, coordinator, member, packet_meeting
):
    for user in (board_member, coordinator):
        page = login(user).get(packet_meeting.get_absolute_url()).content.decode()
        assert page_url(packet_meeting) in page
    page = login(member).get(packet_meeting.get_absolute_url()).content.decode()
    assert page_url(packet_meeting) not in page


def test_the_board_members_front_page_links_to_the_coming_packet(
    login, board_member, member, three, packet_meeting
):
    url = reverse("plan", args=["testby"])
    assert page_url(packet_meeting) in login(board_member).get(url).content.decode()
    assert page_url(packet_meeting) not in login(member).get(url).content.decode()


# --- what it would change in money and hours ---------------------------------------------------


def test_a_cofinancing_change_shows_its_agreement_and_amounts_in_the_pdf(
    change, agreement, packet_meeting, held_meeting, coordinator, board_member, plan
):
    submit(change, packet_meeting, held_meeting, coordinator, timezone.now())
    text = text_of(packet.pdf_response(packet_meeting).content)
    first = plan.starts_on.year
    assert agreement.title in text
    assert da("Proposed amounts") in text
    # The second year goes from 120.000 to 150.000: +30.000; the third is new.
    assert f"{first + 1}" in text and "150.000" in text and "+30.000" in text
    assert "+90.000" in text


def test_after_the_approval_the_packet_compares_with_the_version_before(
    login, change, agreement, past_board_meeting, held_meeting, coordinator, board_member
):
    from ressourcenet.governance import services

    submit(change, past_board_meeting, held_meeting, coordinator, timezone.now())
    services.transition(change, State.APPROVED, by=board_member, reason="Ja.")
    response = login(board_member).get(page_url(past_board_meeting))
    body = response.content.decode()
    # Against the amounts before the approval, not against the version it made itself.
    assert "+30.000" in body and "+90.000" in body


def test_allocation_lines_and_amounts_cost_no_query_per_recommendation(
    login, board_member, network, held_meeting, packet_meeting, plan, agreement
):
    from ressourcenet.agreements.models import AllocationLine
    from ressourcenet.governance.models import ProposedAmount, Recommendation

    effort = Effort.objects.create(plan=plan, name="Tryghed")
    year = plan.starts_on.year + 1
    client = login(board_member)

    def add(index):
        change = make_recommendation(
            network,
            title=f"Ændring {index}",
            kind=Recommendation.Kind.COFINANCING_CHANGE,
            agreement=agreement,
        )
        ProposedAmount.objects.create(recommendation=change, year=year, money=1000 * index)
        submit(change, packet_meeting, held_meeting, board_member, timezone.now())
        priority = make_recommendation(
            network, title=f"Prioritet {index}", kind=Recommendation.Kind.PRIORITY
        )
        priority.allocation_lines.set(
            [
                AllocationLine.objects.get_or_create(
                    plan=plan, effort=effort, housing_area=area, year=year - 1 + index % 2
                )[0]
                for area in plan.areas.all()[index % 2 : index % 2 + 1]
            ]
        )
        submit(priority, packet_meeting, held_meeting, board_member, timezone.now())

    add(0)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(packet_meeting))
    for index in range(1, 6):
        add(index)
    with CaptureQueriesContext(connection) as many:
        response = client.get(page_url(packet_meeting))
    body = response.content.decode()
    assert body.count('class="packet-recommendation"') == 12
    assert body.count(da("The allocation lines it would change")) == 6
    assert len(many) == len(few)
