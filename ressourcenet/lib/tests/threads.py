"""Two clicks, or twenty phones, at the same moment: for tests of concurrent writes,
which need their own connections (`django_db(transaction=True)`, on PostgreSQL)."""

import threading
from collections.abc import Callable

from django.db import connections, transaction


def at_once(action: Callable, times: int = 2, atomic: bool = False) -> list:
    """Run `action` in `times` threads released together, each in its own transaction when
    `atomic`; what each got, in the order they finished: its return value, or the
    exception it raised."""
    barrier = threading.Barrier(times)
    outcomes = []

    def click() -> None:
        try:
            if atomic:
                with transaction.atomic():
                    barrier.wait(timeout=5)
                    outcomes.append(action())
            else:
                barrier.wait(timeout=5)
                outcomes.append(action())
        except Exception as error:  # noqa: BLE001 - the caller decides what it means
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
