"""A synthetic national data set for benchmarks: `ressourcenet generate --scale national`.

Deterministic: the same seed, scale and day give the same rows (dates are counted from
the day it runs, so that meetings are past and coming as on a real installation). Rows are
written many at a time with `Writer` (one INSERT statement per table and batch, with the
ids chosen here), inside one transaction, on SQLite and PostgreSQL alike; the search index
is written at the end (knowledge/search.index_new). Every person, text and date is
invented; the municipalities and the efforts are real names.

The targets of the benchmark are always there, whatever the scale (see `targets`): plan 1
(`helhedsplan-001`, the current plan) and its first network (`familier-forebyggelse`),
coordinated by koordinator@national.example, with the longest archive, a coming meeting
being planned, a meeting whose time an open poll with many answers is finding, and a blog
post with exactly 200 published comments.
"""

import math
import random
import time as clock
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from ressourcenet.accounts.models import User
from ressourcenet.blog.models import BloggerProfile, BlogTag, Comment, Post
from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import (
    Experience,
    Idea,
    IdeaStatusChange,
    Summary,
    SummaryRevision,
    Tag,
)
from ressourcenet.meetings.models import AgendaItem, Invitation, Meeting, MeetingRole
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Organisation, Person, StakeholderGroup, Unit
from ressourcenet.plans.demo import MUNICIPAL_UNITS, RESPONSIBILITY, TASKS
from ressourcenet.plans.models import (
    Board,
    BoardMember,
    Effort,
    HousingArea,
    LocalSteeringGroup,
    Plan,
    Project,
)
from ressourcenet.scheduling.models import Answer, Poll, Slot

G = StakeholderGroup
DEFAULT_SEED = 13
# The national scale: every count is multiplied by the scale (at least the minimum).
NATIONAL = {
    "plans": 100,
    "networks": 300,
    "people": 30_000,
    "meetings": 6_000,
    "ideas": 60_000,
    "summaries": 10_000,
    "posts": 5_000,
    "comments": 100_000,
}
MINIMUM = {
    "plans": 1,
    "networks": 1,
    "people": 40,
    "meetings": 8,
    "ideas": 10,
    "summaries": 1,
    "posts": 2,
    "comments": 200,
}
DOMAIN = "national.example"
ADMIN = f"admin@{DOMAIN}"
COORDINATOR = f"koordinator@{DOMAIN}"
MEMBER = f"medlem@{DOMAIN}"
BOARD_MEMBER = f"bestyrelse@{DOMAIN}"
EDITOR = f"redaktoer@{DOMAIN}"
TARGET_PLAN = "helhedsplan-001"
TARGET_NETWORK = "familier-forebyggelse"
TARGET_POST = "naboskab-paa-tvaers-af-landet"
TARGET_COMMENTS = 200
PLANNED_TITLE = "Lektiehjælp der virker"
POLL_TITLE = "Sådan når vi de familier, vi ikke ser"
BATCH = 5000

MUNICIPALITIES = [
    "Albertslund", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Horsens",
    "Vejle", "Roskilde", "Herning", "Silkeborg", "Næstved", "Fredericia", "Viborg", "Køge",
    "Holbæk", "Slagelse", "Svendborg", "Hjørring", "Frederikshavn", "Holstebro", "Sønderborg",
    "Haderslev", "Skive", "Ringsted", "Ishøj", "Brøndby", "Høje-Taastrup", "Gladsaxe",
    "Rødovre", "Hvidovre", "Glostrup", "Ballerup", "Herlev", "København", "Frederiksberg",
    "Helsingør", "Hillerød", "Kalundborg", "Nyborg", "Guldborgsund", "Lolland", "Vordingborg",
    "Thisted", "Aabenraa", "Greve", "Taastrup", "Middelfart", "Tønder",
]  # fmt: skip
AREA_STEMS = ["Sol", "Vest", "Nør", "Skov", "Eng", "Hede", "Kanal", "Bakke", "Lunde", "Strand"]
AREA_ENDS = ["parken", "gården", "vænget", "højen", "kvarteret"]
EFFORTS = [
    (
        "Familier/Forebyggelse",
        "familier-forebyggelse",
        "Børn og familier får hjælp tidligt, tæt på hvor de bor.",
        ["Familier i fællesskab", "Lektiecaféer"],
    ),
    (
        "Uddannelse/Beskæftigelse",
        "uddannelse-beskaeftigelse",
        "Flere unge og voksne kommer i uddannelse og job.",
        ["Socialøkonomisk virksomhed", "Fritidsjob til unge"],
    ),
    (
        "Naboskab/Trivsel",
        "naboskab-trivsel",
        "Gode naboskaber og et trygt hverdagsliv i boligområderne.",
        ["Velkommen til nye beboere", "Grønne fællesskaber"],
    ),
]
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
    "Maja",
    "Signe",
    "Emma",
    "Aisha",
    "Zeynep",
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
    "Mikkel",
    "Rasmus",
    "Omar",
    "Emil",
    "Frederik",
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
    "Johansen",
    "Mortensen",
    "Møller",
    "Knudsen",
    "Berg",
    "Dahl",
    "Lund",
    "Juhl",
    "Abdi",
    "Demir",
]
GROUP_WEIGHTS = [
    (G.PROFESSIONAL_MANAGEMENT, 10),
    (G.PROFESSIONAL_STAFF, 25),
    (G.RESIDENT_BOARD, 15),
    (G.VOLUNTEER, 25),
    (G.OPERATIONS_STAFF, 8),
    (G.SOCIAL_HOUSING_STAFF, 10),
    (G.GUEST, 7),
]
TITLES = {
    G.PROFESSIONAL_MANAGEMENT: ["Leder", "Afdelingsleder", "Chef"],
    G.PROFESSIONAL_STAFF: ["Medarbejder", "Konsulent", "Pædagog", "Sundhedsplejerske"],
    G.RESIDENT_BOARD: ["Medlem af afdelingsbestyrelsen", "Formand for afdelingsbestyrelsen"],
    G.VOLUNTEER: ["Frivillig", "Frivillig i lektiecaféen", "Frivillig i madklubben"],
    G.OPERATIONS_STAFF: ["Ejendomsfunktionær", "Driftsleder"],
    G.SOCIAL_HOUSING_STAFF: ["Boligsocial medarbejder", "Projektleder"],
    G.GUEST: ["Formand", "Koordinator", "Indehaver"],
}
IDEA_THINGS = [
    "Fællesspisning", "Lektiecafé", "Åben hal", "Cykelværksted", "Madklub", "Sommerfest",
    "Mentorordning", "Fritidsjob", "Lommepengejob", "Forældrecafé", "Gåture", "Byttemarked",
    "Køkkenhave", "Jobcafé", "Sprogcafé", "Motionshold", "Reparationscafé", "Filmaften",
    "Ungeråd", "Nabohjælp", "Legepladsdag", "Strikkeklub", "Computerhjælp", "Lejrtur",
]  # fmt: skip
IDEA_FOR = [
    "for nye beboere", "for unge", "for børnefamilier", "for ældre, der bor alene",
    "i beboerhuset", "på tværs af afdelingerne", "med frivillige", "med skolen",
    "med jobcentret", "om sommeren", "hver anden uge", "for forældre", "i weekenden",
]  # fmt: skip
IDEA_WHY = [
    "Mange kender ikke deres naboer, og her mødes man uden at skulle noget bestemt.",
    "Det er let at komme i gang, og de frivillige vil gerne stå for det.",
    "Beboerne har selv spurgt efter det på det seneste møde.",
    "Det har virket godt i et andet boligområde, så vi vil prøve det her.",
    "Det giver de unge en erfaring, de kan skrive på deres første ansøgning.",
    "Fagfolkene kan møde familierne et sted, hvor de i forvejen kommer.",
]
TAG_NAMES = [
    "mad", "unge", "børn", "familier", "frivillige", "job", "uddannelse", "sundhed",
    "fællesskab", "ældre", "sprog", "natur", "bevægelse", "tryghed", "kultur", "skole",
]  # fmt: skip
MEETING_TOPICS = {
    0: [
        (
            "Sådan designer vi en god familieindsats",
            "blive klogere på, hvad familierne har brug for",
        ),
        ("Tidlig hjælp til små børn", "finde tre steder, hvor vi kan møde familierne tidligere"),
        ("Forældre som ressource", "finde måder, forældrene selv kan tage del i indsatsen"),
        ("Lektiecaféerne efter sommerferien", "blive enige om, hvordan vi får flere børn med"),
    ],
    1: [
        ("Idéer til den socialøkonomiske virksomhed", "gå derfra med ti idéer til produkter"),
        ("Vejen til det første fritidsjob", "finde tyve nye fritidsjob til de unge"),
        ("Unge uden uddannelse", "forstå, hvorfor de unge falder fra, og hvad vi kan gøre"),
        ("Jobcentret møder boligområdet", "aftale, hvordan jobcentret kommer ud i området"),
    ],
    2: [
        ("Hvordan tager vi imod nye naboer?", "dele gode eksempler på, hvordan vi tager imod"),
        ("Tryghed i opgangene", "finde tre ting, der gør opgangene mere trygge"),
        ("Grønne fællesskaber", "lægge en plan for fælleshaverne til foråret"),
        ("Frivillige der bliver", "lære, hvad der får frivillige til at blive"),
    ],
}
AGENDAS = [
    [
        ("welcome", "Velkommen og mad", 20),
        ("talk", "Kort oplæg", 15),
        ("workshop", "Vi arbejder i små grupper", 50),
        ("break", "Pause", 10),
        ("wrap_up", "Vi samler op", 20),
    ],
    [
        ("food", "Vi spiser sammen", 30),
        ("talk", "Hvad ved vi allerede?", 15),
        ("knowledge_sharing", "Erfaringer fra hver enkelt", 40),
        ("workshop", "Hvad gør vi nu?", 45),
        ("wrap_up", "Opsamling", 15),
    ],
    [
        ("welcome", "Velkommen", 10),
        ("knowledge_sharing", "Gode eksempler", 50),
        ("food", "Mad og snak", 30),
        ("wrap_up", "Hvad tager vi med hjem?", 20),
    ],
]
ACTIVITIES = ["Lektiecafé", "Fællesspisning", "Jobcafé", "Velkomstmøder", "Fælleshave", "Ungeklub"]
BLOG_TAGS = [
    "Naboskab", "Familier", "Unge", "Job", "Frivillige", "Fællesspisning", "Lektiehjælp",
    "Tryghed", "Sundhed", "Kultur", "Beboerdemokrati", "Netværk", "Erfaringer", "Idéer",
]  # fmt: skip
POST_OPENINGS = [
    "Sådan fik vi", "Derfor virker", "Et år med", "Fem gode råd om", "Hvad vi lærte af",
    "Et besøg hos", "Nye veje til", "Tak for",
]  # fmt: skip
COMMENT_TEXTS = [
    "Tak for et godt indlæg. Vi har prøvet noget lignende hos os, og det virkede.",
    "Spændende! Hvordan fik I de frivillige med fra starten?",
    "Det kan jeg genkende fra vores boligområde.",
    "Godt at høre, at det lykkes. Vi vil gerne høre mere på næste netværksmøde.",
    "Hvem kan man kontakte, hvis man vil være med?",
    "Vi starter noget lignende til foråret. Tak for inspirationen.",
]


def counts_for(scale: float) -> dict[str, int]:
    """How many of each the scale asks for (the national scale times `scale`)."""
    return {
        name: max(MINIMUM[name], round(national * scale)) for name, national in NATIONAL.items()
    }


def database_has_plans() -> bool:
    return Plan.objects.exists()


def ascii_name(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
    return text.translate(table)


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` nearly equal whole parts, the larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


class Writer:
    """Rows collected per table and inserted many at a time, with ids chosen here (after
    the highest id the table has), so that related rows can point at them before they are
    written. Foreign keys are checked at the commit (deferred, on SQLite and PostgreSQL)."""

    def __init__(self, now: datetime, progress: Callable[[int], None] | None = None):
        self.now = now
        self.progress = progress
        self.pending: dict[type[models.Model], list[list]] = defaultdict(list)
        self.next_id: dict[type[models.Model], int] = {}
        self.written: dict[str, int] = defaultdict(int)
        self.fields: dict[type[models.Model], list[models.Field]] = {}

    def next_id_of(self, model: type[models.Model]) -> int:
        """The id the next row of `model` will get."""
        if model not in self.fields:
            self.fields[model] = list(model._meta.concrete_fields)
            highest = model.objects.aggregate(models.Max("pk"))["pk__max"] or 0
            self.next_id[model] = highest + 1
        return self.next_id[model]

    def add(self, model: type[models.Model], **values) -> int:
        pk = self.next_id_of(model)
        self.next_id[model] += 1
        row = []
        for field in self.fields[model]:
            if field.primary_key:
                value = pk
            elif field.attname in values:
                value = values[field.attname]
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = self.now
            else:
                value = field.get_default()
            row.append(field.get_db_prep_save(value, connection))
        self.pending[model].append(row)
        if len(self.pending[model]) >= BATCH:
            self.flush(model)
        return pk

    def flush(self, model: type[models.Model] | None = None) -> None:
        for each in [model] if model else list(self.pending):
            rows = self.pending.pop(each, [])
            if not rows:
                continue
            fields = self.fields[each]
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            table = connection.ops.quote_name(each._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
            self.written[each._meta.label] += len(rows)
            if self.progress:
                self.progress(len(rows))

    def finish(self) -> None:
        self.flush()
        # PostgreSQL's sequences go on after the ids chosen here; SQLite needs nothing.
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.fields))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@dataclass
class PlanRows:
    id: int
    slug: str
    municipality: str
    starts_on: date
    area_ids: list[int]
    area_names: list[str]
    effort_ids: list[int]
    board_id: int
    municipality_id: int
    unit_ids: list[int]
    housing_org_ids: list[int]
    secretariat_id: int
    association_id: int
    tag_ids: list[int]
    steering_ids: list[int]
    people: list[tuple[int, str, int | None]] = None  # (id, group, area id)


@dataclass
class NetworkRows:
    id: int
    plan: PlanRows
    effort_index: int
    slug: str
    members: list[int]
    coordinator: int
    past: list[tuple[int, datetime, datetime, list[int]]] = None  # (id, start, end, invitees)


class Generator:
    def __init__(
        self,
        scale: float = 1.0,
        seed: int = DEFAULT_SEED,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.counts = counts_for(scale)
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.tz = timezone.get_default_timezone()
        # Whole minutes: the same day gives the same times within a run and the next.
        self.now = datetime.combine(self.today, time(6), tzinfo=self.tz)
        self.done = 0
        self.total = sum(self.counts.values())
        self.report = progress

        def advance(rows: int) -> None:
            self.done += rows
            if self.report:
                self.report(min(self.done, self.total * 4), self.total * 4)

        self.writer = Writer(timezone.now(), advance)
        self.password = make_password(settings.DEMO_PASSWORD)
        self.names = [f"{a} {b}" for a in FIRST_NAMES for b in LAST_NAMES]
        self.organisations: dict[str, int] = {}

    # --- helpers --------------------------------------------------------------------------

    def add(self, model, **values) -> int:
        return self.writer.add(model, **values)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def organisation(self, name: str, kind: str) -> int:
        if name not in self.organisations:
            self.organisations[name] = self.add(Organisation, name=name, kind=kind)
        return self.organisations[name]

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def weekday(self, day: date) -> date:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    # --- the run --------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            self.users()
            plans = self.plans()
            self.people(plans)
            networks = self.networks(plans)
            self.meetings(networks)
            self.ideas(networks)
            self.summaries(networks)
            self.experiences(networks)
            self.blog()
            self.writer.finish()
            indexed = search.index_new(self.writer.progress)
        written = dict(self.writer.written)
        written["knowledge.SearchEntry"] = indexed
        return written

    def users(self) -> None:
        self.logins = {}
        for email, flags in [
            (ADMIN, {"is_superuser": True, "is_staff": True}),
            (COORDINATOR, {}),
            (MEMBER, {}),
            (BOARD_MEMBER, {}),
            (EDITOR, {"is_editor": True}),
        ]:
            self.logins[email] = self.add(
                User,
                email=email,
                password=self.password,
                is_demo=True,
                date_joined=self.now,
                **flags,
            )

    def plans(self) -> list[PlanRows]:
        rng = self.rng
        units = {}
        plans = []
        area_names = [stem + end for stem in AREA_STEMS for end in AREA_ENDS]
        for index in range(self.counts["plans"]):
            number = index + 1
            municipality = MUNICIPALITIES[index % len(MUNICIPALITIES)]
            # The first plan started last: it is the current one on the front page.
            starts_on = date(self.today.year - 2, 1, 1) - timedelta(days=3 * index)
            ends_on = date(starts_on.year + 4, starts_on.month, starts_on.day) - timedelta(days=1)
            names = rng.sample(area_names, 4)
            municipality_id = self.organisation(
                f"{municipality} Kommune", Organisation.Kind.MUNICIPALITY
            )
            if municipality_id not in units:
                units[municipality_id] = [
                    self.add(Unit, organisation_id=municipality_id, name=name)
                    for name in MUNICIPAL_UNITS
                ]
            housing = [
                self.organisation(f"Boligselskabet {municipality}", "housing_organisation"),
                self.organisation(f"{municipality} Almene Boliger", "housing_organisation"),
            ]
            secretariat = self.organisation(
                f"Boligsocialt Center {municipality} {number:03d}", "secretariat"
            )
            association = self.organisation(f"Frivilligcenter {municipality}", "association")
            plan_id = self.add(
                Plan,
                name=f"Boligsocial helhedsplan {municipality} {starts_on.year}–{ends_on.year} "
                f"({names[0]} m.fl.)",
                slug=f"helhedsplan-{number:03d}",
                municipality=municipality,
                starts_on=starts_on,
                ends_on=ends_on,
                description=f"Fire boligområder i {municipality}, tre indsatser og deres "
                "ressourcenetværk. Alle personer er opdigtede.",
            )
            area_ids, steering_ids = [], []
            for position, name in enumerate(names):
                area_id = self.add(
                    HousingArea,
                    plan_id=plan_id,
                    name=name,
                    housing_organisation_id=housing[position % 2],
                    resident_board=f"Afdelingsbestyrelsen i {name}",
                    challenges=rng.choice(
                        [
                            "Mange børnefamilier og få fritidstilbud tæt på.",
                            "Mange unge uden uddannelse eller job.",
                            "Mange nye beboere, som ikke kender hinanden.",
                            "Mange ældre beboere, der bor alene.",
                        ]
                    ),
                )
                area_ids.append(area_id)
                steering_ids.append(
                    self.add(LocalSteeringGroup, area_id=area_id, name=f"Lokal styregruppe {name}")
                )
            effort_ids = []
            for position, (name, _slug, description, projects) in enumerate(EFFORTS):
                effort_id = self.add(
                    Effort, plan_id=plan_id, name=name, description=description, position=position
                )
                effort_ids.append(effort_id)
                for project in projects:
                    project_id = self.add(Project, effort_id=effort_id, name=project)
                    for area_id in area_ids:
                        self.add(
                            Project.areas.through, project_id=project_id, housingarea_id=area_id
                        )
            board_id = self.add(Board, plan_id=plan_id, name="Bestyrelsen for helhedsplanen")
            tag_ids = [
                self.add(Tag, plan_id=plan_id, name=name, key=Tag.key_for(name))
                for name in TAG_NAMES
            ]
            plans.append(
                PlanRows(
                    plan_id,
                    f"helhedsplan-{number:03d}",
                    municipality,
                    starts_on,
                    area_ids,
                    names,
                    effort_ids,
                    board_id,
                    municipality_id,
                    units[municipality_id],
                    housing,
                    secretariat,
                    association,
                    tag_ids,
                    steering_ids,
                )
            )
        return plans

    def person(self, plan: PlanRows, group: str, number: int, **fixed) -> int:
        rng = self.rng
        name = fixed.pop("name", None) or rng.choice(self.names)
        area = rng.choice(plan.area_ids) if group != G.GUEST else None
        organisation, unit = None, None
        if group in (G.PROFESSIONAL_MANAGEMENT, G.PROFESSIONAL_STAFF):
            organisation, unit = plan.municipality_id, rng.choice(plan.unit_ids)
            area = None
        elif group in (G.RESIDENT_BOARD, G.OPERATIONS_STAFF):
            organisation = plan.housing_org_ids[plan.area_ids.index(area) % 2]
        elif group == G.SOCIAL_HOUSING_STAFF:
            organisation = plan.secretariat_id
        elif group == G.GUEST or rng.random() < 0.3:  # a volunteer, sometimes
            organisation = plan.association_id
        slug = ascii_name(name).lower().replace(" ", ".")
        values = {
            "name": name,
            "email": f"{slug}.{number}@{DOMAIN}" if rng.random() < 0.85 else "",
            "phone": f"+45 {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}"
            if rng.random() < 0.6
            else "",
            "organisation_id": organisation,
            "unit_id": unit,
            "title": rng.choice(TITLES[group]),
            "stakeholder_group": group,
            "housing_area_id": area,
            **fixed,
        }
        person_id = self.add(Person, **values)
        return person_id, values["housing_area_id"]

    def people(self, plans: list[PlanRows]) -> None:
        groups = [group for group, _weight in GROUP_WEIGHTS]
        weights = [weight for _group, weight in GROUP_WEIGHTS]
        number = 0
        first = plans[0]
        logins = [
            (ADMIN, G.SOCIAL_HOUSING_STAFF, "Birthe Lykke", "Leder af sekretariatet"),
            (COORDINATOR, G.SOCIAL_HOUSING_STAFF, "Rikke Dahl", "Boligsocial medarbejder"),
            (MEMBER, G.VOLUNTEER, "Jamal Haddad", "Frivillig i lektiecaféen"),
            (BOARD_MEMBER, G.RESIDENT_BOARD, "Grethe Vinther", "Formand for afdelingsbestyrelsen"),
            (EDITOR, G.SOCIAL_HOUSING_STAFF, "Tobias Krogh", "Kommunikation"),
        ]
        self.login_people = {}
        for plan, share in zip(plans, split(self.counts["people"], len(plans)), strict=True):
            plan.people = []
            for _ in range(share):
                number += 1
                if plan is first and len(self.login_people) < len(logins):
                    email, group, name, title = logins[len(self.login_people)]
                    person_id, area = self.person(
                        plan,
                        group,
                        number,
                        name=name,
                        email=email,
                        title=title,
                        user_id=self.logins[email],
                    )
                    self.login_people[email] = person_id
                    if email in (ADMIN, EDITOR):
                        continue  # no network, no board: their role comes from the login
                else:
                    group = self.rng.choices(groups, weights)[0]
                    person_id, area = self.person(plan, group, number)
                plan.people.append((person_id, group, area))
            steering = dict(zip(plan.area_ids, plan.steering_ids, strict=True))
            board_seats = 0
            for person_id, group, area in plan.people:
                if group == G.RESIDENT_BOARD and area and self.rng.random() < 0.3:
                    self.add(
                        LocalSteeringGroup.members.through,
                        localsteeringgroup_id=steering[area],
                        person_id=person_id,
                    )
                seat = person_id == self.login_people.get(BOARD_MEMBER)
                if seat or (
                    board_seats < 6
                    and group in (G.PROFESSIONAL_MANAGEMENT, G.RESIDENT_BOARD)
                    and self.rng.random() < 0.1
                ):
                    board_seats += 1
                    self.add(
                        BoardMember,
                        board_id=plan.board_id,
                        person_id=person_id,
                        title="Beboerrepræsentant" if group == G.RESIDENT_BOARD else "Direktør",
                        starts_on=plan.starts_on,
                    )

    def networks(self, plans: list[PlanRows]) -> list[NetworkRows]:
        rng = self.rng
        per_plan = split(self.counts["networks"], len(plans))
        networks = []
        for plan, count in zip(plans, per_plan, strict=True):
            members_of = [[] for _ in range(count)]
            candidates = [(p, g) for p, g, _a in plan.people if g != G.GUEST]
            for position, (person_id, _group) in enumerate(candidates):
                members_of[position % count].append(person_id)
                if count > 1 and rng.random() < 0.2:
                    members_of[(position + 1) % count].append(person_id)
            groups = {p: g for p, g, _a in plan.people}
            for position in range(count):
                effort = position % len(EFFORTS)
                name, slug, description, _projects = EFFORTS[effort]
                if position >= len(EFFORTS):
                    slug = f"{slug}-{position // len(EFFORTS) + 1}"
                network_id = self.add(
                    Network,
                    plan_id=plan.id,
                    effort_id=plan.effort_ids[effort],
                    name=f"Ressourcenetværk {name}"
                    + (f" {position // len(EFFORTS) + 1}" if position >= len(EFFORTS) else ""),
                    slug=slug,
                    description=description,
                    responsibility=RESPONSIBILITY,
                    tasks=TASKS,
                    calendar_secret=f"{rng.getrandbits(128):032x}",
                )
                for unit_id in rng.sample(plan.unit_ids, 4):
                    self.add(Network.expected_units.through, network_id=network_id, unit_id=unit_id)
                members = members_of[position]
                coordinator = self.login_people.get(COORDINATOR) if plan is plans[0] else None
                if position or coordinator is None:
                    staff = [p for p in members if groups[p] == G.SOCIAL_HOUSING_STAFF]
                    coordinator = (staff or members or [None])[0]
                if plan is plans[0] and position == 0:
                    for email in (COORDINATOR, MEMBER):
                        if self.login_people[email] not in members:
                            members.append(self.login_people[email])
                active = []
                for person_id in members:
                    starts = plan.starts_on + timedelta(days=rng.randint(0, 300))
                    ended = person_id != coordinator and rng.random() < 0.08
                    is_login = person_id in self.login_people.values()
                    ends = self.today - timedelta(days=rng.randint(1, 200)) if ended else None
                    if is_login:
                        ends = None
                    if ends is not None and ends <= starts:
                        ends = None
                    self.add(
                        Membership,
                        network_id=network_id,
                        person_id=person_id,
                        role="coordinator" if person_id == coordinator else "member",
                        starts_on=starts,
                        ends_on=ends,
                    )
                    if ends is None:
                        active.append(person_id)
                networks.append(NetworkRows(network_id, plan, effort, slug, active, coordinator))
        return networks

    # --- meetings -------------------------------------------------------------------------

    def meetings(self, networks: list[NetworkRows]) -> None:
        rng = self.rng
        # The first network has the longest archive: three times the others' share.
        weights = [3 if index == 0 else 1 for index in range(len(networks))]
        total = self.counts["meetings"]
        shares = [max(1, math.floor(total * w / sum(weights))) for w in weights]
        shares[0] += total - sum(shares)
        for network, count in zip(networks, shares, strict=True):
            network.past = []
            target = network is networks[0]
            coming = min(count, 2 if target else max(0, min(2, count - 1)))
            past = count - coming
            start = network.plan.starts_on + timedelta(days=60)
            span = max(1, (self.today - timedelta(days=2) - start).days)
            for number in range(past):
                day = self.weekday(start + timedelta(days=span * number // max(past, 1)))
                if day >= self.today:
                    day = self.today - timedelta(days=1)
                self.meeting(network, "past", day, cancelled=rng.random() < 0.04)
            for number in range(coming):
                if target:
                    kind = "planned" if number == 0 else "poll"
                else:
                    kind = "coming" if number == 0 else "poll"
                day = self.weekday(self.today + timedelta(days=21 + 14 * number))
                self.meeting(network, kind, day, target=target)

    def meeting(self, network: NetworkRows, kind: str, day: date, cancelled=False, target=False):
        rng = self.rng
        topic, goal = rng.choice(MEETING_TOPICS[network.effort_index])
        if target:
            topic = PLANNED_TITLE if kind == "planned" else POLL_TITLE
        agenda = rng.choice(AGENDAS)
        minutes = sum(m for _k, _t, m in agenda) + 10
        starts = self.at(day, rng.choice([9, 13, 16, 17]))
        ends = starts + timedelta(minutes=minutes)
        undecided = kind == "poll"
        sent = None if kind in ("planned", "poll") else starts - timedelta(days=21)
        area = rng.choice(network.plan.area_names)
        capture = sorted(rng.sample(["ideas", "summary", "leaflet"], rng.randint(1, 2)))
        meeting_id = self.add(
            Meeting,
            network_id=network.id,
            title=topic,
            why=f"Vi skal {goal}.",
            purpose="Fagfolk, beboere og frivillige deler erfaringer og finder idéer sammen.",
            starts_at=None if undecided else starts,
            ends_at=None if undecided else ends,
            location=f"Beboerhuset i {area}",
            capture=capture,
            capture_delivered=[],
            uid=self.uuid(),
            invitations_sent_at=sent,
            cancelled_at=starts - timedelta(days=3) if cancelled else None,
            created_at=starts - timedelta(days=35),
        )
        moment = starts
        ran = kind == "past" and not cancelled and rng.random() < 0.3
        for position, (item_kind, title, item_minutes) in enumerate(agenda):
            used = item_minutes + rng.randint(-5, 10) if ran else None
            self.add(
                AgendaItem,
                meeting_id=meeting_id,
                position=position,
                kind=item_kind,
                title=title,
                minutes=item_minutes,
                started_at=moment if ran else None,
                ended_at=moment + timedelta(minutes=used) if ran else None,
            )
            if ran:
                moment += timedelta(minutes=used)
        members = network.members
        if not members:
            return
        if network.coordinator:
            self.add(
                MeetingRole,
                meeting_id=meeting_id,
                person_id=network.coordinator,
                role="facilitator",
            )
        others = [p for p in members if p != network.coordinator]
        for role, person_id in zip(
            ("note_taker", "time_keeper"), rng.sample(others, min(2, len(others))), strict=False
        ):
            self.add(MeetingRole, meeting_id=meeting_id, person_id=person_id, role=role)
        size = len(members) if target and kind == "poll" else rng.randint(12, 40)
        invitees = rng.sample(members, min(size, len(members)))
        if network.coordinator and network.coordinator not in invitees:
            invitees.append(network.coordinator)
        guests = [p for p, g, _a in network.plan.people if g == G.GUEST]
        invited_guests = rng.sample(guests, min(2, len(guests))) if rng.random() < 0.1 else []
        attended = []
        for person_id in invitees + invited_guests:
            answer, came, answered = "pending", None, None
            if kind == "past" and not cancelled:
                answer = rng.choices(["yes", "no", "pending"], [65, 20, 15])[0]
                came = (rng.random() < 0.85) if answer == "yes" else False
                answered = starts - timedelta(days=rng.randint(1, 20))
            elif kind == "coming":
                answer = rng.choices(["yes", "no", "maybe", "pending"], [40, 10, 5, 45])[0]
                answered = None if answer == "pending" else self.now - timedelta(days=2)
            self.add(
                Invitation,
                meeting_id=meeting_id,
                person_id=person_id,
                is_guest=person_id in invited_guests,
                answer=answer,
                answered_at=answered,
                attended=came,
                sent_at=sent,
                sent_sequence=0 if sent else None,
            )
            if came:
                attended.append(person_id)
        if kind == "poll":
            self.poll(
                meeting_id,
                invitees,
                minutes,
                open_poll=True,
                many=target,
                key_person=network.coordinator,
            )
        elif kind == "past" and not cancelled and rng.random() < 0.15:
            self.poll(meeting_id, invitees, minutes, open_poll=False, chosen=starts)
        if kind == "past" and not cancelled:
            network.past.append((meeting_id, starts, ends, attended, topic))

    def poll(
        self, meeting_id, invitees, minutes, open_poll, many=False, key_person=None, chosen=None
    ) -> None:
        rng = self.rng
        if open_poll:
            monday = self.today - timedelta(days=self.today.weekday())
            days = [
                monday + timedelta(weeks=3, days=1),
                monday + timedelta(weeks=3, days=2),
                monday + timedelta(weeks=4, days=1),
                monday + timedelta(weeks=4, days=3),
            ]
            starts = [
                self.at(days[0], 17),
                self.at(days[1], 9, 30),
                self.at(days[2], 16, 30),
                self.at(days[3], 17),
            ]
            closes = self.now + timedelta(days=10)
            created = self.now - timedelta(days=4)
        else:
            starts = [chosen - timedelta(days=1), chosen, chosen + timedelta(days=7)]
            closes = chosen - timedelta(days=22)
            created = chosen - timedelta(days=30)
        # The slots come next: the chosen one (the second) has the id after the next.
        chosen_slot = None if open_poll else self.writer.next_id_of(Slot) + 1
        poll_id = self.add(
            Poll,
            meeting_id=meeting_id,
            closes_at=closes,
            created_at=created,
            finalised_at=None if open_poll else closes,
            chosen_slot_id=chosen_slot,
        )
        if key_person:
            self.add(Poll.key_persons.through, poll_id=poll_id, person_id=key_person)
        slots = [
            self.add(Slot, poll_id=poll_id, starts_at=s, ends_at=s + timedelta(minutes=minutes))
            for s in starts
        ]
        share = 0.9 if many else 0.6
        for person_id in invitees:
            if rng.random() >= share:
                continue
            evening = rng.random() < 0.5
            for position, slot_id in enumerate(slots):
                likes = (starts[position].hour >= 16) == evening
                value = rng.choices(["yes", "if_need_be", "no"], [6, 2, 1] if likes else [1, 2, 5])[
                    0
                ]
                self.add(
                    Answer,
                    slot_id=slot_id,
                    person_id=person_id,
                    value=value,
                    answered_at=created + timedelta(days=1),
                )

    # --- knowledge ------------------------------------------------------------------------

    def ideas(self, networks: list[NetworkRows]) -> None:
        rng = self.rng
        total = self.counts["ideas"]
        weights = [max(1, len(n.past)) for n in networks]
        shares = [math.floor(total * w / sum(weights)) for w in weights]
        shares[0] += total - sum(shares)
        statuses = ["new", "being_tried", "implemented", "parked"]
        for network, count in zip(networks, shares, strict=True):
            for _ in range(count):
                meeting = rng.choice(network.past) if network.past and rng.random() < 0.7 else None
                created = (
                    meeting[2] + timedelta(hours=rng.randint(1, 72))
                    if meeting
                    else self.now - timedelta(days=rng.randint(1, 900), minutes=rng.randint(0, 600))
                )
                status = rng.choices(statuses, [40, 25, 20, 15])[0]
                thing, where = rng.choice(IDEA_THINGS), rng.choice(IDEA_FOR)
                idea_id = self.add(
                    Idea,
                    network_id=network.id,
                    meeting_id=meeting[0] if meeting else None,
                    title=f"{thing} {where}",
                    description=f"{thing} {where}. {rng.choice(IDEA_WHY)}",
                    owner_id=rng.choice(network.members) if network.members else None,
                    status=status,
                    public=rng.random() < 0.2,
                    created_at=created,
                )
                for tag_id in rng.sample(network.plan.tag_ids, rng.randint(1, 3)):
                    self.add(Idea.tags.through, idea_id=idea_id, tag_id=tag_id)
                for area_id in rng.sample(network.plan.area_ids, rng.randint(0, 2)):
                    self.add(Idea.housing_areas.through, idea_id=idea_id, housingarea_id=area_id)
                self.add(
                    IdeaStatusChange,
                    idea_id=idea_id,
                    from_status="",
                    to_status="new",
                    changed_at=created,
                )
                if status != "new":
                    self.add(
                        IdeaStatusChange,
                        idea_id=idea_id,
                        from_status="new",
                        to_status=status,
                        reason="Netværket besluttede det på sit møde.",
                        changed_at=created + timedelta(days=rng.randint(10, 90)),
                    )

    def summaries(self, networks: list[NetworkRows]) -> None:
        """One summary for each of the latest held meetings, as many as asked for and held."""
        rng = self.rng
        held = sorted(
            (
                (starts, meeting_id, ends, topic)
                for n in networks
                for meeting_id, starts, ends, _a, topic in n.past
            ),
            reverse=True,
        )
        self.summary_count = min(self.counts["summaries"], len(held))
        for _starts, meeting_id, ends, topic in held[: self.summary_count]:
            state = rng.choices(["final", "open", "draft"], [80, 10, 10])[0]
            written = ends + timedelta(days=rng.randint(1, 5))
            body = (
                f"## Hvad talte vi om\n\nVi mødtes om »{topic}«. "
                f"{rng.choice(IDEA_WHY)}\n\n## Det tager vi med\n\n"
                f"- {rng.choice(IDEA_THINGS)} {rng.choice(IDEA_FOR)}\n"
                f"- {rng.choice(IDEA_THINGS)} {rng.choice(IDEA_FOR)}\n\n"
                "## Næste skridt\n\nKoordinatoren sender idéerne videre til styregrupperne."
            )
            summary_id = self.add(
                Summary,
                meeting_id=meeting_id,
                body=body,
                state=state,
                opened_at=written if state != "draft" else None,
                comments_close_at=written + timedelta(days=7) if state != "draft" else None,
                finalised_at=written + timedelta(days=8) if state == "final" else None,
                public=state == "final" and rng.random() < 0.3,
                created_at=written,
            )
            if state == "final" and rng.random() < 0.05:
                self.add(
                    SummaryRevision,
                    summary_id=summary_id,
                    body=body + "\n\nRettet: mødet blev holdt i beboerhuset, ikke på skolen.",
                    reason="Stedet for mødet var forkert.",
                    created_at=written + timedelta(days=20),
                )

    def experiences(self, networks: list[NetworkRows]) -> None:
        rng = self.rng
        for network in networks:
            for _ in range(3):
                activity = rng.choice(ACTIVITIES)
                self.add(
                    Experience,
                    plan_id=network.plan.id,
                    housing_area_id=rng.choice(network.plan.area_ids),
                    plan_effort_id=network.plan.effort_ids[network.effort_index],
                    activity=activity,
                    activity_key=Experience.key_for(activity),
                    worked="Beboerne kom, fordi naboerne inviterede dem personligt.",
                    did_not_work="Opslag i opgangene nåede ikke de travle familier.",
                    network_id=network.id,
                    author_id=rng.choice(network.members) if network.members else None,
                    public=rng.random() < 0.3,
                    created_at=self.now - timedelta(days=rng.randint(1, 700)),
                )

    # --- blog -----------------------------------------------------------------------------

    def blog(self) -> None:
        rng = self.rng
        bloggers = [
            self.add(
                BloggerProfile,
                user_id=self.logins[EDITOR],
                name="Tobias Krogh",
                presentation="Skriver om netværkene for sekretariatet.",
            )
        ]
        for _ in range(max(1, min(24, self.counts["posts"] // 100))):
            bloggers.append(
                self.add(
                    BloggerProfile,
                    name=rng.choice(self.names),
                    presentation=rng.choice(
                        [
                            "Frivillig og beboer gennem tyve år.",
                            "Boligsocial medarbejder, der elsker fællesspisning.",
                            "Skriver om unge, job og uddannelse.",
                        ]
                    ),
                )
            )
        tags = [self.add(BlogTag, name=name, slug=slugify(ascii_name(name))) for name in BLOG_TAGS]
        visible = []
        for number in range(self.counts["posts"]):
            target = number == 0
            thing = rng.choice(IDEA_THINGS)
            title = (
                "Naboskab på tværs af landet"
                if target
                else f"{rng.choice(POST_OPENINGS)} {thing.lower()} {rng.choice(IDEA_FOR)}"
            )
            state = (
                "published"
                if target
                else rng.choices(["published", "draft", "scheduled"], [90, 6, 4])[0]
            )
            if target:
                publish_at = self.now - timedelta(days=2)
            elif state == "scheduled":
                publish_at = self.now + timedelta(days=rng.randint(1, 30))
            elif state == "published":
                publish_at = self.now - timedelta(
                    days=rng.randint(3, 1800), minutes=rng.randint(0, 900)
                )
            else:
                publish_at = None
            post_id = self.add(
                Post,
                title=title,
                slug=TARGET_POST if target else f"{slugify(ascii_name(title))}-{number}",
                teaser=f"{thing} samler beboere, frivillige og fagfolk. Her er, hvad vi lærte.",
                body=(
                    f"Vi startede med {thing.lower()} {rng.choice(IDEA_FOR)}. "
                    f"{rng.choice(IDEA_WHY)}\n\n## Det virkede\n\n"
                    "- Personlige invitationer fra naboer\n- Mad, der er til at betale\n\n"
                    f"## Det gør vi nu\n\n{rng.choice(IDEA_WHY)}"
                ),
                state=state,
                publish_at=publish_at,
                author_id=bloggers[0] if target else rng.choice(bloggers),
                comments_closed=not target and rng.random() < 0.03,
                created_at=publish_at or self.now,
            )
            for tag_id in rng.sample(tags, rng.randint(1, 3)):
                self.add(Post.tags.through, post_id=post_id, blogtag_id=tag_id)
            if state == "published":
                visible.append((post_id, publish_at, target))
        self.comments(visible)

    def comments(self, posts: list[tuple[int, datetime, bool]]) -> None:
        rng = self.rng
        users = list(self.logins.items())
        target = next(post for post in posts if post[2])
        others = [post for post in posts if not post[2]] or [target]
        rest = self.counts["comments"] - TARGET_COMMENTS
        plan = [(target, TARGET_COMMENTS, True)]
        weights = [rng.random() + 0.2 for _ in others]
        shares = [math.floor(rest * w / sum(weights)) for w in weights]
        if shares:
            shares[0] += rest - sum(shares)
        plan += [(post, share, False) for post, share in zip(others, shares, strict=True)]
        for (post_id, published, _target), count, all_published in plan:
            published_ids = []
            for number in range(count):
                state = (
                    "published"
                    if all_published
                    else rng.choices(["published", "pending", "rejected", "spam"], [88, 8, 2, 2])[0]
                )
                member = rng.random() < 0.1
                email, user_id = users[rng.randrange(len(users))] if member else ("", None)
                name = rng.choice(self.names)
                written = published + timedelta(minutes=10 + number * 7)
                parent = (
                    rng.choice(published_ids)
                    if published_ids and state == "published" and rng.random() < 0.05
                    else None
                )
                comment_id = self.add(
                    Comment,
                    post_id=post_id,
                    parent_id=parent,
                    user_id=user_id,
                    name=name,
                    email=""
                    if member
                    else f"{ascii_name(name).lower().replace(' ', '.')}@{DOMAIN}",
                    body=rng.choice(COMMENT_TEXTS),
                    state=state,
                    created_at=min(written, self.now),
                    moderated_at=None if state == "pending" or member else min(written, self.now),
                    moderated_by_id=None if state == "pending" or member else self.logins[EDITOR],
                )
                if state == "published":
                    published_ids.append(comment_id)


def generate(
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Fill the database; return how many rows each table got. Call it on a database
    without plans (the command refuses otherwise)."""
    started = clock.monotonic()
    generator = Generator(scale, seed, progress)
    counts = generator.run()
    counts["seconds"] = round(clock.monotonic() - started, 1)
    return counts


def targets() -> dict[str, str]:
    """The benchmark's pages on the generated data, by name (paths)."""
    from django.urls import reverse

    network = Network.objects.select_related("plan").get(
        plan__slug=TARGET_PLAN, slug=TARGET_NETWORK
    )
    planned = network.meetings.get(title=PLANNED_TITLE)
    poll = network.meetings.get(title=POLL_TITLE)
    return {
        "front page": reverse("home"),
        "network": network.get_absolute_url(),
        "meeting planning": reverse("meeting_plan", args=[TARGET_PLAN, planned.pk]),
        "poll": reverse("poll_detail", args=[TARGET_PLAN, poll.pk]),
        "idea catalogue": reverse("idea_list", args=[TARGET_PLAN]),
        "search": reverse("search") + "?q=fællesspisning",
        "blog index": reverse("blog:index"),
        "post with 200 comments": reverse("blog:post", args=[TARGET_POST]),
        "network health": reverse("network_health", args=[TARGET_PLAN, TARGET_NETWORK]),
    }
