"""`/webhooks/mailchimp` and `/webhooks/brevo`: unsubscribes coming back from the mailing tools.

Neither tool signs its webhooks, so each URL carries a shared secret (`?secret=`, or for Brevo an
`Authorization: Bearer` token set in its webhook settings), checked in constant time.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app, request

from bot.context import rumbo
from bot.data_settings import DataSettings
from bot.mailing import secret_matches
from crm_core.services import mailing_sync

logger = logging.getLogger(__name__)

bp = Blueprint("mailing_webhooks", __name__, url_prefix="/webhooks")

MAILCHIMP_OPT_OUTS = ("unsubscribe", "cleaned")
BREVO_OPT_OUTS = ("unsubscribe", "unsubscribed", "spam", "hard_bounce")


def _settings() -> DataSettings:
    return current_app.extensions.setdefault("rumbo.data_settings", DataSettings.from_env())


@bp.get("/mailchimp")
def mailchimp_check() -> tuple[str, int]:
    """Mailchimp checks that the URL answers before it saves a webhook."""
    return "", 200


@bp.post("/mailchimp")
def mailchimp_event() -> tuple[dict[str, Any], int]:
    """An audience event (form-encoded); an unsubscribe or a cleaned address stops email to that contact."""
    if not secret_matches(_settings().mailchimp_webhook_secret, request.args.get("secret")):
        return {"error": "bad secret"}, 403
    kind, email = request.form.get("type", ""), request.form.get("data[email]", "")
    marked = 0
    if kind in MAILCHIMP_OPT_OUTS and email:
        marked = mailing_sync.opt_out(rumbo().core.uow(), email, "email", "mailchimp")
    return {"ok": True, "marked": marked}, 200


@bp.post("/brevo")
def brevo_event() -> tuple[dict[str, Any], int]:
    """A marketing event (JSON); an unsubscribe, spam complaint or hard bounce stops email to that contact."""
    auth = request.headers.get("Authorization", "")
    given = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else request.args.get("secret")
    if not secret_matches(_settings().brevo_webhook_secret, given):
        return {"error": "bad secret"}, 403
    data = request.get_json(silent=True) or {}
    marked = 0
    if str(data.get("event", "")) in BREVO_OPT_OUTS and data.get("email"):
        marked = mailing_sync.opt_out(rumbo().core.uow(), str(data["email"]), "email", "brevo")
    return {"ok": True, "marked": marked}, 200
