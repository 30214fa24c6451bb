"""The web chat widget: one `<script>` tag on the company's site, talking to `/widget/...`.

The visitor gets a signed identity (`POST /widget/session`) kept in the
browser's localStorage, so it survives page loads; messages go up by POST
(stored durably before the answer, keyed by a client-side id so a resend
changes nothing) and replies come down by long-polling `GET /widget/messages`.
"""

from __future__ import annotations

import logging
import secrets
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template_string, request, send_file
from itsdangerous import BadSignature, URLSafeSerializer

from connectors.customer import accept
from connectors.deps import Deps
from crm_core.read_models.inbox import IncomingMessage, OutboundView
from crm_core.services import inbox

logger = logging.getLogger(__name__)

CHANNEL = "widget"
STATIC = Path(__file__).resolve().parent / "static"
LONG_POLL_SECONDS = 25.0
POLL_STEP = 0.25
MAX_TEXT = 4000
DEMO_PAGE = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Ferretería El Martillo — demo</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
<h1>Ferretería El Martillo</h1>
<p>Página de demostración del chat de Rumbo: escríbenos con el botón de abajo a la derecha.</p>
<script src="{{ base }}/widget/widget.js" data-rumbo="{{ base }}" async></script>
</body></html>
"""


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="rumbo-widget")


def issue_token(secret_key: str, visitor: str) -> str:
    """A signed token naming a visitor; only the gateway can make one."""
    return _serializer(secret_key).dumps({"v": visitor})


def visitor_of(secret_key: str, token: str | None) -> str | None:
    """The visitor a token names, or None when it is missing or forged."""
    if not token:
        return None
    try:
        data = _serializer(secret_key).loads(token)
    except BadSignature:
        return None
    return str(data.get("v")) if isinstance(data, dict) and data.get("v") else None


def _visitor(secret_key: str) -> str:
    visitor = visitor_of(secret_key, request.headers.get("X-Widget-Token"))
    if visitor is None:
        abort(401)
    return visitor


class WidgetChannel:
    """The widget pulls its messages, so sending only marks them ready to be seen."""

    name = CHANNEL

    def incoming(self, payload: dict[str, Any]) -> IncomingMessage:
        """A stored widget message as a customer message; the visitor is the thread."""
        profile = payload.get("profile") or {}
        return IncomingMessage(channel=CHANNEL, external_id=payload["external_id"], thread_key=payload["visitor"],
                               text=payload.get("text", ""), sender_name=profile.get("name"),
                               email=profile.get("email"), phone=profile.get("phone"), handle=payload["visitor"],
                               language=payload.get("language"))

    def send(self, outbound: OutboundView) -> str | None:
        """Nothing to push: the visitor's long-poll picks the message up."""
        return None


def _message(view: Any) -> dict[str, Any]:
    return {"id": view.id, "direction": view.direction, "text": view.text, "automatic": view.automatic,
            "created_at": view.created_at.isoformat()}


def blueprint(deps: Deps) -> Blueprint:
    """/widget/widget.js, /widget/demo, /widget/session, /widget/messages."""
    bp = Blueprint("widget", __name__, url_prefix="/widget")

    @bp.after_request
    def allow_any_site(response: Response) -> Response:
        # The widget runs on the company's own site, another origin; its token is the credential.
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, X-Widget-Token"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        return response

    @bp.route("/session", methods=["OPTIONS"])
    @bp.route("/messages", methods=["OPTIONS"])
    def preflight() -> Response:
        return Response("", status=204)

    @bp.get("/widget.js")
    def script() -> Response:
        return send_file(STATIC / "widget.js", mimetype="application/javascript", max_age=300)

    @bp.get("/demo")
    def demo() -> str:
        return render_template_string(DEMO_PAGE, base=request.host_url.rstrip("/"))

    @bp.post("/session")
    def session() -> Response:
        data = request.get_json(silent=True) or {}
        visitor = visitor_of(deps.settings.secret_key, data.get("token"))
        token = data.get("token") if visitor else None
        if visitor is None:
            visitor = secrets.token_urlsafe(12)
            token = issue_token(deps.settings.secret_key, visitor)
        settings = inbox.get_settings(deps.core.uow())
        return jsonify({"token": token, "visitor": visitor, "identity": settings.widget_identity})

    @bp.post("/messages")
    def send() -> Any:
        visitor = _visitor(deps.settings.secret_key)
        data = request.get_json(silent=True) or {}
        text = str(data.get("text") or "").strip()[:MAX_TEXT]
        client_id = str(data.get("client_id") or "").strip()[:64]
        if not text or not client_id:
            abort(400)
        profile = {k: str(data[k]).strip()[:200] for k in ("name", "email", "phone") if data.get(k)}
        language = data.get("language") if data.get("language") in ("es", "en") else None
        external_id = f"{visitor}:{client_id}"
        accept(deps, CHANNEL, [(external_id, "message", {"visitor": visitor, "external_id": external_id, "text": text,
                                                     "profile": profile, "language": language})])
        return jsonify({"ok": True}), 202

    @bp.get("/messages")
    def receive() -> Response:
        visitor = _visitor(deps.settings.secret_key)
        after = request.args.get("after", default=0, type=int)
        wait = min(request.args.get("wait", default=LONG_POLL_SECONDS, type=float), LONG_POLL_SECONDS)
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            messages = inbox.visitor_messages(deps.core.uow(), CHANNEL, visitor, after)
            if messages or time.monotonic() >= deadline:
                return jsonify({"messages": [_message(m) for m in messages]})
            time.sleep(POLL_STEP)

    return bp
