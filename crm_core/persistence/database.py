"""Engines and session factories for SQLite and PostgreSQL."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DATABASE_URL = "sqlite:///var/rumbo.db"
PING_AFTER_IDLE_SECONDS = 2.0


def make_engine(url: str = DEFAULT_DATABASE_URL, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout, a server database an idle-connection check."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            _create_owner_only(Path(parsed.database))
        kwargs.setdefault("connect_args", {"timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_after_idle(engine)
    return engine


def _create_owner_only(path: Path) -> None:
    """Create the SQLite file owner-only before SQLite opens it (its -wal and -shm files take the same mode).

    Engines open no connection when made, so a path that cannot be a database is left for the first
    connection to report, as an unreachable database.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    except OSError:
        pass


def _ping_after_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it sat idle: that is when a restart of the
    database server may have dropped it unnoticed.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: a round trip per request that cost a
    webhook 0.2 ms of the gateway's CPU and as much again in the server. A connection that was in
    use a moment ago and fails anyway fails that one request (5xx: the platform retries, docs/architecture.md)
    and SQLAlchemy then discards the whole pool.
    """

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError("pooled connection is gone") from exc  # the pool reconnects


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # In WAL mode NORMAL syncs the log at checkpoints rather than at every commit: a commit is still
    # in the log before it returns, so a crash or SIGKILL of any process loses nothing acknowledged
    # (the inbox kill test); only a power loss or an OS crash can take the commits since the last
    # checkpoint. FULL would add an fsync to every webhook's store.
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
