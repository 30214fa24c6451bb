"""Sprints and reports at scale: progress of a 5,000-account sprint, close with rollover,
profitability by sector over a year, on the large company of `bench.core`."""

from __future__ import annotations

import logging
import random
import statistics
from datetime import date, timedelta

from sqlalchemy import select

from bench.context import BenchContext, Timing, measure, stopwatch
from bench.core import Company, generate
from crm_core.bootstrap import bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.persistence.models import Account
from crm_core.services import flow, reports, sprints
from crm_core.services.common import Actor

logger = logging.getLogger("bench")

SPRINT_ACCOUNTS = 5_000
CLOSE_RUNS = 5
PROGRESS_CALLS = 100
REPORT_CALLS = 5
AIMS = {"progress": 50.0, "close": 2000.0, "profitability": 1000.0}


def _timing(samples: list[float]) -> Timing:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return Timing(len(samples), statistics.median(samples), p95, samples[-1])


def _sprint(core, admin: Actor, owner: int, ids: list[int], n: int, today: date) -> int:  # type: ignore[no-untyped-def]
    start = today - timedelta(days=20 + 40 * n)
    sprint = sprints.create_sprint(core.uow(), admin, name=f"Bench {n}", start=start,
                                   end=start + timedelta(days=29), owner_id=owner,
                                   goal_kind="conversions", goal_target=500)
    sprints.add_accounts(core.uow(), admin, sprint.id, ids)
    return sprint.id


def _measure(core, company: Company, ctx: BenchContext) -> list[tuple[str, Timing, float]]:  # type: ignore[no-untyped-def]
    admin, owner = Actor(company.admin_id, "api"), company.reps[3]
    rng = random.Random(5)
    with core.engine.connect() as connection:
        all_ids = list(connection.scalars(select(Account.id)))
    size = min(ctx.scaled(SPRINT_ACCOUNTS, 50), len(all_ids))
    today = date.today()
    results: list[tuple[str, Timing, float]] = []

    main = _sprint(core, admin, owner, rng.sample(all_ids, size), 0, today)
    progress = measure(lambda i: sprints.sprint_progress(core.uow(), admin, main), PROGRESS_CALLS, 10)
    results.append((f"sprint progress ({size:,} accounts)", progress, AIMS["progress"]))

    samples, moved = [], 0
    for run in range(1, CLOSE_RUNS + 1):
        sprint_id = _sprint(core, admin, owner, rng.sample(all_ids, size), run, today)
        with stopwatch() as took:
            closed = sprints.close_sprint(core.uow(), admin, sprint_id, rollover=True)
        samples.append(took[0] * 1000)
        moved = closed.rolled_over
        if closed.rolled_into is not None:  # leave no active target for the next run
            sprints.close_sprint(core.uow(), admin, closed.rolled_into.id, rollover=False)
    results.append((f"close with rollover ({size:,} accounts, ~{moved:,} rolled over)", _timing(samples),
                    AIMS["close"]))

    year = (today - timedelta(days=365), today)
    report = measure(lambda i: reports.profitability(core.uow(), admin, *year), REPORT_CALLS, 1)
    results.append(("profitability by sector, one year, admin", report, AIMS["profitability"]))
    pipeline = measure(lambda i: reports.pipeline_summary(core.uow(), admin, *year), REPORT_CALLS, 1)
    results.append(("pipeline summary, one year, admin", pipeline, AIMS["profitability"]))
    return results


def _one_database(label: str, url: str, ctx: BenchContext) -> str:
    core = bootstrap(url)
    try:
        upgrade(core.engine)
        flow.ensure_default_flow(core.uow())
        logger.info("%s: generating data for sprints", label)
        company = generate(core, ctx, random.Random(2026))
        results = _measure(core, company, ctx)
    finally:
        core.engine.dispose()
    lines = [f"### {label}", "", "Data: " + ", ".join(f"{v:,} {k}" for k, v in company.counts.items()) + ".",
             "", "| call | calls | median ms | p95 ms | max ms | aim (median) ms | met |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for name, timing, aim in results:
        met = "yes" if timing.median_ms < aim else "**no**"
        lines.append(f"{timing.row(name)} {aim:.0f} | {met} |")
    return "\n".join([*lines, ""])


def run(ctx: BenchContext) -> str:
    """Time sprint progress, close with rollover and the reports on SQLite and PostgreSQL."""
    parts = ["## Sprints and reports", "",
             "Same generated company as the core benchmark. A sprint of 5,000 random accounts (scaled by BENCH_SCALE) owned by one "
             f"rep; progress timed over {PROGRESS_CALLS} calls; close with rollover timed on {CLOSE_RUNS} fresh "
             "sprints of the same size (each rolls into a new sprint, closed afterwards untimed); reports "
             f"over the last 365 days as admin, {REPORT_CALLS} calls.", ""]
    parts.append(_one_database("SQLite (file under var/bench/)", ctx.sqlite_url("sprints"), ctx))
    with ctx.postgres_schema("bench_sprints") as url:
        parts.append(_one_database("PostgreSQL (fresh schema, dropped afterwards)", url, ctx))
    return "\n".join(parts)
