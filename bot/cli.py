"""The `rumbo` command line."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click

from bot import cli_tokens
from bot.cli_support import CLI
from bot.cli_support import acting as _acting
from bot.cli_support import core_of as _core
from bot.cli_support import run as _run
from bot.logging_config import configure_logging
from bot.settings import Settings
from crm_core.bootstrap import bootstrap
from crm_core.errors import DomainError
from crm_core.services import exports, flow, imports, users

BACKGROUND_THREADS = 4  # inbox worker, dispatcher retry loop, Slack Socket Mode, one to spare
PROGRESS_FROM_ROWS = 200
PROCESSES = ("serve", "scheduler", "inbox-worker", "dev")


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Rumbo: the chat-first sales CRM."""
    ctx.ensure_object(dict)
    if ctx.invoked_subcommand in PROCESSES:  # the other commands print results, not logs
        configure_logging(ctx.invoked_subcommand)
    ctx.obj["settings"] = Settings.from_env()


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply migrations and make sure the default sales flow exists."""
    from crm_core.persistence.migrate import upgrade

    core = _core(ctx)
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    click.echo(f"database ready: {core.engine.url.render_as_string(hide_password=True)}")


@main.group("users")
def users_group() -> None:
    """People who use Rumbo."""


@users_group.command("add")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["rep", "manager", "admin"]))
@click.option("--team")
@click.option("--slack-id")
@click.option("--telegram-id")
@click.option("--language", default="es", type=click.Choice(["es", "en"]))
@click.option("--timezone", "timezone_", default="America/Santiago", show_default=True)
@click.pass_context
def users_add(ctx: click.Context, name: str, email: str, role: str, team: str | None,
              slack_id: str | None, telegram_id: str | None, language: str, timezone_: str) -> None:
    """Add a user."""
    user = _run(users.add_user, _core(ctx).uow(), CLI, name=name, email=email, role=role, team=team,
                language=language, timezone=timezone_, slack_id=slack_id, telegram_id=telegram_id)
    click.echo(f"added {user.role} {user.name} <{user.email}> (id {user.id})")


@users_group.command("link-code")
@click.argument("email")
@click.pass_context
def users_link_code(ctx: click.Context, email: str) -> None:
    """Print a one-time code the user sends to the bot as /link CODE (valid 15 minutes)."""
    code = _run(users.create_link_code, _core(ctx).uow(), CLI, email)
    click.echo(code)


@main.command("chat-link")
@click.argument("email")
@click.pass_context
def chat_link_command(ctx: click.Context, email: str) -> None:
    """Print a signed /chat URL that logs EMAIL into the web chat (valid 12 hours)."""
    from connectors.widget.webchat import chat_link

    click.echo(_run(chat_link, ctx.obj["settings"], _core(ctx), email))


@main.group("token")
def token_group() -> None:
    """API tokens."""


@token_group.command("create")
@click.argument("email")
@click.option("--label", default="")
@click.pass_context
def token_create(ctx: click.Context, email: str, label: str) -> None:
    """Print a new API token for a user (shown once)."""
    click.echo(_run(users.create_token, _core(ctx).uow(), CLI, email, label))


@main.command("import")
@click.argument("kind", type=click.Choice(imports.KINDS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and say what would change; write nothing.")
@click.option("--user", "email", help="Import as this admin or manager (the audit trail names them).")
@click.pass_context
def import_command(ctx: click.Context, kind: str, file: Path, dry_run: bool, email: str | None) -> None:
    """Create or update KIND from a .csv or .xlsx FILE: every row is written, or none is."""
    from bot import spreadsheets

    core = _core(ctx)
    actor = _acting(core, email)
    sheet = _run(spreadsheets.read_sheet, file.name, file.read_bytes())
    long_file = len(sheet.rows) >= PROGRESS_FROM_ROWS
    bar = click.progressbar(length=len(sheet.rows), label=f"{kind}", file=sys.stderr) if long_file else nullcontext()
    with bar as progress:
        report = _run(imports.import_rows, core.uow(), actor, kind, sheet.columns, sheet.rows,
                      dry_run=dry_run, source=file.name, progress=progress.update if progress is not None else None)
    for error in report.errors:
        where = f"line {error.line}" + (f", {error.column}" if error.column else "")
        click.echo(f"{where}: {error.message}", err=True)
    counts = f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
    if report.errors:
        bad_rows = len({e.line for e in report.errors})
        click.echo(f"{file.name}: nothing written, {len(report.errors)} errors in {bad_rows} of "
                   f"{report.rows} rows (the other rows: {counts})", err=True)
        sys.exit(1)
    if dry_run:
        click.echo(f"{file.name}: dry run, nothing written; {report.rows} {kind} rows would be: {counts}")
    else:
        click.echo(f"{file.name}: {report.rows} {kind} rows: {counts}")


@main.command("export")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "file_format", type=click.Choice(["csv", "xlsx"]), default="csv",
              show_default=True)
@click.option("--user", "email", help="Export as this admin or manager: what they may see.")
@click.pass_context
def export_command(ctx: click.Context, directory: Path, file_format: str, email: str | None) -> None:
    """Write one file per kind into DIR, in the columns `rumbo import` reads back."""
    from bot import spreadsheets

    core = _core(ctx)
    actor = _acting(core, email)
    directory.mkdir(parents=True, exist_ok=True)
    for kind in imports.KINDS:
        table = _run(exports.export_table, core.uow(), actor, kind)
        path = directory / f"{kind}.{file_format}"
        spreadsheets.write_table(table, path)
        click.echo(f"{path}: {len(table.rows)} {kind}")


@main.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--threads", default=8, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, threads: int) -> None:
    """Serve the gateway (REST API, webhooks, web chat) with waitress on $PORT."""
    from waitress import serve as waitress_serve

    from bot.app import create_app

    settings: Settings = ctx.obj["settings"]
    # One pooled connection per request thread plus the background threads (inbox worker, retry
    # loop): with SQLAlchemy's default of 5 the other threads opened and closed a connection on
    # every request (on PostgreSQL a new server process each time).
    ctx.obj.setdefault("core", bootstrap(settings.database_url, pool_size=threads + BACKGROUND_THREADS))
    app = create_app(settings, core=_core(ctx))
    # Events kept while the assistant was down are answered now and then every few seconds.
    app.extensions["rumbo.dispatcher"].start_retry_loop()
    if "rumbo.slack" in app.extensions and settings.slack_app_token:
        from connectors.slack.channel import start_socket_mode

        start_socket_mode(app.extensions["rumbo.slack"], settings)
    click.echo(f"gateway listening on http://{host}:{settings.port} (API docs at /api/docs)")
    # waitress's own cap sits above the app's so ordinary oversized bodies get the JSON 413,
    # while absurd ones are still cut off before being buffered.
    waitress_serve(app, host=host, port=settings.port, threads=threads,
                   max_request_body_size=4 * settings.max_body_bytes)


@main.command("scheduler")
@click.pass_context
def scheduler(ctx: click.Context) -> None:
    """Run reminders, morning agendas, sprint alerts and digests (one instance at a time holds the lease)."""
    from bot.scheduler import run_scheduler

    run_scheduler(ctx.obj["settings"], _core(ctx))


@main.group()
def demo() -> None:
    """Demo data."""


@demo.command("load")
@click.pass_context
def demo_load(ctx: click.Context) -> None:
    """Load the demo company (idempotent)."""
    from crm_core.demo import load_demo

    summary = _run(load_demo, _core(ctx).uow())
    click.echo(summary)


@main.command("dev")
@click.pass_context
def dev(ctx: click.Context) -> None:
    """Start every process (assistant, gateway, scheduler) for development; Ctrl-C stops them."""
    from bot.devserver import run_everything
    from crm_core.persistence.migrate import upgrade

    core = _core(ctx)
    settings: Settings = ctx.obj["settings"]

    def first_run_setup() -> str | None:
        upgrade(core.engine)
        flow.ensure_default_flow(core.uow())
        if users.list_users(core.uow(), CLI):
            return None
        from crm_core.demo import load_demo

        return load_demo(core.uow())

    def chat_link() -> str | None:
        from connectors.widget.webchat import chat_link as make_link
        from crm_core.demo import DEMO_REP_EMAIL

        try:
            return make_link(settings, core, DEMO_REP_EMAIL)
        except DomainError:
            return None  # a database without the demo company has no demo rep to log in as

    run_everything(settings, core, first_run_setup, chat_link)


@main.command("chat")
@click.option("--user", "email", required=True, help="Email of the Rumbo user to chat as.")
@click.pass_context
def chat(ctx: click.Context, email: str) -> None:
    """Chat with the running assistant as a user; buttons are numbered, type the number to press one."""
    from bot.rasa_client import AssistantUnavailable, RasaClient
    from bot.senders import sender_id

    user = _run(users.get_user_by_email, _core(ctx).uow(), email)
    client = RasaClient(ctx.obj["settings"].rasa_url)
    buttons: list[dict[str, Any]]
    me, buttons = sender_id(user.id, "cli"), []
    click.echo(f"chatting as {user.name} <{user.email}>; Ctrl-D to leave")
    while True:
        try:
            text = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        if not text:
            continue
        try:
            replies = client.send(me, text)
        except AssistantUnavailable as exc:
            click.echo(f"! {exc.message}; try again in a moment", err=True)
            continue
        buttons = []
        for reply in replies:
            if reply.get("text"):
                click.echo(reply["text"])
            if reply.get("image"):
                click.echo(f"[image] {reply['image']}")
            for button in reply.get("buttons") or []:
                buttons.append(button)
                click.echo(f"  {len(buttons)}. {button.get('title')}")


from bot.inbox_worker import command as inbox_worker_command  # noqa: E402 - after the group it joins

main.add_command(inbox_worker_command)
cli_tokens.register(main)  # token list|revoke, link codes keyed by the secret
from bot.cli_data import register as register_data_commands  # noqa: E402 - backup, restore, sync

register_data_commands(main)

if __name__ == "__main__":
    main()
