"""Email: inbound through `POST /webhooks/email` (SendGrid Inbound Parse fields), outbound by SMTP.

The webhook needs the shared secret `EMAIL_WEBHOOK_SECRET`, as `?secret=` or
as the password of HTTP basic auth. Each mail is stored under its
Message-ID. Replies go out through `SMTP_URL` (`smtp://user:pass@host:port`,
`smtps://…` for TLS) with In-Reply-To and References, so the customer's
mail client threads them under the original.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import smtplib
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import make_msgid, parseaddr
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Blueprint, Response, abort, request

from connectors.customer import SendError, accept
from connectors.deps import ChannelSettings, Deps
from crm_core.read_models.inbox import IncomingMessage, OutboundView

logger = logging.getLogger(__name__)

CHANNEL = "email"
_TAGS = re.compile(r"<[^>]+>")
_QUOTE_START = re.compile(r"^(On .+ wrote:|El .+ escribió:|>)", re.M)


def _secret_ok(expected: str | None) -> bool:
    if not expected:
        return False
    given = request.args.get("secret") or (request.authorization.password if request.authorization else None) or ""
    return hmac.compare_digest(given, expected)


def parse_form(form: dict[str, str]) -> dict[str, Any]:
    """The parts of an Inbound Parse post the inbox keeps, with its Message-ID and threading headers."""
    headers = HeaderParser().parsestr(form.get("headers", ""))
    name, address = parseaddr(form.get("from", ""))
    text = form.get("text") or _TAGS.sub("", form.get("html", "")).strip()
    message_id = (headers.get("Message-ID") or "").strip()
    if not message_id:
        basis = f"{address}|{form.get('subject')}|{headers.get('Date')}|{text}"
        message_id = f"<{hashlib.sha256(basis.encode()).hexdigest()[:32]}@inbound.rumbo>"
    return {"from_name": name, "from": address.lower(), "to": form.get("to", ""), "subject": form.get("subject", ""),
            "text": text, "message_id": message_id, "in_reply_to": (headers.get("In-Reply-To") or "").strip(),
            "references": (headers.get("References") or "").split(),
            "attachments": int(form.get("attachments") or 0)}


def _new_part(text: str) -> str:
    """The mail's own text, without the quoted history below it."""
    match = _QUOTE_START.search(text)
    return (text[:match.start()] if match and match.start() > 0 else text).strip()


class EmailChannel:
    """Email as an inbox channel: the sender's address is the thread."""

    name = CHANNEL

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings

    def incoming(self, payload: dict[str, Any]) -> IncomingMessage:
        """A stored inbound mail as a customer message."""
        return IncomingMessage(channel=CHANNEL, external_id=payload["message_id"], thread_key=payload["from"],
                               text=_new_part(payload["text"]), sender_name=payload["from_name"] or None,
                               email=payload["from"], subject=payload["subject"] or None,
                               meta={"to": payload["to"], "attachments": payload["attachments"]})

    def send(self, outbound: OutboundView) -> str | None:
        """Send the reply by SMTP, threaded under the customer's mails; returns its Message-ID."""
        if not self.settings.smtp_url:
            raise SendError("email is off: SMTP_URL is not set", transient=False)
        url = urlsplit(self.settings.smtp_url)
        sender = self.settings.email_from
        mail = EmailMessage()
        mail["From"] = sender
        mail["To"] = outbound.conversation.thread_key
        own_subject = outbound.message.meta.get("subject")  # a mail Rumbo starts (a campaign's) has its own
        subject = own_subject or outbound.conversation.subject or "Rumbo"
        mail["Subject"] = subject if own_subject or subject.lower().startswith("re:") else f"Re: {subject}"
        message_id = make_msgid(domain=sender.rsplit("@", 1)[-1].strip(">"))
        mail["Message-ID"] = message_id
        if outbound.in_reply_to:
            mail["In-Reply-To"] = outbound.in_reply_to[-1]
            mail["References"] = " ".join(outbound.in_reply_to[-20:])
        mail.set_content(outbound.message.text)
        try:
            smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
            with smtp_class(url.hostname or "127.0.0.1", url.port or (465 if url.scheme == "smtps" else 25),
                            timeout=15) as smtp:
                if url.scheme == "smtp+starttls":
                    smtp.starttls()
                if url.username:
                    smtp.login(unquote(url.username), unquote(url.password or ""))
                smtp.send_message(mail)
        except smtplib.SMTPResponseException as exc:
            raise SendError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", transient=exc.smtp_code < 500) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"{type(exc).__name__}: {exc}", transient=True) from exc
        return message_id


def blueprint(deps: Deps) -> Blueprint:
    """POST /webhooks/email."""
    bp = Blueprint("email_webhook", __name__)

    @bp.post("/webhooks/email")
    def receive() -> Response:
        if not _secret_ok(deps.settings.email_webhook_secret):
            logger.warning("refused an inbound email: wrong or missing secret")
            abort(401)
        payload = parse_form(request.form.to_dict())
        if not payload["from"]:
            abort(400)
        return accept(deps, CHANNEL, [(payload["message_id"], "message", payload)])

    return bp
