"""Gateway overhead: Slack event POST → chat.postMessage at a fake Slack, beside the bare Rasa round trip.

The gateway runs as in production, `rumbo serve` (waitress) in its own process, on SQLite
and on PostgreSQL; the fake Slack Web API and the timing clients run in this process.
The assistant is the real Rasa server and action server (started here on the same database
as the gateway) when the Rasa env and a trained model exist, else the fake Rasa server.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests
from slack_sdk.signature import SignatureVerifier

from bench.context import ROOT, BenchContext
from bot.dispatch import pooled_session
from bot.processes import MODEL, RASA_BIN, start_assistant
from bot.rasa_client import RasaClient
from bot.senders import sender_id
from crm_core.bootstrap import bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.services import flow, users
from crm_core.services.common import SYSTEM
from tests.fakes.rasa import FakeRasa
from tests.fakes.slack import FakeSlack

TEXTS = ["hola", "qué tengo hoy", "gracias"]
SECRET = "bench-signing-secret"
REPS = 20
THINK_SECONDS = (2.0, 6.0)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def _event(i: int, rep: int, text: str) -> bytes:
    return json.dumps({"type": "event_callback", "team_id": "T1", "event_id": f"EvB{i}",
                       "event": {"type": "message", "channel_type": "im", "channel": f"D{rep:04d}",
                                 "user": f"U{rep:04d}", "text": text, "ts": f"{i}.0"}}).encode()


def _post(session: requests.Session, url: str, body: bytes) -> requests.Response:
    stamp = str(int(time.time()))
    headers = {"X-Slack-Request-Timestamp": stamp, "Content-Type": "application/json",
               "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)}
    return session.post(f"{url}/slack/events", data=body, headers=headers, timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare(database_url: str) -> list[int]:
    """Schema, default flow and the reps (Slack ids U0000…); their user ids."""
    core = bootstrap(database_url)
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    ids = [users.add_user(core.uow(), SYSTEM, name=f"Rep {rep}", email=f"bench{rep}@rumbo.test", role="rep",
                          slack_id=f"U{rep:04d}").id for rep in range(REPS)]
    core.engine.dispose()
    return ids


@contextmanager
def _gateway(ctx: BenchContext, database_url: str, rasa_url: str, slack_api_url: str) -> Iterator[str]:
    """`rumbo serve` on a free port; its URL once /health answers."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "RASA_URL": rasa_url, "PORT": str(port),
           "RUMBO_SECRET_KEY": "bench", "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": slack_api_url, "INBOX_WORKER": "0", "SLACK_APP_TOKEN": "", "TELEGRAM_BOT_TOKEN": ""}
    log = (ctx.work_dir / "channels-gateway.log").open("ab")
    rumbo = Path(sys.executable).with_name("rumbo")
    process = subprocess.Popen([str(rumbo), "serve", "--host", "127.0.0.1"], env=env, cwd=ROOT,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/health", timeout=1).status_code < 500:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the gateway did not start; see {log.name}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def _paths(url: str, slack: FakeSlack, rasa: RasaClient, user_ids: list[int], counter: Iterator[int],
           times: dict[str, list[float]]) -> tuple[Callable[[int, str], None], Callable[[int, str], None]]:
    """Send one text as rep `rep` straight to Rasa (bare) or as a signed Slack event (through)."""
    local = threading.local()

    def bare(rep: int, text: str) -> None:
        start = time.perf_counter()
        rasa.send(sender_id(user_ids[rep], "web"), text)
        times["bare"].append(time.perf_counter() - start)

    def through(rep: int, text: str) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        i = next(counter)
        start = time.perf_counter()
        _post(session, url, _event(i, rep, text))
        times["ack"].append(time.perf_counter() - start)
        channel = f"D{rep:04d}"
        call = slack.wait_for(lambda c: c.path == "/api/chat.postMessage" and c.params.get("channel") == channel
                              and c.at > start, timeout=120)[-1]
        times["through"].append(call.at - start)
        time.sleep(0.3)  # let the rest of a multi-message answer arrive before the rep's next message

    return bare, through


def _measure(url: str, slack: FakeSlack, rasa: RasaClient, user_ids: list[int], reps: int, rounds: int,
             counter: Iterator[int]) -> dict[str, list[float]]:
    """Each round: every rep sends its text straight to Rasa at once, then through the gateway at once.

    Both paths see the same concurrency, so their medians compare like with like.
    """
    times: dict[str, list[float]] = {"bare": [], "through": [], "ack": []}
    bare, through = _paths(url, slack, rasa, user_ids, counter, times)
    with ThreadPoolExecutor(reps) as pool:
        for n in range(rounds):
            for path in (bare, through):
                list(pool.map(lambda r, n=n, path=path: path(r, TEXTS[(n + r) % len(TEXTS)]), range(reps)))
    return times


def _measure_typing(url: str, slack: FakeSlack, rasa: RasaClient, user_ids: list[int], reps: int,
                    per_rep: int, counter: Iterator[int]) -> dict[str, list[float]]:
    """Every rep chats at once, reading each answer and typing the next message (THINK_SECONDS).

    The same reps and pauses go straight to Rasa first, then through the gateway.
    """
    times: dict[str, list[float]] = {"bare": [], "through": [], "ack": []}
    for path in _paths(url, slack, rasa, user_ids, counter, times):
        def chat(rep: int, path: Callable[[int, str], None] = path) -> None:
            pause = random.Random(rep)
            for n in range(per_rep):
                time.sleep(pause.uniform(*THINK_SECONDS))
                path(rep, TEXTS[(n + rep) % len(TEXTS)])

        with ThreadPoolExecutor(reps) as pool:
            list(pool.map(chat, range(reps)))
    return times


def _row(database: str, reps: str, t: dict[str, list[float]]) -> str:
    overhead = statistics.median(t["through"]) * 1000 - statistics.median(t["bare"]) * 1000
    return (f"| {database} | {reps} | {len(t['through'])} | {_pct(t['bare'], .5):.1f} / {_pct(t['bare'], .95):.1f} | "
            f"{_pct(t['through'], .5):.1f} / {_pct(t['through'], .95):.1f} | {overhead:.1f} | "
            f"{_pct(t['ack'], .5):.1f} / {_pct(t['ack'], .99):.1f} |")


def _model() -> Path | None:
    """The trained model to benchmark with; None when the real assistant cannot run here."""
    model = Path(os.environ.get("RUMBO_MODEL", str(MODEL)))
    return model if RASA_BIN.exists() and model.exists() else None


@contextmanager
def _assistant(ctx: BenchContext, database_url: str, model: Path | None) -> Iterator[str]:
    """The Rasa REST URL: the real stack on `database_url`, or the fake Rasa server."""
    if model is None:
        fake = FakeRasa().start()
        try:
            yield fake.url
        finally:
            fake.stop()
        return
    logs = ctx.work_dir / "channels-assistant"
    logs.mkdir(exist_ok=True)
    running = start_assistant(database_url, model=model, log_dir=logs)
    try:
        yield running.rasa.url
    finally:
        running.stop()


def run(ctx: BenchContext) -> str:
    """Median and p95 for 1 and 20 concurrent reps, on SQLite and PostgreSQL."""
    model = _model()
    slack = FakeSlack().start()
    counter = iter(range(10**9))
    rounds = {1: ctx.scaled(40, minimum=5), REPS: ctx.scaled(10, minimum=2)}
    per_rep = ctx.scaled(10, minimum=2)
    rows = []
    with ctx.postgres_schema("bench_channels") as postgres_url:
        for database, url in (("SQLite", ctx.sqlite_url("channels")), ("PostgreSQL", postgres_url)):
            user_ids = _prepare(url)
            with _assistant(ctx, url, model) as rasa_url, _gateway(ctx, url, rasa_url, slack.api_url) as gateway:
                bare = RasaClient(rasa_url, session=pooled_session(REPS))
                # Warm-up: imports, pools, caches, and every rep's first turn (Rasa's session start).
                _measure(gateway, slack, bare, user_ids, REPS, 1, counter)
                slack.clear()
                rows.append(_row(database, "1", _measure(gateway, slack, bare, user_ids, 1, rounds[1], counter)))
                slack.clear()
                rows.append(_row(database, f"{REPS}, typing", _measure_typing(
                    gateway, slack, bare, user_ids, REPS, per_rep, counter)))
                slack.clear()
                rows.append(_row(database, f"{REPS}, all at the same instant", _measure(
                    gateway, slack, bare, user_ids, REPS, rounds[REPS], counter)))
                bare.close()
    slack.stop()
    assistant = (f"the real Rasa server and action server ({model.name}), started on the gateway's database"
                 if model else "fake Rasa (tests/fakes/rasa.py, in the benchmark process; no trained model)")
    return "\n".join([
        "## Slack channel: gateway overhead",
        "",
        f"Assistant: {assistant}. Gateway: `rumbo serve` (waitress, 8 threads) in its own process; "
        "the Slack Web API is tests/fakes/slack.py in the benchmark process. Times in ms from the signed "
        "`message.im` event POST to `chat.postMessage` arriving at the fake Slack; \"bare Rasa\" is the same "
        "texts sent straight to Rasa's REST channel with the same concurrency, alternating round by round "
        "with the gateway rounds. "
        f"Texts: {', '.join(TEXTS)}. Rows: one rep alone; {REPS} reps chatting at once, each reading the "
        f"answer and typing the next message ({THINK_SECONDS[0]:g}–{THINK_SECONDS[1]:g} s; the same reps and "
        f"pauses straight to Rasa, then through the gateway); {REPS} reps all sending at the same instant, "
        "round after round (a burst: each message waits for the ones ahead of it on 2 cores shared by "
        "Rasa, the action server, the gateway and this process). "
        "Aim: the gateway adds < 30 ms at the median, ack p99 < 100 ms.",
        "",
        "| database | concurrent reps | messages | bare Rasa median / p95 | Slack event → postMessage median / p95 | "
        "gateway adds (median) | ack median / p99 |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
    ])
