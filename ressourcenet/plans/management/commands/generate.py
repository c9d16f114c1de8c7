import sys

from django.core.management.base import BaseCommand, CommandError

from ressourcenet.plans import generate


class Progress:
    """A bar redrawn in place on a terminal, about a hundred times in all; nothing at all
    when stderr is not a terminal (a log or CI gets the summary only)."""

    WIDTH = 30

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.shown = -1
        self.on = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if not self.on or percent == self.shown:
            return
        self.shown = percent
        filled = self.WIDTH * percent // 100
        self.stream.write(f"\r[{'#' * filled}{'-' * (self.WIDTH - filled)}] {percent:3d}%")
        self.stream.flush()

    def close(self) -> None:
        if self.on and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()


def scale(value: str) -> float:
    if value == "national":
        return 1.0
    try:
        number = float(value)
    except ValueError:
        raise CommandError(f"--scale takes 'national' or a number, not {value!r}.") from None
    if not 0 < number <= 10:
        raise CommandError("--scale must be above 0 and at most 10.")
    return number


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with a synthetic national data set for "
        "benchmarks: at --scale national 100 plans, 300 networks, 30,000 people, 6,000 "
        "meetings, 60,000 ideas, 10,000 summaries (at most one per held meeting), 5,000 "
        "blog posts and 100,000 comments; --scale 0.01 gives a hundredth. The same seed "
        "gives the same data on the same day (dates count from today). Logins, all with "
        "the password DEMO_PASSWORD (default 'ressourcenet'): admin@national.example "
        "(administrator), koordinator@national.example (coordinator of network "
        "'familier-forebyggelse' of plan 'helhedsplan-001', the current plan: the longest "
        "archive, the coming meeting 'Lektiehjælp der virker' being planned, the meeting "
        "'Sådan når vi de familier, vi ikke ser' with an open poll and many answers), "
        "medlem@national.example (member of that network), bestyrelse@national.example "
        "(board member of plan 1), redaktoer@national.example (editor). The blog post "
        "'naboskab-paa-tvaers-af-landet' has exactly 200 published comments. They are "
        "demo users: production will not start with them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=scale,
            default=1.0,
            help="'national' (the default) or a multiplier of it, such as 0.01.",
        )
        parser.add_argument(
            "--seed", type=int, default=generate.DEFAULT_SEED, help="Another seed, other data."
        )

    def handle(self, *args, scale: float = 1.0, seed: int = generate.DEFAULT_SEED, **options):
        if generate.database_has_plans():
            raise CommandError(
                "The database already holds plans: generate fills an empty database only. "
                "Use a new database (DATABASE_URL) and migrate it first."
            )
        progress = Progress(self.stderr._out)
        try:
            counts = generate.generate(scale, seed, progress)
        finally:
            progress.close()
        seconds = counts.pop("seconds")
        rows = sum(counts.values())
        for table, count in sorted(counts.items()):
            self.stdout.write(f"{table:32} {count:>9,}")
        for name, path in generate.targets().items():
            self.stdout.write(f"{name:32} {path}")
        self.stdout.write(
            f"Generated {rows:,} rows in {seconds} s ({rows / max(seconds, 0.1):,.0f} rows/s)."
        )
