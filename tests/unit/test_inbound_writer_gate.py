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


def test_the_writer_holding_the_turn_may_enter_again_and_others_wait_for_the_outer_block() -> None:
    gate = WriterGate()
    order: list[str] = []
    nested = threading.Event()
    release = threading.Event()

    def outer() -> None:
        with gate.background():
            with gate.hold(urgent=True):  # a service holding the turn, called inside a unit that holds it
                nested.set()
            release.wait(5)
            order.append("outer")

    def other() -> None:
        with gate.hold(urgent=True):
            order.append("other")

    first = threading.Thread(target=outer)
    first.start()
    assert nested.wait(5)
    second = threading.Thread(target=other)
    second.start()
    time.sleep(0.05)
    release.set()
    first.join(5)
    second.join(5)
    assert order == ["outer", "other"]


def test_a_background_unit_of_work_on_sqlite_keeps_the_turn_until_it_ends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crm_core.bootstrap import bootstrap
    from crm_core.services.writing import SQLITE_WRITER

    core = bootstrap(f"sqlite:///{tmp_path / 'gate.db'}")  # no connection is opened: nothing here queries
    waited: list[float] = []

    def urgent_writer() -> None:
        started = time.perf_counter()
        with SQLITE_WRITER.hold(urgent=True):
            waited.append(time.perf_counter() - started)

    with core.background().uow():
        writer = threading.Thread(target=urgent_writer)
        writer.start()
        time.sleep(0.1)
        assert not waited
    writer.join(5)
    assert waited and waited[0] >= 0.1
    entered = threading.Event()

    def ordinary_unit() -> None:
        with core.uow():
            entered.set()

    with SQLITE_WRITER.hold(urgent=True):  # an ordinary unit of work does not wait for the turn
        threading.Thread(target=ordinary_unit).start()
        assert entered.wait(5)
