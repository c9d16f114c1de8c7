"""How long ranking a large poll takes: 2,000 invitees x 100 candidate times.

The issue asks for "well under a second". This is a benchmark, not a test: run it by hand,

    .venv/bin/python benchmarks/recommend_bench.py [--repeats N] [--invitees N] [--slots N]

It needs no Django settings: `ressourcenet.scheduling.recommend` is pure. The poll is
random but seeded, so every run ranks the same data.
"""

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from ressourcenet.scheduling import recommend

GROUPS = (
    "professional_management",
    "professional_staff",
    "resident_board",
    "volunteer",
    "operations_staff",
    "social_housing_staff",
    "guest",
)
AREAS = 12
KEY_PERSONS = 5
ANSWERED_SHARE = 0.8  # the others never answered that time: they count as "no"


def build_poll(
    invitee_count: int, slot_count: int, seed: int = 2025
) -> tuple[list[recommend.Slot], list[recommend.Invitee]]:
    rng = random.Random(seed)
    invitees = [
        recommend.Invitee(
            id=person_id,
            group=rng.choice(GROUPS),
            area=rng.choice([None, *range(1, AREAS + 1)]),
            key=False,
        )
        for person_id in range(1, invitee_count + 1)
    ]
    for index in rng.sample(range(invitee_count), min(KEY_PERSONS, invitee_count)):
        invitees[index] = recommend.Invitee(
            invitees[index].id, invitees[index].group, invitees[index].area, key=True
        )
    first = datetime(2026, 3, 2, 9, tzinfo=UTC)
    slots = []
    for slot_id in range(1, slot_count + 1):
        answers = {
            invitee.id: rng.choice(recommend.ANSWERS)
            for invitee in invitees
            if rng.random() < ANSWERED_SHARE
        }
        starts_at = first + timedelta(days=rng.randrange(30), hours=rng.randrange(10))
        slots.append(recommend.Slot(slot_id, starts_at, answers))
    return slots, invitees


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invitees", type=int, default=2000)
    parser.add_argument("--slots", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    slots, invitees = build_poll(args.invitees, args.slots)
    answers = sum(len(slot.answers) for slot in slots)
    timings = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        ranked = recommend.rank(slots, invitees)
        timings.append(time.perf_counter() - started)
    assert len(ranked) == len(slots)

    print(f"recommend.rank: {len(slots)} slots x {len(invitees)} invitees ({answers} answers)")
    print(f"repeats: {args.repeats}")
    print(f"best:    {min(timings):.4f} s")
    print(f"median:  {statistics.median(timings):.4f} s")
    print(f"worst:   {max(timings):.4f} s")
    print(f"best slot: {ranked[0].slot} ({ranked[0].available} can come)")


if __name__ == "__main__":
    main()
