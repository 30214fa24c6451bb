"""Telegram: the rep bot (webhook or polling) and the customer bot, over one PTB `Bot` per process."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from connectors.deps import Deps

if TYPE_CHECKING:
    from connectors.telegram.client import TelegramClient

logger = logging.getLogger(__name__)


def shared_client(deps: Deps) -> TelegramClient | None:
    """The process's rep-bot client, built on first use; None without TELEGRAM_BOT_TOKEN."""
    if not deps.settings.telegram_bot_token:
        return None
    if "telegram" not in deps.clients:
        from connectors.telegram.client import TelegramClient

        deps.clients["telegram"] = TelegramClient(deps.settings.telegram_bot_token, deps.settings.telegram_api_url)
    return deps.clients["telegram"]


def register(app: Any, deps: Deps) -> None:
    """The customer bot's webhook always; the rep bot when TELEGRAM_BOT_TOKEN is set."""
    from connectors.telegram import customer, rep

    app.register_blueprint(customer.blueprint(deps))
    bot = shared_client(deps)
    if bot is None:
        return
    runner = rep.setup(deps.settings, deps.dispatcher, deps.core, bot)
    deps.services["telegram"] = runner
    if not runner.polling:
        app.register_blueprint(rep.blueprint(deps.settings, deps.dispatcher, runner))
