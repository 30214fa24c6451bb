"""Assistant latency: one message through Rasa's REST channel, the action server and the database.

The demo company is loaded into a fresh SQLite file; the real Rasa server (trained model) and
action server run as subprocesses on loopback. Demo reps send a realistic mix of messages,
first one at a time, then as 10 concurrent users. To show where the time goes, the same
business actions are also run in-process (actions + database, no HTTP, no Rasa), and a reply
that needs no custom action (help) stands for Rasa's own share.
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

from actions import common
from actions.agenda import ShowAgenda
from actions.common import Asker
from actions.sprints import SprintStatus
from bench.context import TIMING_HEADER, BenchContext, Timing, measure
from bot.processes import MODEL, RASA_BIN, start_assistant
from bot.rasa_client import RasaClient
from bot.senders import sender_id
from crm_core.bootstrap import bootstrap
from crm_core.demo import email, load_demo
from crm_core.persistence.migrate import upgrade
from crm_core.services import accounts, users
from crm_core.services.common import Actor

logger = logging.getLogger(__name__)

REPS = ("ana", "bruno", "carla")
USERS = 10
CHANNELS = ("cli", "slack", "telegram", "web")
AIM_MS = 250.0


def _messages(language: str, account: str) -> list[str]:
    """What a rep sends in a day, mostly questions, some writes."""
    if language == "en":
        return ["how's my sprint going", "what's on my agenda today", f"show me the {account} account",
                f"called {account}, they want a quote", "pipeline summary", "help"]
    return ["cómo va mi sprint", "qué tengo hoy", f"ficha de {account}",
            f"llamé a {account}, quieren cotización", "cómo está el pipeline", "ayuda"]


def _people(core: Any) -> list[tuple[str, str, str]]:
    """(sender id, language, an account name) for each demo rep."""
    people = []
    for local in REPS:
        user = users.get_user_by_email(core.uow(), email(local))
        first = accounts.list_accounts(core.uow(), Actor(user.id, "cli"), limit=1).items[0]
        people.append((sender_id(user.id, "cli"), user.language, first.name))
    return people


def _timing(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return Timing(len(ordered), statistics.median(ordered), p95, ordered[-1])


def _concurrent(send: Callable[[int, int], None], users_: int, per_user: int) -> Timing:
    samples: list[float] = []
    lock = threading.Lock()

    def worker(u: int) -> None:
        for i in range(per_user):
            started = time.perf_counter()
            send(u, i)
            with lock:
                samples.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker, args=(u,)) for u in range(users_)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _timing(samples)


def _in_process(core: Any, people: list[tuple[str, str, str]]) -> dict[str, Timing]:
    """The business actions without Rasa or HTTP: actions + core + SQLite."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    common.use_core(core)
    sender, language, _ = people[0]
    user_id = int(sender.split(":")[0])
    track = Tracker(sender, {"language": language, "timezone": "America/Santiago", "user_id": float(user_id)},
                    {"text": "", "intent": {}, "entities": []}, [], False, None, {}, "action_listen")
    who = Asker(Actor(user_id, "cli"), language, "America/Santiago")
    results = {}
    for label, action in (("sprint status", SprintStatus()), ("agenda", ShowAgenda())):
        results[label] = measure(lambda _i, a=action: a.act(CollectingDispatcher(), track, {}, who),
                                 calls=50, warmup=5)
    return results


def run(ctx: BenchContext) -> str:
    """Median and p95 of one message, sequential and with 10 concurrent users."""
    if not RASA_BIN.exists() or not MODEL.exists():
        return "## Assistant\n\nSkipped: needs the Rasa environment and a trained model (`make model`).\n"
    url = ctx.sqlite_url("assistant")
    core = bootstrap(url)
    upgrade(core.engine)
    summary = load_demo(core.uow())
    logger.info("%s", summary)
    people = _people(core)
    assistant = start_assistant(url, log_dir=ctx.work_dir)
    try:
        client = RasaClient(assistant.rasa.url, timeout=60)
        mix = [(sender, text) for sender, language, account in people for text in _messages(language, account)]
        for sender, _ in mix:  # session start once per rep, outside the measurement
            client.send(sender, "hola")
        sequential = measure(lambda i: client.send(*mix[i % len(mix)]), calls=ctx.scaled(120, 30), warmup=6)
        rasa_only = measure(lambda i: client.send(people[i % len(people)][0], "ayuda"), calls=30, warmup=3)
        per_kind = {}
        for text in _messages("es", people[0][2]):
            per_kind[text] = measure(lambda _i, t=text: client.send(people[0][0], t), calls=10, warmup=1)
        clients = [RasaClient(assistant.rasa.url, timeout=120) for _ in range(USERS)]
        # ten distinct conversations (Rasa serialises messages of one conversation): each demo rep
        # on several channels, as a rep with Slack, Telegram and the web chat would be
        concurrent_senders = [sender_id(int(people[u % len(people)][0].split(":")[0]), CHANNELS[u // len(people)])
                              for u in range(USERS)]
        for u, sender in enumerate(concurrent_senders):
            clients[u].send(sender, "hola")
        per_user = ctx.scaled(12, 4)
        concurrent = _concurrent(lambda u, i: clients[u].send(concurrent_senders[u], mix[(u + i) % len(mix)][1]),
                                 USERS, per_user)
    finally:
        assistant.stop()
    in_process = _in_process(core, people)
    core.engine.dispose()
    verdict = "meets" if sequential.p95_ms <= AIM_MS else "misses"
    lines = [
        "## Assistant (Rasa REST channel + action server + SQLite, demo data)",
        "",
        f"One message from a demo rep to the reply, through the real Rasa server and action server on "
        f"the demo company ({summary.split(';')[0]}). Mix per rep: sprint status, agenda, account card, "
        f"log a call, pipeline, help. Aim: p95 under {AIM_MS:.0f} ms; sequential p95 {verdict} it.",
        "",
        TIMING_HEADER,
        sequential.row("mixed messages, one at a time"),
        concurrent.row(f"mixed messages, {USERS} concurrent users"),
        rasa_only.row("help (Rasa only: NLU, policies, response; no custom action)"),
        *[timing.row(f"«{text}»") for text, timing in per_kind.items()],
        *[timing.row(f"{label}, action in-process (actions + core + SQLite, no Rasa, no HTTP)")
          for label, timing in in_process.items()],
        "",
        "Rasa's own share is the help row; a business message adds one HTTP call to the action "
        "server plus the action's database work (the in-process rows). The concurrent row is "
        "ten distinct conversations on one Rasa process and one action server: Rasa runs NLU and "
        "policy prediction on its event loop, so messages queue behind each other and latency "
        "grows with the number of users (throughput, not per-message cost, is the limit).",
    ]
    return "\n".join(lines) + "\n"
