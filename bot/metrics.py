"""Prometheus metrics of this process, and the helpers other code calls to count.

The counters live in one registry of this module; `GET /metrics` (bot.ops) adds what it reads
from the database and the servers at scrape time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)
# Acknowledgements are meant to take milliseconds; the assistant's answers seconds.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
ASSISTANT_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0)

WEBHOOK_ACKS = Counter("rumbo_webhook_acks", "Webhook requests answered, by channel and HTTP status.",
                       ["channel", "status"], registry=REGISTRY)
WEBHOOK_ACK_SECONDS = Histogram("rumbo_webhook_ack_seconds", "Time to answer a webhook request.",
                                ["channel"], buckets=ACK_BUCKETS, registry=REGISTRY)
HTTP_REQUESTS = Counter("rumbo_http_requests", "Gateway requests, by endpoint and HTTP status.",
                        ["endpoint", "status"], registry=REGISTRY)
OUTBOUND_SENDS = Counter("rumbo_outbound_sends", "Messages handed to a platform by this process.",
                         ["channel"], registry=REGISTRY)
OUTBOUND_FAILURES = Counter("rumbo_outbound_failures", "Sends a platform refused or that failed.",
                            ["channel"], registry=REGISTRY)
ASSISTANT_SECONDS = Histogram("rumbo_assistant_round_trip_seconds",
                              "From a message sent to Rasa to its replies.", buckets=ASSISTANT_BUCKETS,
                              registry=REGISTRY)
ASSISTANT_ERRORS = Counter("rumbo_assistant_errors", "Messages the assistant did not answer.",
                           registry=REGISTRY)


def webhook_ack(channel: str, status: int, seconds: float) -> None:
    """Count one answered webhook request."""
    WEBHOOK_ACKS.labels(channel=channel, status=str(status)).inc()
    WEBHOOK_ACK_SECONDS.labels(channel=channel).observe(seconds)


def outbound_sent(channel: str) -> None:
    """Count one message a platform accepted."""
    OUTBOUND_SENDS.labels(channel=channel).inc()


def outbound_failed(channel: str) -> None:
    """Count one send that failed (it may still be retried)."""
    OUTBOUND_FAILURES.labels(channel=channel).inc()


@contextmanager
def assistant_round_trip() -> Iterator[None]:
    """Time one call to the assistant; an exception counts as an error."""
    started = time.perf_counter()
    try:
        yield
    except Exception:
        ASSISTANT_ERRORS.inc()
        raise
    finally:
        ASSISTANT_SECONDS.observe(time.perf_counter() - started)
