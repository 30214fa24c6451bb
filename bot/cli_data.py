"""`rumbo backup`, `rumbo restore` and `rumbo sync`: the data-ownership commands, joined to the main group."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crm_core.services import backup


def register(main: click.Group) -> None:
    """Add the data commands to the `rumbo` group."""
    main.add_command(backup_command)
    main.add_command(restore_command)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup_command(ctx: click.Context, file: Path) -> None:
    """Write a consistent snapshot of the whole database to FILE (safe while Rumbo runs)."""
    from bot.cli import _core, _run

    summary = _run(backup.write_backup, _core(ctx).engine, file)
    click.echo(f"{file}: {summary.rows} rows in {len(summary.tables)} tables (schema {summary.revision})")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def restore_command(ctx: click.Context, file: Path) -> None:
    """Load a backup FILE into an empty database of either kind, then migrate it to the newest schema."""
    from bot.cli import _core, _run

    engine = _core(ctx).engine
    header = _run(backup.read_header, file)
    total = sum(header["tables"].values())
    with click.progressbar(length=total, label="restoring", file=sys.stderr) as bar:
        summary = _run(backup.restore_backup, engine, file, progress=bar.update)
    click.echo(f"{file}: restored {summary.rows} rows in {len(summary.tables)} tables "
               f"(written at schema {summary.revision}, now {backup.head_revision()})")
