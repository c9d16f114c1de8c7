from django.core.management.base import BaseCommand

from ressourcenet.accounts.demo import DEMO_LOGINS
from ressourcenet.people.models import Person
from ressourcenet.plans.demo import keep_coming_meeting_ahead, keep_demo_poll_open, load_demo


class Command(BaseCommand):
    help = "Load the demo plan, networks, people and one login per role. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing when the database has a plan; keep the demo meeting ahead "
            "and its poll open.",
        )

    def handle(self, *args, if_empty: bool = False, **options) -> str:
        from ressourcenet.plans.models import Plan

        if if_empty and Plan.objects.exists():
            moved = keep_coming_meeting_ahead()
            note = f" The demo's coming meeting now takes place on {moved}." if moved else ""
            if poll_closes := keep_demo_poll_open():
                note += f" The demo's poll now closes on {poll_closes}."
            return "The database already has data; the demo was not loaded." + note
        plan = load_demo()
        people = Person.objects.in_plan(plan).count()
        logins = ", ".join(email for email, _role in DEMO_LOGINS)
        networks = plan.networks.count()
        return f"Demo loaded: {plan.name}, {networks} networks, {people} people. Logins: {logins}"
