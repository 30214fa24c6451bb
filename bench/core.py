"""Core services on a large company: name resolution, agenda, account summary.

Generates 100,000 accounts, ~200,000 contacts, 1,000,000 activities and ~100,000
tasks with bulk inserts, then times the real services on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection

from bench.context import TIMING_CPU_HEADER, BenchContext, Timing, measure, stopwatch
from crm_core.bootstrap import Core, bootstrap
from crm_core.domain import names
from crm_core.persistence.migrate import upgrade
from crm_core.persistence.models import (
    Account,
    Activity,
    Contact,
    Opportunity,
    Status,
    Task,
    Team,
    Territory,
    User,
)
from crm_core.services import accounts, flow, tasks
from crm_core.services.common import Actor

logger = logging.getLogger("bench.core")

ACCOUNTS = 100_000
CONTACTS_PER_ACCOUNT = (1, 3)  # uniform: ~200,000 contacts
ACTIVITIES = 1_000_000
TASKS = 100_000
OPPORTUNITIES = 60_000
TEAMS = 5
REPS_PER_TEAM = 10
CALLS = 200
CHUNK = 10_000

PREFIXES = (
    "Ferretería", "Clínica", "Hotel", "Constructora", "Distribuidora", "Comercial", "Grupo",
    "Inversiones", "Transportes", "Farmacia", "Restaurante", "Taller", "Laboratorio",
    "Importadora", "Agrícola", "Panadería", "Librería", "Óptica", "Inmobiliaria", "Logística",
    "Supermercado", "Consultora", "Minera", "Textil", "Frigorífico", "Colegio", "Centro Médico",
    "Estudio", "Almacén", "Hostal",
)
CORES = (
    "El Martillo", "Santa Fe", "Mirador", "Andino", "del Pacífico", "San José", "La Estrella",
    "Los Andes", "Austral", "Horizonte", "El Roble", "Las Palmas", "Del Valle", "Sol y Mar",
    "La Esperanza", "Cordillera", "Río Claro", "Monteverde", "Buena Vista", "El Faro",
    "Santa María", "Los Pinos", "Aurora", "Patagonia", "Alborada", "El Puerto", "Tres Ríos",
    "La Cumbre", "Nueva Era", "San Martín", "Costa Azul", "El Sauce", "Bahía", "Altamira",
    "La Fuente", "Piedra Blanca", "Vista Hermosa", "Los Olivos", "San Rafael", "El Dorado",
)
PLACES = (
    "", "", "", "", "Santiago", "Valparaíso", "Concepción", "Temuco", "Antofagasta", "Monterrey",
    "Guadalajara", "Puebla", "Querétaro", "Mérida", "Medellín", "Cali", "Barranquilla", "Bogotá",
    "Madrid", "Sevilla", "Valencia", "Bilbao", "Zaragoza", "Norte", "Sur", "Centro", "Oriente",
)
LEGAL = ("", "", "S.A.", "SpA", "Ltda.", "S.A. de C.V.", "S.L.", "S.A.S.")
SECTORS = ("Retail", "Construcción", "Salud", "Hostelería", "Logística", "Tecnología",
           "Educación", "Agro", "Minería", "Inmobiliario")
COUNTRIES = ("CL", "MX", "CO", "ES", "PE", "AR")
FIRST = ("Ana", "Bruno", "Carla", "Diego", "Elena", "Felipe", "Gabriela", "Hugo", "Isabel",
         "Javier", "Lucía", "Martín", "Natalia", "Óscar", "Paula", "Ramón", "Sofía", "Tomás")
LAST = ("González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez",
        "Sepúlveda", "Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya")
OUTCOMES = ("Interesado, pide cotización", "No contesta, reintentar", "Enviada propuesta",
            "Reunión agendada para la próxima semana", "Pide descuento por volumen",
            "Conforme con la entrega", "Evaluando con su gerente", "Solicita catálogo actualizado")
ACTIVITY_TYPES = ("call", "call", "call", "email", "email", "visit", "whatsapp", "meeting", "note")


@dataclass
class Company:
    """Ids of the generated company, to pick benchmark subjects from."""

    admin_id: int = 0
    reps: list[int] = field(default_factory=list)
    team_of: dict[int, int] = field(default_factory=dict)
    account_names: list[tuple[int, str, int]] = field(default_factory=list)  # id, name, owner
    generation: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _chunks(rows: Iterator[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(connection: Connection, table: Any, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    for batch in _chunks(rows):
        connection.execute(insert(table), batch)
        count += len(batch)
    return count


def _account_name(rng: random.Random) -> str:
    parts = [rng.choice(PREFIXES), rng.choice(CORES), rng.choice(PLACES), rng.choice(LEGAL)]
    return " ".join(p for p in parts if p)


def generate(core: Core, ctx: BenchContext, rng: random.Random) -> Company:
    """Fill an empty, migrated database with a large company, table by table."""
    company = Company()
    now = datetime.now(UTC)
    n_accounts = ctx.scaled(ACCOUNTS, 200)
    with core.engine.begin() as connection:
        statuses = {row.key: row.id for row in connection.execute(select(Status.key, Status.id))}
        status_ids = [statuses[k] for k in ("target", "lead", "qualified", "proposal", "negotiation",
                                            "client", "lost")]
        with stopwatch() as took:
            connection.execute(insert(Team.__table__), [{"id": t + 1, "name": f"Equipo {t + 1}"}
                                                        for t in range(TEAMS)])
            people = [{"id": 1, "name": "Admin", "email": "admin@bench.test", "role": "admin",
                       "team_id": None, "language": "es", "timezone": "America/Santiago",
                       "active": True, "created_at": now}]
            for t in range(TEAMS):
                people.append({**people[0], "id": len(people) + 1, "name": f"Gerente {t + 1}",
                               "email": f"manager{t + 1}@bench.test", "role": "manager", "team_id": t + 1})
                for _ in range(REPS_PER_TEAM):
                    rep_id = len(people) + 1
                    people.append({**people[0], "id": rep_id, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                                   "email": f"rep{rep_id}@bench.test", "role": "rep", "team_id": t + 1,
                                   "timezone": rng.choice(("America/Santiago", "America/Mexico_City",
                                                           "Europe/Madrid"))})
                    company.reps.append(rep_id)
                    company.team_of[rep_id] = t + 1
            connection.execute(insert(User.__table__), people)
            connection.execute(insert(Territory.__table__), [
                {"id": t + 1, "name": f"Zona {t + 1}", "responsible_id": company.reps[t * REPS_PER_TEAM],
                 "team_id": t + 1} for t in range(TEAMS)])
            company.admin_id = 1

            def account_rows() -> Iterator[dict[str, Any]]:
                for account_id in range(1, n_accounts + 1):
                    owner = rng.choice(company.reps)
                    name = _account_name(rng)
                    status = rng.choices(status_ids, weights=(15, 25, 15, 10, 8, 20, 7))[0]
                    created = now - timedelta(days=rng.randint(1, 900))
                    company.account_names.append((account_id, name, owner))
                    yield {"id": account_id, "name": name, "search_name": names.search_key(name),
                           "sector": rng.choice(SECTORS), "country": rng.choice(COUNTRIES),
                           "territory_id": company.team_of[owner], "owner_id": owner,
                           "team_id": company.team_of[owner], "shared": rng.random() < 0.1,
                           "source": rng.choice((None, "web", "whatsapp", "referido", "feria")),
                           "status_id": status,
                           "converted_at": created + timedelta(days=30) if status == statuses["client"] else None,
                           "last_activity_at": now - timedelta(hours=rng.randint(1, 2000)),
                           "custom": {}, "created_at": created, "updated_at": created}

            company.counts["accounts"] = _bulk(connection, Account.__table__, account_rows())
        company.generation["users, teams and accounts"] = took[0]

        with stopwatch() as took:
            def contact_rows() -> Iterator[dict[str, Any]]:
                contact_id = 0
                for account_id in range(1, n_accounts + 1):
                    for _ in range(rng.randint(*CONTACTS_PER_ACCOUNT)):
                        contact_id += 1
                        first, last = rng.choice(FIRST), rng.choice(LAST)
                        yield {"id": contact_id, "account_id": account_id, "name": f"{first} {last}",
                               "role": rng.choice(("Gerente", "Compras", "Dueño", "Administración")),
                               "email": f"{names.search_key(first)}.{contact_id}@example.com",
                               "phone": f"+569{rng.randint(10_000_000, 99_999_999)}",
                               "handles": {}, "custom": {}, "created_at": now}

            company.counts["contacts"] = _bulk(connection, Contact.__table__, contact_rows())
        company.generation["contacts"] = took[0]

        with stopwatch() as took:
            open_stages = status_ids[:5]

            def opportunity_rows() -> Iterator[dict[str, Any]]:
                for opportunity_id in range(1, ctx.scaled(OPPORTUNITIES, 100) + 1):
                    account_id, _, owner = company.account_names[rng.randrange(n_accounts)]
                    state = rng.choices(("open", "won", "lost"), weights=(60, 25, 15))[0]
                    stage = {"won": statuses["client"], "lost": statuses["lost"]}.get(state) or rng.choice(open_stages)
                    yield {"id": opportunity_id, "account_id": account_id, "owner_id": owner,
                           "title": "Suministro", "value": Decimal(rng.randint(5, 500) * 100),
                           "currency": "USD", "stage_id": stage, "status": state,
                           "created_at": now - timedelta(days=rng.randint(1, 400)),
                           "closed_at": now if state != "open" else None, "custom": {}}

            company.counts["opportunities"] = _bulk(connection, Opportunity.__table__, opportunity_rows())
        company.generation["opportunities"] = took[0]

        with stopwatch() as took:
            def activity_rows() -> Iterator[dict[str, Any]]:
                for activity_id in range(1, ctx.scaled(ACTIVITIES, 1000) + 1):
                    account_id, _, owner = company.account_names[rng.randrange(n_accounts)]
                    when = now - timedelta(minutes=rng.randint(1, 365 * 24 * 60))
                    yield {"id": activity_id, "account_id": account_id, "type": rng.choice(ACTIVITY_TYPES),
                           "outcome": rng.choice(OUTCOMES), "author_id": owner, "occurred_at": when,
                           "created_at": when}

            company.counts["activities"] = _bulk(connection, Activity.__table__, activity_rows())
        company.generation["activities"] = took[0]

        with stopwatch() as took:
            def task_rows() -> Iterator[dict[str, Any]]:
                for task_id in range(1, ctx.scaled(TASKS, 200) + 1):
                    account_id, _, owner = company.account_names[rng.randrange(n_accounts)]
                    planned = rng.random() < 0.7
                    due = now + timedelta(minutes=rng.randint(-60 * 24 * 60, 30 * 24 * 60))
                    # past tasks are mostly done; a few stay open (overdue), upcoming ones are open
                    status = "open" if due > now or rng.random() < 0.05 else rng.choice(("done",) * 9 + ("cancelled",))
                    yield {"id": task_id, "account_id": account_id, "type": rng.choice(ACTIVITY_TYPES[:-1]),
                           "title": "Seguimiento", "assignee_id": owner, "created_by_id": owner,
                           "due_at": due if planned else None,
                           "start_date": None if planned else due.date(),
                           "status": status, "completed_at": now if status == "done" else None,
                           "created_at": now}

            company.counts["tasks"] = _bulk(connection, Task.__table__, task_rows())
        company.generation["tasks"] = took[0]

        with stopwatch() as took:
            _finish(connection)
        company.generation["sequences and ANALYZE"] = took[0]
    if core.engine.dialect.name == "postgresql":
        # a freshly loaded table is vacuumed by autovacuum a little later, in the middle of the
        # measurements; vacuum it now, as a database in use would have been long ago
        with stopwatch() as took, core.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
        company.generation["VACUUM"] = took[0]
    return company


def _finish(connection: Connection) -> None:
    """Move PostgreSQL sequences past the explicit ids and refresh planner statistics."""
    if connection.dialect.name == "postgresql":
        for table in ("teams", "users", "territories", "accounts", "contacts", "opportunities",
                      "activities", "tasks"):
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            ))
    connection.execute(text("ANALYZE"))


def _typo(rng: random.Random, word: str) -> str:
    """Drop, double or swap one letter, as a hurried rep would."""
    i = rng.randrange(1, max(2, len(word) - 1))
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1:]


KINDS = ("exact", "lowercase, no accents", "partial", "typo")


def typed_names(rng: random.Random, candidates: list[tuple[int, str]], count: int) -> list[tuple[str, int]]:
    """What reps type, with the account they mean: full, accent-free, partial names and typos."""
    typed = []
    for i in range(count):
        account_id, name = rng.choice(candidates)
        words = name.split()
        kind = KINDS[i % len(KINDS)]
        if kind == "exact":
            text_ = name
        elif kind == "lowercase, no accents":
            text_ = names.search_key(name)
        elif kind == "partial":
            text_ = " ".join(words[1:3]) if len(words) > 2 else words[-1]
        else:
            longest = max(range(len(words)), key=lambda j: len(words[j]))
            words[longest] = _typo(rng, words[longest])
            text_ = " ".join(words)
        typed.append((text_, account_id))
    return typed


def _measurements(core: Core, company: Company, rng: random.Random) -> list[tuple[str, Timing]]:
    rep = company.reps[3]
    rep_actor, admin_actor = Actor(rep, "api"), Actor(company.admin_id, "api")
    own = [n for n in company.account_names if n[2] == rep]
    rep_typed = [t for t, _ in typed_names(rng, [(n[0], n[1]) for n in own], CALLS + 20)]
    admin_typed = [t for t, _ in typed_names(rng, [(n[0], n[1]) for n in company.account_names], CALLS + 20)]
    today = date.today()
    own_ids = [n[0] for n in own]
    any_ids = [n[0] for n in company.account_names]
    results: list[tuple[str, Timing]] = []

    def timed(label: str, call: Callable[[int], object]) -> None:
        timing = measure(call, CALLS)
        logger.info("%s: median %.2f ms, p95 %.2f ms", label, timing.median_ms, timing.p95_ms)
        results.append((label, timing))

    timed("resolve_account, rep (own + team shared)",
          lambda i: accounts.resolve_account(core.uow(), rep_actor, rep_typed[i % len(rep_typed)]))
    timed("resolve_account, admin (all accounts)",
          lambda i: accounts.resolve_account(core.uow(), admin_actor, admin_typed[i % len(admin_typed)]))
    timed("agenda, rep, today", lambda i: tasks.agenda(core.uow(), rep_actor, today))
    timed("agenda, rep, this week",
          lambda i: tasks.agenda(core.uow(), rep_actor, today, today + timedelta(days=6)))
    timed("account_summary, rep (own account)",
          lambda i: accounts.account_summary(core.uow(), rep_actor, own_ids[i % len(own_ids)]))
    timed("account_summary, admin (any account)",
          lambda i: accounts.account_summary(core.uow(), admin_actor, any_ids[(i * 7919) % len(any_ids)]))
    return results


def resolution_quality(core: Core, company: Company) -> str:
    """Whether typed names resolve to the intended account, offer it among candidates, or miss it."""
    rep = company.reps[3]
    own = [(n[0], n[1]) for n in company.account_names if n[2] == rep]
    outcomes = {k: [0, 0, 0, 0, 0] for k in KINDS}  # right match, offered, wrong match, others offered, nothing
    for i, (typed, intended) in enumerate(typed_names(random.Random(7), own, 200)):
        result = accounts.resolve_account(core.uow(), Actor(rep, "api"), typed)
        row = outcomes[KINDS[i % len(KINDS)]]
        if result.match is not None:
            row[0 if result.match.id == intended else 2] += 1
        elif any(c.id == intended for c in result.candidates):
            row[1] += 1
        else:
            row[3 if result.candidates else 4] += 1
    lines = ["| typed | resolved to it | offered among candidates | resolved to another "
             "| candidates without it | nothing |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {kind} | {' | '.join(map(str, r))} |" for kind, r in outcomes.items()]
    return "\n".join(lines)


def _one_database(label: str, url: str, ctx: BenchContext) -> tuple[Company, list[tuple[str, Timing]], str]:
    rng = random.Random(2026)
    core = bootstrap(url)
    try:
        upgrade(core.engine)
        flow.ensure_default_flow(core.uow())
        logger.info("%s: generating data", label)
        company = generate(core, ctx, rng)
        logger.info("%s: generated in %.0f s", label, sum(company.generation.values()))
        with core.engine.connect() as connection:
            company.counts["accounts visible to the measured rep"] = connection.scalar(
                select(func.count(Account.id)).where(
                    (Account.owner_id == company.reps[3])
                    | ((Account.team_id == company.team_of[company.reps[3]]) & Account.shared.is_(True)))
            ) or 0
        results = _measurements(core, company, rng)
        quality = resolution_quality(core, company)
        return company, results, quality
    finally:
        core.engine.dispose()


def _section(label: str, company: Company, results: list[tuple[str, Timing]], quality: str) -> str:
    lines = [f"### {label}", ""]
    lines.append("Data: " + ", ".join(f"{v:,} {k}" for k, v in company.counts.items()) + ".")
    lines.append("")
    lines.append("Generation: " + ", ".join(f"{k} {v:.1f} s" for k, v in company.generation.items())
                 + f" (total {sum(company.generation.values()):.0f} s).")
    lines += ["", TIMING_CPU_HEADER]
    lines += [timing.row_with_cpu(name) for name, timing in results]
    lines += ["", "Name resolution outcomes for 200 typed names (rep). A partial name such as "
              "\"El Martillo\" fits ~100 of the rep's generated accounts, so the five candidates "
              "offered often do not include the one meant: the assistant then asks for more.",
              "", quality, ""]
    return "\n".join(lines)


OPTIMISATIONS = """### What was optimised

First full run (SQLite, same data size, before the changes below):

| call | median ms | p95 ms |
|---|---:|---:|
| agenda, rep, today | 116.81 | 544.23 |
| agenda, rep, this week | 68.79 | 151.59 |

Why: `tasks.agenda` built each task's view with `task.account.name`, a lazy load per task:
182 queries for one agenda. It now reads the account name in the same query (a join) and
builds the views straight from the selected columns instead of ORM objects (`list_tasks`
eager-loads the accounts): CPU for a week of ~190 tasks went 13.8 -> 6.4 ms, a day of ~105
tasks 9.8 -> 5.3 ms. The generated tasks were also made realistic: past tasks are mostly
done (5% stay open and show as overdue), upcoming ones are open; the first run left 40%
of past tasks open, ~130 free tasks per rep on every agenda.

`accounts.resolve_account` (typed name to account): CPU per call for 100 typed names of
one rep, SQLite, under cProfile: 17.5 ms before, 13.8 ms after ranking candidates by the
stored `search_name` instead of normalising each candidate's name again
(`names.rank_keyed`), 11.1 ms after giving SQLite connections a 64 MiB page cache
(`PRAGMA cache_size`; the default 2 MiB thrashed: the rep's visibility + LIKE query took
33-70 ms cold-ish and 5.6 ms with the larger cache). First-run wall times, on a busy
machine: rep median 12.81 / p95 29.29 ms, admin 18.01 / 36.46 ms.

The third run showed a correctness problem at this size: `resolve_account` fetched at most
500 accounts matching *any* typed word, so a common word ("hotel", "santiago") filled the
500 and an exactly typed name was sometimes missed (PostgreSQL: 2 of 50 exact names, 5 of 50
accent-free names). It now fetches accounts holding *every* typed word first, and only when
there are none (typos, extra words) the accounts matching the most words. The price is for
admins: a specific name now scans all visible accounts instead of stopping at 500 matches
(SQLite CPU median 6.7 -> 23.6 ms at 100k accounts; wall median 40-50 ms on both databases,
over the 20 ms aim); reps, who see a few thousand accounts, stay around 12 ms.

`LIKE '%...%'` cannot use a B-tree index, so an admin's lookup read all 100k accounts
(SQLite median 29 ms, p95 121 ms; PostgreSQL 28 / 100 ms, on a machine at load 4-5).
Migration 0003 gives `accounts.search_name` a `pg_trgm` GIN index on PostgreSQL (the LIKE
stays as it is) and an FTS5 trigram table kept in step by triggers on SQLite (a phrase per
typed word; words under three letters still use LIKE). The slow tail was mistyped names:
when no account holds every typed word, the fallback ranked every account holding *any*
word ("ltda" alone matches thousands). With three words or more it now first asks for the
accounts holding all words but one, once per word left out: each an index lookup. Same
machine, same load, same 200 names and the same outcomes: SQLite 6.8 / 38.9 ms, PostgreSQL
5.0 / 13.6 ms.
"""


def run(ctx: BenchContext) -> str:
    """Generate the large company on SQLite and PostgreSQL and time the core services."""
    parts = ["## Core services", "",
             f"{CALLS} timed calls per row after 20 warm-up calls, one process, real services "
             "(`crm_core.services`) through a unit of work each. Aim: median and p95 under 20 ms. "
             "Wall-clock times include waiting for the CPU when other work shares the machine (see the "
             "load average below); the CPU column is the bench process alone (for PostgreSQL the "
             "server's own work is not in it).", ""]
    company, results, quality = _one_database("SQLite", ctx.sqlite_url("core"), ctx)
    parts.append(_section("SQLite (file under var/bench/)", company, results, quality))
    with ctx.postgres_schema("bench_core") as url:
        company, results, quality = _one_database("PostgreSQL", url, ctx)
    parts.append(_section("PostgreSQL (fresh schema, dropped afterwards)", company, results, quality))
    parts.append(OPTIMISATIONS)
    return "\n".join(parts)
