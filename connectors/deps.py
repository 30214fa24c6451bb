"""What the gateway hands every connector's `register(app, deps)`: settings, the core, the dispatcher.

Connectors never import the gateway; what they need from it is described here as
protocols, and the gateway's composition root (`bot/app.py`) fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from crm_core.bootstrap import Core
from crm_core.read_models.common import UserView
from crm_core.services.inbound import InboundView


class ChannelSettings(Protocol):
    """The settings values connectors read (the gateway's `Settings` has them all)."""

    secret_key: str
    public_url: str
    rasa_url: str
    slack_bot_token: str | None
    slack_signing_secret: str | None
    slack_app_token: str | None
    slack_api_url: str
    telegram_bot_token: str | None
    telegram_customer_bot_token: str | None
    telegram_webhook_secret: str | None
    telegram_customer_webhook_secret: str | None
    telegram_api_url: str
    telegram_mode: str
    meta_app_secret: str | None
    meta_verify_token: str | None
    meta_graph_url: str
    whatsapp_token: str | None
    whatsapp_phone_number_id: str | None
    messenger_page_token: str | None
    smtp_url: str | None
    email_webhook_secret: str | None
    email_from: str


class Channel(Protocol):
    """What the rep-message dispatcher needs from one chat platform."""

    name: str  # sender-id channel: slack | telegram | web

    def identify(self, core: Core, event: InboundView) -> UserView | None:
        """The Rumbo user who wrote, or None for a stranger."""

    def external_id(self, event: InboundView) -> str | None:
        """The platform's id of whoever wrote (linked by /link)."""

    def text(self, event: InboundView) -> str | None:
        """What to send to the assistant; None when the event needs no answer."""

    def deliver(self, event: InboundView, replies: list[dict[str, Any]]) -> None:
        """Render the assistant's replies on the platform."""

    def notice(self, event: InboundView, text: str) -> None:
        """Send a short fixed answer (refusal, outage, help)."""


class RepDispatcher(Protocol):
    """The gateway's dispatcher of rep messages: durable store, then answer per sender in order."""

    core: Core

    def register(self, source: str, channel: Channel) -> None:
        """Handle events stored under `source` with `channel`."""

    def receive(self, source: str, external_id: str, payload: dict[str, Any], sender: str) -> int | None:
        """Store an arrived event durably; None when it is a platform retry of a stored one."""

    def drain(self, source: str, sender: str) -> int:
        """Process this sender's pending events oldest first."""


@dataclass
class Deps:
    """Everything a connector's `register(app, deps)` may use."""

    settings: ChannelSettings
    core: Core
    dispatcher: RepDispatcher
    # The platform clients of this process, one per platform, built on first use.
    clients: dict[str, Any] = field(default_factory=dict)
    # Started services (bolt app, Telegram runner, ...) the composition root keeps on the app.
    services: dict[str, Any] = field(default_factory=dict)
