from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ressourcenet.ops.backup import BackupError, backup, backup_media, media_archive


class Command(BaseCommand):
    help = (
        "Write the whole database to FILE: on SQLite with its online backup API, on "
        "PostgreSQL with pg_dump. Safe while the site runs. Uploaded files are not in it; "
        "--media puts them in FILE.media.tar."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file (replaced if it exists).")
        parser.add_argument(
            "--media",
            action="store_true",
            help="Also put the uploaded files (MEDIA_ROOT) in FILE.media.tar.",
        )

    def handle(self, *args, file: Path, media: bool = False, **options) -> str:
        try:
            summary = backup(file)
            files = backup_media(file, settings.MEDIA_ROOT) if media else None
        except BackupError as error:
            raise CommandError(error) from error
        written = f"Backup written to {file} ({summary.describe()})."
        if files is None:
            return f"{written} Uploaded files are not in it: back up {settings.MEDIA_ROOT} too."
        return f"{written} Uploaded files ({files}) written to {media_archive(file)}."
