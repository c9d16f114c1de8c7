from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ressourcenet.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the whole database to FILE: on SQLite with its online backup API, on "
        "PostgreSQL with pg_dump. Safe while the site runs. Uploaded files are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file (replaced if it exists).")

    def handle(self, *args, file: Path, **options) -> str:
        try:
            summary = backup(file)
        except BackupError as error:
            raise CommandError(error) from error
        return (
            f"Backup written to {file} ({summary.describe()}). Uploaded files are not in "
            f"it: back up {settings.MEDIA_ROOT} too."
        )
