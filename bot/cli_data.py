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
    main.add_command(sync_group)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup_command(ctx: click.Context, file: Path) -> None:
    """Write a consistent snapshot of the whole database to FILE (safe while Rumbo runs)."""
    from bot.cli_support import core_of as _core
    from bot.cli_support import run as _run

    summary = _run(backup.write_backup, _core(ctx).engine, file)
    click.echo(f"{file}: {summary.rows} rows in {len(summary.tables)} tables (schema {summary.revision})")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def restore_command(ctx: click.Context, file: Path) -> None:
    """Load a backup FILE into an empty database of either kind, then migrate it to the newest schema."""
    from bot.cli_support import core_of as _core
    from bot.cli_support import run as _run

    engine = _core(ctx).engine
    header = _run(backup.read_header, file)
    total = sum(header["tables"].values())
    with click.progressbar(length=total, label="restoring", file=sys.stderr) as bar:
        summary = _run(backup.restore_backup, engine, file, progress=bar.update)
    click.echo(f"{file}: restored {summary.rows} rows in {len(summary.tables)} tables "
               f"(written at schema {summary.revision}, now {backup.head_revision()})")


@click.group("sync")
def sync_group() -> None:
    """Keep an account list in step with a mailing tool."""


def _sync(ctx: click.Context, provider: str, list_name: str, remote_id: str, email: str | None) -> None:
    from bot.cli_support import acting as _acting
    from bot.cli_support import core_of as _core
    from bot.cli_support import run as _run
    from bot.data_settings import DataSettings
    from bot.mailing import MailingToolError, run_sync

    core = _core(ctx)
    try:
        result = _run(run_sync, core, DataSettings.from_env(), _acting(core, email), provider, list_name,
                      remote_id, progress=lambda line: click.echo(line, err=True))
    except MailingToolError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for error in result.errors:
        click.echo(f"rejected {error.get('email')}: {error.get('error')}", err=True)
    click.echo(f"{list_name} -> {provider} {remote_id}: {result.sent} sent, {result.archived} archived, "
               f"{len(result.errors)} rejected")


@sync_group.command("mailchimp")
@click.option("--list", "list_name", required=True, help="The account list's name.")
@click.option("--audience", required=True, help="The Mailchimp audience (list) id.")
@click.option("--user", "email", help="Sync as this admin or manager.")
@click.pass_context
def sync_mailchimp(ctx: click.Context, list_name: str, audience: str, email: str | None) -> None:
    """Send a list's contacts to a Mailchimp audience; archive those who left the list."""
    _sync(ctx, "mailchimp", list_name, audience, email)


@sync_group.command("brevo")
@click.option("--list", "list_name", required=True, help="The account list's name.")
@click.option("--brevo-list", "brevo_list", required=True, help="The Brevo list id (a number).")
@click.option("--user", "email", help="Sync as this admin or manager.")
@click.pass_context
def sync_brevo(ctx: click.Context, list_name: str, brevo_list: str, email: str | None) -> None:
    """Send a list's contacts to a Brevo list; take those who left the list off it."""
    _sync(ctx, "brevo", list_name, brevo_list, email)
