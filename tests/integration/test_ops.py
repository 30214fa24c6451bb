"""/ready and /metrics through the Flask test client, and the queue numbers they read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from apiflask import APIFlask
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from bot import metrics, ops
from bot.app import create_app
from bot.processes import free_port
from bot.settings import Settings
from crm_core.bootstrap import Core
from crm_core.persistence.models import InboxJob
from crm_core.persistence.types import utcnow
from crm_core.queue_stats import queue_stats
from crm_core.services import inbox

pytestmark = pytest.mark.postgres


def gateway(core: Core, **ops_settings: object) -> APIFlask:
    # Nobody listens on these ports: Rasa and the action server are down.
    settings = Settings(database_url=core.engine.url.render_as_string(hide_password=False),
                        secret_key="test-secret", rasa_url=f"http://127.0.0.1:{free_port()}",
                        action_server_url=f"http://127.0.0.1:{free_port()}")
    app = create_app(settings, core=core)
    app.config["TESTING"] = True
    if "rumbo.ops" not in app.extensions:
        ops.init_app(app)
    app.extensions["rumbo.ops"] = ops.OpsSettings(**ops_settings)  # type: ignore[arg-type]
    return app


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_ready_names_every_dependency_that_is_down(core: Core) -> None:
    response = gateway(core).test_client().get("/ready")
    assert response.status_code == 503
    assert response.json["down"] == ["rasa", "action_server"]
    assert response.json["checks"] == {"database": "ok", "rasa": "unreachable",
                                       "action_server": "unreachable", "inbox_worker": "ok"}


def test_a_queue_nobody_works_off_marks_the_inbox_worker_down(core: Core) -> None:
    inbox.enqueue(core.uow(), "widget", [("v:1", "message", {"text": "hola"})])
    with core.uow() as uow:
        uow.session.execute(update(InboxJob).values(next_attempt_at=utcnow() - timedelta(minutes=10)))
        uow.commit()
    response = gateway(core, queue_max_age=60.0).test_client().get("/ready")
    assert "inbox_worker" in response.json["down"]
    assert response.json["checks"]["inbox_worker"].startswith("oldest due job has waited 6")


def test_queue_stats_count_depth_age_dead_letters_and_outbound(core: Core) -> None:
    assert queue_stats(core.uow()).depth == 0 and queue_stats(core.uow()).oldest_due_seconds == 0
    inbox.enqueue(core.uow(), "widget", [("v:1", "message", {}), ("v:2", "message", {}), ("v:3", "message", {})])
    with core.uow() as uow:
        uow.session.execute(update(InboxJob).where(InboxJob.external_id == "v:3").values(state="dead"))
        uow.session.execute(update(InboxJob).values(next_attempt_at=utcnow() - timedelta(seconds=30)))
        uow.commit()
    stats = queue_stats(core.uow())
    assert (stats.depth, stats.dead) == (2, 1)
    assert 29 <= stats.oldest_due_seconds < 120
    assert stats.outbound == {}


def test_metrics_are_served_to_loopback_only_without_a_token(core: Core) -> None:
    client = gateway(core).test_client()
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 403


def test_with_a_token_metrics_need_it_from_anywhere(core: Core) -> None:
    client = gateway(core, metrics_token="scrape-me").test_client()
    assert client.get("/metrics").status_code == 403
    allowed = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"},
                         environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert allowed.status_code == 200


def test_metrics_count_webhook_answers_and_read_the_queue(core: Core) -> None:
    client = gateway(core).test_client()
    before = metrics.WEBHOOK_ACKS.labels(channel="widget", status="401")._value.get()
    assert client.post("/widget/messages", json={"text": "hola", "client_id": "c1"}).status_code == 401
    inbox.enqueue(core.uow(), "widget", [("v:9", "message", {})])
    found = samples(client.get("/metrics").get_data(as_text=True))
    assert found[("rumbo_webhook_acks_total", (("channel", "widget"), ("status", "401")))] == before + 1
    assert found[("rumbo_inbox_queue_depth", ())] == 1
    assert found[("rumbo_up", (("component", "database"),))] == 1
    assert found[("rumbo_up", (("component", "rasa"),))] == 0
    assert ("rumbo_http_requests_total", (("endpoint", "widget.send"), ("status", "401"))) in found


def test_every_response_carries_its_request_id(core: Core) -> None:
    client = gateway(core).test_client()
    assert client.get("/health", headers={"X-Request-ID": "abc-1"}).headers["X-Request-ID"] == "abc-1"
    assert len(client.get("/health").headers["X-Request-ID"]) == 16


def test_counter_helpers_for_other_code() -> None:
    before = metrics.OUTBOUND_SENDS.labels(channel="whatsapp")._value.get()
    metrics.outbound_sent("whatsapp")
    metrics.outbound_failed("whatsapp")
    assert metrics.OUTBOUND_SENDS.labels(channel="whatsapp")._value.get() == before + 1
    with pytest.raises(RuntimeError), metrics.assistant_round_trip():
        raise RuntimeError("down")
    assert metrics.ASSISTANT_ERRORS._value.get() >= 1


def test_the_inbox_worker_counts_sends_and_the_scrape_reads_outbound_states(core: Core) -> None:
    from bot.inbox_worker import InboxWorker
    from crm_core.services.common import SYSTEM

    with core.uow() as uow:
        inbox.start_outbound(uow, SYSTEM, channel="widget", thread_key="visitor-1", contact_id=None,
                             account_id=None, assignee_id=None, subject=None, text="hola", meta={})
        uow.commit()
    app = gateway(core)
    before = metrics.OUTBOUND_SENDS.labels(channel="widget")._value.get()
    InboxWorker(core, app.extensions["rumbo"].settings).run_once()
    assert metrics.OUTBOUND_SENDS.labels(channel="widget")._value.get() == before + 1
    found = samples(app.test_client().get("/metrics").get_data(as_text=True))
    assert found[("rumbo_outbound_messages", (("channel", "widget"), ("status", "sent")))] == 1
    assert queue_stats(core.uow()).outbound == {("widget", "sent"): 1}
