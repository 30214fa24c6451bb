"""Composition root: wires the database into units of work for the edges to use."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from crm_core.persistence.database import make_engine, make_session_factory
from crm_core.uow import UnitOfWork


@dataclass
class Core:
    """What the edges hold: a way to open units of work on one database."""

    engine: Engine
    session_factory: sessionmaker[Session]

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

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
