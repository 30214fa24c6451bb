"""The web: the customer chat widget for the company's site and the reps' own web chat at /chat."""

from __future__ import annotations

from typing import Any

from connectors.deps import Deps


def register(app: Any, deps: Deps) -> None:
    """/widget/* for customers; /chat for reps, answered by the dispatcher."""
    from connectors.widget import customer, webchat

    app.register_blueprint(customer.blueprint(deps))
    deps.dispatcher.register(webchat.SOURCE, webchat.WebChannel())
    app.register_blueprint(webchat.blueprint(deps.settings, deps.core, deps.dispatcher))
