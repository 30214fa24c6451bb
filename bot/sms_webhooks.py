"""`/webhooks/sms` and `/webhooks/sms/status`: Twilio's inbound SMS and delivery callbacks, signature checked.

An inbound SMS is stored in the inbox queue before the answer (it lands in the inbox like any other
channel); a lone opt-out word (STOP, BAJA, ...) marks the sender's contacts as not to be texted instead.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request

from bot.context import rumbo
from bot.sms import TwilioSettings, is_opt_out, signed
from crm_core.services import inbox, mailing_sync

logger = logging.getLogger(__name__)

bp = Blueprint("sms_webhooks", __name__, url_prefix="/webhooks/sms")

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _settings() -> TwilioSettings:
    return current_app.extensions.setdefault("rumbo.twilio", TwilioSettings.from_env())


def _verified() -> bool:
    """Twilio signs the public URL it called, so that URL is rebuilt from RUMBO_PUBLIC_URL."""
    settings = _settings()
    url = settings.public_url + request.full_path.rstrip("?")
    return signed(settings.auth_token, url, request.form.to_dict(), request.headers.get("X-Twilio-Signature"))


@bp.post("")
def inbound_sms() -> Response | tuple[dict[str, str], int]:
    """A customer's SMS: stored for the inbox, or an opt-out recorded."""
    if not _verified():
        return {"error": "bad signature"}, 403
    form = request.form.to_dict()
    if not form.get("MessageSid") or not form.get("From"):
        return {"error": "MessageSid and From are required"}, 400
    if is_opt_out(form.get("Body", "")):
        mailing_sync.opt_out(rumbo().core.uow(), form["From"], "sms", "twilio")
    else:
        from bot.inbox_worker import nudge

        if inbox.enqueue(rumbo().core.uow(), "sms", [(form["MessageSid"], "message", form)]):
            nudge()
    return Response(EMPTY_TWIML, mimetype="text/xml")


@bp.post("/status")
def status_callback() -> Response | tuple[dict[str, str], int]:
    """A delivery status of an SMS Rumbo sent."""
    if not _verified():
        return {"error": "bad signature"}, 403
    form = request.form.to_dict()
    status = form.get("MessageStatus") or form.get("SmsStatus") or ""
    if form.get("MessageSid") and status:
        inbox.enqueue(rumbo().core.uow(), "sms", [(f"{form['MessageSid']}:{status}", "status", form)])
    return Response("", status=204)
