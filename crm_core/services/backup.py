"""Backups: a portable snapshot of every table, and loading one into an empty database of either kind.

A backup is a zip holding `header.json` (format, format version, the schema revision, row counts)
and `tables/<name>.jsonl`, one JSON object per row. It is read in one transaction (REPEATABLE READ
on PostgreSQL, one read transaction on SQLite's WAL), so it is consistent while the system writes.
Restoring creates the schema at the file's revision, loads the rows and then migrates to the
newest revision, so an old backup loads into a newer Rumbo.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Connection, MetaData, Table, column, func, inspect, select, text
from sqlalchemy import table as table_clause
from sqlalchemy.engine import Engine
from sqlalchemy.types import Date, DateTime, LargeBinary, Numeric, TypeDecorator, TypeEngine

from crm_core.errors import Conflict, InvalidInput
from crm_core.persistence.migrate import alembic_config, upgrade
from crm_core.persistence.models import Base
from crm_core.persistence.types import utcnow

logger = logging.getLogger(__name__)

FORMAT = "rumbo-backup"
FORMAT_VERSION = 1
HEADER = "header.json"
BATCH_ROWS = 1000
# the default flow `rumbo db upgrade` writes; a database holding only that counts as empty
SEED_TABLES = frozenset({"statuses"})
NIGHTLY_PREFIX = "rumbo-"


@dataclass(frozen=True)
class BackupSummary:
    """What a backup or a restore covered."""

    path: str
    revision: str
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str:
    """The newest schema revision this code knows."""
    head = _script().get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(connection: Connection) -> str | None:
    """The schema revision of the database behind the connection, None before any migration."""
    return MigrationContext.configure(connection).get_current_revision()


def encode(value: Any) -> Any:
    """A column value as JSON: datetimes in UTC ISO form, decimals as strings, bytes as base64."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    return value


def _base_type(kind: TypeEngine[Any]) -> TypeEngine[Any]:
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def _decoder(kind: TypeEngine[Any]) -> Callable[[Any], Any]:
    """Turn a JSON value back into what a column of this type binds."""
    base = _base_type(kind)
    if isinstance(base, JSON):
        return lambda v: v
    if isinstance(base, DateTime):
        return lambda v: None if v is None else _aware(datetime.fromisoformat(v))
    if isinstance(base, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(base, Numeric):
        return lambda v: None if v is None else Decimal(v)
    if isinstance(base, LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    return lambda v: v


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _tables(connection: Connection, names: list[str] | None = None) -> list[Table]:
    """The database's tables in dependency order: the models' at the newest revision, else reflected."""
    if current_revision(connection) == head_revision():
        return [t for t in Base.metadata.sorted_tables if names is None or t.name in names]
    present = set(inspect(connection).get_table_names())
    wanted = [n for n in (names if names is not None else [t.name for t in Base.metadata.sorted_tables])
              if n in present]
    reflected = MetaData()
    reflected.reflect(bind=connection, only=wanted)
    return list(reflected.sorted_tables)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that sees one moment of the database for as long as it is open."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            connection.execute(text("SET TRANSACTION READ ONLY"))
        elif engine.dialect.name == "sqlite":
            # pysqlite opens no transaction for reads; WAL pins the snapshot at the first read after BEGIN
            connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(select(table).order_by(*order))
    for row in result.mappings():
        yield {name: encode(value) for name, value in row.items()}


def write_backup(engine: Engine, path: str | Path) -> BackupSummary:
    """Write a consistent snapshot of every table to `path` (a zip of JSON lines)."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    counts: dict[str, int] = {}
    with _snapshot(engine) as connection:
        revision = current_revision(connection)
        if revision is None:
            raise InvalidInput("the database has no schema yet: run `rumbo db upgrade` first")
        tables = _tables(connection)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in tables:
                with archive.open(f"tables/{table.name}.jsonl", "w") as out:
                    counts[table.name] = 0
                    for row in _rows(connection, table):
                        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
                        out.write(b"\n")
                        counts[table.name] += 1
            header = {
                "format": FORMAT, "format_version": FORMAT_VERSION, "schema_revision": revision,
                "dialect": engine.dialect.name, "created_at": utcnow().isoformat(),
                "tables": counts,
            }
            archive.writestr(HEADER, json.dumps(header, indent=2))
    os.replace(partial, target)
    summary = BackupSummary(str(target), revision, counts)
    logger.info("backup %s: %s rows in %s tables at revision %s", target, summary.rows, len(counts), revision)
    return summary


def read_header(path: str | Path) -> dict[str, Any]:
    """The header of a backup file, checked for format and version."""
    try:
        with zipfile.ZipFile(path) as archive:
            header = json.loads(archive.read(HEADER))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path} is not a Rumbo backup") from exc
    if header.get("format") != FORMAT:
        raise InvalidInput(f"{path} is not a Rumbo backup")
    if int(header.get("format_version", 0)) > FORMAT_VERSION:
        raise InvalidInput("this backup was written by a newer Rumbo", format_version=header["format_version"])
    if header.get("schema_revision") not in _revisions():
        raise InvalidInput("this backup's schema revision is unknown to this Rumbo",
                           revision=header.get("schema_revision"))
    return header


def _revisions() -> list[str]:
    """Every revision, oldest first."""
    return [r.revision for r in reversed(list(_script().walk_revisions()))]


def _user_rows(connection: Connection) -> dict[str, int]:
    present = set(inspect(connection).get_table_names())
    counts = {}
    for table in Base.metadata.sorted_tables:
        if table.name in present:
            counts[table.name] = connection.scalar(select(func.count()).select_from(table_clause(table.name))) or 0
    return counts


def _migrate_to(engine: Engine, revision: str) -> None:
    """Bring an empty database's schema to exactly `revision`, up or down."""
    with engine.connect() as connection:
        current = current_revision(connection)
    order = _revisions()
    if current is not None and order.index(current) > order.index(revision):
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    elif current != revision:
        upgrade(engine, revision)


def restore_backup(engine: Engine, path: str | Path, *, progress: Callable[[int], None] | None = None) -> BackupSummary:
    """Load a backup into an empty database and migrate it to the newest schema."""
    header = read_header(path)
    revision = header["schema_revision"]
    with engine.connect() as connection:
        counts = _user_rows(connection)
    filled = sorted(name for name, n in counts.items() if n and name not in SEED_TABLES)
    if filled:
        raise Conflict("restore needs an empty database", tables=filled)
    _migrate_to(engine, revision)
    loaded: dict[str, int] = {}
    with zipfile.ZipFile(path) as archive, engine.begin() as connection:
        names = [n for n in header["tables"]]
        tables = _tables(connection, names)
        missing = sorted(set(names) - {t.name for t in tables})
        if missing:
            raise InvalidInput("the schema at this revision lacks tables of the backup", tables=missing)
        for table in reversed(tables):
            connection.execute(table.delete())  # only seed rows can be here
        for table in tables:
            loaded[table.name] = _load_table(connection, table, archive, progress)
        if engine.dialect.name == "postgresql":
            for table in tables:
                _advance_sequence(connection, table)
    upgrade(engine)
    summary = BackupSummary(str(path), revision, loaded)
    logger.info("restored %s: %s rows at revision %s, now at %s", path, summary.rows, revision, head_revision())
    return summary


def _load_table(connection: Connection, table: Table, archive: zipfile.ZipFile,
                progress: Callable[[int], None] | None) -> int:
    """Insert a table's rows in batches; references to the same table are set once every row is in."""
    decoders = {c.name: _decoder(c.type) for c in table.columns}
    # a JSON column's None is SQL NULL here, so absent values stay absent after a round trip
    types = {c.name: JSON(none_as_null=True) if isinstance(_base_type(c.type), JSON) else c.type
             for c in table.columns}
    target = table_clause(table.name, *(column(name, kind) for name, kind in types.items()))
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]
    keys = [c.name for c in table.primary_key.columns]
    later: list[tuple[dict[str, Any], dict[str, Any]]] = []
    batch: list[dict[str, Any]] = []
    count = 0
    with archive.open(f"tables/{table.name}.jsonl") as lines:
        for line in lines:
            raw = json.loads(line)
            unknown = set(raw) - set(decoders)
            if unknown:
                raise InvalidInput(f"the backup has columns {table.name} lacks", columns=sorted(unknown))
            row = {name: decoders[name](value) for name, value in raw.items()}
            refs = {name: row[name] for name in self_refs if row.get(name) is not None}
            if refs:
                later.append(({k: row[k] for k in keys}, refs))
                row.update(dict.fromkeys(refs))
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                count += _insert(connection, target, batch, progress)
        count += _insert(connection, target, batch, progress)
    for key, refs in later:
        where = [target.c[k] == v for k, v in key.items()]
        connection.execute(target.update().where(*where).values(**refs))
    return count


def _insert(connection: Connection, target: Any, batch: list[dict[str, Any]],
            progress: Callable[[int], None] | None) -> int:
    if not batch:
        return 0
    # rows of one table may differ in which columns they carry (older writers)
    columns = sorted({name for row in batch for name in row})
    connection.execute(target.insert(), [{name: row.get(name) for name in columns} for row in batch])
    done = len(batch)
    batch.clear()
    if progress is not None:
        progress(done)
    return done


def _advance_sequence(connection: Connection, table: Table) -> None:
    """Move PostgreSQL's id sequence past the restored ids."""
    if "id" not in table.columns or not table.columns["id"].primary_key:
        return
    sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
    if sequence is None:
        return
    # `table.name` comes from the schema, never from the file's contents
    connection.execute(text(
        f'SELECT setval(CAST(:seq AS regclass), GREATEST((SELECT COALESCE(MAX(id), 0) FROM "{table.name}"), 1))'
    ), {"seq": sequence})


def fingerprint(engine: Engine) -> dict[str, tuple[int, str]]:
    """Each table's row count and a SHA-256 over its rows in key order, as a backup encodes them."""
    result: dict[str, tuple[int, str]] = {}
    with _snapshot(engine) as connection:
        for table in _tables(connection):
            digest, count = hashlib.sha256(), 0
            for row in _rows(connection, table):
                digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
                digest.update(b"\n")
                count += 1
            result[table.name] = (count, digest.hexdigest())
    return result


def nightly_name(when: datetime) -> str:
    """The file name of the backup taken at `when`."""
    return f"{NIGHTLY_PREFIX}{when.astimezone(UTC):%Y%m%dT%H%M%SZ}.zip"


def nightly_backups(directory: str | Path) -> list[Path]:
    """The nightly backups in a directory, oldest first."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{NIGHTLY_PREFIX}*.zip") if p.is_file())


def write_nightly(engine: Engine, directory: str | Path, keep: int, now: datetime | None = None) -> BackupSummary:
    """Write a dated backup into `directory` and delete all but the newest `keep`."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    summary = write_backup(engine, folder / nightly_name(now or utcnow()))
    backups = nightly_backups(folder)
    for old in backups[:max(0, len(backups) - max(1, keep))]:
        old.unlink()
        logger.info("backup retention: deleted %s", old)
    return summary


def due_nightly(directory: str | Path, now: datetime, hour: int) -> bool:
    """True once `hour` (UTC) has passed today and no backup was written today."""
    now = now.astimezone(UTC)
    if now.hour < hour:
        return False
    today = f"{NIGHTLY_PREFIX}{now:%Y%m%d}"
    return not any(p.name.startswith(today) for p in nightly_backups(directory))
