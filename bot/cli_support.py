"""What every command of the `rumbo` command line shares: the core, the acting user, clear errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from bot.settings import Settings
from crm_core.bootstrap import Core, bootstrap
from crm_core.errors import DomainError
from crm_core.services import users
from crm_core.services.common import Actor

CLI = Actor(user_id=None, channel="cli")
T = TypeVar("T")


def core_of(ctx: click.Context) -> Core:
    """The core of this invocation, built on first use."""
    settings: Settings = ctx.obj["settings"]
    if "core" not in ctx.obj:
        ctx.obj["core"] = bootstrap(settings.database_url)
    return ctx.obj["core"]


def run[T](fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a service; a domain error becomes a clear message and exit code 1."""
    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        detail = ""
        if exc.details.get("valid"):
            detail = f" (valid: {', '.join(map(str, exc.details['valid']))})"
        click.echo(f"error: {exc.message}{detail}", err=True)
        sys.exit(1)


def acting(core: Core, email: str | None) -> Actor:
    """The command line itself, or the admin or manager named with --user."""
    if email is None:
        return CLI
    return Actor(run(users.get_user_by_email, core.uow(), email).id, "cli")
