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

    @property
    def secret_key(self) -> str: ...
    @property
    def public_url(self) -> str: ...
    @property
    def rasa_url(self) -> str: ...
    @property
    def slack_bot_token(self) -> str | None: ...
    @property
    def slack_signing_secret(self) -> str | None: ...
    @property
    def slack_app_token(self) -> str | None: ...
    @property
    def slack_api_url(self) -> str: ...
    @property
    def telegram_bot_token(self) -> str | None: ...
    @property
    def telegram_customer_bot_token(self) -> str | None: ...
    @property
    def telegram_webhook_secret(self) -> str | None: ...
    @property
    def telegram_customer_webhook_secret(self) -> str | None: ...
    @property
    def telegram_api_url(self) -> str: ...
    @property
    def telegram_mode(self) -> str: ...
    @property
    def meta_app_secret(self) -> str | None: ...
    @property
    def meta_verify_token(self) -> str | None: ...
    @property
    def meta_graph_url(self) -> str: ...
    @property
    def whatsapp_token(self) -> str | None: ...
    @property
    def whatsapp_phone_number_id(self) -> str | None: ...
    @property
    def messenger_page_token(self) -> str | None: ...
    @property
    def smtp_url(self) -> str | None: ...
    @property
    def email_webhook_secret(self) -> str | None: ...
    @property
    def email_from(self) -> str: ...


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
