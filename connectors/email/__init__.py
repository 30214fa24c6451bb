"""Email: inbound mail from the provider's webhook, replies over SMTP in the same thread."""

from __future__ import annotations

from typing import Any

from connectors.deps import Deps


def register(app: Any, deps: Deps) -> None:
    """POST /webhooks/email."""
    from connectors.email import channel

    app.register_blueprint(channel.blueprint(deps))
