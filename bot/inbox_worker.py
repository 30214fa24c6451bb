"""The inbox worker: processes the durable intake queue and sends queued replies.

Runs as a thread in the gateway (`INBOX_WORKER=1`, the default) and/or as
its own process (`rumbo inbox-worker`); claims are atomic, so several may
run at once. A job that fails is retried with backoff and lands in the dead
letters (`GET /api/v1/conversations/queue?state=dead`) after the last try.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from bot import metrics
from bot.settings import Settings
from connectors.customer import BUSY_WINDOW, WAKE, CustomerChannel, SendError, nudge, stored_lately
from connectors.rep_inbox import RepNotifier
from crm_core.bootstrap import Core
from crm_core.read_models.inbox import JobView, OutboundView
from crm_core.services import inbox

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from connectors.telegram.client import TelegramClient

logger = logging.getLogger(__name__)

IDLE_WAIT = 1.0
# Routing a message costs several times the CPU of acknowledging it, and the worker shares the
# machine (in the gateway: the interpreter) with the webhooks. While they keep arriving (a store
# less than BUSY_WINDOW ago, connectors/customer.py) the worker rests YIELD_RATIO times as long as each job took, so it
# takes at most a third of the time, an acknowledgement seldom waits behind it, and SQLite's write
# lock is free between jobs; what it leaves is routed once the burst is over. Measured in
# docs/benchmarks.md, inbox.
YIELD_RATIO = 2.0
MAX_REST = 0.1
# `rumbo inbox-worker` runs below the gateway's priority, so the OS gives the cores to the
# acknowledgements first.
WORKER_NICENESS = 10


def customer_channels(settings: Settings) -> dict[str, CustomerChannel]:
    """Every customer channel, by the name conversations carry."""
    from bot.sms import SmsChannel
    from connectors.email.channel import EmailChannel
    from connectors.meta.messenger import MetaChannel
    from connectors.meta.whatsapp import WhatsAppChannel
    from connectors.telegram.customer import TelegramCustomerChannel
    from connectors.widget.customer import WidgetChannel

    channels: list[CustomerChannel] = [
        WhatsAppChannel(settings), MetaChannel("messenger", settings), MetaChannel("instagram", settings),
        TelegramCustomerChannel(settings), WidgetChannel(), EmailChannel(settings),
        SmsChannel(),
    ]
    return {c.name: c for c in channels}


def _slack_client(settings: Settings) -> WebClient | None:
    """The Slack client of a worker running in its own process (the gateway hands it its own)."""
    if not settings.slack_bot_token:
        return None
    from connectors.slack.client import make_client

    return make_client(settings.slack_bot_token, settings.slack_api_url)


def _telegram_client(settings: Settings) -> TelegramClient | None:
    """The Telegram client of a worker running in its own process."""
    if not settings.telegram_bot_token:
        return None
    from connectors.telegram.client import TelegramClient

    return TelegramClient(settings.telegram_bot_token, settings.telegram_api_url)


__all__ = ["InboxWorker", "nudge", "stored_lately", "command", "customer_channels"]


class InboxWorker:
    """Turns stored payloads into conversations and queued replies into platform sends."""

    def __init__(self, core: Core, settings: Settings, notifier: RepNotifier | None = None) -> None:
        """A worker; without a notifier it builds one with this process's own platform clients."""
        core = core.background()
        self.core = core
        self.settings = settings
        self.channels = customer_channels(settings)
        self.notifier = notifier or RepNotifier(core, settings, slack=_slack_client(settings),
                                                telegram=_telegram_client(settings))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Process every due job and send every due reply; how many things were handled."""
        handled = 0
        while True:
            jobs = inbox.claim_jobs(self.core.uow())
            done = []
            for job in jobs:
                started = time.perf_counter()
                if self._process(job):
                    done.append(job.id)
                self._yield_to_intake(time.perf_counter() - started)
            inbox.complete_jobs(self.core.uow(), done)
            outbound = inbox.claim_outbound(self.core.uow())
            for item in outbound:
                self._send(item)
            handled += len(jobs) + len(outbound)
            if not jobs and not outbound:
                return handled

    def _yield_to_intake(self, spent: float) -> None:
        if self._intake_busy():
            self._stop.wait(min(MAX_REST, spent * YIELD_RATIO))

    def _intake_busy(self) -> bool:
        if stored_lately():
            return True
        # A gateway in another process stores them: the newest payload in the queue tells.
        newest = inbox.last_received_at(self.core.uow())
        return newest is not None and datetime.now(UTC) - newest < BUSY_WINDOW

    def _process(self, job: JobView) -> bool:
        """Handle one job; False when it failed (and was rescheduled or moved to the dead letters)."""
        try:
            self._handle(job)
        except Exception as exc:  # noqa: BLE001 - one bad payload must not stop the queue
            logger.exception("inbox job %s (%s/%s) failed", job.id, job.channel, job.external_id)
            inbox.fail_job(self.core.uow(), job.id, f"{type(exc).__name__}: {exc}")
            return False
        return True

    def _channel(self, job: JobView) -> CustomerChannel:
        name = job.payload.get("channel", job.channel) if job.channel == "meta" else job.channel
        return self.channels[name]

    def _handle(self, job: JobView) -> None:
        if job.channel == "rep":
            self.notifier.handle_rep_job(job.kind, job.payload)
            return
        channel = self._channel(job)
        if job.kind == "status":
            external_id, status, error = channel.receipt(job.payload)  # type: ignore[attr-defined]  # status jobs come only from the Meta channels, which have receipt()
            updated = inbox.apply_receipt(self.core.uow(), channel.name, external_id, status, error)
            if updated is not None and status == "failed":
                self.notifier.send_failed(inbox.conversation_of_message(self.core.uow(), updated), error or status)
            return
        incoming = channel.incoming(job.payload)
        received = inbox.receive(self.core.uow(), incoming)
        profile: dict[str, Any] = job.payload.get("profile") or {}
        if profile:
            inbox.update_contact_details(self.core.uow(), incoming.channel, incoming.thread_key, **profile)
        if not received.message.meta.get("notified") and self.notifier.notify(received):
            inbox.mark_notified(self.core.uow(), received.message.id)

    def _send(self, item: OutboundView) -> None:
        channel = self.channels.get(item.conversation.channel)
        try:
            if channel is None:
                raise SendError(f"no channel {item.conversation.channel}", transient=False)
            external_id = channel.send(item)
        except SendError as exc:
            metrics.outbound_failed(item.conversation.channel)
            state = inbox.mark_send_failed(self.core.uow(), item.message.id, str(exc), transient=exc.transient)
            if state == "failed":
                self.notifier.send_failed(item.conversation.id, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - an unexpected error is retried like a transient one
            logger.exception("sending message %s failed", item.message.id)
            metrics.outbound_failed(item.conversation.channel)
            inbox.mark_send_failed(self.core.uow(), item.message.id, f"{type(exc).__name__}: {exc}", transient=True)
            return
        inbox.mark_sent(self.core.uow(), item.message.id, external_id)
        metrics.outbound_sent(item.conversation.channel)
        logger.info("sent %s message %s", item.conversation.channel, item.message.id)

    def start(self) -> threading.Thread:
        """Run in a daemon thread until `stop()`; resumes whatever a crash left in the queue."""
        if self._thread is not None and self._thread.is_alive():
            return self._thread

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.run_once()
                except Exception:  # noqa: BLE001 - the database may be briefly away; keep going
                    logger.exception("inbox worker pass failed")
                WAKE.wait(IDLE_WAIT)
                WAKE.clear()

        self._thread = threading.Thread(target=loop, name="inbox-worker", daemon=True)
        self._thread.start()
        logger.info("inbox worker started")
        return self._thread

    def stop(self) -> None:
        """Stop the loop after the current pass."""
        self._stop.set()
        WAKE.set()


@click.command("inbox-worker")
@click.option("--nice", "niceness", default=WORKER_NICENESS, show_default=True,
              help="how far below the gateway's CPU priority to run (0: the same)")
@click.pass_context
def command(ctx: click.Context, niceness: int) -> None:
    """Process the inbox queue and send replies (when the gateway runs with INBOX_WORKER=0)."""
    from crm_core.bootstrap import bootstrap

    if niceness:
        os.nice(niceness)
    settings: Settings = ctx.obj["settings"]
    worker = InboxWorker(bootstrap(settings.database_url), settings)
    click.echo("inbox worker running; Ctrl-C stops it")
    try:
        worker.start().join()
    except KeyboardInterrupt:
        worker.stop()
