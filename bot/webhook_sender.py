"""Posting claimed webhook deliveries to their receivers, signed, and reporting each outcome back."""

from __future__ import annotations

import logging

import requests

from crm_core.bootstrap import Core
from crm_core.services import webhooks

logger = logging.getLogger(__name__)


def deliver_due(core: Core, timeout: float = 10.0, limit: int = 50,
                session: requests.Session | None = None) -> int:
    """Send every due delivery once; returns how many the receivers acknowledged with a 2xx."""
    http = session or requests.Session()
    delivered = 0
    try:
        for outgoing in webhooks.claim_due(core.uow(), limit=limit):
            status, error = None, None
            try:
                answer = http.post(outgoing.url, data=outgoing.body, headers=outgoing.headers(),
                                   timeout=timeout, allow_redirects=False)
                status = answer.status_code
            except requests.RequestException as exc:
                error = f"{type(exc).__name__}: {exc}"
            state = webhooks.finish(core.uow(), outgoing.id, status, error)
            if state == "delivered":
                delivered += 1
            else:
                logger.warning("webhook delivery %s to %s: %s (%s)", outgoing.delivery_id, outgoing.url,
                               error or f"HTTP {status}", state)
    finally:
        if session is None:
            http.close()
    return delivered
