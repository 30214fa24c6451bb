"""Gateway overhead: Slack event POST → chat.postMessage at a fake Slack, beside the bare Rasa round trip."""

from __future__ import annotations

import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from slack_sdk.signature import SignatureVerifier
from werkzeug.serving import make_server

from bench.context import BenchContext
from bot.app import create_app
from bot.rasa_client import RasaClient
from bot.settings import Settings
from crm_core.bootstrap import bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.services import flow, users
from crm_core.services.common import SYSTEM
from tests.fakes.rasa import FakeRasa
from tests.fakes.slack import FakeSlack

TEXTS = ["hola", "gracias", "buenos días"]
SECRET = "bench-signing-secret"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def _event(i: int, rep: int, text: str) -> bytes:
    return json.dumps({"type": "event_callback", "team_id": "T1", "event_id": f"EvB{i}",
                       "event": {"type": "message", "channel_type": "im", "channel": f"D{rep:04d}",
                                 "user": f"U{rep:04d}", "text": text, "ts": f"{i}.0"}}).encode()


def _post(url: str, body: bytes) -> requests.Response:
    stamp = str(int(time.time()))
    headers = {"X-Slack-Request-Timestamp": stamp, "Content-Type": "application/json",
               "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)}
    return requests.post(f"{url}/slack/events", data=body, headers=headers, timeout=30)


def run(ctx: BenchContext) -> str:
    """Median and p95 for 1 and 20 concurrent reps."""
    real = RasaClient(Settings.from_env().rasa_url)
    fake = None if real.is_ready() else FakeRasa().start()
    rasa_url = fake.url if fake else real.base_url
    slack = FakeSlack().start()
    core = bootstrap(ctx.sqlite_url("channels"))
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    for rep in range(20):
        users.add_user(core.uow(), SYSTEM, name=f"Rep {rep}", email=f"bench{rep}@rumbo.test", role="rep",
                       slack_id=f"U{rep:04d}")
    settings = Settings(database_url=str(core.engine.url), rasa_url=rasa_url, secret_key="bench",
                        slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=slack.api_url)
    server = make_server("127.0.0.1", 0, create_app(settings, core=core), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    rounds = ctx.scaled(30, minimum=5)
    counter = iter(range(10**9))
    bare_client = RasaClient(rasa_url)
    rows = []
    for reps in (1, 20):
        bare: list[float] = []
        through: list[float] = []
        acks: list[float] = []

        def one(rep: int, text: str, bare: list[float] = bare, acks: list[float] = acks,
                through: list[float] = through) -> None:
            start = time.perf_counter()
            bare_client.send(f"bench-{rep}:web", text)
            bare.append(time.perf_counter() - start)
            i = next(counter)
            start = time.perf_counter()
            _post(url, _event(i, rep, text))
            acks.append(time.perf_counter() - start)
            call = slack.wait_for(lambda c, ch=f"D{rep:04d}", t=start: c.path == "/api/chat.postMessage"
                                  and c.params.get("channel") == ch and c.at > t, timeout=60)[-1]
            through.append(call.at - start)

        for n in range(rounds):
            with ThreadPoolExecutor(reps) as pool:
                list(pool.map(lambda r, n=n: one(r, TEXTS[(n + r) % len(TEXTS)]), range(reps)))
        overhead = statistics.median(through) * 1000 - statistics.median(bare) * 1000
        rows.append(f"| {reps} | {len(through)} | {_pct(bare, .5):.1f} / {_pct(bare, .95):.1f} | "
                    f"{_pct(through, .5):.1f} / {_pct(through, .95):.1f} | {overhead:.1f} | "
                    f"{_pct(acks, .5):.1f} / {_pct(acks, .99):.1f} |")
    server.shutdown()
    slack.stop()
    if fake:
        fake.stop()
    return "\n".join([
        "## Slack channel: gateway overhead",
        "",
        f"Assistant: {'fake Rasa (tests/fakes/rasa.py; the real server was not running)' if fake else 'real Rasa server at ' + rasa_url}; "
        "gateway in-process (werkzeug, threaded) on SQLite; Slack Web API played by tests/fakes/slack.py. "
        "Times in ms from the signed event POST to chat.postMessage arriving at the fake Slack.",
        "",
        "| concurrent reps | messages | bare Rasa median / p95 | Slack event → postMessage median / p95 | "
        "gateway adds (median) | ack median / p99 |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ])
