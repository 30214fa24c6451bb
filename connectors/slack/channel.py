"""Slack (slack-bolt): DMs, mentions, button clicks and `/rumbo`, over HTTP or Socket Mode.

Bolt verifies the signature first; the `store_event` middleware then stores
the request durably (Slack's `event_id`, or a hash of the trigger id for
clicks and commands), hands the sender's queue to a worker thread and
answers 200 itself. A platform retry of a stored event is acknowledged and
dropped.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, cast

import requests
from flask import Blueprint, request
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient

from connectors import inbox_bridge
from connectors.deps import ChannelSettings, RepDispatcher
from connectors.slack.render import BUTTON_ACTION, chosen, escape, plain_text, render
from crm_core.bootstrap import Core
from crm_core.read_models.common import UserView
from crm_core.services import users
from crm_core.services.inbound import InboundView

logger = logging.getLogger(__name__)

SOURCE = "slack"
_MENTION = re.compile(r"<@[A-Z0-9]+>\s*")
# Answers are worked on in these threads after the 200 is written. The middleware acks by
# itself: acking from a bolt listener made every ack wait for a free listener thread.
WORKER_THREADS = 32


def _as_customer_reads(body: dict[str, Any]) -> dict[str, Any]:
    """The event with the rep's Slack markup turned into plain text, for a reply that goes to a customer."""
    event = body.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("text"), str):
        return body
    return {**body, "event": {**event, "text": plain_text(event["text"])}}


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def describe(body: dict[str, Any]) -> tuple[str, str] | None:
    """(durable id, Slack user id) of a request Rumbo answers; None for what it ignores."""
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        if event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return None
        direct = event.get("type") == "message" and event.get("channel_type") == "im"
        if direct or event.get("type") == "app_mention":
            return str(body["event_id"]), str(event["user"])
        return None
    if body.get("type") == "block_actions":
        actions = body.get("actions") or []
        if actions and str(actions[0].get("action_id", "")).startswith(BUTTON_ACTION):
            # Clicks carry no event id; the trigger id is unique per click and repeated on retries.
            key = body.get("trigger_id") or actions[0].get("action_ts", "")
            return f"action:{_digest(str(key))}", str(body["user"]["id"])
        return None
    if body.get("command"):
        return f"command:{_digest(str(body.get('trigger_id')))}", str(body["user_id"])
    return None


def store_event(dispatcher: RepDispatcher, workers: Executor) -> Callable[..., BoltResponse]:
    """Global middleware: keep every request Rumbo answers, then acknowledge it."""

    def middleware(body: dict[str, Any], context: dict[str, Any], next: Callable[[], None]) -> BoltResponse:  # noqa: A002 - bolt's argument name
        if inbox_bridge.from_slack(dispatcher.core, _as_customer_reads(body)):  # an inbox thread reply or button
            return BoltResponse(status=200, body="")
        described = describe(body)
        if described is not None:
            external_id, user = described
            if dispatcher.receive(SOURCE, external_id, body, sender=user) is not None:
                workers.submit(_drain, dispatcher, user)
        return BoltResponse(status=200, body="")

    return middleware


def _drain(dispatcher: RepDispatcher, user: str) -> None:
    try:
        dispatcher.drain(SOURCE, user)
    except Exception:  # the event stays stored; the retry loop answers it later
        logger.exception("answering slack user %s failed", user)


class SlackChannel:
    """How the dispatcher reads Slack requests and answers on Slack."""

    name = "slack"

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def external_id(self, event: InboundView) -> str | None:
        return event.sender

    def identify(self, core: Core, event: InboundView) -> UserView | None:
        return users.identify(core.uow(), "slack", event.sender or "")

    def text(self, event: InboundView) -> str | None:
        body = event.payload
        if body.get("type") == "block_actions":
            return str(body["actions"][0].get("value") or "")
        if body.get("command"):
            text = str(body.get("text") or "").strip()
            return text or "/help"
        return _MENTION.sub("", str(body["event"].get("text") or "")).strip() or None

    @staticmethod
    def _target(event: InboundView) -> tuple[str, str | None]:
        body = event.payload
        if body.get("type") == "block_actions":
            message = body.get("message") or {}
            return str((body.get("channel") or {}).get("id")), message.get("thread_ts")
        if body.get("command"):
            return str(body["user_id"]), None  # the app's DM with the user: the command's channel may exclude the bot
        slack_event = body["event"]
        return str(slack_event["channel"]), slack_event.get("thread_ts")

    def deliver(self, event: InboundView, replies: list[dict[str, Any]]) -> None:
        channel, thread = self._target(event)
        if event.payload.get("type") == "block_actions":
            self._show_choice(event.payload)
        for post in render(replies):
            if post.image_url:
                self._upload(channel, thread, post.image_url)
            else:
                self.client.chat_postMessage(channel=channel, thread_ts=thread, text=post.text, blocks=post.blocks)
        logger.info("answered slack event %s with %s messages", event.id, len(replies))

    def notice(self, event: InboundView, text: str) -> None:
        channel, thread = self._target(event)
        self.client.chat_postMessage(channel=channel, thread_ts=thread, text=escape(text))

    def _show_choice(self, body: dict[str, Any]) -> None:
        """Replace the clicked buttons by the choice, so the same question cannot be answered twice."""
        message = body.get("message") or {}
        action = body["actions"][0]
        label = (action.get("text") or {}).get("text") or action.get("value", "")
        # a clicked message has its ts
        self.client.chat_update(channel=body["channel"]["id"], ts=cast(str, message.get("ts")),
                                text=message.get("text") or label, blocks=chosen(message.get("blocks") or [], label))

    def _upload(self, channel: str, thread: str | None, url: str) -> None:
        response = requests.get(url, timeout=15)
        response.raise_for_status()
        name = url.rsplit("/", 1)[-1].split("?")[0] or "chart.png"
        self.client.files_upload_v2(channel=channel, thread_ts=thread, content=response.content, filename=name)


def build_app(settings: ChannelSettings, dispatcher: RepDispatcher, client: WebClient) -> App:
    """The bolt app: signature check, durable store, listeners; and the dispatcher's Slack channel."""
    app = App(client=client, signing_secret=settings.slack_signing_secret or None,
              token_verification_enabled=False, request_verification_enabled=bool(settings.slack_signing_secret))
    app.use(store_event(dispatcher, ThreadPoolExecutor(WORKER_THREADS, thread_name_prefix="slack-answer")))
    dispatcher.register(SOURCE, SlackChannel(client))
    return app


def blueprint(app: App) -> Blueprint:
    """POST /slack/events: events, interactivity and commands."""
    handler = SlackRequestHandler(app)
    bp = Blueprint("slack", __name__)

    @bp.post("/slack/events")
    def events() -> Any:
        return handler.handle(request)

    return bp


def start_socket_mode(app: App, settings: ChannelSettings) -> Any:
    """Connect over Socket Mode (when SLACK_APP_TOKEN is set); returns the running handler."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, settings.slack_app_token)
    handler.connect()
    logger.info("slack socket mode connected")
    return handler
