"""Backups: a snapshot of every table restores into an empty database of either kind, row for row."""

from __future__ import annotations

import json
import threading
import zipfile
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from crm_core.bootstrap import bootstrap
from crm_core.demo import load_demo
from crm_core.errors import Conflict, InvalidInput
from crm_core.persistence.migrate import upgrade
from crm_core.persistence.models import Account, Base
from crm_core.services import accounts, backup
from crm_core.services.common import SYSTEM
from tests.conftest import postgres_schema


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo company on SQLite, loaded once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    core = bootstrap(f"sqlite:///{path}")
    upgrade(core.engine)
    load_demo(core.uow())
    yield core
    core.engine.dispose()


def _empty(kind: str, tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if kind == "sqlite":
        return bootstrap(f"sqlite:///{tmp_path / 'restored.db'}"), None
    request.getfixturevalue("postgres_url")  # skips when PostgreSQL is away
    schema = postgres_schema("rumbo_restore")
    url = schema.__enter__()
    return bootstrap(url), schema


@pytest.mark.parametrize("target", ["sqlite", "postgres"])
def test_demo_round_trip_keeps_every_row_of_every_table(core, target, tmp_path, request):
    load_demo(core.uow())
    file = tmp_path / "rumbo.zip"
    written = backup.write_backup(core.engine, file)
    restored, schema = _empty(target, tmp_path, request)
    try:
        loaded = backup.restore_backup(restored.engine, file)
        before, after = backup.fingerprint(core.engine), backup.fingerprint(restored.engine)
        assert set(before) == {t.name for t in Base.metadata.sorted_tables}
        assert written.rows == loaded.rows > 1000
        assert after == before
        # the restored database goes on taking new rows (sequences were moved past the restored ids)
        made = accounts.create_account(restored.uow(), SYSTEM, name="Después del restore", country="CL")
        with restored.engine.connect() as connection:
            assert connection.scalar(select(func.count()).where(Account.id < made.id)) == before["accounts"][0]
    finally:
        restored.engine.dispose()
        if schema is not None:
            schema.__exit__(None, None, None)


def test_backup_header_states_format_and_schema_revision(core, tmp_path):
    file = tmp_path / "rumbo.zip"
    backup.write_backup(core.engine, file)
    header = backup.read_header(file)
    assert header["format"] == "rumbo-backup" and header["format_version"] == 1
    assert header["schema_revision"] == backup.head_revision()
    with zipfile.ZipFile(file) as archive:
        assert f"tables/{Base.metadata.sorted_tables[0].name}.jsonl" in archive.namelist()


def test_restore_refuses_a_database_that_holds_data(core, demo_source, tmp_path):
    file = tmp_path / "rumbo.zip"
    backup.write_backup(demo_source.engine, file)
    accounts.create_account(core.uow(), SYSTEM, name="Ya estaba", country="CL")
    with pytest.raises(Conflict):
        backup.restore_backup(core.engine, file)


def test_restore_into_a_freshly_upgraded_database_replaces_the_default_flow(core, demo_source, tmp_path):
    file = tmp_path / "rumbo.zip"
    backup.write_backup(demo_source.engine, file)
    backup.restore_backup(core.engine, file)
    assert backup.fingerprint(core.engine) == backup.fingerprint(demo_source.engine)


def test_sqlite_backup_restores_into_postgres(demo_source, postgres_url, tmp_path):
    file = tmp_path / "rumbo.zip"
    backup.write_backup(demo_source.engine, file)
    with postgres_schema("rumbo_restore") as url:
        target = bootstrap(url)
        backup.restore_backup(target.engine, file)
        assert backup.fingerprint(target.engine) == backup.fingerprint(demo_source.engine)
        target.engine.dispose()


def test_a_backup_from_an_older_schema_is_migrated_on_restore(demo_source, tmp_path):
    old_revision = "0003"
    old_columns = _columns_at(tmp_path / "old.db", old_revision)
    newer = {t.name for t in Base.metadata.sorted_tables} - set(old_columns)
    assert newer, "the newest migration adds tables"
    current = tmp_path / "rumbo.zip"
    backup.write_backup(demo_source.engine, current)
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(current) as source, zipfile.ZipFile(old, "w") as target_zip:
        header = json.loads(source.read("header.json"))
        header["schema_revision"] = old_revision
        header["tables"] = {k: v for k, v in header["tables"].items() if k not in newer}
        target_zip.writestr("header.json", json.dumps(header))
        for name in header["tables"]:
            # a file written at the old revision holds only the columns its tables had then
            rows = [json.loads(line) for line in source.read(f"tables/{name}.jsonl").decode().splitlines() if line]
            kept = [json.dumps({k: v for k, v in row.items() if k in old_columns[name]}) for row in rows]
            target_zip.writestr(f"tables/{name}.jsonl", "".join(f"{line}\n" for line in kept))
    restored = bootstrap(f"sqlite:///{tmp_path / 'restored.db'}")
    backup.restore_backup(restored.engine, old)
    with restored.engine.connect() as connection:
        assert backup.current_revision(connection) == backup.head_revision()
        assert newer <= set(inspect(connection).get_table_names())
    ours, theirs = backup.fingerprint(restored.engine), backup.fingerprint(demo_source.engine)
    # tables that gained columns since then keep their rows; the new columns hold their defaults
    grown = {t.name for t in Base.metadata.sorted_tables
             if t.name in old_columns and {c.name for c in t.columns} != old_columns[t.name]}
    assert {k: v[0] for k, v in ours.items() if k not in newer} == {k: v[0] for k, v in theirs.items() if k not in newer}
    same = newer | grown
    assert {k: v for k, v in ours.items() if k not in same} == {k: v for k, v in theirs.items() if k not in same}
    restored.engine.dispose()


def _columns_at(path: Path, revision: str) -> dict[str, set[str]]:
    engine = bootstrap(f"sqlite:///{path}").engine
    upgrade(engine, revision)
    inspector = inspect(engine)
    columns = {name: {c["name"] for c in inspector.get_columns(name)} for name in inspector.get_table_names()}
    engine.dispose()
    path.unlink()
    return columns


def test_backup_is_one_snapshot_while_others_write(core, tmp_path):
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            accounts.create_account(core.uow(), SYSTEM, name=f"Concurrente {n}", country="CL")

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        file = tmp_path / "rumbo.zip"
        written = backup.write_backup(core.engine, file)
    finally:
        stop.set()
        thread.join()
    with zipfile.ZipFile(file) as archive:
        ids = {json.loads(line)["id"] for line in archive.read("tables/accounts.jsonl").splitlines()}
        audited = {json.loads(line)["entity_id"] for line in archive.read("tables/audit_entries.jsonl").splitlines()
                   if json.loads(line)["entity"] == "account" and json.loads(line)["action"] == "create"}
    # every account in the file has its creation audit in the same file, and the other way round
    assert ids == audited
    assert written.tables["accounts"] == len(ids)


def test_nightly_backups_keep_the_newest(core, tmp_path):
    from datetime import datetime, timedelta

    start = datetime(2026, 11, 1, 3, tzinfo=UTC)
    for day in range(5):
        backup.write_nightly(core.engine, tmp_path, keep=3, now=start + timedelta(days=day))
    kept = [p.name for p in backup.nightly_backups(tmp_path)]
    assert kept == ["rumbo-20261103T030000Z.zip", "rumbo-20261104T030000Z.zip", "rumbo-20261105T030000Z.zip"]
    assert not backup.due_nightly(tmp_path, start + timedelta(days=4, hours=5), hour=2)
    assert backup.due_nightly(tmp_path, start + timedelta(days=5), hour=2)
    assert not backup.due_nightly(tmp_path, start + timedelta(days=5) - timedelta(hours=2), hour=2)


def test_restore_refuses_a_file_that_is_not_a_backup(core, tmp_path):
    bogus = tmp_path / "x.zip"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(InvalidInput):
        backup.restore_backup(core.engine, bogus)
    with core.engine.connect() as connection:
        assert connection.scalar(select(Account.id).limit(1)) is None
        assert connection.execute(text("SELECT 1")).scalar() == 1
