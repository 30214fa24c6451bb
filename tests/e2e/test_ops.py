"""Readiness, metrics, request ids and secret-free logs, against a running gateway.

The gateway is served over HTTP in front of the real action server, a fake Rasa and a fake
Telegram Bot API, logging through `configure_logging` into a file that the last test reads.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from werkzeug.serving import make_server

from bot import ops
from bot.app import create_app
from bot.logging_config import configure_logging
from bot.processes import Server, start_action_server
from bot.settings import Settings
from crm_core.bootstrap import Core, bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.services import flow
from tests.e2e.channels_support import telegram_message
from tests.fakes.rasa import FakeRasa
from tests.fakes.telegram import FakeTelegram

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

BOT_TOKEN = "424242:OpsTestBotTokenThatMustNeverBeLogged"
WEBHOOK_SECRET = "ops-webhook-secret-never-logged"
SECRET_KEY = "ops-secret-key-never-logged"
METRICS_TOKEN = "ops-metrics-token-never-logged"
SECRETS = (BOT_TOKEN, WEBHOOK_SECRET, SECRET_KEY, METRICS_TOKEN)
AUTH = {"Authorization": f"Bearer {METRICS_TOKEN}"}


@dataclass
class Stack:
    url: str
    core: Core
    actions: Server
    action_port: int
    database_url: str
    telegram_api: FakeTelegram
    log_file: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("ops")
    database_url = f"sqlite:///{work / 'rumbo.db'}"
    core = bootstrap(database_url)
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    log_file = work / "gateway.log"
    root = logging.getLogger()
    kept = (root.handlers[:], root.level)
    configure_logging("gateway", {"LOG_LEVEL": "DEBUG", "LOG_FILE": str(log_file),
                                  "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
                                  "RUMBO_SECRET_KEY": SECRET_KEY, "METRICS_TOKEN": METRICS_TOKEN})
    rasa = FakeRasa().start()
    telegram_api = FakeTelegram().start()
    secret_env = {"TELEGRAM_BOT_TOKEN": BOT_TOKEN, "RUMBO_SECRET_KEY": SECRET_KEY, "METRICS_TOKEN": METRICS_TOKEN}
    actions = start_action_server(database_url, log_path=work / "actions.log", timeout=120, extra_env=secret_env)
    action_port = int(actions.url.rsplit(":", 1)[1])
    settings = Settings(database_url=database_url, rasa_url=rasa.url, action_server_url=actions.url,
                        secret_key=SECRET_KEY, telegram_bot_token=BOT_TOKEN,
                        telegram_webhook_secret=WEBHOOK_SECRET, telegram_api_url=telegram_api.url,
                        inbox_worker=True)
    app = create_app(settings, core=core)
    if "rumbo.ops" not in app.extensions:
        ops.init_app(app, ops.OpsSettings(metrics_token=METRICS_TOKEN))
    else:
        app.extensions["rumbo.ops"] = ops.OpsSettings(metrics_token=METRICS_TOKEN)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    running = Stack(f"http://127.0.0.1:{server.server_port}", core, actions, action_port, database_url,
                    telegram_api, log_file)
    yield running
    server.shutdown()
    app.extensions["inbox_worker"].stop()
    app.extensions["rumbo.dispatcher"].stop()
    app.extensions["rumbo.telegram"].stop()
    running.actions.stop()
    rasa.stop()
    telegram_api.stop()
    root.handlers[:] = kept[0]
    root.setLevel(kept[1])
    core.engine.dispose()


def ready(stack: Stack) -> requests.Response:
    return requests.get(f"{stack.url}/ready", timeout=30)


def wait_ready(stack: Stack, status: int, timeout: float = 60.0) -> requests.Response:
    deadline = time.monotonic() + timeout
    while True:
        response = ready(stack)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.5)


def scrape(stack: Stack) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = requests.get(f"{stack.url}/metrics", headers=AUTH, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def test_health_stays_liveness_and_ready_checks_every_dependency(stack: Stack) -> None:
    assert requests.get(f"{stack.url}/health", timeout=10).status_code == 200
    response = wait_ready(stack, 200)
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {"database": "ok", "rasa": "ok", "action_server": "ok",
                                         "inbox_worker": "ok"}


def test_ready_names_the_action_server_while_it_is_stopped(stack: Stack) -> None:
    stack.actions.stop()
    response = ready(stack)
    assert response.status_code == 503
    assert response.json()["down"] == ["action_server"]
    assert response.json()["checks"]["action_server"] == "unreachable"
    assert scrape(stack)[("rumbo_up", (("component", "action_server"),))] == 0.0
    stack.actions = start_action_server(stack.database_url, port=stack.action_port, timeout=120,
                                        log_path=stack.actions.log_path)
    response = wait_ready(stack, 200)
    assert response.status_code == 200, response.json()
    assert scrape(stack)[("rumbo_up", (("component", "action_server"),))] == 1.0


def test_metrics_count_acknowledgements_and_read_the_queue(stack: Stack) -> None:
    update = telegram_message(9001, 777001, "hola")
    answered = requests.post(f"{stack.url}/telegram/webhook", json=update, timeout=10,
                             headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET,
                                      "X-Request-ID": "ops-e2e-request-1"})
    assert answered.status_code == 200
    assert answered.headers["X-Request-ID"] == "ops-e2e-request-1"
    stack.telegram_api.wait_for(lambda c: c.path.endswith("/sendMessage"), timeout=60)
    session = requests.post(f"{stack.url}/widget/session", json={}, timeout=10).json()
    sent = requests.post(f"{stack.url}/widget/messages", json={"text": "hola", "client_id": "c1"},
                         headers={"X-Widget-Token": session["token"]}, timeout=10)
    assert sent.status_code == 202, sent.text
    samples = scrape(stack)
    assert samples[("rumbo_webhook_acks_total", (("channel", "telegram"), ("status", "200")))] >= 1
    assert samples[("rumbo_webhook_acks_total", (("channel", "widget"), ("status", "202")))] >= 1
    assert samples[("rumbo_webhook_ack_seconds_count", (("channel", "telegram"),))] >= 1
    assert ("rumbo_inbox_queue_depth", ()) in samples
    assert ("rumbo_inbox_oldest_job_age_seconds", ()) in samples
    assert samples[("rumbo_inbox_dead_letters", ())] == 0
    assert samples[("rumbo_up", (("component", "database"),))] == 1.0
    assert samples[("rumbo_up", (("component", "rasa"),))] == 1.0


def test_metrics_need_the_token_once_one_is_configured(stack: Stack) -> None:
    assert requests.get(f"{stack.url}/metrics", timeout=10).status_code == 403
    wrong = {"Authorization": "Bearer not-the-token"}
    assert requests.get(f"{stack.url}/metrics", headers=wrong, timeout=10).status_code == 403


def test_a_webhook_request_id_is_carried_into_its_log_lines(stack: Stack) -> None:
    lines = [line for line in stack.log_file.read_text().splitlines() if "[ops-e2e-request-1]" in line]
    assert any("rumbo.access" in line and "POST /telegram/webhook 200" in line for line in lines), lines
    assert all(" gateway[" in line for line in lines)


def test_no_configured_secret_is_in_any_log_line(stack: Stack) -> None:
    logs = {"gateway": stack.log_file.read_text(), "actions": stack.actions.log_path.read_text()}
    assert logs["gateway"].count("\n") > 10 and "action-server[" in logs["actions"]
    for name, text in logs.items():
        for secret in SECRETS:
            assert secret not in text, f"{name} log holds a secret"
