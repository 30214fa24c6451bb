"""SMS through Twilio's Messages API: the inbox channel `sms`, request signatures and opt-out words.

Outbound: `POST {TWILIO_API_URL}/2010-04-01/Accounts/{sid}/Messages.json` (form fields To, From,
Body, StatusCallback; Basic auth with the account SID and auth token) answers the message's `sid`.
Twilio signs each webhook with `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed with the auth
token, over the full URL followed by every POST parameter's name and value in name order.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from connectors.customer import SendError
from crm_core.read_models.inbox import IncomingMessage, OutboundView

TWILIO_DEFAULT_URL = "https://api.twilio.com"
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "BAJA", "ALTO"})
# Twilio's message states as the inbox ranks deliveries
STATUSES = {"accepted": "queued", "scheduled": "queued", "queued": "queued", "sending": "sending",
            "sent": "sent", "delivered": "delivered", "read": "read", "undelivered": "failed",
            "failed": "failed", "canceled": "failed"}
TIMEOUT = 15.0


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str | None = None
    auth_token: str | None = field(default=None, repr=False)
    from_number: str | None = None
    api_url: str = TWILIO_DEFAULT_URL
    public_url: str = "http://127.0.0.1:8000"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TwilioSettings:
        """Read TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_API_URL and RUMBO_PUBLIC_URL."""
        env = os.environ if env is None else env
        port = env.get("PORT") or "8000"
        return cls(
            account_sid=env.get("TWILIO_ACCOUNT_SID") or None,
            auth_token=env.get("TWILIO_AUTH_TOKEN") or None,
            from_number=env.get("TWILIO_FROM") or None,
            api_url=(env.get("TWILIO_API_URL") or TWILIO_DEFAULT_URL).rstrip("/"),
            public_url=(env.get("RUMBO_PUBLIC_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
        )

    @property
    def configured(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.from_number)


def signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """The X-Twilio-Signature of a POST to `url` with these form parameters."""
    data = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def signed(auth_token: str | None, url: str, params: Mapping[str, str], given: str | None) -> bool:
    """True when `given` is Twilio's signature of this request; no token refuses everything."""
    if not auth_token or not given:
        return False
    return hmac.compare_digest(signature(auth_token, url, params), given)


def is_opt_out(text: str) -> bool:
    """True for a message that is one opt-out word (STOP, BAJA, ...), whatever the case and punctuation."""
    return re.sub(r"[^A-Za-z]", "", text or "").upper() in OPT_OUT_WORDS


class SmsChannel:
    """The inbox's `sms` channel: stored Twilio payloads in, Messages API out."""

    name = "sms"

    def __init__(self, settings: TwilioSettings | None = None) -> None:
        self.settings = settings or TwilioSettings.from_env()

    def incoming(self, payload: dict[str, Any]) -> IncomingMessage:
        """The customer's SMS in a stored webhook payload."""
        media = int(payload.get("NumMedia") or 0)
        attachments = [{"url": payload.get(f"MediaUrl{n}"), "mime_type": payload.get(f"MediaContentType{n}")}
                       for n in range(media)]
        return IncomingMessage(channel="sms", external_id=str(payload["MessageSid"]), thread_key=str(payload["From"]),
                               text=str(payload.get("Body") or ""), attachments=attachments,
                               phone=str(payload["From"]), kind="image" if media and not payload.get("Body") else "text")

    def receipt(self, payload: dict[str, Any]) -> tuple[str, str, str | None]:
        """A status callback as (message sid, inbox delivery status, error)."""
        status = STATUSES.get(str(payload.get("MessageStatus") or payload.get("SmsStatus")), "sent")
        error = payload.get("ErrorCode")
        return str(payload["MessageSid"]), status, (f"Twilio error {error}" if error else None)

    def send(self, outbound: OutboundView) -> str | None:
        """Send the reply as an SMS to the conversation's number; Twilio's message sid."""
        s = self.settings
        if not s.configured:
            raise SendError("SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM", transient=False)
        form = {"To": outbound.conversation.thread_key, "From": s.from_number or "", "Body": outbound.message.text,
                "StatusCallback": f"{s.public_url}/webhooks/sms/status"}
        try:
            answer = requests.post(f"{s.api_url}/2010-04-01/Accounts/{s.account_sid}/Messages.json", data=form,
                                   auth=(s.account_sid or "", s.auth_token or ""), timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise SendError(f"{type(exc).__name__}: {exc}", transient=True) from exc
        if answer.status_code == 429 or answer.status_code >= 500:
            raise SendError(f"HTTP {answer.status_code}: {answer.text[:300]}", transient=True)
        if answer.status_code >= 400:
            raise SendError(f"HTTP {answer.status_code}: {answer.text[:300]}", transient=False)
        return str(answer.json().get("sid") or "") or None
