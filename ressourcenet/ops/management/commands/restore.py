from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ressourcenet.ops.backup import BackupError, media_archive, restore, restore_media


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup in FILE (made by `backup` on the "
        "same kind of database), then check it. Needs --yes. --media also puts back the "
        "uploaded files from FILE.media.tar."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A file written by `ressourcenet backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the database's content is to be replaced.",
        )
        parser.add_argument(
            "--media",
            action="store_true",
            help="Also put back the uploaded files from FILE.media.tar (made by backup --media).",
        )

    def handle(self, *args, file: Path, yes: bool = False, media: bool = False, **options) -> str:
        database = connection.settings_dict["NAME"]
        if not yes:
            raise CommandError(
                f"A restore replaces everything in the database {database} with the content "
                f"of {file}. Nothing was changed; run again with --yes to do it."
            )
        if media and not media_archive(file).is_file():
            raise CommandError(f"{media_archive(file)} does not exist. Nothing was changed.")
        try:
            summary = restore(file)
            files = restore_media(file, settings.MEDIA_ROOT) if media else None
        except BackupError as error:
            raise CommandError(error) from error
        restored = f"Database {database} restored from {file} ({summary.describe()}) and checked."
        if files is None:
            uploaded = (
                f"Uploaded files are not in the backup: put back {settings.MEDIA_ROOT} "
                "from its own backup."
            )
        else:
            uploaded = f"Uploaded files ({files}) put back in {settings.MEDIA_ROOT}."
        return (
            f"{restored} {uploaded} Then run `ressourcenet migrate` in case the backup is "
            "older than this version."
        )
