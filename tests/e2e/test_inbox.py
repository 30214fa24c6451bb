"""End to end: a signed WhatsApp message → lead and conversation → Slack thread → rep reply → Graph API send.

The gateway runs as its own process (`rumbo serve`, with its inbox worker
thread) on a fresh SQLite database; Slack's Web API and Meta's Graph API
are local fakes on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from slack_sdk.signature import SignatureVerifier

from connectors.meta.signature import sign
from tests.fakes.graph_api import FakeGraph
from tests.fakes.slack import FakeSlack

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
RUMBO = ROOT / ".venv" / "bin" / "rumbo"
APP_SECRET = "e2e-app-secret"
SIGNING_SECRET = "e2e-signing-secret"
FIXTURE = ROOT / "tests" / "fixtures" / "whatsapp" / "text_message.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


@pytest.fixture
def fakes() -> Iterator[tuple[FakeGraph, FakeSlack]]:
    graph, slack = FakeGraph().start(), FakeSlack().start()
    yield graph, slack
    graph.stop()
    slack.stop()


@pytest.fixture
def gateway(tmp_path: Path, fakes: tuple[FakeGraph, FakeSlack]) -> Iterator[tuple[str, dict[str, str]]]:
    graph, slack = fakes
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'rumbo.db'}", "PORT": str(port),
           "RUMBO_SECRET_KEY": "e2e", "META_APP_SECRET": APP_SECRET, "META_VERIFY_TOKEN": "v",
           "META_GRAPH_URL": graph.url, "WHATSAPP_TOKEN": "wa-token", "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
           "SLACK_BOT_TOKEN": "xoxb-e2e", "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.api_url,
           "RASA_URL": "http://127.0.0.1:9", "TELEGRAM_BOT_TOKEN": "", "SLACK_APP_TOKEN": ""}
    run = {"env": env, "check": True, "capture_output": True, "text": True, "timeout": 60}
    subprocess.run([str(RUMBO), "db", "upgrade"], **run)
    subprocess.run([str(RUMBO), "users", "add", "--name", "Rosa", "--email", "rosa@rumbo.test", "--role", "rep",
                    "--team", "Norte", "--slack-id", "U0ROSA"], **run)
    token = subprocess.run([str(RUMBO), "token", "create", "rosa@rumbo.test"], **run).stdout.strip().splitlines()[-1]
    log = open(tmp_path / "gateway.log", "w")
    process = subprocess.Popen([str(RUMBO), "serve", "--host", "127.0.0.1"], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _up(url), timeout=30)
        yield url, {"Authorization": f"Bearer {token}"}
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _up(url: str) -> bool:
    try:
        return requests.get(f"{url}/health", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def _slack_event(url: str, event: dict, event_id: str) -> requests.Response:
    body = json.dumps({"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": event_id,
                       "event_time": int(time.time()), "event": event}).encode()
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=timestamp, body=body)
    return requests.post(f"{url}/slack/events", data=body, timeout=10, headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature})


def test_whatsapp_message_reaches_the_rep_in_slack_and_the_thread_reply_reaches_the_customer(gateway, fakes) -> None:
    url, auth = gateway
    graph, slack = fakes
    payload = json.loads(FIXTURE.read_text())
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = str(int(time.time()))
    body = json.dumps(payload).encode()
    response = requests.post(f"{url}/webhooks/whatsapp", data=body, timeout=10, headers={
        "Content-Type": "application/json", "X-Hub-Signature-256": sign(APP_SECRET, body)})
    assert response.status_code == 200

    # The rep gets a DM with the conversation's root message, then the customer's text in its thread.
    thread_posts = _wait(lambda: [p for p in slack.posted() if p.get("thread_ts")])
    root = next(p for p in slack.posted() if not p.get("thread_ts"))
    assert root["channel"] == "DU0ROSA" and "Camila Rojas" in root["text"]
    assert "taladros percutores" in thread_posts[0]["text"]
    thread_ts = thread_posts[0]["thread_ts"]

    # The rep answers in that thread; the answer goes to the customer's number through the Graph API.
    reply = "Hola Camila, sí: tenemos 12 taladros percutores Bosch"
    assert _slack_event(url, {"type": "message", "channel": "DU0ROSA", "channel_type": "im", "user": "U0ROSA",
                              "text": reply, "ts": f"{time.time():.6f}", "thread_ts": thread_ts},
                        "Ev0REPLY1").status_code == 200
    sends = _wait(lambda: [s for s in graph.whatsapp_sends() if (s.get("text") or {}).get("body") == reply])
    assert sends[0]["to"] == "56912345678" and sends[0]["type"] == "text"

    # The conversation shows a new lead from WhatsApp and both messages.
    conversations = requests.get(f"{url}/api/v1/conversations", headers=auth, timeout=10).json()["items"]
    assert [(c["channel"], c["status"]) for c in conversations] == [("whatsapp", "open")]
    account = requests.get(f"{url}/api/v1/accounts/{conversations[0]['account_id']}", headers=auth, timeout=10).json()
    assert (account["status"], account["source"]) == ("lead", "whatsapp")
    messages = _wait(lambda: [m for m in requests.get(
        f"{url}/api/v1/conversations/{conversations[0]['id']}/messages", headers=auth, timeout=10).json()["items"]
        if m["delivery_status"] in ("received", "sent")])
    texts = [(m["direction"], m["text"]) for m in messages if not m["automatic"]]
    assert texts == [("in", message["text"]["body"]), ("out", reply)]
    assert all(m["external_id"] for m in messages)
