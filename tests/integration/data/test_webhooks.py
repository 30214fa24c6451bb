"""Outbound webhooks: events committed with the change, signed deliveries, retries, one per id."""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import data_jobs, jobs
from bot.webhook_sender import deliver_due
from crm_core.errors import InvalidInput, PermissionDenied
from crm_core.persistence.models import OutboxEvent, WebhookDelivery
from crm_core.persistence.types import utcnow
from crm_core.services import accounts, activities, opportunities, tasks, webhooks
from crm_core.services.common import Actor


class Receiver:
    """An integration's endpoint on 127.0.0.1: checks signatures, answers from a script of statuses."""

    def __init__(self, secret: str = "") -> None:
        self.secret = secret
        self.received: list[dict[str, Any]] = []
        self.script: list[int] = []  # statuses to answer first; 200 afterwards
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - stdlib name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    status = receiver.script.pop(0) if receiver.script else 200
                    receiver.received.append({
                        "body": body, "status": status,
                        "signature": self.headers.get("X-Rumbo-Signature"),
                        "event": self.headers.get("X-Rumbo-Event"),
                        "delivery": self.headers.get("X-Rumbo-Delivery"),
                        "valid": webhooks.verify(receiver.secret, body, self.headers.get("X-Rumbo-Signature")),
                    })
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def acknowledged(self) -> Counter[str]:
        return Counter(r["delivery"] for r in self.received if 200 <= r["status"] < 300)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    r = Receiver()
    yield r
    r.close()


def _subscribe(core, people, receiver, events):  # type: ignore[no-untyped-def]
    made = webhooks.subscribe(core.uow(), Actor(people.admin.id, "api"), receiver.url, events)
    receiver.secret = made.secret
    return made


def _run_later(core, minutes: float) -> int:  # type: ignore[no-untyped-def]
    """Deliver as the worker would once `minutes` have passed."""
    delivered = 0
    for outgoing in webhooks.claim_due(core.uow(), now=utcnow() + timedelta(minutes=minutes)):
        import requests

        answer = requests.post(outgoing.url, data=outgoing.body, headers=outgoing.headers(), timeout=5)
        delivered += webhooks.finish(core.uow(), outgoing.id, answer.status_code) == "delivered"
    return delivered


def test_events_are_delivered_signed_with_event_and_delivery_headers(core, people, receiver):
    _subscribe(core, people, receiver, ["account.created", "opportunity.won", "activity.logged", "task.created"])
    rep = Actor(people.rep.id, "api")
    account = accounts.create_account(core.uow(), rep, name="Ferretería Webhook", country="CL")
    deal = opportunities.open_opportunity(core.uow(), rep, account_id=account.id, value=500, currency="CLP")
    opportunities.win_opportunity(core.uow(), rep, deal.id)
    activities.log_activity(core.uow(), rep, account_id=account.id, type="call", outcome="Llamé")
    assert deliver_due(core) == 3
    events = [r["event"] for r in receiver.received]
    assert events == ["account.created", "opportunity.won", "activity.logged"]
    assert all(r["valid"] for r in receiver.received)
    assert all(r["signature"].startswith("sha256=") for r in receiver.received)
    first = json.loads(receiver.received[0]["body"])
    assert first["event"] == "account.created" and first["id"] == receiver.received[0]["delivery"]
    assert first["data"]["name"] == "Ferretería Webhook"
    assert deliver_due(core) == 0  # nothing sent twice


def test_a_forged_body_fails_verification(core, people, receiver):
    made = _subscribe(core, people, receiver, ["account.created"])
    body = b'{"event":"account.created"}'
    assert webhooks.verify(made.secret, body, webhooks.sign(made.secret, body))
    assert not webhooks.verify(made.secret, body + b" ", webhooks.sign(made.secret, body))
    assert not webhooks.verify("other", body, webhooks.sign(made.secret, body))


def test_a_500_is_retried_later_with_the_same_delivery_id(core, people, receiver):
    _subscribe(core, people, receiver, ["account.created"])
    accounts.create_account(core.uow(), Actor(people.rep.id, "api"), name="Reintento", country="CL")
    receiver.script = [500]
    assert deliver_due(core) == 0
    assert deliver_due(core) == 0  # not due yet: backoff
    assert _run_later(core, 1) == 1
    first, second = receiver.received
    assert first["status"] == 500 and second["status"] == 200
    assert first["delivery"] == second["delivery"] and first["body"] == second["body"]
    assert receiver.acknowledged() == Counter({first["delivery"]: 1})
    with core.uow() as uow:
        delivery = uow.session.scalars(select(WebhookDelivery)).one()
        assert (delivery.state, delivery.attempts, delivery.response_status) == ("delivered", 2, 200)


def test_a_delivery_claimed_by_a_worker_that_died_is_sent_once_after_the_lease(core, people, receiver):
    _subscribe(core, people, receiver, ["account.created"])
    rep = Actor(people.rep.id, "api")
    for n in range(3):
        accounts.create_account(core.uow(), rep, name=f"Cuenta {n}", country="CL")
    claimed = webhooks.claim_due(core.uow())  # the gateway stops right here, nothing was posted
    assert len(claimed) == 3
    assert deliver_due(core) == 0  # still claimed: a second worker leaves them alone
    assert _run_later(core, 5) == 3  # the lease ran out: taken up again
    assert _run_later(core, 60) == 0
    acknowledged = receiver.acknowledged()
    assert sorted(acknowledged) == sorted(c.delivery_id for c in claimed)
    assert set(acknowledged.values()) == {1}


def test_an_unreachable_receiver_is_retried_and_finally_given_up(core, people):
    made = webhooks.subscribe(core.uow(), Actor(people.admin.id, "api"), "http://127.0.0.1:9/nowhere",
                              ["task.created"])
    tasks.schedule_task(core.uow(), Actor(people.rep.id, "api"), type="call",
                        due_at=utcnow() + timedelta(days=1))
    minutes = 0.0
    for attempt in range(webhooks.MAX_ATTEMPTS):
        minutes += webhooks.retry_delay(attempt + 1).total_seconds() / 60 + 1
        claimed = webhooks.claim_due(core.uow(), now=utcnow() + timedelta(minutes=minutes))
        assert len(claimed) == 1
        webhooks.finish(core.uow(), claimed[0].id, None, "ConnectionError")
    page = webhooks.list_deliveries(core.uow(), Actor(people.admin.id, "api"), made.id)
    assert page.items[0].state == "dead" and page.items[0].attempts == webhooks.MAX_ATTEMPTS


def test_the_event_is_only_there_when_the_change_committed(core, people, receiver):
    _subscribe(core, people, receiver, ["account.created"])
    with pytest.raises(InvalidInput):
        accounts.create_account(core.uow(), Actor(people.rep.id, "api"), name="   ", country="CL")
    with core.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(OutboxEvent)) == 0


def test_nothing_is_written_when_nobody_listens(core, people):
    accounts.create_account(core.uow(), Actor(people.rep.id, "api"), name="Sin oyentes", country="CL")
    with core.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(OutboxEvent)) == 0


def test_only_admins_subscribe_and_events_are_checked(core, people, receiver):
    with pytest.raises(PermissionDenied):
        webhooks.subscribe(core.uow(), Actor(people.manager.id, "api"), receiver.url, ["account.created"])
    with pytest.raises(InvalidInput):
        webhooks.subscribe(core.uow(), Actor(people.admin.id, "api"), receiver.url, ["account.deleted"])


def test_webhooks_over_the_api(core, people, receiver, client, tokens):
    admin = tokens.headers(people.admin)
    made = client.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["account.created"]}, headers=admin)
    assert made.status_code == 201, made.json
    assert len(made.json["secret"]) == 64
    receiver.secret = made.json["secret"]
    listed = client.get("/api/v1/webhooks", headers=admin).json["items"]
    assert [s["id"] for s in listed] == [made.json["id"]] and "secret" not in listed[0]
    assert client.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["account.created"]},
                       headers=tokens.headers(people.rep)).status_code == 403
    client.post("/api/v1/accounts", json={"name": "Desde la API", "country": "CL"}, headers=admin)
    jobs.configure(jobs.Runtime(core, notifier=None))  # type: ignore[arg-type]
    try:
        assert data_jobs.deliver_webhooks() == 1
    finally:
        jobs.configure(None)
    deliveries = client.get(f"/api/v1/webhooks/{made.json['id']}/deliveries", headers=admin).json
    assert deliveries["total"] == 1
    assert deliveries["items"][0]["state"] == "delivered" and deliveries["items"][0]["event"] == "account.created"
    assert receiver.received[0]["valid"]
    assert client.delete(f"/api/v1/webhooks/{made.json['id']}", headers=admin).json["active"] is False
