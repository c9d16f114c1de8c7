"""The demo's idea catalogue: about thirty ideas from the three networks, most from the
meetings of 2017, in every status, with dated histories; and the summaries of those
meetings (two final, one of them public and one with ideas chosen for its leaflet, one
open for comments with two proposals waiting); and a few experiences per housing area, some
public. Written for the demo; every idea, summary, experience, reason and date is invented.
Running it again changes nothing: an idea is found by its network and title, a summary by
its meeting, an experience by its area and activity.

The histories are recorded as they happened years ago: no one is e-mailed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from ressourcenet.accounts.models import User
from ressourcenet.knowledge import experiences, leaflets, services, summaries
from ressourcenet.knowledge.models import Experience, Idea, Summary
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.plans.models import Plan

FAMILIES = "familier-forebyggelse"
JOBS = "uddannelse-beskaeftigelse"
NEIGHBOURS = "naboskab-trivsel"

# The meetings of 2017 in plans/demo.py, by network.
MEETINGS = {
    JOBS: "Idéer til den socialøkonomiske virksomhed",
    FAMILIES: "Sådan designer vi en god familieindsats",
    NEIGHBOURS: "Hvordan tager vi imod nye naboer?",
}
MEMBER_EMAIL = "medlem@example.dk"
ADMIN_EMAIL = "admin@example.dk"


@dataclass(frozen=True)
class DemoIdea:
    network: str
    title: str
    description: str
    from_meeting: bool
    areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    # Ideas not from a meeting were added on this day.
    added: date | None = None
    # (status, day, reason) after it was added, oldest first.
    history: tuple[tuple[str, date, str], ...] = field(default_factory=tuple)
    owned_by_member: bool = False  # the demo's member login owns it


NEW, TRIED, DONE, PARKED = (
    Idea.Status.NEW,
    Idea.Status.BEING_TRIED,
    Idea.Status.IMPLEMENTED,
    Idea.Status.PARKED,
)

IDEAS = [
    # --- Uddannelse/Beskæftigelse: products for the social-economy enterprise, and more.
    DemoIdea(
        JOBS,
        "Cykelværksted i Kanalens Kvarter",
        "Unge reparerer beboernes cykler mod en lille betaling og lærer et håndværk imens.",
        True,
        ("Kanalens Kvarter",),
        ("socialøkonomi", "unge"),
        history=(
            (TRIED, date(2017, 9, 1), "Driften har lånt os et kælderrum, og tre unge er i gang."),
            (
                DONE,
                date(2018, 3, 15),
                "Værkstedet har åbent to eftermiddage om ugen og betaler selv sine udgifter.",
            ),
        ),
    ),
    DemoIdea(
        JOBS,
        "Mad til møder i kommunen",
        "Et hold fra køkkenet i beboerhuset laver frokost til møder i kommunen og "
        "boligselskaberne.",
        True,
        ("Hedemarken",),
        ("socialøkonomi", "mad"),
        history=(
            (TRIED, date(2017, 10, 2), "Den første bestilling fra jobcentret er leveret."),
            (
                PARKED,
                date(2018, 6, 1),
                "Køkkenet er for lille til store bestillinger. Vi tager den op igen, når det "
                "nye køkken er bygget.",
            ),
        ),
    ),
    DemoIdea(
        JOBS,
        "Muleposer syet af gamle bannere",
        "Bannere fra byfesten bliver til muleposer, som lokale butikker sælger.",
        True,
        (),
        ("socialøkonomi", "genbrug"),
        history=((TRIED, date(2017, 8, 20), "To frivillige syersker lærer fem unge op."),),
    ),
    DemoIdea(
        JOBS,
        "Vinduespudsning for ældre beboere",
        "Unge pudser vinduer hos ældre, som ikke selv kan komme op på en stige.",
        True,
        ("Albertslund Nord",),
        ("socialøkonomi", "ældre"),
    ),
    DemoIdea(
        JOBS,
        "Sommerjob i driften",
        "Unge hjælper ejendomsfunktionærerne med at passe græs og legepladser i sommerferien.",
        True,
        ("Blokland", "Hedemarken"),
        ("unge", "fritidsjob"),
        history=(
            (
                DONE,
                date(2018, 8, 31),
                "Otte unge havde sommerjob i driften i år, og alle vil gerne igen.",
            ),
        ),
    ),
    DemoIdea(
        JOBS,
        "Flyttehjælp med trailer",
        "Et lille flyttehold hjælper beboere, der flytter inden for området.",
        True,
        (),
        ("socialøkonomi",),
        history=(
            (PARKED, date(2017, 12, 1), "Forsikringen bliver for dyr for en lille virksomhed."),
        ),
    ),
    DemoIdea(
        JOBS,
        "Betalt lektiehjælp fra ældre elever",
        "Elever fra 9. klasse hjælper de mindste med lektier og får en lille løn for det.",
        False,
        ("Kanalens Kvarter", "Hedemarken"),
        ("unge", "lektier"),
        added=date(2018, 2, 6),
        history=((TRIED, date(2018, 4, 10), "Fire elever er ansat på prøve til sommerferien."),),
    ),
    DemoIdea(
        JOBS,
        "Jobcafé med kaffe og hjælp til ansøgninger",
        "En fast eftermiddag, hvor man kan få hjælp til cv og ansøgninger over en kop kaffe.",
        False,
        ("Kanalens Kvarter", "Blokland"),
        ("job",),
        added=date(2018, 4, 17),
        history=(
            (TRIED, date(2018, 5, 1), "Jobcentret sender en medarbejder hver tirsdag."),
            (DONE, date(2019, 1, 15), "Jobcaféen er nu fast, og 12 har fået job gennem den."),
        ),
    ),
    DemoIdea(
        JOBS,
        "Praktik i de lokale butikker",
        "Butikkerne i centret tager unge i korte praktikker, så de prøver et rigtigt job.",
        False,
        (),
        ("job", "erhverv"),
        added=date(2019, 3, 5),
    ),
    DemoIdea(
        JOBS,
        "Mentorer blandt pensionerede håndværkere",
        "Ældre håndværkere følger en ung, der er i gang med en uddannelse.",
        False,
        (),
        ("unge", "frivillige"),
        added=date(2018, 9, 20),
        history=((PARKED, date(2019, 2, 1), "Vi har ikke fundet nok mentorer endnu."),),
    ),
    # --- Familier/Forebyggelse.
    DemoIdea(
        FAMILIES,
        "Morgenmad for familier i beboerhuset",
        "En lørdag om måneden spiser familier morgenmad sammen, og sundhedsplejen kigger forbi.",
        True,
        ("Hedemarken",),
        ("familier", "mad"),
        history=(
            (TRIED, date(2017, 11, 5), "Første morgenmad samlede 14 familier."),
            (DONE, date(2018, 5, 20), "Morgenmaden er fast, og frivillige står for den."),
        ),
        owned_by_member=True,
    ),
    DemoIdea(
        FAMILIES,
        "Sundhedsplejerske i lektiecaféen",
        "En sundhedsplejerske er i lektiecaféen en gang om måneden, så forældre kan spørge "
        "uden at bestille tid.",
        True,
        ("Kanalens Kvarter",),
        ("familier", "sundhed"),
        history=((TRIED, date(2018, 1, 9), "Vi prøver det frem til sommerferien."),),
        owned_by_member=True,
    ),
    DemoIdea(
        FAMILIES,
        "Forældrekursus på flere sprog",
        "Et kort kursus om skolen og fritidslivet for forældre, med tolk.",
        True,
        ("Kanalens Kvarter", "Blokland"),
        ("familier", "sprog"),
    ),
    DemoIdea(
        FAMILIES,
        "Legeaftaler på tværs af opgangene",
        "Forældre kan skrive sig på en liste og finde legekammerater til børnene tæt på.",
        True,
        (),
        ("børn", "naboskab"),
        history=(
            (PARKED, date(2018, 3, 1), "Forældrene ville hellere have faste legedage i gården."),
        ),
    ),
    DemoIdea(
        FAMILIES,
        "Faste legedage i gården om sommeren",
        "Hver onsdag i juni og juli er der voksne og legetøj i gården fra klokken 15.",
        True,
        ("Hedemarken", "Albertslund Nord"),
        ("børn", "udeliv"),
        history=((DONE, date(2018, 7, 4), "Legedagene kører, og klubben låner os legetøj."),),
    ),
    DemoIdea(
        FAMILIES,
        "Tandbørstedag med tandplejen",
        "Tandplejen kommer i beboerhuset og viser børn og forældre, hvordan man børster tænder.",
        True,
        (),
        ("sundhed", "børn"),
        history=(
            (TRIED, date(2017, 10, 12), "Første tandbørstedag er aftalt."),
            (DONE, date(2018, 2, 2), "Tandbørstedagen holdes nu to gange om året."),
        ),
    ),
    DemoIdea(
        FAMILIES,
        "Én telefon for familier, der har brug for hjælp",
        "En fast telefontid, hvor familier kan ringe og blive vist videre til den rette.",
        True,
        (),
        ("familier", "samarbejde"),
        history=((TRIED, date(2018, 4, 3), "Familiehuset tager telefonen tirsdag og torsdag."),),
    ),
    DemoIdea(
        FAMILIES,
        "Ferieaktiviteter for familier, der bliver hjemme",
        "Udflugter og aktiviteter i sommerferien for familier, der ikke rejser væk.",
        False,
        ("Albertslund Nord", "Hedemarken"),
        ("familier", "ferie"),
        added=date(2019, 4, 23),
    ),
    DemoIdea(
        FAMILIES,
        "Fædregruppe med fodbold og snak",
        "Fædre spiller fodbold med deres børn og taler bagefter om livet som far.",
        False,
        ("Blokland",),
        ("familier", "fædre"),
        added=date(2018, 10, 2),
        history=((TRIED, date(2019, 1, 8), "Seks fædre mødes hver anden søndag i hallen."),),
        owned_by_member=True,
    ),
    DemoIdea(
        FAMILIES,
        "Hjælp til at læse breve fra skolen",
        "Frivillige hjælper forældre med at læse og svare på beskeder fra skolen.",
        False,
        (),
        ("sprog", "skole"),
        added=date(2018, 1, 30),
        history=(
            (
                PARKED,
                date(2019, 8, 15),
                "Skolerne bruger nu et system, der selv kan oversætte beskederne.",
            ),
        ),
    ),
    # --- Naboskab/Trivsel.
    DemoIdea(
        NEIGHBOURS,
        "Velkomstpakke til nye beboere",
        "Et kort over området, tider for vaskeriet og navne på dem, man kan spørge.",
        True,
        ("Hedemarken", "Kanalens Kvarter", "Blokland", "Albertslund Nord"),
        ("velkomst", "naboskab"),
        history=(
            (TRIED, date(2018, 1, 15), "Driften deler pakken ud sammen med nøglerne."),
            (DONE, date(2018, 9, 1), "Alle nye beboere får nu pakken."),
        ),
    ),
    DemoIdea(
        NEIGHBOURS,
        "En nabo-ven, der viser nye beboere rundt",
        "En frivillig nabo tager en tur rundt med den nye og fortæller, hvad der sker.",
        True,
        ("Blokland",),
        ("velkomst", "frivillige"),
        history=((TRIED, date(2018, 2, 12), "Fem naboer har meldt sig som nabo-venner."),),
    ),
    DemoIdea(
        NEIGHBOURS,
        "Velkomstkaffe i opgangen",
        "Den første lørdag i måneden inviterer opgangen nye naboer på kaffe.",
        True,
        (),
        ("velkomst",),
    ),
    DemoIdea(
        NEIGHBOURS,
        "Fællesspisning hver anden torsdag",
        "Beboerne laver mad på skift, og alle kan købe en billig aftensmad.",
        True,
        ("Blokland",),
        ("mad", "fællesskab"),
        history=((DONE, date(2018, 1, 25), "Fællesspisningen samler 40 beboere hver gang."),),
    ),
    DemoIdea(
        NEIGHBOURS,
        "Byttemarked for tøj og legetøj",
        "To gange om året bytter beboerne tøj og legetøj i beboerhuset.",
        True,
        (),
        ("genbrug", "fællesskab"),
        history=((TRIED, date(2018, 4, 21), "Det første byttemarked er holdt i Blokland."),),
    ),
    DemoIdea(
        NEIGHBOURS,
        "Bænke og blomster ved indgangene",
        "Et sted at sidde ved hver indgang gør det lettere at falde i snak.",
        True,
        (),
        ("udeliv", "tryghed"),
        history=(
            (
                PARKED,
                date(2018, 5, 2),
                "Driften har ikke penge til det i år. Vi søger en pulje til foråret.",
            ),
        ),
    ),
    DemoIdea(
        NEIGHBOURS,
        "Gåture for ældre, der bor alene",
        "En fast gåtur to formiddage om ugen, med kaffe bagefter.",
        True,
        ("Albertslund Nord",),
        ("ældre", "sundhed"),
        history=(
            (TRIED, date(2018, 3, 6), "Sundhedshuset har fundet to frivillige gåguider."),
            (DONE, date(2018, 10, 1), "Gåturene er faste, og 15 ældre går med."),
        ),
    ),
    DemoIdea(
        NEIGHBOURS,
        "Opslagstavle på flere sprog i vaskeriet",
        "De vigtigste beskeder hænger på dansk, arabisk, tyrkisk og engelsk.",
        True,
        (),
        ("sprog", "naboskab"),
    ),
    DemoIdea(
        NEIGHBOURS,
        "Plantekasser, som beboerne passer sammen",
        "Store kasser med krydderurter og grøntsager, som naboer passer i fællesskab.",
        False,
        ("Hedemarken",),
        ("udeliv", "grønt"),
        added=date(2019, 3, 19),
        history=((TRIED, date(2019, 5, 7), "Seks kasser er sat op, og 20 beboere er med."),),
    ),
    DemoIdea(
        NEIGHBOURS,
        "Kor for alle aldre",
        "Et kor, hvor børn, voksne og ældre synger sammen en gang om ugen.",
        False,
        (),
        ("kultur", "fællesskab"),
        added=date(2019, 9, 10),
    ),
]


def _moment(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def _coordinator_user(network: Network) -> User | None:
    coordinator = (
        network.memberships.filter(role=Membership.Role.COORDINATOR, person__user__isnull=False)
        .select_related("person__user")
        .first()
    )
    return coordinator.person.user if coordinator else None


def load_ideas(plan: Plan) -> int:
    """Add the ideas that are not there yet; returns how many were added."""
    networks = {network.slug: network for network in plan.networks.all()}
    areas = {area.name: area for area in plan.areas.all()}
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    member = User.objects.filter(email=MEMBER_EMAIL).select_related("person").first()
    added = 0
    for number, spec in enumerate(IDEAS):
        network = networks[spec.network]
        if Idea.objects.filter(network=network, title=spec.title).exists():
            continue
        meeting = None
        if spec.from_meeting:
            meeting = Meeting.objects.get(network=network, title=MEETINGS[spec.network])
        members = list(
            network.memberships.order_by("person__name").values_list("person", flat=True)
        )
        if spec.owned_by_member and member is not None:
            owner_id = member.person.pk
        else:
            owner_id = members[number % len(members)] if number % 3 else None
        by = _coordinator_user(network) or admin
        idea = Idea(
            network=network,
            meeting=meeting,
            title=spec.title,
            description=spec.description,
            owner_id=owner_id,
        )
        when = meeting.ends_at if meeting else _moment(spec.added)
        services.create_idea(
            idea,
            housing_areas=[areas[name] for name in spec.areas],
            tags=spec.tags,
            by=by,
            at=when,
        )
        for status, day, reason in spec.history:
            services.record_status_change(idea, status, reason, by=by, at=_moment(day))
        added += 1
    return added


# --- summaries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    network: str
    body: str
    state: str  # "open" or "final"
    # (kind, text, accepted: True/False/None for still waiting) from those who came
    amendments: tuple[tuple[str, str, bool | None], ...] = ()
    # The titles of the network's ideas chosen for the leaflet; none: the meeting's own.
    leaflet: tuple[str, ...] = ()
    public: bool = False  # visitors may read it once final


SUMMARIES = [
    DemoSummary(
        JOBS,
        """# Idéer til den socialøkonomiske virksomhed

Vi var 14 deltagere fra beboerne, boligsociale medarbejdere, jobcentret og to lokale
virksomheder. Vi arbejdede i tre grupper og fandt i alt 17 idéer.

## De idéer vi valgte

1. **Cykelværksted i kælderen**: unge reparerer cykler for beboerne til en lav pris.
2. **Madboder ved fællesarrangementer**: beboere sælger hjemmelavet mad.
3. **Syværksted**: reparation og ændring af tøj, med salg på markedsdage.

## Det aftalte vi

- Jobcentret undersøger, om de unge kan få praktik i cykelværkstedet.
- Den boligsociale medarbejder finder et lokale til syværkstedet.
- Vi mødes igen efter sommerferien og ser, hvor langt vi er kommet.
""",
        "final",
        (
            (
                "amendment",
                "Skriv venligst at vi var 15 deltagere, ikke 14. Jeg kom lidt for sent.",
                True,
            ),
        ),
        leaflet=(
            "Cykelværksted i Kanalens Kvarter",
            "Muleposer syet af gamle bannere",
            "Sommerjob i driften",
            "Jobcafé med kaffe og hjælp til ansøgninger",
        ),
    ),
    DemoSummary(
        FAMILIES,
        """# Sådan designer vi en god familieindsats

Mødet handlede om, hvad der får familier til at blive i en indsats.

## Det vi lærte af hinanden

- Familierne kommer, når der er **mad** og noget for børnene samtidig.
- En fast kontaktperson betyder mere end et fast program.
- Invitationer skal være korte og gerne på flere sprog.

## Næste skridt

- Familiekonsulenten laver et udkast til et forløb med fællesspisning hver anden uge.
- Sundhedsplejen og skolen siger til, hvilke familier der kan have glæde af det.
""",
        "final",
        public=True,
    ),
    DemoSummary(
        NEIGHBOURS,
        """# Hvordan tager vi imod nye naboer?

Vi talte om, hvordan nye beboere hurtigt kan føle sig hjemme i området.

## Forslag fra mødet

- En **velkomstpakke** med kort over området, åbningstider og kontakter.
- Faste *nabo-værter* i hver opgang, som siger hej og fortæller om fællesskabet.
- Et velkomstmøde hver tredje måned i beboerhuset.

## Det er ikke besluttet endnu

Hvem der betaler for velkomstpakken. Afdelingsbestyrelsen tager det op på sit næste møde.
""",
        "open",
        (
            ("amendment", "Velkomstpakken skal også findes på engelsk og arabisk.", None),
            ("comment", "Godt møde! Jeg vil gerne være nabo-vært i min opgang.", None),
        ),
    ),
]


def _attended(meeting: Meeting) -> list:
    """Those who came; the demo records that all but the last invitee came, if no one has
    recorded the attendance yet."""
    invitations = list(meeting.invitations.select_related("person").order_by("person__name"))
    if invitations and all(i.attended is None for i in invitations):
        meeting_services.record_attendance(meeting, [i.person_id for i in invitations[:-1]])
    return list(meeting.invitations.filter(attended=True).order_by("person__name"))


def _unsend(queued: list[OutgoingMessage]) -> None:
    """The demo e-mails no one: the messages a step queued are taken back before they go."""
    OutgoingMessage.objects.filter(pk__in=[message.pk for message in queued]).delete()


def load_summaries(plan: Plan) -> int:
    """Summaries for the demo's past meetings: two final, one open for comments with two
    proposals waiting. The demo sends no e-mail: what the steps queue is taken back."""
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    added = 0
    for spec in SUMMARIES:
        meeting = Meeting.objects.get(network__plan=plan, title=MEETINGS[spec.network])
        if Summary.objects.filter(meeting=meeting).exists():
            continue
        by = _coordinator_user(meeting.network) or admin
        summary = summaries.save_draft(meeting, spec.body, by=by, public=spec.public)
        attended = _attended(meeting)
        with transaction.atomic():
            queued = summaries.open_for_comments_queued(summary)
            _unsend(queued)
        for number, (kind, text, accepted) in enumerate(spec.amendments):
            invitation = attended[number % len(attended)]
            amendment = summaries.propose_amendment(invitation, text, kind)
            if accepted is not None:
                with transaction.atomic():
                    queued = summaries.decide_amendment_queued(amendment, accepted, by)
                    _unsend(queued)
        if spec.leaflet:
            chosen = Idea.objects.filter(network=meeting.network, title__in=spec.leaflet)
            leaflets.choose_ideas(summary, chosen)
        if spec.state == "final":
            with transaction.atomic():
                queued = summaries.finalise_queued(summary, by, leaflet=False)
                _unsend(queued)
        added += 1
    return added


# --- experiences -------------------------------------------------------------------------

WHOLE_PLAN = ""


@dataclass(frozen=True)
class DemoExperience:
    area: str  # WHOLE_PLAN for the whole plan
    activity: str
    worked: str
    did_not_work: str = ""
    network: str = ""
    from_meeting: bool = False  # shared at the network's meeting of 2017
    public: bool = False
    added: date = date(2018, 1, 15)
    by_member: bool = False  # written by the demo's member login
    effort: str = ""  # the plan's effort; the network's when empty (the service's rule)


EXPERIENCES = [
    DemoExperience(
        "Hedemarken",
        "Lektiecafé",
        "Børnene kom, da vi flyttede caféen fra skolen til beboerhuset. Frugt og saft på "
        "bordet hjalp, og to frivillige fra gymnasiet var faste hver tirsdag.",
        "Om fredagen kom næsten ingen. Vi prøvede at lave lektier online, men børnene "
        "ville hellere sidde sammen.",
        FAMILIES,
        public=True,
        added=date(2017, 11, 2),
        by_member=True,
    ),
    DemoExperience(
        "Hedemarken",
        "Fællesspisning",
        "Når beboerne selv lavede maden på skift, kom der flere, og flere blev hængende bagefter.",
        "Det var svært at få nok hjælpere til opvasken.",
        NEIGHBOURS,
        added=date(2018, 2, 20),
    ),
    DemoExperience(
        "Kanalens Kvarter",
        "Cykelværksted",
        "De unge mødte op, fordi de fik lidt i lommepenge og kunne lære noget, de kunne bruge.",
        "Kælderen var for mørk om vinteren. Vi skulle have spurgt driften om lys fra start.",
        JOBS,
        from_meeting=True,
        public=True,
        added=date(2017, 12, 5),
    ),
    DemoExperience(
        "Kanalens Kvarter",
        "Velkomst af nye beboere",
        "Et kort brev på flere sprog og et besøg af en nabo fra opgangen virkede bedre end "
        "et stort møde.",
        network=NEIGHBOURS,
        from_meeting=True,
        added=date(2018, 4, 10),
        by_member=True,
    ),
    DemoExperience(
        "Blokland",
        "Fællesspisning",
        "Familierne kom, når der både var mad og noget for børnene samtidig.",
        "Vi annoncerede kun på opslagstavlen. Det nåede ikke dem, der ikke kender os.",
        FAMILIES,
        from_meeting=True,
        public=True,
        added=date(2017, 10, 25),
    ),
    DemoExperience(
        "Blokland",
        "Jobcafé",
        "Beboerne kom, når en fra jobcentret sad i beboerhuset i stedet for på rådhuset.",
        "Tidspunktet om formiddagen passede ikke dem, der havde små børn.",
        JOBS,
        added=date(2018, 3, 8),
    ),
    DemoExperience(
        "Albertslund Nord",
        "Lektiecafé",
        "Et fast lokale og de samme voksne hver gang gav ro.",
        "Vi startede for mange dage om ugen. To dage havde været nok.",
        FAMILIES,
        added=date(2018, 1, 30),
    ),
    DemoExperience(
        "Albertslund Nord",
        "Gårdfest",
        "Driften og afdelingsbestyrelsen planlagde sammen, og det gav flere hænder.",
        network=NEIGHBOURS,
        public=True,
        added=date(2018, 6, 18),
    ),
    DemoExperience(
        WHOLE_PLAN,
        "Invitationer",
        "Korte invitationer med et billede og tidspunktet øverst blev læst. En sms dagen "
        "før fik flere til at komme.",
        "Lange breve med mange punkter blev ikke læst.",
        added=date(2018, 5, 3),
        effort="Naboskab/Trivsel",
    ),
]


def load_experiences(plan: Plan) -> int:
    """A few experiences per housing area, some public; returns how many were added."""
    networks = {network.slug: network for network in plan.networks.all()}
    areas = {area.name: area for area in plan.areas.all()}
    efforts = {effort.name: effort for effort in plan.efforts.all()}
    member = User.objects.filter(email=MEMBER_EMAIL).select_related("person").first()
    added = 0
    for number, spec in enumerate(EXPERIENCES):
        area = areas.get(spec.area)
        if Experience.objects.filter(plan=plan, housing_area=area, activity=spec.activity).exists():
            continue
        network = networks.get(spec.network)
        meeting = None
        if spec.from_meeting and network is not None:
            meeting = Meeting.objects.get(network=network, title=MEETINGS[spec.network])
        if spec.by_member and member is not None:
            author = member.person
        else:
            # One of the area's steering group, or a member of the network, in turn.
            people = area.steering_group.members.all() if area is not None else []
            if network is not None and not people:
                people = [m.person for m in network.memberships.select_related("person")]
            people = list(people)
            author = people[number % len(people)] if people else None
        experience = Experience(
            plan=plan,
            housing_area=area,
            plan_effort=efforts.get(spec.effort),
            activity=spec.activity,
            worked=spec.worked,
            did_not_work=spec.did_not_work,
            network=network,
            meeting=meeting,
            public=spec.public,
        )
        experiences.create_experience(experience, author, at=_moment(spec.added))
        added += 1
    return added
