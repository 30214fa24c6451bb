"""From a stored chat event to the assistant and back.

Every channel (Slack, Telegram, the web chat) stores what arrived with
`inbound.store` before acknowledging it, then asks the dispatcher to
`drain` that sender: the sender's pending events are processed one by one,
oldest first, each exactly once. When the assistant is down the event stays
pending, the user is told once, and the retry loop picks it up later.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from bot.rasa_client import AssistantUnavailable
from bot.senders import sender_id
from connectors.deps import Channel
from crm_core.bootstrap import Core
from crm_core.errors import DomainError
from crm_core.services import inbound, users
from crm_core.services.inbound import InboundView
from texts import t

logger = logging.getLogger(__name__)

Assistant = Callable[[str, str, "dict[str, Any] | None"], "list[dict[str, Any]]"]

# Whoever is not linked yet has no language setting: they are answered in both.
STRANGER = f"{t('channels.stranger', 'es')}\n{t('channels.stranger', 'en')}"
BAD_CODE = f"{t('channels.bad_code', 'es')}\n{t('channels.bad_code', 'en')}"
_LINK = re.compile(r"^/?link\s+(\d{6,10})$", re.I)


class Dispatcher:
    """Processes stored inbound events per sender, in order, once."""

    def __init__(self, core: Core, assistant: Assistant) -> None:
        self.core = core
        self.assistant = assistant
        self.channels: dict[str, Channel] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()
        self._stop = threading.Event()

    def register(self, source: str, channel: Channel) -> None:
        """Handle events stored under `source` with `channel`."""
        self.channels[source] = channel

    def receive(self, source: str, external_id: str, payload: dict[str, Any], sender: str) -> int | None:
        """Store an arrived event durably; None when it is a platform retry of a stored one."""
        return inbound.store(self.core.uow(), source, external_id, payload, sender=sender)

    def _lock(self, source: str, sender: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault((source, sender), threading.Lock())

    def drain(self, source: str, sender: str) -> int:
        """Process this sender's pending events oldest first; stop at the first that must wait."""
        handled = 0
        with self._lock(source, sender):
            while True:
                # An event in processing belongs to another worker; later ones wait behind it.
                event = inbound.claim_next(self.core.uow(), source, sender)
                if event is None:
                    return handled
                if not self._process(event):
                    return handled
                handled += 1

    def _process(self, event: InboundView) -> bool:
        """Handle one claimed event; False when the assistant is down and it must wait."""
        channel = self.channels[event.source]
        uow = self.core.uow
        try:
            outcome = self._answer(channel, event)
        except AssistantUnavailable as exc:
            logger.warning("assistant unavailable for %s event %s: %s", event.source, event.id, exc.message)
            notice = None
            if event.attempts == 0:  # tell the user once, not on every retry
                notice = self._language_text(channel, event, "channels.unavailable")
                self._safe_notice(channel, event, notice)
            inbound.finish(uow(), event.id, "pending", error=exc.message,
                           result={"notice": notice} if notice else None)
            return False
        except Exception as exc:  # noqa: BLE001 - one broken event must not block the sender's queue
            logger.exception("%s event %s failed", event.source, event.id)
            inbound.finish(uow(), event.id, "failed", error=f"{type(exc).__name__}: {exc}")
            return True
        if outcome is not None:
            state, user_id, result = outcome
            inbound.finish(uow(), event.id, state, user_id=user_id, result=result)
        return True

    def _answer(self, channel: Channel, event: InboundView) -> tuple[str, int | None, dict[str, Any]] | None:
        """Answer one event; the outcome to record, or None when it is recorded already."""
        text = channel.text(event)
        if text is None:
            return "ignored", None, {}
        link = _LINK.match(text.strip())
        if link:
            return self._link(channel, event, link.group(1))
        user = channel.identify(self.core, event)
        if user is None:
            logger.info("refused a stranger on %s (event %s)", event.source, event.id)
            channel.notice(event, STRANGER)
            return "ignored", None, {"replies": [{"text": STRANGER}]}
        if text.strip().lower() in ("/start", "/help", "help", "ayuda"):
            reply = t("channels.help", user.language)
            channel.notice(event, reply)
            return "done", user.id, {"replies": [{"text": reply}]}
        metadata = {"channel": channel.name, "language": user.language}
        replies = self.assistant(sender_id(user.id, channel.name), text, metadata)
        # Recorded before delivery, in one transaction: a button pressed at once can already find
        # its payload, and a failed delivery turns it to failed rather than asking the assistant
        # again (which could log the same activity twice).
        inbound.finish(self.core.uow(), event.id, "done", user_id=user.id, result={"replies": replies})
        channel.deliver(event, replies)
        return None

    def _link(self, channel: Channel, event: InboundView, code: str) -> tuple[str, int | None, dict[str, Any]]:
        external = channel.external_id(event)
        try:
            user = users.redeem_link_code(self.core.uow(), code, channel.name, external or "")
        except DomainError as exc:
            logger.info("link code refused on %s: %s", event.source, exc.message)
            channel.notice(event, BAD_CODE)
            return "ignored", None, {"replies": [{"text": BAD_CODE}]}
        reply = t("channels.linked", user.language, name=user.name)
        channel.notice(event, reply)
        return "done", user.id, {"replies": [{"text": reply}]}

    def _language_text(self, channel: Channel, event: InboundView, key: str) -> str:
        try:
            user = channel.identify(self.core, event)
        except Exception:  # noqa: BLE001 - the database may be the thing that is down
            user = None
        return t(key, user.language if user else "es")

    @staticmethod
    def _safe_notice(channel: Channel, event: InboundView, text: str) -> None:
        try:
            channel.notice(event, text)
        except Exception:  # noqa: BLE001 - the event stays pending either way
            logger.exception("could not tell %s sender of event %s about the outage", event.source, event.id)

    def retry_pending(self) -> int:
        """Process every sender's waiting events (at start-up and from the retry loop)."""
        inbound.release_stale(self.core.uow())
        handled = 0
        for source, sender in inbound.pending_senders(self.core.uow()):
            if source in self.channels:
                handled += self.drain(source, sender)
        if handled:
            logger.info("processed %s pending inbound events", handled)
        return handled

    def start_retry_loop(self, interval: float = 5.0) -> threading.Thread:
        """Run `retry_pending` now and then every `interval` seconds in a daemon thread."""

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.retry_pending()
                except Exception:  # noqa: BLE001 - keep retrying; the database may be briefly away
                    logger.exception("retrying pending inbound events failed")
                self._stop.wait(interval)

        thread = threading.Thread(target=loop, name="inbound-retry", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop the retry loop."""
        self._stop.set()


def pooled_session(connections: int = 32) -> requests.Session:
    """A requests session keeping up to `connections` connections to the assistant open.

    requests keeps 10 by default; with more chats answered at once the rest were opened and
    closed for every message.
    """
    session = requests.Session()
    session.mount("http://", HTTPAdapter(pool_connections=4, pool_maxsize=connections))
    session.mount("https://", HTTPAdapter(pool_connections=4, pool_maxsize=connections))
    return session
