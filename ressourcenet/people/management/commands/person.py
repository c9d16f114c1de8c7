from django.core.management.base import BaseCommand, CommandError

from ressourcenet.lib import bounds
from ressourcenet.people import privacy
from ressourcenet.people.models import Person


class Command(BaseCommand):
    help = (
        "A person's data under GDPR: `person export EMAIL` prints everything about them as "
        "JSON; `person erase EMAIL --yes` anonymises them for good (without --yes it only "
        "says what would happen)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="export|erase")
        export = actions.add_parser("export", help="Print the person's data as JSON.")
        export.add_argument("email", help="The person's e-mail address.")
        erase = actions.add_parser("erase", help="Anonymise the person for good.")
        erase.add_argument("email", help="The person's e-mail address.")
        erase.add_argument("--yes", action="store_true", help="Really erase: it cannot be undone.")

    def handle(self, *args, action: str, email: str, yes: bool = False, **options) -> None:
        person = find(email)
        if action == "export":
            self.stdout.write(privacy.export_json(person))
            self.stderr.write(f"Exported the data of person #{person.pk}.")
            return
        problem = privacy.erase_problem(person)
        if problem:
            raise CommandError(problem)
        if not yes:
            self.stdout.write(
                f"Would erase person #{person.pk}: their name, contact data and login go, "
                "their answers and attendance stay as anonymous counts. Nothing was changed; "
                "run again with --yes to erase."
            )
            return
        privacy.erase_person(person)
        self.stdout.write(f"Erased person #{person.pk}.")


def find(email: str) -> Person:
    email = email.strip()
    too_long = len(email) > bounds.max_length(Person, "email")
    if too_long or bounds.one_line_problem(email, "e-mail"):
        # NUL breaks PostgreSQL's query; no address of a person is this long.
        shown = email if len(email) <= 80 else f"{email[:80]}… ({len(email)} characters)"
        raise CommandError(f"{shown!r} is not an e-mail address a person can have.")
    person = Person.objects.filter(email__iexact=email).first() if email else None
    if person is None:
        raise CommandError(f"No person has the e-mail address {email!r}.")
    return person
