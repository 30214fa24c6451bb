"""Readiness, metrics and the access log of the gateway: `GET /ready` and `GET /metrics`.

`GET /health` (bot.app) stays the liveness check. `init_app(app)` registers the routes and the
request hooks that give every request an id (X-Request-ID, carried into its log lines), count
webhook acknowledgements and write one access-log line per request.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import requests
from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot import metrics
from bot.logging_config import REQUEST_ID, new_request_id
from crm_core.queue_stats import QueueStats, queue_stats

logger = logging.getLogger(__name__)
access_logger = logging.getLogger("rumbo.access")

# Webhook blueprints and the channel their acknowledgements are counted under.
WEBHOOK_CHANNELS = {
    "slack": "slack", "telegram": "telegram", "whatsapp_webhook": "whatsapp", "meta_webhook": "meta",
    "telegram_customer_webhook": "telegram_customer", "email_webhook": "email", "widget": "widget",
    "webchat": "web",
}
QUIET_PATHS = ("/health", "/ready", "/metrics")  # probed every few seconds: access-logged at DEBUG
PROBE_TIMEOUT = 2.0
LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


@dataclass(frozen=True)
class OpsSettings:
    """METRICS_TOKEN (a bearer token that opens /metrics beyond loopback) and READY_QUEUE_MAX_AGE."""

    metrics_token: str | None = None
    queue_max_age: float = 120.0  # seconds the oldest due inbox job may wait before the worker counts as down

    @classmethod
    def from_env(cls) -> OpsSettings:
        return cls(metrics_token=os.environ.get("METRICS_TOKEN") or None,
                   queue_max_age=float(os.environ.get("READY_QUEUE_MAX_AGE") or cls.queue_max_age))


bp = Blueprint("ops", __name__)


def init_app(app: Flask, settings: OpsSettings | None = None) -> None:
    """Register /ready and /metrics and the request-id, metrics and access-log hooks."""
    app.extensions["rumbo.ops"] = settings or OpsSettings.from_env()
    app.register_blueprint(bp)
    # First of all before-request hooks, so a request refused early still gets an id and a timing.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_finish_request)
    app.teardown_request(_end_request)


def _start_request() -> None:
    g.ops_started = time.perf_counter()
    g.request_id = new_request_id(request.headers.get("X-Request-ID"))
    g.ops_request_token = REQUEST_ID.set(g.request_id)


def _finish_request(response: Response) -> Response:
    started = g.get("ops_started")
    seconds = time.perf_counter() - started if started is not None else 0.0
    endpoint = request.endpoint or "unmatched"
    metrics.HTTP_REQUESTS.labels(endpoint=endpoint, status=str(response.status_code)).inc()
    channel = WEBHOOK_CHANNELS.get(request.blueprint or "")
    if channel is not None and request.method == "POST":
        metrics.webhook_ack(channel, response.status_code, seconds)
    if g.get("request_id"):
        response.headers["X-Request-ID"] = g.request_id
    # The path only: query strings carry signed links and tokens.
    level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
    access_logger.log(level, "%s %s %s %.1f ms", request.method, request.path, response.status_code,
                      seconds * 1000)
    return response


def _end_request(_exc: BaseException | None) -> None:
    token = g.pop("ops_request_token", None)
    if token is not None:
        try:
            REQUEST_ID.reset(token)
        except ValueError:
            REQUEST_ID.set("-")  # set in another context (a streamed response): just clear it


def _get(url: str) -> requests.Response | None:
    try:
        return requests.get(url, timeout=PROBE_TIMEOUT)
    except requests.RequestException:
        return None


def rasa_status(rasa_url: str) -> str:
    """"ok", or why the Rasa server is not ready."""
    response = _get(rasa_url.rstrip("/") + "/status")
    if response is None:
        return "unreachable"
    if not response.ok:
        return f"HTTP {response.status_code}"
    try:
        loaded = bool(response.json().get("model_file"))
    except ValueError:
        return "not a Rasa server"
    return "ok" if loaded else "no model loaded"


def action_server_status(action_server_url: str) -> str:
    """"ok", or why the action server is not ready."""
    response = _get(action_server_url.rstrip("/") + "/health")
    if response is None:
        return "unreachable"
    return "ok" if response.ok else f"HTTP {response.status_code}"


def inbox_worker_status(app: Flask, stats: QueueStats | None) -> str:
    """"ok", or why the inbox worker is not keeping up: its thread stopped, or jobs wait too long."""
    state = app.extensions["rumbo"]
    worker = app.extensions.get("inbox_worker")
    thread = getattr(worker, "_thread", None)
    if state.settings.inbox_worker and (thread is None or not thread.is_alive()):
        return "thread not running"
    if stats is None:
        return "unknown: database unreachable"
    limit = app.extensions["rumbo.ops"].queue_max_age
    if stats.oldest_due_seconds > limit:
        return f"oldest due job has waited {stats.oldest_due_seconds:.0f} s (limit {limit:.0f} s)"
    return "ok"


def _stats(app: Flask) -> QueueStats | None:
    try:
        return queue_stats(app.extensions["rumbo"].core.uow())
    except Exception:  # noqa: BLE001 - any driver error means the database is not answering
        logger.warning("queue stats unavailable: database unreachable")
        return None


def readiness(app: Flask) -> dict[str, str]:
    """Each dependency of the gateway and "ok" or why it is not ready."""
    state = app.extensions["rumbo"]
    database_ok = state.core.database_ok()
    stats = _stats(app) if database_ok else None
    return {
        "database": "ok" if database_ok else "unreachable",
        "rasa": rasa_status(state.settings.rasa_url),
        "action_server": action_server_status(state.settings.action_server_url),
        "inbox_worker": inbox_worker_status(app, stats),
    }


@bp.get("/ready")
def ready() -> tuple[dict[str, Any], int]:
    """200 when the database, Rasa, the action server and the inbox worker are all up; else 503."""
    checks = readiness(current_app)
    down = [name for name, status in checks.items() if status != "ok"]
    if down:
        logger.warning("not ready: %s", ", ".join(f"{name} {checks[name]}" for name in down))
    return {"status": "unavailable" if down else "ready", "down": down, "checks": checks}, 503 if down else 200


class ScrapeCollector(Collector):
    """What is read at scrape time: the queue from the database, the servers' availability."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        state = self.app.extensions["rumbo"]
        database_ok = state.core.database_ok()
        stats = _stats(self.app) if database_ok else None
        up = GaugeMetricFamily("rumbo_up", "1 when a dependency answers, else 0.", labels=["component"])
        up.add_metric(["database"], 1.0 if database_ok else 0.0)
        up.add_metric(["rasa"], 1.0 if rasa_status(state.settings.rasa_url) == "ok" else 0.0)
        up.add_metric(["action_server"],
                      1.0 if action_server_status(state.settings.action_server_url) == "ok" else 0.0)
        yield up
        if stats is None:
            return
        yield GaugeMetricFamily("rumbo_inbox_queue_depth", "Inbox jobs pending or being processed.",
                                value=stats.depth)
        yield GaugeMetricFamily("rumbo_inbox_oldest_job_age_seconds",
                                "How long the oldest due pending inbox job has waited.",
                                value=stats.oldest_due_seconds)
        yield GaugeMetricFamily("rumbo_inbox_dead_letters", "Inbox jobs that failed every try.",
                                value=stats.dead)
        outbound = GaugeMetricFamily("rumbo_outbound_messages",
                                     "Outbound customer messages by channel and delivery status.",
                                     labels=["channel", "status"])
        for (channel, status), count in sorted(stats.outbound.items()):
            outbound.add_metric([channel, status], count)
        yield outbound


def _metrics_allowed() -> bool:
    token = current_app.extensions["rumbo.ops"].metrics_token
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    return (request.remote_addr or "") in LOOPBACK


@bp.get("/metrics")
def metrics_view() -> Response | tuple[dict[str, str], int]:
    """Prometheus text format; from loopback only, or to whoever sends METRICS_TOKEN as a bearer."""
    if not _metrics_allowed():
        return {"error": "forbidden", "message": "metrics are served to loopback or with METRICS_TOKEN"}, 403
    scraped = CollectorRegistry(auto_describe=False)
    scraped.register(ScrapeCollector(current_app))
    body = generate_latest(metrics.REGISTRY) + generate_latest(scraped)
    return Response(body, content_type=CONTENT_TYPE_LATEST)
