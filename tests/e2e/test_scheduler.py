"""`rumbo scheduler` as real processes against a fake Slack: one reminder, snooze, kill and takeover.

The snooze is pressed the way Slack sends it: a signed interactivity POST to the gateway, answered
by the real assistant, so the scheduler runs on the database the assistant's processes use.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crm_core.bootstrap import Core
from crm_core.services import tasks, users
from crm_core.services.common import SYSTEM, Actor
from tests.e2e.channels_support import ANSWER_TIMEOUT, Gateway, channel_gateway, slack_click
from tests.fakes.slack import FakeSlack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
__all__ = ["channel_gateway"]  # the session fixture, used by name
RUMBO = Path(sys.executable).with_name("rumbo")
# The schedulers start beside the running assistant (Rasa and the action server) on two shared
# cores: importing the scheduler can take half a minute there.
STARTUP = 90.0
REP = "U0SCHEDROSA"  # Rosa's Slack id; the scheduler writes to it, the gateway answers in D<id>


class Schedulers:
    """Starts `rumbo scheduler` processes and ends them (SIGKILL or SIGTERM) by pid."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.running: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, name: str) -> subprocess.Popen[bytes]:
        log = self.logs / f"{name}.log"
        with open(log, "ab") as out:
            process = subprocess.Popen([str(RUMBO), "scheduler"], env=self.env, stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append((process, log))
        return process

    def log(self, process: subprocess.Popen[bytes]) -> str:
        return next(path for p, path in self.running if p is process).read_text()

    def wait_for_leader(self, among: list[subprocess.Popen[bytes]], timeout: float = STARTUP) -> subprocess.Popen[bytes]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            leaders = [p for p in among if "holds the lease" in self.log(p)]
            if leaders:
                assert len(leaders) == 1, "two schedulers hold the lease at once"
                return leaders[0]
            time.sleep(0.1)
        raise AssertionError("no scheduler took the lease: " + " | ".join(self.log(p)[-500:] for p in among))

    def stop_all(self) -> None:
        for process, _ in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, _ in self.running:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


@pytest.fixture
def slack(channel_gateway: Gateway) -> FakeSlack:
    """The fake Slack the gateway answers on; the schedulers send to it too."""
    return channel_gateway.slack_api


@pytest.fixture
def world(tmp_path: Path, assistant_db: tuple[str, Core], slack: FakeSlack) -> Iterator[tuple[Core, Schedulers, int]]:
    url, core = assistant_db
    rosa = users.add_user(core.uow(), SYSTEM, name="Rosa", email="rosa@scheduler-e2e.test", role="rep",
                          team="Scheduler", slack_id=REP, language="en", timezone="Europe/Madrid")
    env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
           "SLACK_API_URL": slack.api_url, "RUMBO_SECRET_KEY": "test", "TELEGRAM_BOT_TOKEN": "",
           "RUMBO_SCHEDULER_TICK_SECONDS": "0.5", "RUMBO_LEASE_SECONDS": "3", "RUMBO_LEASE_RENEW_SECONDS": "0.5"}
    schedulers = Schedulers(env, tmp_path)
    yield core, schedulers, rosa.id
    schedulers.stop_all()


def _plan(core: Core, user_id: int, title: str, seconds: float) -> int:
    due = (datetime.now(UTC) + timedelta(seconds=seconds)).replace(microsecond=0)
    return tasks.schedule_task(core.uow(), Actor(user_id, "api"), type="call", title=title, due_at=due).id


MORNING = "Good morning"  # the morning agenda, due between 8:00 and noon in Madrid on working days


def _reminders(slack: FakeSlack, title: str) -> list[dict]:  # type: ignore[type-arg]
    return [p for p in slack.posted(REP) if title in str(p.get("text")) and MORNING not in str(p.get("text"))]


def _agendas(slack: FakeSlack) -> list[dict]:  # type: ignore[type-arg]
    return [p for p in slack.posted(REP) if MORNING in str(p.get("text"))]


def test_one_reminder_snooze_and_no_double_sends_across_kill_and_takeover(world, slack: FakeSlack,
                                                                          channel_gateway: Gateway) -> None:
    core, schedulers, rosa = world
    first = schedulers.start("first")
    schedulers.wait_for_leader([first])
    task_id = _plan(core, rosa, "Call Martillo", seconds=3)

    slack.wait_for(lambda c: "Call Martillo" in str(c.params.get("text")) and MORNING not in str(c.params.get("text")),
                   timeout=STARTUP)
    time.sleep(2)  # several more ticks: still exactly one
    [reminder] = _reminders(slack, "Call Martillo")
    buttons = FakeSlack.blocks(reminder)[1]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Done", "In 1 hour", "Tomorrow 9:00"]

    # The rep presses "In 1 hour": Slack posts the click to the gateway, the assistant moves the task.
    pressed_at = datetime.now(UTC)
    answered = len(slack.posted(f"D{REP}"))
    click = slack_click(REP, {**reminder, "ts": "1700000555.000001"}, buttons[1], trigger="e2e.scheduler.snooze")
    assert channel_gateway.slack(click).status_code == 200
    slack.wait_for(lambda c: c.path == "/api/chat.postMessage" and c.params.get("channel") == f"D{REP}",
                   count=answered + 1, timeout=ANSWER_TIMEOUT)
    reply = slack.posted(f"D{REP}")[answered]["text"]
    assert "Call Martillo" in reply and reply.startswith("Moved"), reply
    moved = tasks.get_task(core.uow(), SYSTEM, task_id)
    assert timedelta(minutes=59) < moved.due_at - pressed_at < timedelta(minutes=61)  # type: ignore[operator]

    os.killpg(first.pid, signal.SIGKILL)
    first.wait(5)
    second_task = _plan(core, rosa, "Visit Tornillos", seconds=6)
    a, b = schedulers.start("a"), schedulers.start("b")
    leader = schedulers.wait_for_leader([a, b])
    slack.wait_for(lambda c: "Visit Tornillos" in str(c.params.get("text")), timeout=STARTUP)
    time.sleep(2)
    assert len(_reminders(slack, "Call Martillo")) == 1
    assert len(_reminders(slack, "Visit Tornillos")) == 1
    assert second_task != task_id

    # The leader dies too: the survivor takes over and the next reminder still goes exactly once.
    survivor = b if leader is a else a
    os.killpg(leader.pid, signal.SIGKILL)
    leader.wait(5)
    _plan(core, rosa, "Email Acme", seconds=6)
    schedulers.wait_for_leader([survivor])
    slack.wait_for(lambda c: "Email Acme" in str(c.params.get("text")), timeout=STARTUP)
    time.sleep(2)
    assert [len(_reminders(slack, t)) for t in ("Call Martillo", "Visit Tornillos", "Email Acme")] == [1, 1, 1]
    agendas = _agendas(slack)
    assert len(agendas) <= 1
    assert len(slack.posted(REP)) == 3 + len(agendas)
