"""`rumbo token list|revoke`: the API tokens admins have issued, and ending one."""

from __future__ import annotations

import functools
from typing import Any

import click

from crm_core.services import users
from crm_core.services.common import Actor

CLI = Actor(user_id=None, channel="cli")


def register(main: click.Group) -> None:
    """Add `token list` and `token revoke` to the CLI, and key link codes with the secret."""
    group = main.commands["token"]
    assert isinstance(group, click.Group)
    group.add_command(token_list)
    group.add_command(token_revoke)
    _key_link_codes(main)


def _key_link_codes(main: click.Group) -> None:
    # `rumbo users link-code` must digest codes with the same secret as the gateway that redeems them.
    callback = main.callback
    assert callback is not None

    @functools.wraps(callback)
    def keyed(*args: Any, **kwargs: Any) -> Any:
        result = callback(*args, **kwargs)
        users.use_secret(click.get_current_context().obj["settings"].secret_key)
        return result

    main.callback = keyed


def _core(ctx: click.Context) -> Any:
    from bot.cli_support import core_of

    return core_of(ctx)


def _run(fn: Any, *args: Any, **kwargs: Any) -> Any:
    from bot.cli_support import run

    return run(fn, *args, **kwargs)


@click.command("list")
@click.option("--email", help="Only this user's tokens.")
@click.pass_context
def token_list(ctx: click.Context, email: str | None) -> None:
    """List API tokens: id, user, label, state, created, last used, expiry."""
    tokens = _run(users.list_tokens, _core(ctx).uow(), CLI, email)
    if not tokens:
        click.echo("no tokens")
        return
    for t in tokens:
        expires = t.expires_at.isoformat(timespec="minutes") if t.expires_at else "never"
        used = t.last_used_at.isoformat(timespec="minutes") if t.last_used_at else "never"
        click.echo(f"{t.id}\t{t.email}\t{t.label or '-'}\t{t.state}\tcreated {t.created_at.date().isoformat()}"
                   f"\tlast used {used}\texpires {expires}")


@click.command("revoke")
@click.argument("token_id", type=click.IntRange(min=1))
@click.pass_context
def token_revoke(ctx: click.Context, token_id: int) -> None:
    """Revoke the token with this id (from `rumbo token list`); requests with it get 401."""
    token = _run(users.revoke_token, _core(ctx).uow(), CLI, token_id)
    click.echo(f"revoked token {token.id} of {token.email}")
