"""The rep web chat at /chat: signed expiring login link, synchronous answers, durable messages."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, redirect, render_template, request, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from connectors.deps import ChannelSettings, RepDispatcher
from crm_core.bootstrap import Core
from crm_core.errors import DomainError
from crm_core.read_models.common import UserView
from crm_core.services import inbound, users
from crm_core.services.inbound import InboundView

logger = logging.getLogger(__name__)

SOURCE = "web"
LINK_MAX_AGE = 12 * 3600  # seconds a chat link stays valid
_SALT = "rumbo-chat-link"
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_HERE = Path(__file__).resolve().parent


def _serializer(settings: ChannelSettings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=_SALT)


def chat_link(settings: ChannelSettings, core: Core, email: str) -> str:
    """A signed, expiring /chat URL that logs `email` in."""
    user = users.get_user_by_email(core.uow(), email)
    token = _serializer(settings).dumps({"uid": user.id})
    return f"{settings.public_url}/chat?t={token}"


class WebChannel:
    """The web chat answers in the HTTP response, so delivering is keeping the result."""

    name = "web"

    def external_id(self, event: InboundView) -> str | None:
        return event.sender

    def identify(self, core: Core, event: InboundView) -> UserView | None:
        try:
            return users.get_user(core.uow(), int(event.sender or 0))
        except DomainError:
            return None

    def text(self, event: InboundView) -> str | None:
        return str(event.payload.get("text") or "").strip() or None

    def deliver(self, event: InboundView, replies: list[dict[str, Any]]) -> None:
        logger.info("answered web chat event %s with %s messages", event.id, len(replies))

    def notice(self, event: InboundView, text: str) -> None:
        logger.info("web chat notice for event %s", event.id)


def _entry(event: InboundView) -> dict[str, Any]:
    result = event.payload.get("result") or {}
    replies = result.get("replies") or ([{"text": result["notice"]}] if result.get("notice") else [])
    return {"id": event.external_id.split(":", 1)[-1], "text": event.payload.get("text", ""),
            "state": event.state, "replies": replies}


def blueprint(settings: ChannelSettings, core: Core, dispatcher: RepDispatcher) -> Blueprint:
    """GET /chat (page and token login), GET|POST /chat/api/messages."""
    bp = Blueprint("webchat", __name__, template_folder=str(_HERE / "templates"),
                   static_folder=str(_HERE / "static"), static_url_path="/chat/static")

    def current_user() -> int | None:
        uid = session.get("chat_uid")
        return int(uid) if isinstance(uid, int) else None

    @bp.get("/chat")
    def page() -> Any:
        token = request.args.get("t")
        if token:
            try:
                data = _serializer(settings).loads(token, max_age=LINK_MAX_AGE)
            except SignatureExpired:
                return render_template("chat.html", user=None, problem="expired"), 401
            except BadSignature:
                return render_template("chat.html", user=None, problem="invalid"), 401
            session.clear()
            session["chat_uid"] = int(data["uid"])
            session.permanent = True
            return redirect("/chat")
        uid = current_user()
        if uid is None:
            return render_template("chat.html", user=None, problem="login"), 401
        return render_template("chat.html", user=users.get_user(core.uow(), uid), problem=None)

    @bp.get("/chat/api/messages")
    def history() -> Response | tuple[Response, int]:
        uid = current_user()
        if uid is None:
            return jsonify({"error": {"code": "unauthorized", "message": "log in with a chat link"}}), 401
        return jsonify({"messages": [_entry(e) for e in inbound.recent(core.uow(), SOURCE, str(uid))]})

    @bp.post("/chat/api/messages")
    def send() -> tuple[Response, int]:
        uid = current_user()
        if uid is None:
            return jsonify({"error": {"code": "unauthorized", "message": "log in with a chat link"}}), 401
        body = request.get_json(silent=True) or {}
        message_id, text = str(body.get("id") or ""), str(body.get("text") or "").strip()
        if not _MESSAGE_ID.match(message_id) or not text or len(text) > 4000:
            return jsonify({"error": {"code": "invalid", "message": "need an id and a text of 1-4000 characters"}}), 422
        external_id = f"{uid}:{message_id}"
        dispatcher.receive(SOURCE, external_id, {"text": text}, sender=str(uid))
        dispatcher.drain(SOURCE, str(uid))
        event = inbound.find(core.uow(), SOURCE, external_id)
        assert event is not None  # stored just above, or earlier by the same client id
        return jsonify(_entry(event)), 200 if event.state in ("done", "ignored", "failed") else 202

    return bp
