"""The scheduler: morning agendas for 1,000 reps with 20 tasks each, sent to a fake Slack, and idle CPU.

The agenda run is the real job (`bot.jobs.send_morning_agendas`) with the real Slack
notifier pointed at the local fake Slack of the tests, on SQLite and PostgreSQL. Idle CPU
is the CPU time of a real `rumbo scheduler` process (holding the lease, default timings)
over an idle stretch, read from /proc.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from datetime import time as wall
from pathlib import Path

from sqlalchemy import insert, select

from bench.context import BenchContext, stopwatch
from bot import jobs
from bot.notify import Notifier
from bot.settings import Settings
from crm_core.bootstrap import Core, bootstrap
from crm_core.domain.schedule import local_instant
from crm_core.persistence.migrate import upgrade
from crm_core.persistence.models import (
    Account,
    Identity,
    Sprint,
    SprintAccount,
    Status,
    Task,
    Team,
    User,
)
from crm_core.services import flow
from tests.fakes.slack import FakeSlack

logger = logging.getLogger("bench.scheduler")

REPS = 1_000
TASKS_PER_REP = 20
SPRINT_ACCOUNTS = 5
TZ = "America/Santiago"
IDLE_SECONDS = 30


def _monday() -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def _populate(core: Core, reps: int, monday: date) -> None:
    """Reps with a Slack identity, 20 tasks each (planned today, free, overdue, later) and a sprint."""
    with core.engine.begin() as db:
        team_id = db.execute(insert(Team).values(name="Bench").returning(Team.id)).scalar_one()
        lead = db.scalar(select(Status.id).where(Status.key == "lead"))
        db.execute(insert(User), [{"name": f"Rep {i}", "email": f"rep{i}@bench.test", "role": "rep",
                                   "team_id": team_id, "language": "es" if i % 2 else "en", "timezone": TZ,
                                   "active": True} for i in range(reps)])
        ids = list(db.scalars(select(User.id).order_by(User.id)))
        db.execute(insert(Identity), [{"user_id": u, "provider": "slack", "external_id": f"U{u:07d}"} for u in ids])
        day_start = local_instant(monday, wall(9), TZ)
        rows = []
        for u in ids:
            for k in range(TASKS_PER_REP):
                kind = k % 4
                due = {0: day_start + timedelta(minutes=30 * k), 1: None,
                       2: day_start - timedelta(days=1 + k), 3: day_start + timedelta(days=2 + k)}[kind]
                rows.append({"type": "call", "title": f"Tarea {k}", "assignee_id": u, "status": "open",
                             "due_at": due, "start_date": monday if kind == 1 else None})
        db.execute(insert(Task), rows)
        db.execute(insert(Sprint), [{"owner_id": u, "name": "Sprint 1", "start": monday, "end": monday + timedelta(days=13),
                                     "status": "active"} for u in ids])
        db.execute(insert(Account), [{"name": f"Cuenta {u}-{a}", "search_name": f"cuenta {u} {a}", "owner_id": u,
                                      "team_id": team_id, "status_id": lead, "custom": {}}
                                     for u in ids for a in range(SPRINT_ACCOUNTS)])
        sprint_of = dict(db.execute(select(Sprint.owner_id, Sprint.id)).all())
        db.execute(insert(SprintAccount), [{"sprint_id": sprint_of[owner], "account_id": account}
                                           for account, owner in db.execute(select(Account.id, Account.owner_id))])


def _agendas(url: str, reps: int, slack: FakeSlack) -> tuple[float, int]:
    core = bootstrap(url)
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    monday = _monday()
    _populate(core, reps, monday)
    settings = Settings(database_url=url, slack_bot_token="xoxb-bench", slack_api_url=slack.api_url)
    notifier = Notifier(settings)
    eight = local_instant(monday, wall(8, 1), TZ)
    jobs.configure(jobs.Runtime(core, notifier, jobs.JobConfig(), lambda: eight))
    slack.clear()
    try:
        with stopwatch() as elapsed:
            sent = jobs.send_morning_agendas()
    finally:
        jobs.configure(None)
        notifier.close()
        core.engine.dispose()
    assert sent == reps and len(slack.posted()) == reps, (sent, len(slack.posted()))
    return elapsed[0], sent


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _idle_cpu(url: str, slack: FakeSlack, work_dir: Path, seconds: int) -> tuple[float, float]:
    """(CPU seconds, percent of one core) of `rumbo scheduler` over `seconds` after it took the lease."""
    env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "s",
           "SLACK_API_URL": slack.api_url, "RUMBO_SECRET_KEY": "bench"}
    log_path = work_dir / "scheduler-idle.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(Path(sys.executable).with_name("rumbo")), "scheduler"], env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while "holds the lease" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(5)  # the first run of every job happens at take-over
        before = _cpu_seconds(process.pid)
        time.sleep(seconds)
        used = _cpu_seconds(process.pid) - before
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    return used, 100 * used / seconds


def run(ctx: BenchContext) -> str:
    """Markdown section: agenda fan-out time per database, and idle CPU."""
    reps = ctx.scaled(REPS, minimum=10)
    slack = FakeSlack()
    slack.start()
    try:
        rows = []
        sqlite_url = ctx.sqlite_url("scheduler")
        seconds, sent = _agendas(sqlite_url, reps, slack)
        rows.append(f"| SQLite | {reps} | {sent} | {seconds:.1f} | {1000 * seconds / sent:.1f} |")
        try:
            with ctx.postgres_schema("bench_scheduler") as pg_url:
                seconds, sent = _agendas(pg_url, reps, slack)
                rows.append(f"| PostgreSQL | {reps} | {sent} | {seconds:.1f} | {1000 * seconds / sent:.1f} |")
        except Exception as exc:  # noqa: BLE001 - the section says PostgreSQL was not measured
            logger.warning("PostgreSQL agenda run skipped: %s", exc)
            rows.append(f"| PostgreSQL | – | – | not measured ({type(exc).__name__}) | – |")
        idle_seconds = max(10, int(IDLE_SECONDS * min(ctx.scale, 1.0)))
        used, percent = _idle_cpu(sqlite_url, slack, ctx.work_dir, idle_seconds)
    finally:
        slack.stop()
    return "\n".join([
        "## Scheduler",
        "",
        f"Morning agendas at 8:00 for {reps} reps with {TASKS_PER_REP} tasks each (planned today, free, overdue,",
        f"later) and {SPRINT_ACCOUNTS} untouched sprint accounts each: the real job computing every agenda and",
        "sending it with the Slack notifier to a local fake Slack (one process, six worker threads).",
        "",
        "| database | reps | agendas sent | seconds | ms per rep |",
        "|---|---:|---:|---:|---:|",
        *rows,
        "",
        f"Idle `rumbo scheduler` (holding the lease, default timings: reminders every 15 s, other jobs every 60 s,"
        f" lease renewed every 10 s) on the same SQLite database: {used:.2f} CPU seconds over {idle_seconds} s"
        f" = {percent:.1f} % of one core.",
    ])
