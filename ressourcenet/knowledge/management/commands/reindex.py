from django.core.management.base import BaseCommand

from ressourcenet.knowledge import search

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Write the search index again from the ideas and meetings (and drop the entries of "
        "what is gone). Run it after restoring a backup or changing what is indexed."
    )

    def handle(self, *args, **options) -> None:
        step = 0

        def progress(done: int, total: int) -> None:
            nonlocal step
            # About a hundred redraws, whatever the size.
            if done != total and done < step:
                return
            step = done + max(1, total // 100)
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
            self.stdout.flush()

        count = search.reindex(progress)
        if count:
            self.stdout.write("")
        self.stdout.write(f"{count} entries indexed.")
