"""`rumbo backup` and `rumbo restore` through click's CliRunner, and the nightly backup job."""

from __future__ import annotations

from click.testing import CliRunner, Result

from bot import data_jobs, jobs
from bot.cli import main
from crm_core.bootstrap import Core, bootstrap
from crm_core.services import accounts, backup
from crm_core.services.common import SYSTEM


def rumbo(core: Core, *args: str) -> Result:
    """Run the command line on the given database."""
    return CliRunner().invoke(main, list(args), obj={"core": core}, env={"RUMBO_SECRET_KEY": "test"})


def test_backup_then_restore_on_the_command_line(core, people, tmp_path):
    accounts.create_account(core.uow(), SYSTEM, name="Ferretería Línea", country="CL")
    file = tmp_path / "snapshot.zip"
    made = rumbo(core, "backup", str(file))
    assert made.exit_code == 0, made.output
    assert "rows in" in made.output and file.exists()
    target = bootstrap(f"sqlite:///{tmp_path / 'new.db'}")
    loaded = rumbo(target, "restore", str(file))
    assert loaded.exit_code == 0, loaded.output
    assert backup.fingerprint(target.engine) == backup.fingerprint(core.engine)
    again = rumbo(target, "restore", str(file))
    assert again.exit_code == 1 and "empty database" in again.output
    target.engine.dispose()


def test_nightly_job_writes_once_a_day_into_backup_dir(core, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "nightly"))
    monkeypatch.setenv("BACKUP_HOUR", "0")
    monkeypatch.setenv("BACKUP_KEEP", "2")
    jobs.configure(jobs.Runtime(core, notifier=None))  # type: ignore[arg-type]
    try:
        assert data_jobs.nightly_backup() == 1
        assert data_jobs.nightly_backup() == 0
    finally:
        jobs.configure(None)
    assert len(backup.nightly_backups(tmp_path / "nightly")) == 1


def test_retention_job_is_off_until_a_number_of_days_is_set(core, monkeypatch):
    monkeypatch.delenv("INTAKE_RETENTION_DAYS", raising=False)
    jobs.configure(jobs.Runtime(core, notifier=None))  # type: ignore[arg-type]
    try:
        assert data_jobs.purge_intake_payloads() == 0
        monkeypatch.setenv("INTAKE_RETENTION_DAYS", "30")
        assert data_jobs.purge_intake_payloads() == 0
    finally:
        jobs.configure(None)
