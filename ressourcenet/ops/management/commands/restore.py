from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ressourcenet.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup in FILE (made by `backup` on the "
        "same kind of database), then check it. Needs --yes. Uploaded files are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A file written by `ressourcenet backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the database's content is to be replaced.",
        )

    def handle(self, *args, file: Path, yes: bool = False, **options) -> str:
        database = connection.settings_dict["NAME"]
        if not yes:
            raise CommandError(
                f"A restore replaces everything in the database {database} with the content "
                f"of {file}. Nothing was changed; run again with --yes to do it."
            )
        try:
            summary = restore(file)
        except BackupError as error:
            raise CommandError(error) from error
        return (
            f"Database {database} restored from {file} ({summary.describe()}) and checked. "
            f"Uploaded files are not in the backup: put back {settings.MEDIA_ROOT} from its "
            "own backup. Then run `ressourcenet migrate` in case the backup is older than "
            "this version."
        )
