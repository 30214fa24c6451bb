"""Slack: DMs, mentions, buttons and `/rumbo` (slack-bolt), over one Web API client per process."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from connectors.deps import Deps

if TYPE_CHECKING:
    from slack_sdk import WebClient


def shared_client(deps: Deps) -> WebClient | None:
    """The process's Slack client, built on first use; None without SLACK_BOT_TOKEN."""
    if not deps.settings.slack_bot_token:
        return None
    if "slack" not in deps.clients:
        from connectors.slack.client import make_client

        deps.clients["slack"] = make_client(deps.settings.slack_bot_token, deps.settings.slack_api_url)
    return deps.clients["slack"]


def register(app: Any, deps: Deps) -> None:
    """The bolt app when SLACK_BOT_TOKEN is set; POST /slack/events when a signing secret is set too."""
    web = shared_client(deps)
    if web is None:
        return
    from connectors.slack import channel

    bolt = channel.build_app(deps.settings, deps.dispatcher, web)
    deps.services["slack"] = bolt
    if deps.settings.slack_signing_secret:
        app.register_blueprint(channel.blueprint(bolt))
