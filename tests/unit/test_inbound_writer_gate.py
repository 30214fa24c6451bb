"""The SQLite writer gate: one writer at a time, the writes a webhook waits on first."""

from __future__ import annotations

import threading
import time

from crm_core.services.writing import WriterGate


def test_a_waiting_urgent_writer_goes_before_waiting_background_writers() -> None:
    gate = WriterGate()
    order: list[str] = []
    holding = threading.Event()
    release = threading.Event()

    def first() -> None:
        with gate.hold(urgent=False):
            holding.set()
            release.wait(5)
            order.append("first")

    def writer(name: str, urgent: bool) -> None:
        with gate.hold(urgent=urgent):
            order.append(name)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    holding.wait(5)
    for name, urgent in (("background-1", False), ("background-2", False), ("store", True)):
        thread = threading.Thread(target=writer, args=(name, urgent))
        thread.start()
        threads.append(thread)
        time.sleep(0.05)  # all three are waiting before the first writer finishes
    release.set()
    for thread in threads:
        thread.join(5)
    assert order[:2] == ["first", "store"]
    assert sorted(order[2:]) == ["background-1", "background-2"]


def test_writers_never_overlap() -> None:
    gate = WriterGate()
    inside = 0
    overlaps = 0
    lock = threading.Lock()

    def write(urgent: bool) -> None:
        nonlocal inside, overlaps
        for _ in range(50):
            with gate.hold(urgent=urgent):
                with lock:
                    inside += 1
                    overlaps += inside > 1
                time.sleep(0.0005)
                with lock:
                    inside -= 1

    threads = [threading.Thread(target=write, args=(i % 3 == 0,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert overlaps == 0
