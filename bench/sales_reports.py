"""Sales reports at scale: every report of `crm_core.services.analytics` for a year and a team of 20 reps.

Starts from the large company of `bench.core` (100,000 accounts, 1,000,000 activities), joins
two of its teams into one of 20 reps, and adds what the reports read that the core benchmark
does not write: a year of status changes, deals closed across the year in two currencies,
inbox conversations, an active sprint per rep and monthly and quarterly sales plans.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update

from bench.context import TIMING_CPU_HEADER, BenchContext, Timing, measure, stopwatch
from bench.core import Company, _bulk, generate
from crm_core.bootstrap import Core, bootstrap
from crm_core.domain.periods import Period, month_of, quarter_of
from crm_core.persistence.migrate import upgrade
from crm_core.persistence.models import (
    Account,
    Conversation,
    Message,
    Opportunity,
    SalesPlan,
    Sprint,
    SprintAccount,
    Status,
    StatusChange,
    User,
)
from crm_core.services import flow
from crm_core.services.analytics import deals, funnel, performance, plans, sources, team
from crm_core.services.common import Actor

logger = logging.getLogger("bench.sales_reports")

CALLS = 7
WARMUP = 2
AIM_MS = 500.0
CONVERSATIONS = 20_000
MESSAGES_PER_CONVERSATION = (2, 6)
SPRINT_ACCOUNTS = 200
TEAM = 1  # team 2 joins it: 20 reps
MANAGER = 2  # "Gerente 1"


def _join_teams(core: Core) -> list[int]:
    """Make team 1 a team of 20 reps by moving team 2's reps and accounts into it."""
    with core.engine.begin() as connection:
        connection.execute(update(User).where(User.team_id == TEAM + 1, User.role == "rep").values(team_id=TEAM))
        connection.execute(update(Account).where(Account.team_id == TEAM + 1).values(team_id=TEAM))
        return list(connection.scalars(select(User.id).where(User.team_id == TEAM, User.role == "rep")
                                       .order_by(User.id)))


def _history(core: Core, rng: random.Random, now: datetime) -> int:
    """A year of status changes: each account walked up the flow to its status, some of them lost."""
    with core.engine.begin() as connection:
        statuses = {row.key: (row.id, row.position, row.kind) for row in connection.execute(
            select(Status.key, Status.id, Status.position, Status.kind))}
        path = [statuses[k][0] for k in ("lead", "qualified", "proposal", "negotiation", "client")]
        lost = statuses["lost"][0]
        accounts = connection.execute(select(Account.id, Account.status_id, Account.owner_id, Account.created_at)).all()

        def rows() -> Iterator[dict[str, Any]]:
            for account_id, status_id, owner, created in accounts:
                if status_id == lost:
                    steps = [*path[:rng.randint(1, 3)], lost]
                elif status_id in path:
                    steps = path[:path.index(status_id) + 1]
                else:
                    continue
                start = max(created, now - timedelta(days=365))
                span = max((now - start).total_seconds(), 3600)
                moments = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in steps[1:])
                for before, after, at in zip(steps, steps[1:], moments, strict=False):
                    yield {"account_id": account_id, "from_status_id": before, "to_status_id": after,
                           "user_id": owner, "at": at}

        return _bulk(connection, StatusChange.__table__, rows())


def _spread_deals(core: Core, rng: random.Random, now: datetime) -> int:
    """Closed deals closed across the year after they opened; a fifth of all deals in CLP."""
    with core.engine.begin() as connection:
        closed = connection.execute(select(Opportunity.id, Opportunity.created_at, Opportunity.status)).all()
        changes = []
        for opportunity_id, created, status in closed:
            row: dict[str, Any] = {"b_id": opportunity_id,
                                   "b_currency": "CLP" if rng.random() < 0.2 else "USD"}
            row["b_closed"] = (created + (now - created) * rng.random()) if status != "open" else None
            changes.append(row)
        table = Opportunity.__table__
        statement = (table.update().where(table.c.id == bindparam("b_id"))
                     .values(closed_at=bindparam("b_closed"), currency=bindparam("b_currency")))
        for start in range(0, len(changes), 10_000):
            connection.execute(statement, changes[start:start + 10_000])
        return len(changes)


def _inbox(core: Core, ctx: BenchContext, rng: random.Random, reps: list[int], now: datetime) -> int:
    """Conversations of the team's reps, customer messages each answered minutes to hours later."""
    with core.engine.begin() as connection:
        owned = connection.execute(select(Account.id, Account.owner_id).where(Account.team_id == TEAM)).all()
        conversations = []
        for number in range(ctx.scaled(CONVERSATIONS, 50)):
            account_id, owner = rng.choice(owned)
            conversations.append({"id": number + 1, "channel": "whatsapp", "thread_key": f"bench-{number}",
                                  "account_id": account_id, "assignee_id": owner, "status": "resolved",
                                  "created_at": now - timedelta(minutes=rng.randint(60, 365 * 24 * 60))})
        connection.execute(insert(Conversation.__table__), conversations)

        def messages() -> Iterator[dict[str, Any]]:
            for conversation in conversations:
                at = conversation["created_at"]
                for index in range(rng.randint(*MESSAGES_PER_CONVERSATION)):
                    inbound = index % 2 == 0
                    yield {"conversation_id": conversation["id"], "channel": "whatsapp",
                           "direction": "in" if inbound else "out", "kind": "text", "text": "hola",
                           "attachments": [], "external_id": f"bench-{conversation['id']}-{index}",
                           "author_id": None if inbound else conversation["assignee_id"], "automatic": False,
                           "delivery_status": "received" if inbound else "sent", "attempts": 0, "meta": {},
                           "created_at": at}
                    at = at + timedelta(minutes=rng.randint(1, 240))

        count = _bulk(connection, Message.__table__, messages())
        if connection.dialect.name == "postgresql":
            for table in ("conversations", "messages"):
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
        return count


def _sprints_and_plans(core: Core, rng: random.Random, reps: list[int], today: date) -> None:
    """An active 30-day sprint of 200 of their accounts per rep; a month and a quarter plan per rep."""
    with core.engine.begin() as connection:
        start = today - timedelta(days=15)
        for rep in reps:
            sprint_id = connection.execute(insert(Sprint.__table__).values(
                owner_id=rep, name="Bench", start=start, end=start + timedelta(days=29), status="active",
                goal_kind=rng.choice(("conversions", "revenue")), goal_target=Decimal(20), notes="",
                created_at=datetime.now(UTC)).returning(Sprint.__table__.c.id)).scalar_one()
            ids = list(connection.scalars(select(Account.id).where(Account.owner_id == rep).limit(SPRINT_ACCOUNTS)))
            connection.execute(insert(SprintAccount.__table__), [
                {"sprint_id": sprint_id, "account_id": a, "added_at": datetime.now(UTC)} for a in ids])
            for period, metric, currency in ((month_of(today), "count", ""), (quarter_of(today), "value", "USD")):
                connection.execute(insert(SalesPlan.__table__).values(
                    user_id=rep, grain=period.grain, period_start=period.start, period_end=period.end,
                    metric=metric, currency=currency, target=Decimal(rng.randint(5, 50) * (1 if metric == "count" else 1000)),
                    set_by_id=MANAGER, created_at=datetime.now(UTC), updated_at=datetime.now(UTC)))
        connection.execute(text("ANALYZE"))


def _prepare(core: Core, ctx: BenchContext) -> tuple[Company, list[int], dict[str, int], dict[str, float]]:
    rng = random.Random(2026)
    company = generate(core, ctx, rng)
    now, today = datetime.now(UTC), date.today()
    added: dict[str, int] = {}
    took: dict[str, float] = {}
    with stopwatch() as elapsed:
        reps = _join_teams(core)
        added["status changes"] = _history(core, rng, now)
        added["closed deals spread over the year"] = _spread_deals(core, rng, now)
        added["inbox messages"] = _inbox(core, ctx, rng, reps, now)
        _sprints_and_plans(core, rng, reps, today)
    took["report data"] = elapsed[0]
    if core.engine.dialect.name == "postgresql":
        with core.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
    return company, reps, added, took


def _measurements(core: Core, reps: list[int]) -> list[tuple[str, Timing]]:
    manager = Actor(MANAGER, "api")
    today = date.today()
    year = Period(today - timedelta(days=364), today)
    calls: list[tuple[str, Callable[[int], object]]] = [
        ("funnel, team, a year", lambda i: funnel.funnel(core.uow(), manager, year, "team")),
        ("average deal, team, a year", lambda i: deals.average_deal(core.uow(), manager, year, "team")),
        ("plan vs actual, team, a year", lambda i: plans.plan_vs_actual(core.uow(), manager, year, "team")),
        ("lead sources, team, a year", lambda i: sources.lead_sources(core.uow(), manager, year, "team")),
        ("rep performance, team, a year", lambda i: performance.rep_performance(core.uow(), manager, year, "team")),
        ("dynamics, team, 12 months", lambda i: deals.dynamics(core.uow(), manager, grain="month", periods=12,
                                                                 scope="team")),
        ("dynamics, team, 52 weeks", lambda i: deals.dynamics(core.uow(), manager, grain="week", periods=52,
                                                                scope="team")),
        ("pipeline by rep, team, a year", lambda i: deals.pipeline_by_rep(core.uow(), manager, year, "team")),
        ("profitability by rep, team, a year",
         lambda i: deals.profitability_by_rep(core.uow(), manager, year, "team")),
        ("team sprints, 20 reps", lambda i: team.team_sprints(core.uow(), manager)),
        ("what a rep needs", lambda i: team.rep_needs(core.uow(), manager, reps[i % len(reps)])),
        ("weekly manager digest, 20 reps", lambda i: team.manager_digest(core.uow(), manager)),
        ("funnel, one rep, a year", lambda i: funnel.funnel(core.uow(), Actor(reps[0], "api"), year)),
    ]
    results = []
    for label, call in calls:
        timing = measure(call, CALLS, WARMUP)
        logger.info("%s: median %.1f ms, p95 %.1f ms", label, timing.median_ms, timing.p95_ms)
        results.append((label, timing))
    return results


def _one_database(label: str, url: str, ctx: BenchContext) -> str:
    core = bootstrap(url)
    try:
        upgrade(core.engine)
        flow.ensure_default_flow(core.uow())
        logger.info("%s: generating data for the sales reports", label)
        company, reps, added, took = _prepare(core, ctx)
        results = _measurements(core, reps)
    finally:
        core.engine.dispose()
    data = {**company.counts, **added}
    lines = [f"### {label}", "", "Data: " + ", ".join(f"{v:,} {k}" for k, v in data.items()) + ".", "",
             "Generation: " + ", ".join(f"{k} {v:.1f} s" for k, v in {**company.generation, **took}.items()) + ".",
             "", TIMING_CPU_HEADER]
    for name, timing in results:
        met = "" if timing.median_ms < AIM_MS else " (**over the aim**)"
        lines.append(timing.row_with_cpu(name + met))
    return "\n".join([*lines, ""])


def run(ctx: BenchContext) -> str:
    """Generate the company with a year of sales history and time every sales report on both databases."""
    parts = ["## Sales reports", "",
             f"The manager of a team of 20 reps asks each report for the last 365 days; {CALLS} timed calls "
             f"after {WARMUP} warm-up calls each, through the real services. Aim: median under "
             f"{AIM_MS:.0f} ms.", ""]
    parts.append(_one_database("SQLite (file under var/bench/)", ctx.sqlite_url("sales_reports"), ctx))
    with ctx.postgres_schema("bench_sales_reports") as url:
        parts.append(_one_database("PostgreSQL (fresh schema, dropped afterwards)", url, ctx))
    return "\n".join(parts)
