"""The demo: an Albertslund-like plan 2017–2020 with fictional people.

Facts (areas, efforts, municipal units, housing organisations, the secretariat) follow
the public description of the Albertslund plan; every person, e-mail, phone number and
text is invented here. Running it again changes nothing: rows are found by natural keys.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ressourcenet.accounts.models import User
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people import services as people_services
from ressourcenet.people.models import Organisation, Person, StakeholderGroup, Unit
from ressourcenet.plans.models import (
    Board,
    BoardMember,
    Effort,
    HousingArea,
    LocalSteeringGroup,
    Plan,
    Project,
)

G = StakeholderGroup
DEMO_PLAN_SLUG = "albertslund-2017-2020"
PLAN_START = date(2017, 1, 1)
MEMBERS_FROM = date(2017, 3, 1)

AREAS = {
    "Hedemarken": "Albertslund Boligselskab",
    "Kanalens Kvarter": "AKB Albertslund",
    "Blokland": "Vridsløselille Andelsboligforening",
    "Albertslund Nord": "Albertslund Boligselskab",
}
AREA_CHALLENGES = {
    "Hedemarken": "Mange børnefamilier og få fritidstilbud tæt på.",
    "Kanalens Kvarter": "Mange unge uden uddannelse eller job.",
    "Blokland": "Mange nye beboere, som ikke kender hinanden.",
    "Albertslund Nord": "Mange ældre beboere, der bor alene.",
}

MUNICIPALITY = "Albertslund Kommune"
MUNICIPAL_UNITS = [
    "Daginstitutionsområdet",
    "Tandplejen",
    "Familiehuset",
    "PPR",
    "Skolerne",
    "Sundhedsplejen",
    "Den Kriminalpræventive Enhed (DKE)",
    "Klubområdet",
    "Jobcentret",
    "Sekretariatet for Vækst og Udvikling",
    "Sundhedshuset",
    "Kultur og Fritid",
    "Sundhed, Pleje og Omsorg",
    "Miljø og Teknik",
]
UUV = "UU Vestegnen"

NETWORKS = [
    {
        "effort": "Familier/Forebyggelse",
        "slug": "familier-forebyggelse",
        "description": "Her mødes dem, der arbejder med børn og familier i boligområderne, "
        "med forældre og frivillige. Målet er, at familier får hjælp tidligt.",
        "units": [
            (MUNICIPALITY, "Daginstitutionsområdet"),
            (MUNICIPALITY, "Tandplejen"),
            (MUNICIPALITY, "Familiehuset"),
            (MUNICIPALITY, "PPR"),
            (MUNICIPALITY, "Skolerne"),
            (MUNICIPALITY, "Sundhedsplejen"),
            (MUNICIPALITY, "Den Kriminalpræventive Enhed (DKE)"),
        ],
        "projects": ["Familier i fællesskab", "Lektiecaféer"],
    },
    {
        "effort": "Uddannelse/Beskæftigelse",
        "slug": "uddannelse-beskaeftigelse",
        "description": "Her mødes jobcentret, skolerne, klubberne og de lokale kræfter "
        "for at flere unge og voksne kommer i uddannelse og job.",
        "units": [
            (MUNICIPALITY, "Klubområdet"),
            (MUNICIPALITY, "Jobcentret"),
            (MUNICIPALITY, "Sekretariatet for Vækst og Udvikling"),
            (MUNICIPALITY, "Den Kriminalpræventive Enhed (DKE)"),
            (UUV, "Uddannelsesvejledningen"),
            (MUNICIPALITY, "Skolerne"),
        ],
        "projects": ["Socialøkonomisk virksomhed", "Fritidsjob til unge"],
    },
    {
        "effort": "Naboskab/Trivsel",
        "slug": "naboskab-trivsel",
        "description": "Her mødes beboere, frivillige, driften og kommunen for at skabe "
        "gode naboskaber og et trygt hverdagsliv.",
        "units": [
            (MUNICIPALITY, "Sundhedshuset"),
            (MUNICIPALITY, "Kultur og Fritid"),
            (MUNICIPALITY, "Sundhed, Pleje og Omsorg"),
            (MUNICIPALITY, "Miljø og Teknik"),
        ],
        "projects": ["Velkommen til nye beboere", "Grønne fællesskaber"],
    },
]

RESPONSIBILITY = (
    "Netværket rådgiver, udvikler og koordinerer. Det skal gøre indsatserne og projekterne "
    "bedre, med blik for boligafdelingerne, boligselskaberne og kommunen.\n"
    "Netværket kan sende indstillinger til bestyrelsen om, hvordan ressourcerne i indsatsen "
    "skal prioriteres, og om ændringer af kommunens medfinansieringsaftaler.\n"
    "Medlemmerne kan lave samarbejdsaftaler med hinanden, så længe aftalerne ikke binder "
    "andre end dem, der skriver under."
)
TASKS = "\n".join(
    [
        "Sparre om og udvikle indsatserne på tværs af boligområderne.",
        "Gøre projekterne bedre: hvordan sætter vi dem bedst i gang?",
        "Dele erfaringer og viden på tværs af de lokale styregrupper.",
        "Være en katalysator for samarbejdet mellem parterne.",
        "Prioritere ressourcerne efter boligområdernes udfordringer.",
        "Indstille ændringer af medfinansieringsaftalerne.",
    ]
)

FIRST_NAMES = [
    "Anne",
    "Mette",
    "Hanne",
    "Lone",
    "Susanne",
    "Camilla",
    "Louise",
    "Sara",
    "Amira",
    "Fatima",
    "Birgit",
    "Karen",
    "Line",
    "Ida",
    "Nadia",
    "Jens",
    "Peter",
    "Lars",
    "Søren",
    "Henrik",
    "Mads",
    "Thomas",
    "Ali",
    "Ahmed",
    "Kasper",
    "Jonas",
    "Niels",
    "Morten",
    "Bo",
    "Yusuf",
]
LAST_NAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Holm",
    "Yilmaz",
    "Hussein",
    "Kaya",
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    group: str
    organisation: str
    unit: str | None
    title: str
    area: str | None
    network: str | None  # network slug
    role: str
    superuser: bool = False
    editor: bool = False
    board_seat: str = ""


DEMO_USERS = [
    DemoUser(
        "admin@example.dk",
        "Birthe Lykke",
        G.SOCIAL_HOUSING_STAFF,
        "Albertslund Boligsociale Center (ABC)",
        None,
        "Leder af sekretariatet",
        None,
        None,
        "",
        superuser=True,
    ),
    DemoUser(
        "koordinator@example.dk",
        "Rikke Dahl",
        G.SOCIAL_HOUSING_STAFF,
        "Albertslund Boligsociale Center (ABC)",
        None,
        "Boligsocial medarbejder",
        None,
        "familier-forebyggelse",
        Membership.Role.COORDINATOR,
    ),
    DemoUser(
        "medlem@example.dk",
        "Jamal Haddad",
        G.VOLUNTEER,
        "",
        None,
        "Frivillig i lektiecaféen",
        "Kanalens Kvarter",
        "familier-forebyggelse",
        Membership.Role.MEMBER,
    ),
    DemoUser(
        "bestyrelse@example.dk",
        "Grethe Vinther",
        G.RESIDENT_BOARD,
        "Albertslund Boligselskab",
        None,
        "Formand for afdelingsbestyrelsen",
        "Hedemarken",
        None,
        "",
        board_seat="Beboerrepræsentant",
    ),
    DemoUser(
        "redaktoer@example.dk",
        "Tobias Krogh",
        G.SOCIAL_HOUSING_STAFF,
        "Albertslund Boligsociale Center (ABC)",
        None,
        "Kommunikation",
        None,
        None,
        "",
        editor=True,
    ),
]

BOARD_SEATS = [
    ("Borgmester", G.PROFESSIONAL_MANAGEMENT, MUNICIPALITY, None),
    ("Kommunaldirektør", G.PROFESSIONAL_MANAGEMENT, MUNICIPALITY, None),
    ("Beboerrepræsentant", G.RESIDENT_BOARD, "AKB Albertslund", "Kanalens Kvarter"),
    ("Beboerrepræsentant", G.RESIDENT_BOARD, "Vridsløselille Andelsboligforening", "Blokland"),
    ("Direktør for social og sundhed", G.PROFESSIONAL_MANAGEMENT, MUNICIPALITY, None),
]


def _people_mix() -> list[tuple[str, str, str | None, str | None, str]]:
    """(group, organisation, unit, area, title) for the generated people."""
    mix = []
    for unit in MUNICIPAL_UNITS:
        mix.append((G.PROFESSIONAL_MANAGEMENT, MUNICIPALITY, unit, None, "Leder"))
    mix.append((G.PROFESSIONAL_MANAGEMENT, UUV, "Uddannelsesvejledningen", None, "Leder"))
    for unit in MUNICIPAL_UNITS[:12]:
        mix.append((G.PROFESSIONAL_STAFF, MUNICIPALITY, unit, None, "Medarbejder"))
    mix.append((G.PROFESSIONAL_STAFF, UUV, "Uddannelsesvejledningen", None, "Vejleder"))
    for area, organisation in AREAS.items():
        mix.append((G.RESIDENT_BOARD, organisation, None, area, "Medlem af afdelingsbestyrelsen"))
        mix.append((G.RESIDENT_BOARD, organisation, None, area, "Medlem af afdelingsbestyrelsen"))
        mix.append((G.OPERATIONS_STAFF, organisation, "Driften", area, "Ejendomsfunktionær"))
    for area in AREAS:
        mix.append((G.VOLUNTEER, "", None, area, "Frivillig"))
        mix.append((G.VOLUNTEER, "", None, area, "Frivillig"))
    mix.append((G.VOLUNTEER, "Albertslund Frivilligcenter", None, None, "Frivillig"))
    abc = "Albertslund Boligsociale Center (ABC)"
    for area in AREAS:
        mix.append((G.SOCIAL_HOUSING_STAFF, abc, None, area, "Boligsocial medarbejder"))
    mix.append((G.GUEST, "Albertslund Frivilligcenter", None, None, "Koordinator"))
    mix.append((G.GUEST, "Lokal Erhvervsforening", None, None, "Formand"))
    return mix


def _names(count: int, rng: random.Random) -> list[str]:
    pool = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    taken = {user.name for user in DEMO_USERS}
    return [name for name in rng.sample(pool, count + len(taken)) if name not in taken][:count]


def _email(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans({"ø": "oe", "æ": "ae", "å": "aa"}))
    return ascii_name.replace(" ", ".") + "@example.dk"


class DemoBuilder:
    def __init__(self) -> None:
        self.rng = random.Random(2017)
        self.organisations: dict[str, Organisation] = {}
        self.units: dict[tuple[str, str], Unit] = {}

    def organisation(self, name: str, kind: str = Organisation.Kind.OTHER) -> Organisation | None:
        if not name:
            return None
        if name not in self.organisations:
            self.organisations[name], _ = Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind}
            )
        return self.organisations[name]

    def unit(self, organisation: str, name: str | None) -> Unit | None:
        if not name:
            return None
        key = (organisation, name)
        if key not in self.units:
            self.units[key], _ = Unit.objects.get_or_create(
                organisation=self.organisation(organisation), name=name
            )
        return self.units[key]

    def person(self, name, email, group, organisation, unit, title, area) -> Person:
        fields = {
            "name": name,
            "phone": f"+45 20 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)}",
            "stakeholder_group": group,
            "organisation": self.organisation(organisation),
            "unit": self.unit(organisation, unit),
            "title": title,
            "housing_area": self.areas[area] if area else None,
        }
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            # Made by the secretariat: no coordinator counts as their creator.
            return people_services.create_person(Person(email=email, **fields))
        for key, value in fields.items():
            setattr(person, key, value)
        return people_services.save_person(person, plan=None)

    def member(self, network: Network, person: Person, role=Membership.Role.MEMBER) -> None:
        Membership.objects.get_or_create(
            network=network,
            person=person,
            defaults={"role": role, "starts_on": MEMBERS_FROM},
        )

    def build(self) -> Plan:
        self.organisation(MUNICIPALITY, Organisation.Kind.MUNICIPALITY)
        self.organisation(UUV, Organisation.Kind.MUNICIPALITY)
        for name in sorted(set(AREAS.values())):
            self.organisation(name, Organisation.Kind.HOUSING_ORGANISATION)
        self.organisation("Albertslund Boligsociale Center (ABC)", Organisation.Kind.SECRETARIAT)
        self.organisation("Albertslund Frivilligcenter", Organisation.Kind.ASSOCIATION)
        self.organisation("Lokal Erhvervsforening", Organisation.Kind.BUSINESS)

        plan, _ = Plan.objects.update_or_create(
            slug=DEMO_PLAN_SLUG,
            defaults={
                "name": "Boligsocial helhedsplan Albertslund 2017–2020",
                "municipality": "Albertslund",
                "starts_on": PLAN_START,
                "ends_on": date(2020, 12, 31),
                "description": "Fire boligområder, tre indsatser og tre ressourcenetværk. "
                "Sekretariatet er Albertslund Boligsociale Center (ABC). "
                "Alle personer i demoen er opdigtede.",
            },
        )
        self.areas = {}
        for name, organisation in AREAS.items():
            area, _ = HousingArea.objects.update_or_create(
                plan=plan,
                name=name,
                defaults={
                    "housing_organisation": self.organisation(organisation),
                    "resident_board": f"Afdelingsbestyrelsen i {name}",
                    "challenges": AREA_CHALLENGES[name],
                },
            )
            self.areas[name] = area
            LocalSteeringGroup.objects.get_or_create(
                area=area, defaults={"name": f"Lokal styregruppe {name}"}
            )

        networks = {}
        for position, spec in enumerate(NETWORKS):
            effort, _ = Effort.objects.update_or_create(
                plan=plan, name=spec["effort"], defaults={"position": position}
            )
            network, _ = Network.objects.update_or_create(
                plan=plan,
                slug=spec["slug"],
                defaults={
                    "effort": effort,
                    "name": f"Ressourcenetværk {spec['effort']}",
                    "description": spec["description"],
                    "responsibility": RESPONSIBILITY,
                    "tasks": TASKS,
                },
            )
            network.expected_units.set([self.unit(o, u) for o, u in spec["units"]])
            for project_name in spec["projects"]:
                project, _ = Project.objects.get_or_create(effort=effort, name=project_name)
                project.areas.set(self.areas.values())
            networks[spec["slug"]] = network

        board, _ = Board.objects.get_or_create(
            plan=plan, defaults={"name": "Bestyrelsen for helhedsplanen"}
        )
        self._demo_users(networks, board)
        self._generated_people(networks, board)
        self._meetings(networks)
        self._poll_meeting(networks)
        self._ideas(plan)
        self._live_board(plan)
        # The agreements first: an approved recommendation amends one of them.
        self._agreements(plan)
        self._governance(plan)
        self._blog()
        return plan

    def _demo_users(self, networks: dict[str, Network], board: Board) -> None:
        for spec in DEMO_USERS:
            user = User.objects.filter(email=spec.email).first()
            if user is None:
                user = User.objects.create_user(spec.email, settings.DEMO_PASSWORD)
            user.is_demo = True
            user.is_superuser = user.is_staff = spec.superuser
            user.is_editor = spec.editor
            user.save()
            person = self.person(
                spec.name,
                spec.email,
                spec.group,
                spec.organisation,
                spec.unit,
                spec.title,
                spec.area,
            )
            person.user = user
            person.save(update_fields=["user"])
            if spec.network:
                self.member(networks[spec.network], person, spec.role)
            if spec.board_seat:
                BoardMember.objects.get_or_create(
                    board=board,
                    person=person,
                    defaults={"title": spec.board_seat, "starts_on": PLAN_START},
                )

    def _generated_people(self, networks: dict[str, Network], board: Board) -> None:
        mix = _people_mix()
        names = _names(len(mix) + len(BOARD_SEATS), self.rng)
        slugs = list(networks)
        unit_networks = {}
        for spec in NETWORKS:
            for _organisation, unit in spec["units"]:
                unit_networks.setdefault(unit, []).append(spec["slug"])
        for index, (group, organisation, unit, area, title) in enumerate(mix):
            name = names[index]
            person = self.person(name, _email(name), group, organisation, unit, title, area)
            if group == G.GUEST:
                continue  # guests come to single theme discussions, not as members
            if unit in unit_networks:
                targets = unit_networks[unit]
            else:
                targets = [slugs[index % len(slugs)]]
                if index % 4 == 0:
                    targets.append(slugs[(index + 1) % len(slugs)])
            # Leave a gap to show: nobody from Miljø og Teknik has joined yet.
            if unit == "Miljø og Teknik":
                continue
            for slug in targets:
                self.member(networks[slug], person)
            if group == G.RESIDENT_BOARD and area:
                self.areas[area].steering_group.members.add(person)
        for network in networks.values():
            if not network.memberships.filter(role=Membership.Role.COORDINATOR).exists():
                staff = (
                    network.memberships.filter(person__stakeholder_group=G.SOCIAL_HOUSING_STAFF)
                    .order_by("person__name")
                    .first()
                )
                if staff:
                    staff.role = Membership.Role.COORDINATOR
                    staff.save(update_fields=["role"])
        offset = len(mix)
        for seat, (title, group, organisation, area) in enumerate(BOARD_SEATS):
            name = names[offset + seat]
            person = self.person(name, _email(name), group, organisation, None, title, area)
            BoardMember.objects.get_or_create(
                board=board, person=person, defaults={"title": title, "starts_on": PLAN_START}
            )

    def _meetings(self, networks: dict[str, Network]) -> None:
        """The three first meetings from the plan's story, and one coming meeting."""
        from ressourcenet.meetings import services
        from ressourcenet.meetings.models import Meeting

        for spec in DEMO_MEETINGS:
            network = networks[spec["network"]]
            starts = _starts_at(spec["day"] or _coming_day(), spec["start"])
            meeting, created = Meeting.objects.get_or_create(
                network=network,
                title=spec["title"],
                defaults={
                    "why": spec["why"],
                    "purpose": spec["purpose"],
                    "starts_at": starts,
                    "ends_at": starts
                    + timedelta(minutes=sum(m for _k, _t, m in spec["agenda"]) + 10),
                    "location": spec["location"],
                    "capture": spec["capture"],
                },
            )
            if not created:
                if spec["day"] is None:
                    keep_coming_meeting_ahead()
                continue
            services.set_agenda(
                meeting,
                [
                    services.AgendaRow(kind, title, minutes)
                    for kind, title, minutes in spec["agenda"]
                ],
            )
            if spec.get("ran"):
                _record_run(meeting, spec["ran"])
            services.invite_members(meeting)
            coordinator = network.memberships.filter(role=Membership.Role.COORDINATOR).first()
            if coordinator:
                services.add_role(meeting, coordinator.person, "facilitator")

    def _ideas(self, plan: Plan) -> None:
        """About thirty ideas from the networks and their meetings, with their histories,
        the summaries and evaluations of the meetings, and a few experiences per housing
        area."""
        from ressourcenet.evaluation.demo import load_evaluations
        from ressourcenet.knowledge.demo import load_experiences, load_ideas, load_summaries

        load_ideas(plan)
        load_summaries(plan)
        load_experiences(plan)
        load_evaluations(plan)

    def _agreements(self, plan: Plan) -> None:
        """Two co-financing agreements with their versions, two cooperation agreements."""
        from ressourcenet.agreements.demo import load_agreements

        load_agreements(plan)

    def _blog(self) -> None:
        """Two bloggers' posts, with comments published and one waiting."""
        from ressourcenet.blog.demo import load_blog

        load_blog()

    def _live_board(self, plan: Plan) -> None:
        """The families workshop's tables on the live board (after the attendance)."""
        from ressourcenet.live.demo import load_live_board

        load_live_board(plan)

    def _governance(self, plan: Plan) -> None:
        """Two board meetings (one held, one coming) and a recommendation in every state."""
        from ressourcenet.governance.demo import load_recommendations

        load_recommendations(plan)

    def _poll_meeting(self, networks: dict[str, Network]) -> None:
        """A coming meeting whose time a poll is still finding, with some answers in."""
        from ressourcenet.meetings import services
        from ressourcenet.meetings.models import Meeting
        from ressourcenet.scheduling import services as scheduling

        spec = POLL_MEETING
        meeting, created = Meeting.objects.get_or_create(
            network=networks[spec["network"]],
            title=spec["title"],
            defaults={
                "why": spec["why"],
                "purpose": spec["purpose"],
                "location": spec["location"],
                "capture": spec["capture"],
            },
        )
        if not created:
            keep_demo_poll_open()
            return
        services.set_agenda(
            meeting,
            [services.AgendaRow(kind, title, minutes) for kind, title, minutes in spec["agenda"]],
        )
        today = timezone.localdate()
        this_monday = today - timedelta(days=today.weekday())
        danish_holidays = holidays.country_holidays("DK")
        times = []
        for weeks, weekday, at in POLL_TIMES:
            day = this_monday + timedelta(weeks=weeks, days=weekday)
            while day in danish_holidays:
                day += timedelta(weeks=1)
            times.append((_local(day, at), _local(day, at) + POLL_LENGTH))
        closes_at = _local(today + POLL_OPEN_FOR, time(12))
        # Opened before anyone is invited: the demo sends no e-mail. The coordinator's
        # reminder sends the personal links to those who have not answered.
        poll = scheduling.open_poll(meeting, times, closes_at=closes_at)
        services.invite_members(meeting)
        slots = list(poll.slots.order_by("starts_at"))
        invitations = meeting.invitations.select_related("person").order_by("person__name")
        logins = {user.email for user in DEMO_USERS if user.role != Membership.Role.COORDINATOR}
        answering = [i.person for i in invitations if i.person.email not in logins]
        # About two in three have answered; the member's demo login has not, to try it.
        for index, person in enumerate(answering):
            if index % 3 == 2:
                continue
            likes = POLL_LIKES.get(person.stakeholder_group, POLL_LIKES[G.SOCIAL_HOUSING_STAFF])
            answers = {slot.pk: value for slot, value in zip(slots, likes, strict=True)}
            if index % 4 == 1:  # not everyone in a group has the same week
                answers[slots[-1].pk] = "no"
            scheduling.answer_poll(poll, person, answers)


# The meeting whose time is still open, and its candidate times, two hours each.
POLL_MEETING = {
    "network": "familier-forebyggelse",
    "title": "Sådan når vi de familier, vi ikke ser",
    "why": "Vi skal finde fem nye måder at komme i kontakt med de familier, som ikke kommer "
    "i Familiehuset eller til vores aktiviteter i dag.",
    "purpose": "Sundhedsplejen, daginstitutionerne, skolerne, frivillige og forældre fortæller, "
    "hvor de møder familierne. Sammen finder vi idéer, vi kan prøve af i de kommende måneder.",
    "location": "Familiehuset, mødelokalet på 1. sal",
    "capture": ["ideas"],
    "agenda": [
        ("food", "Kaffe, kage og velkomst", 20),
        ("talk", "Hvem møder vi – og hvem møder vi ikke?", 15),
        ("workshop", "Nye veje til familierne", 45),
        ("break", "Pause", 10),
        ("wrap_up", "Fem idéer, vi prøver", 20),
    ],
}
TUESDAY, WEDNESDAY, THURSDAY = 1, 2, 3
POLL_TIMES = [  # (weeks ahead, weekday, start): no weekend, no public holiday
    (3, TUESDAY, time(17)),
    (3, WEDNESDAY, time(9, 30)),
    (4, TUESDAY, time(16, 30)),
    (4, THURSDAY, time(17)),
]
POLL_LENGTH = timedelta(hours=2)
POLL_OPEN_FOR = timedelta(days=14)
# How each group answers the four times: staff prefer working hours, volunteers evenings.
POLL_LIKES = {
    G.PROFESSIONAL_MANAGEMENT: ["no", "yes", "if_need_be", "no"],
    G.PROFESSIONAL_STAFF: ["if_need_be", "yes", "yes", "no"],
    G.RESIDENT_BOARD: ["yes", "no", "if_need_be", "yes"],
    G.VOLUNTEER: ["yes", "no", "yes", "yes"],
    G.OPERATIONS_STAFF: ["no", "yes", "yes", "if_need_be"],
    G.SOCIAL_HOUSING_STAFF: ["yes", "yes", "if_need_be", "yes"],
}


DEMO_MEETINGS = [
    {
        "network": "uddannelse-beskaeftigelse",
        "title": "Idéer til den socialøkonomiske virksomhed",
        "why": "Vi skal gå derfra med mindst ti idéer til produkter, som den socialøkonomiske "
        "virksomhed kan sælge.",
        "purpose": "Deltagerne finder idéer i små grupper og vælger de bedste.",
        "day": date(2017, 5, 16),
        "start": 16,
        "location": "Beboerhuset i Kanalens Kvarter",
        "capture": ["ideas"],
        "agenda": [
            ("welcome", "Velkommen og mad", 20),
            ("talk", "Sådan virker en socialøkonomisk virksomhed", 20),
            ("workshop", "Idéer i små grupper", 50),
            ("break", "Pause", 10),
            ("wrap_up", "Vi vælger de bedste idéer", 30),
        ],
    },
    {
        "network": "familier-forebyggelse",
        "title": "Sådan designer vi en god familieindsats",
        "why": "Vi skal blive klogere på, hvad familierne i boligområderne har brug for, så "
        "vi kan designe en relevant familieindsats.",
        "purpose": "Fagfolk, forældre og frivillige deler erfaringer og giver råd.",
        "day": date(2017, 9, 12),
        "start": 17,
        "location": "Familiehuset",
        "capture": ["summary"],
        "agenda": [
            ("food", "Vi spiser sammen", 30),
            ("talk", "Hvad ved vi om familierne?", 15),
            ("knowledge_sharing", "Erfaringer fra hver enkelt", 40),
            ("workshop", "Hvordan skal indsatsen se ud?", 45),
            ("wrap_up", "Opsamling", 15),
        ],
        # How the time-keeper's clock ran: the food and the sharing ran over, so the
        # workshop was cut short.
        "ran": [38, 15, 52, 25, 18],
    },
    {
        "network": "naboskab-trivsel",
        "title": "Hvordan tager vi imod nye naboer?",
        "why": "Hver deltager deler et godt eksempel på, hvordan de tager imod nye, så vi "
        "kan lære af hinanden.",
        "purpose": "Vidensdeling om velkomst af nye beboere og nye frivillige.",
        "day": date(2017, 11, 21),
        "start": 17,
        "location": "Blokland Beboerhus",
        "capture": ["leaflet"],
        "agenda": [
            ("welcome", "Velkommen", 10),
            ("knowledge_sharing", "Gode eksempler på velkomst", 50),
            ("food", "Mad og snak", 30),
            ("wrap_up", "Hvad tager vi med hjem?", 20),
        ],
    },
    {
        "network": "familier-forebyggelse",
        "title": "Lektiehjælp der virker",
        "why": "Vi skal blive enige om tre ting, der gør lektiecaféerne bedre for børnene.",
        "purpose": "Frivillige, skoler og forældre ser på, hvad der virker i lektiecaféerne.",
        "day": None,
        "start": 16,
        "location": "Hedemarkens Beboerhus",
        "capture": ["ideas", "summary"],
        "agenda": [
            ("food", "Mad og velkomst", 25),
            ("talk", "Erfaringer fra lektiecaféen", 15),
            ("workshop", "Hvad virker for børnene?", 45),
            ("break", "Pause", 10),
            ("wrap_up", "Tre ting vi gør nu", 20),
        ],
    },
]


COMING_MEETING = next(spec for spec in DEMO_MEETINGS if spec["day"] is None)
# The coming meeting is kept at least this far ahead, so that a poll can still be held.
COMING_AT_LEAST = timedelta(days=7)


def _coming_day() -> date:
    return timezone.localdate() + timedelta(days=21)


def _starts_at(day: date, hour: int) -> datetime:
    return _local(day, time(hour))


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone())


def keep_coming_meeting_ahead() -> date | None:
    """Move the demo's coming meeting three weeks ahead when it is less than a week away.

    The demo is loaded once and shown for months: its meeting to plan must stay ahead.
    A meeting whose invitations went out (or that was cancelled) belongs to whoever tried
    the demo, and is left alone. Returns the new day, or None when nothing moved.
    """
    from ressourcenet.meetings import services
    from ressourcenet.meetings.models import Meeting

    meeting = Meeting.objects.filter(
        network__plan__slug=DEMO_PLAN_SLUG,
        title=COMING_MEETING["title"],
        invitations_sent_at__isnull=True,
        cancelled_at__isnull=True,
    ).first()
    # A meeting whose time waits for a poll is left to the poll.
    if meeting is None or not meeting.has_time:
        return None
    if meeting.starts_at >= timezone.now() + COMING_AT_LEAST:
        return None
    length = meeting.ends_at - meeting.starts_at
    meeting.starts_at = _starts_at(_coming_day(), COMING_MEETING["start"])
    meeting.ends_at = meeting.starts_at + length
    services.save_meeting(meeting, changed=["starts_at", "ends_at"])
    return meeting.starts_at.date()


def keep_demo_poll_open() -> date | None:
    """Move the demo poll's times whole weeks ahead when it closes within a week.

    Like the coming meeting, the demo's open poll must stay open for months. Whole weeks
    keep each time's weekday and hour; the answers stay with their times. A poll whose
    time was chosen, or whose meeting was cancelled, is left alone. Returns the new
    closing day, or None when nothing moved.
    """
    from ressourcenet.scheduling.models import Poll

    poll = Poll.objects.filter(
        meeting__network__plan__slug=DEMO_PLAN_SLUG,
        meeting__title=POLL_MEETING["title"],
        finalised_at__isnull=True,
        meeting__cancelled_at__isnull=True,
        closes_at__isnull=False,
    ).first()
    if poll is None or poll.closes_at >= timezone.now() + COMING_AT_LEAST:
        return None
    behind = timezone.now() + POLL_OPEN_FOR - poll.closes_at
    weeks = timedelta(weeks=-(-behind.days // 7) or 1)
    # The demo's own upkeep, not a change anyone made: no service, and no e-mail.
    poll.closes_at = _weeks_later(poll.closes_at, weeks)
    poll.save(update_fields=["closes_at"])
    for slot in poll.slots.all():
        slot.starts_at = _weeks_later(slot.starts_at, weeks)
        slot.ends_at = _weeks_later(slot.ends_at, weeks)
        slot.save(update_fields=["starts_at", "ends_at"])
    return timezone.localdate(poll.closes_at)


def _record_run(meeting, minutes: list[int]) -> None:
    """The agenda as the time-keeper's clock recorded it: each item `minutes` long, one
    after the other from the meeting's start (meetings/clock.py keeps live meetings)."""
    from ressourcenet.meetings.models import AgendaItem

    items = list(meeting.agenda_items.all())
    moment = meeting.starts_at
    for item, used in zip(items, minutes, strict=True):
        item.started_at, moment = moment, moment + timedelta(minutes=used)
        item.ended_at = moment
    AgendaItem.objects.bulk_update(items, ["started_at", "ended_at"])


def _weeks_later(moment: datetime, weeks: timedelta) -> datetime:
    """The same local time of day, whole weeks later (across a change to summer time too)."""
    local = timezone.localtime(moment)
    return _local(local.date() + weeks, local.time())


@transaction.atomic
def load_demo() -> Plan:
    plan = DemoBuilder().build()
    # The demo writes some meetings directly: the search index is written at the end.
    from ressourcenet.knowledge import search

    search.reindex()
    return plan
