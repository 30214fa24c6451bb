"""The second quarter of 2025 of a small sales team, with every report figure counted by hand.

Team Norte: Rosa and Raul (reps), Marta (manager). Team Sur: Sofia. Every event happens at
15:00 UTC, the same calendar day in every timezone the people use. "Now" is 2025-06-20 15:00 UTC.

Rosa's accounts:
- A1 "Alfa" (whatsapp, Retail, territory Centro): created 04-02 lead; qualified 04-05; proposal
  04-15; o1 3,000 USD (opened 04-05) won 05-01 -> client 05-01; o5 800 USD opened 06-01, won 06-05.
- A2 "Beta" (whatsapp, Retail): created 04-03 lead; qualified 04-13; o2 1,000 USD opened 04-06,
  lost 04-20; lost 04-23.
- A3 "Gamma" (no source: manual): created 01-10 lead; qualified 05-10; o3 500,000 CLP opened
  05-10, won 06-10 -> client 06-10.
- A4 "Delta" (import): created 05-05 lead; o4 2,000 USD opened 05-06 in negotiation (75 %).
- A5 "Zeta" (no source): created 01-10 in proposal; o9 300 USD opened 01-15 in proposal (50 %).
Raul's account B1 "Epsilon" (campaign, territory Centro): created 04-10 lead; qualified 04-20;
  back to lead 04-30; o6 1,500 USD opened 04-21, won 05-20 -> client 05-20; o7 700 USD opened
  04-22, lost 05-25.
Sofia's S1 "Sur" (whatsapp): created 04-10; qualified 04-11; o8 900 USD won 04-15.

Activities: Rosa calls A1 03-30 (outside), A1 04-10, A2 05-02, A4 06-18; visits A3 05-03.
Raul emails B1 04-25. Sofia calls S1 04-12.
Tasks: Rosa: meeting on A2 due 05-10, done 05-09; meeting on A3 due 06-01, open (overdue);
meeting on A4 due 07-01, open. Raul: meeting on B1 due 06-15, open (overdue).
Inbox: Rosa's conversation on A1: customer 04-02 15:00, automatic ack 15:00:30, customer 15:05,
Rosa 15:30 (30 min); customer 04-03 10:00, Rosa 11:00 (60 min); customer 04-05 12:00, Rosa 12:10
(10 min). Raul's on B1: customer 03-31 15:00 (before the quarter), Raul 04-01 16:00 (not counted);
customer 05-10 15:00, Raul 15:45 (45 min).
Sprints (June, both active): Rosa "Junio" conversions 4 with A1..A5; Raul "Junio R" revenue
1,000 with B1.
Plans (by Marta): Rosa 2025-06 count 4; Rosa 2025-Q2 value 10,000 USD; Raul 2025-06 value 2,000 USD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import time_machine

from crm_core.bootstrap import Core
from crm_core.persistence.models import Conversation, Message
from crm_core.services import (
    accounts,
    activities,
    opportunities,
    sprints,
    tasks,
    users,
)
from crm_core.services.analytics import sales_plans
from crm_core.services.common import SYSTEM

NOW = "2025-06-20 15:00"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def at(text: str):  # type: ignore[no-untyped-def]
    return time_machine.travel(utc(text), tick=False)


@dataclass
class Company:
    accounts: dict[str, int] = field(default_factory=dict)
    opportunities: dict[str, int] = field(default_factory=dict)
    sprints: dict[str, int] = field(default_factory=dict)
    plans: dict[str, int] = field(default_factory=dict)
    territory: int = 0
    team_norte: int = 0
    team_sur: int = 0


def build(core: Core, people) -> Company:  # type: ignore[no-untyped-def]
    """Write the quarter through the real services (and the inbox rows directly)."""
    uow = core.uow
    rosa, raul, sofia = people.actor(people.rep), people.actor(people.rep2), people.actor(people.other_rep)
    marta = people.actor(people.manager)
    company = Company(team_norte=people.rep.team_id, team_sur=people.other_rep.team_id)
    company.territory = users.add_territory(uow(), SYSTEM, "Centro", None)

    def account(key: str, when: str, who, name: str, **fields) -> None:  # type: ignore[no-untyped-def]
        with at(f"{when} 15:00"):
            company.accounts[key] = accounts.create_account(uow(), who, name=name, **fields).id

    def move(key: str, when: str, who, status: str) -> None:  # type: ignore[no-untyped-def]
        with at(f"{when} 15:00"):
            accounts.move_status(uow(), who, company.accounts[key], status)

    def opened(key: str, when: str, who, account_key: str, value: int, currency: str = "USD",
               stage: str = "qualified") -> None:  # type: ignore[no-untyped-def]
        with at(f"{when} 15:00"):
            company.opportunities[key] = opportunities.open_opportunity(
                uow(), who, account_id=company.accounts[account_key], value=value, currency=currency,
                stage=stage).id

    def won(key: str, when: str, who) -> None:  # type: ignore[no-untyped-def]
        with at(f"{when} 15:00"):
            opportunities.win_opportunity(uow(), who, company.opportunities[key])

    def lost(key: str, when: str, who) -> None:  # type: ignore[no-untyped-def]
        with at(f"{when} 15:00"):
            opportunities.lose_opportunity(uow(), who, company.opportunities[key], "precio")

    account("A1", "2025-04-02", rosa, "Alfa", source="whatsapp", sector="Retail", territory_id=company.territory)
    account("A2", "2025-04-03", rosa, "Beta", source="whatsapp", sector="Retail")
    account("A3", "2025-01-10", rosa, "Gamma")
    account("A4", "2025-05-05", rosa, "Delta", source="import")
    account("A5", "2025-01-10", rosa, "Zeta", status="proposal")
    account("B1", "2025-04-10", raul, "Epsilon", source="campaign", territory_id=company.territory)
    account("S1", "2025-04-10", sofia, "Sur", source="whatsapp")

    opened("o9", "2025-01-15", rosa, "A5", 300, stage="proposal")
    move("A1", "2025-04-05", rosa, "qualified")
    opened("o1", "2025-04-05", rosa, "A1", 3000)
    opened("o2", "2025-04-06", rosa, "A2", 1000)
    move("S1", "2025-04-11", sofia, "qualified")
    opened("o8", "2025-04-11", sofia, "S1", 900)
    move("A2", "2025-04-13", rosa, "qualified")
    move("A1", "2025-04-15", rosa, "proposal")
    won("o8", "2025-04-15", sofia)
    move("B1", "2025-04-20", raul, "qualified")
    lost("o2", "2025-04-20", rosa)
    opened("o6", "2025-04-21", raul, "B1", 1500)
    opened("o7", "2025-04-22", raul, "B1", 700)
    move("A2", "2025-04-23", rosa, "lost")
    move("B1", "2025-04-30", raul, "lead")
    won("o1", "2025-05-01", rosa)
    opened("o4", "2025-05-06", rosa, "A4", 2000, stage="negotiation")
    move("A3", "2025-05-10", rosa, "qualified")
    opened("o3", "2025-05-10", rosa, "A3", 500_000, currency="CLP")
    won("o6", "2025-05-20", raul)
    lost("o7", "2025-05-25", raul)
    opened("o5", "2025-06-01", rosa, "A1", 800)
    won("o5", "2025-06-05", rosa)
    won("o3", "2025-06-10", rosa)

    for who, key, kind, day in ((rosa, "A1", "call", "2025-03-30"), (rosa, "A1", "call", "2025-04-10"),
                                (rosa, "A2", "call", "2025-05-02"), (rosa, "A3", "visit", "2025-05-03"),
                                (rosa, "A4", "call", "2025-06-18"), (raul, "B1", "email", "2025-04-25"),
                                (sofia, "S1", "call", "2025-04-12")):
        with at(f"{day} 15:00"):
            activities.log_activity(uow(), who, account_id=company.accounts[key], type=kind,
                                    occurred_at=utc(f"{day} 15:00"), complete_matching_task=False)

    with at("2025-04-01 15:00"):
        done = tasks.schedule_task(uow(), rosa, type="meeting", account_id=company.accounts["A2"],
                                   due_at=utc("2025-05-10 15:00"))
        tasks.schedule_task(uow(), rosa, type="meeting", account_id=company.accounts["A3"],
                            due_at=utc("2025-06-01 15:00"))
        tasks.schedule_task(uow(), rosa, type="meeting", account_id=company.accounts["A4"],
                            due_at=utc("2025-07-01 15:00"))
        tasks.schedule_task(uow(), raul, type="meeting", account_id=company.accounts["B1"],
                            due_at=utc("2025-06-15 15:00"))
    with at("2025-05-09 15:00"):
        tasks.complete_task(uow(), rosa, done.id)

    _inbox(core, company, people)

    with at("2025-05-28 15:00"):
        for owner, key, name, kind, target, members in (
                (people.rep, "rosa", "Junio", "conversions", 4, ["A1", "A2", "A3", "A4", "A5"]),
                (people.rep2, "raul", "Junio R", "revenue", 1000, ["B1"])):
            sprint = sprints.create_sprint(uow(), marta, name=name, start=date(2025, 6, 1), end=date(2025, 6, 30),
                                           owner_id=owner.id, goal_kind=kind, goal_target=target)
            sprints.add_accounts(uow(), marta, sprint.id, [company.accounts[m] for m in members])
            company.sprints[key] = sprint.id
    with at("2025-06-01 15:00"):
        for sprint_id in company.sprints.values():
            sprints.activate_sprint(uow(), marta, sprint_id)
        for key, user, period, metric, target, currency in (
                ("rosa-june", people.rep, "2025-06", "count", 4, None),
                ("rosa-q2", people.rep, "2025-Q2", "value", 10_000, "USD"),
                ("raul-june", people.rep2, "2025-06", "value", 2000, "usd")):
            plan, _ = sales_plans.set_plan(uow(), marta, user_id=user.id, period=period, metric=metric,
                                           target=target, currency=currency)
            company.plans[key] = plan.id
    return company


def _inbox(core: Core, company: Company, people) -> None:  # type: ignore[no-untyped-def]
    rosa, raul = people.rep.id, people.rep2.id
    threads = (
        (rosa, "A1", [("in", None, "2025-04-02 15:00:00"), ("auto", None, "2025-04-02 15:00:30"),
                      ("in", None, "2025-04-02 15:05:00"), ("out", rosa, "2025-04-02 15:30:00"),
                      ("in", None, "2025-04-03 10:00:00"), ("out", rosa, "2025-04-03 11:00:00"),
                      ("in", None, "2025-04-05 12:00:00"), ("out", rosa, "2025-04-05 12:10:00")]),
        (raul, "B1", [("in", None, "2025-03-31 15:00:00"), ("out", raul, "2025-04-01 16:00:00"),
                      ("in", None, "2025-05-10 15:00:00"), ("out", raul, "2025-05-10 15:45:00")]),
    )
    with core.uow() as uow:
        for number, (assignee, key, messages) in enumerate(threads):
            conversation = Conversation(channel="whatsapp", thread_key=f"thread-{number}", assignee_id=assignee,
                                        account_id=company.accounts[key], status="open",
                                        created_at=utc(messages[0][2]))
            uow.session.add(conversation)
            uow.flush()
            for index, (kind, author, when) in enumerate(messages):
                uow.session.add(Message(
                    conversation_id=conversation.id, channel="whatsapp", direction="in" if kind == "in" else "out",
                    text="hola", external_id=f"m-{number}-{index}", author_id=author, automatic=kind == "auto",
                    delivery_status="received" if kind == "in" else "sent", created_at=utc(when)))
        uow.commit()
