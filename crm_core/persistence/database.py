"""Engines and session factories for SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DATABASE_URL = "sqlite:///var/rumbo.db"


def make_engine(url: str = DEFAULT_DATABASE_URL, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # the default 2 MiB page cache thrashes once accounts outgrow it (100k accounts: a name
    # lookup 6 ms warm vs 35-70 ms); pages are only allocated as they are read
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def advance_id_sequence(session: Session, table: str) -> None:
    """Move PostgreSQL's id sequence past rows inserted with explicit ids, so new rows never collide.

    SQLite needs nothing: a new rowid is always one past the largest.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    # `table` is a model's table name, never user input; GREATEST keeps ids of deleted rows unused
    session.execute(text(
        f"SELECT setval(seq, GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}),"
        " COALESCE(pg_sequence_last_value(seq), 0), 1))"
        f" FROM (SELECT pg_get_serial_sequence('{table}', 'id')::regclass AS seq) AS s"
    ))
