"""Evaluations for the demo's held meetings: most of those who came answered, some with a
suggestion, written for this demo. Safe to run again: an invitee answers once.

The meetings are the plan's first ones (2017), long past their evaluation window, so the
dashboards show their figures from the first start (each has more than MIN_ANSWERS
answers); the answers are stored as if given in time (`services.save`, past the window's
check)."""

from ressourcenet.evaluation import services
from ressourcenet.knowledge.demo import FAMILIES, JOBS, MEETINGS, NEIGHBOURS
from ressourcenet.meetings.models import Meeting
from ressourcenet.plans.models import Plan

# Per meeting: (relevance, time well spent, suggestion) for those who came, in name order;
# the last ones did not answer.
ANSWERS = {
    JOBS: [
        (5, 4, "Mere tid ved bordene og kortere oplæg i starten."),
        (4, 4, ""),
        (5, 5, "Inviter gerne nogle af de unge, der skal arbejde i virksomheden."),
        (3, 3, "Send materialet et par dage før, så man kan forberede sig."),
        (4, 5, ""),
        (4, 3, "Mødet lå midt i arbejdstiden. Prøv en eftermiddag næste gang."),
    ],
    FAMILIES: [
        (5, 5, "Flere eksempler fra familierne selv, gerne fortalt af en forælder."),
        (4, 4, ""),
        (4, 3, "Pausen var for kort til at tale med folk fra de andre enheder."),
        (5, 4, "Saml op på, hvem der gør hvad, inden vi går."),
        (3, 4, ""),
    ],
    NEIGHBOURS: [
        (5, 5, "Maden var en god idé. Gør det igen."),
        (4, 4, "Lad beboerne fra Blokland fortælle, hvordan de tager imod nye naboer."),
        (4, 5, ""),
        (3, 3, "Det var svært at høre ved bordet tæt på køkkenet."),
        (5, 4, "Lav en liste med navne på dem, der vil være nabo-værter."),
        (4, 4, ""),
    ],
}


def load_evaluations(plan: Plan) -> int:
    """Answers to the held meetings from those recorded as having come; returns how many
    were added."""
    added = 0
    for network_slug, answers in ANSWERS.items():
        meeting = Meeting.objects.filter(
            network__plan=plan, network__slug=network_slug, title=MEETINGS[network_slug]
        ).first()
        # Loaded already: once the evaluation has closed, `ressourcenet retention` cuts the
        # answers from the invitations, so they are counted by the meeting.
        if meeting is None or services.meeting_problem(meeting) or meeting.evaluations.exists():
            continue
        came = meeting.invitations.filter(attended=True).order_by("person__name")
        for invitation, answer in zip(came, answers, strict=False):
            services.save(invitation, *services.check_answer(*answer))
            added += 1
    return added
