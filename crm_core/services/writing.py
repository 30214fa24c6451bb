"""Write transactions tuned per database: SQLite's one writer at a time, PostgreSQL's commit wait.

Shared by the chat events (`inbound`) and the customer inbox (`inbox`): whatever a webhook's
acknowledgement waits on is written first and durably; the background work that follows it
takes its turn and may skip the wait for the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import text

from crm_core.uow import UnitOfWork


class WriterGate:
    """One SQLite writer of this process at a time; the writes a webhook waits on go first.

    The thread holding the turn may enter again (a unit of work that calls a service holding
    it), so nesting never waits on itself.
    """

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._owner: int | None = None
        self._depth = 0
        self._urgent = 0

    @contextmanager
    def hold(self, urgent: bool) -> Iterator[None]:
        """Wait for the turn to write (urgent writers before the others) and keep it for the block."""
        me = threading.get_ident()
        with self._turn:
            if self._owner != me:
                self._urgent += urgent
                try:
                    while self._owner is not None or (not urgent and self._urgent):
                        self._turn.wait()
                finally:
                    self._urgent -= urgent
                self._owner = me
            self._depth += 1
        try:
            yield
        finally:
            with self._turn:
                self._depth -= 1
                if not self._depth:
                    self._owner = None
                    self._turn.notify_all()

    def background(self) -> AbstractContextManager[None]:
        """The turn for work nobody waits on: after every urgent writer."""
        return self.hold(urgent=False)


SQLITE_WRITER = WriterGate()


@contextmanager
def writing(uow: UnitOfWork, *, acknowledged: bool = True) -> Iterator[UnitOfWork]:
    """`with uow:` for a write, tuned per database (measured in docs/benchmarks.md, channels and inbox).

    SQLite lets one transaction write at a time and the others wait in its busy handler, which
    sleeps 1, 2, 5, 10… ms between tries: with 20 reps writing at once that backoff, not the
    work, set the latency. Queueing on a gate hands the database over as soon as it is free,
    and a store that a webhook's acknowledgement waits for (`acknowledged=False`) goes first.
    On PostgreSQL each commit waits for its WAL flush (8-12 ms here); claims and outcomes
    skip that wait: only a crash of the database server itself can lose them (the event is then
    processed a second time), while the store that precedes the ack stays synchronous.
    """
    with uow:
        dialect = uow.session.get_bind().dialect.name
        if dialect != "sqlite":
            if dialect == "postgresql" and acknowledged:
                uow.session.execute(text("SET LOCAL synchronous_commit = off"))
            yield uow
            return
        with SQLITE_WRITER.hold(urgent=not acknowledged):
            try:
                yield uow
            finally:
                uow.session.rollback()  # end a failed transaction before the next writer starts
