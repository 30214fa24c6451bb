"""Meta's platforms: WhatsApp Cloud API, Messenger and Instagram, behind one signature check."""

from __future__ import annotations

from typing import Any

from connectors.deps import Deps


def register(app: Any, deps: Deps) -> None:
    """GET|POST /webhooks/whatsapp and /webhooks/meta."""
    from connectors.meta import messenger, whatsapp

    app.register_blueprint(whatsapp.blueprint(deps))
    app.register_blueprint(messenger.blueprint(deps))
