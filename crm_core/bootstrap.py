"""Composition root: wires the database into units of work for the edges to use."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from crm_core.persistence.database import make_engine, make_session_factory
from crm_core.services.writing import SQLITE_WRITER
from crm_core.uow import UnitOfWork


@dataclass
class Core:
    """What the edges hold: a way to open units of work on one database."""

    engine: Engine
    session_factory: sessionmaker[Session]
    turn: Callable[[], AbstractContextManager[None]] | None = None

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.turn)

    def background(self) -> Core:
        """The same database for work no request waits on (the inbox worker).

        On SQLite each of its units of work takes its turn at this process's writer gate behind
        the stores a webhook's acknowledgement waits for, instead of holding the write lock while
        they sleep in SQLite's busy handler; elsewhere nothing changes.
        """
        if self.engine.dialect.name != "sqlite":
            return self
        return replace(self, turn=SQLITE_WRITER.background)

    def database_ok(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any driver error means "not reachable"
            return False
        return True


def bootstrap(database_url: str, **engine_options: object) -> Core:
    """Build the core on a database URL."""
    engine = make_engine(database_url, **engine_options)
    return Core(engine=engine, session_factory=make_session_factory(engine))
