"""The demo's agreements, written for this demo: two co-financing agreements with a version
history (one amended by the board's approval of a recommendation, which the governance
demo makes), two cooperation agreements in the
families network, one in force and one awaiting a party's acceptance, and the resource
allocation for every year over the four housing areas with their key figures. Safe to run again:
an agreement with its title is kept as it is."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ressourcenet.accounts.models import User
from ressourcenet.agreements import services
from ressourcenet.agreements.models import CofinancingAgreement, CooperationAgreement
from ressourcenet.agreements.services import Amount
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Unit
from ressourcenet.plans.models import Plan, Project

FAMILIES_NETWORK = "familier-forebyggelse"

COFINANCING = [
    {
        "title": "PPR's psykolog i lektiecaféerne",
        "project": "Lektiecaféer",
        "unit": ("Albertslund Kommune", "PPR"),
        "ends_on": date(2020, 12, 31),
        "amounts": [
            (2017, 150_000, 300),
            (2018, 150_000, 300),
            (2019, 150_000, 300),
            (2020, 150_000, 300),
        ],
        # Its second version comes from the board's approval of the families network's
        # recommendation (governance/demo.py), through the same service as in the app.
        "changes": [],
    },
    {
        "title": "Jobcentrets fritidsjobkonsulent",
        "project": "Fritidsjob til unge",
        "unit": ("Albertslund Kommune", "Jobcentret"),
        "ends_on": date(2019, 12, 31),
        "amounts": [(2018, 200_000, 0), (2019, 200_000, 0)],
        "changes": [
            {
                "reason": "Jobcentret betaler halvdelen i 2019 med en konsulent 10 timer om "
                "ugen i stedet for penge.",
                "source": "",
                "amounts": [(2018, 200_000, 0), (2019, 100_000, 440)],
            },
            {
                "reason": "Aftalen er forlænget med et år efter aftale med Jobcentret.",
                "source": "",
                "ends_on": date(2020, 12, 31),
                "amounts": [(2018, 200_000, 0), (2019, 100_000, 440), (2020, 0, 440)],
            },
        ],
    },
]


def _admin() -> User | None:
    return User.objects.filter(is_superuser=True, is_demo=True).first()


def load_cofinancing(plan: Plan) -> int:
    by = _admin()
    added = 0
    for spec in COFINANCING:
        if plan.cofinancing_agreements.filter(title=spec["title"]).exists():
            continue
        organisation_name, unit_name = spec["unit"]
        unit = Unit.objects.get(organisation__name=organisation_name, name=unit_name)
        years = [year for year, _money, _hours in spec["amounts"]]
        with transaction.atomic():
            agreement = CofinancingAgreement(
                plan=plan,
                project=Project.objects.get(effort__plan=plan, name=spec["project"]),
                organisation=unit.organisation,
                unit=unit,
                title=spec["title"],
                status=CofinancingAgreement.Status.ACTIVE,
                starts_on=date(min(years), 1, 1),
                ends_on=spec["ends_on"],
            )
            services.create_cofinancing(
                agreement, amounts=[Amount(*line) for line in spec["amounts"]], by=by
            )
            for change in spec["changes"]:
                lines = change["amounts"]
                services.amend(
                    agreement,
                    amounts=None if lines is None else [Amount(*line) for line in lines],
                    by=by,
                    reason=change["reason"],
                    source=change["source"],
                    ends_on=change.get("ends_on"),
                )
        added += 1
    return added


def load_cooperation(plan: Plan) -> int:
    """Two agreements that run this year and next (whenever the demo is loaded, one is in
    force and one awaits acceptance: past their end date they would read expired)."""
    network = plan.networks.filter(slug=FAMILIES_NETWORK).first()
    if network is None:
        return 0
    memberships = list(
        Membership.objects.filter(network=network, person__organisation__isnull=False)
        .select_related("person")
        .order_by("-role", "person__name")
    )
    people = []
    for membership in memberships:  # one signer per organisation
        if all(p.organisation_id != membership.person.organisation_id for p in people):
            people.append(membership.person)
    if len(people) < 3:
        return 0
    specs = [
        (
            "Sammen om lektiecaféen i Hedemarken",
            "Skolen, PPR og boligselskabet driver lektiecaféen sammen, så børnene får hjælp "
            "tæt på, hvor de bor.",
            people[:2],
            [
                "Stiller lokalet i beboerhuset til rådighed mandag og onsdag.",
                "Sender en psykolog fra PPR til caféen en gang om måneden.",
            ],
            True,
        ),
        (
            "Sommerferieaktiviteter for familier",
            "Vi laver tre udflugter i sommerferien for familier, der ikke selv rejser væk.",
            [people[0], people[2]],
            [
                "Finder frivillige og står for tilmeldingen.",
                "Betaler bussen til de tre udflugter.",
            ],
            False,
        ),
    ]
    this_year = timezone.localdate().year
    added = 0
    for title, purpose, parties, texts, in_force in specs:
        if network.cooperation_agreements.filter(title=title).exists():
            continue
        agreement = services.create_cooperation(
            CooperationAgreement(
                plan=plan,
                network=network,
                title=title,
                purpose=purpose,
                starts_on=date(this_year, 1, 1),
                ends_on=date(this_year + 1, 12, 31),
                renews_on=date(this_year + 1, 10, 1),
            ),
            parties=parties,
            obligations=[(p.pk, text) for p, text in zip(parties, texts, strict=True)],
            by=_admin(),
            notify=False,  # the demo sends no e-mail
        )
        for party in parties if in_force else parties[:1]:
            services.accept(agreement, party)
        added += 1
    return added


# Per housing area: a few key figures, written for this demo.
KEY_FIGURES = {
    "Hedemarken": [("Beboere", "2.150"), ("Børn under 18 år", "610")],
    "Kanalens Kvarter": [("Beboere", "1.870"), ("Unge 16–25 år uden uddannelse", "14 %")],
    "Blokland": [("Beboere", "1.420"), ("Nye beboere det seneste år", "180")],
    "Albertslund Nord": [("Beboere", "2.460"), ("Beboere over 65 år", "31 %")],
}


def load_allocation(plan: Plan) -> int:
    """A table for every year of the plan over its efforts and areas (2017–2020), unless
    one is there; and the areas' key figures."""
    from ressourcenet.agreements.models import AllocationLine, KeyFigure

    for area in plan.areas.all():
        for name, value in KEY_FIGURES.get(area.name, []):
            KeyFigure.objects.get_or_create(
                housing_area=area, name=name, defaults={"value": value, "year": 2017}
            )
    if AllocationLine.objects.filter(plan=plan).exists():
        return 0
    efforts = list(plan.efforts.order_by("position"))
    areas = list(plan.areas.order_by("name"))
    added = 0
    for year in range(plan.starts_on.year, plan.ends_on.year + 1):
        lines = [
            services.AllocationInput(
                effort.pk,
                area.pk,
                # Some variety: more for the first effort, a little more each year.
                money=(300_000 - 50_000 * e + 20_000 * a) + 10_000 * (year - 2017),
                hours=400 - 60 * e + 25 * a,
            )
            for e, effort in enumerate(efforts)
            for a, area in enumerate(areas)
        ]
        added += len(services.replace_allocation(plan, year, lines))
    return added


def load_agreements(plan: Plan) -> int:
    return load_cofinancing(plan) + load_cooperation(plan) + load_allocation(plan)
