"""Demo sprints and account lists for "Suministros Rumbo" (a step of `crm_core.demo`).

Each rep gets last month's sprint, closed with its snapshot; this month's sprint, active,
with about ten accounts and a conversions goal set by the manager; and next month's,
planned. The manager keeps a public "Estratégicos" list, Ana a private one, and Bruno a
saved filter of retail accounts nobody has contacted for two weeks.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel.dates import format_date

from crm_core.services import lists, sprints
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork

if TYPE_CHECKING:
    from crm_core.demo import Demo, DemoAccount

REPS = ("ana", "bruno", "carla")
GOALS = {"ana": 4, "bruno": 3, "carla": 2}


def _month(day: date, shift: int) -> tuple[date, date]:
    """First and last day of the month `shift` months away from `day`'s."""
    first = day.replace(day=1)
    for _ in range(abs(shift)):
        first = (first - timedelta(days=1)).replace(day=1) if shift < 0 else (first + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def _name(start: date, language: str) -> str:
    return f"Sprint {format_date(start, 'LLLL yyyy', locale=language)}"


def add_sprints(uow: UnitOfWork, demo: Demo) -> None:
    """Last month's sprint closed with its snapshot, this month's active, next month's planned."""
    manager = Actor(demo.people["gerente"].id, "cli")
    for local in REPS:
        rep = demo.people[local]
        me = Actor(rep.id, "cli")
        today = demo.now.astimezone(ZoneInfo(rep.timezone)).date()
        mine = [a for a in demo.accounts if a.owner.id == rep.id]
        in_play = [a for a in mine if a.final not in ("client", "lost", "target")]
        clients = [a for a in mine if a.final == "client"]
        for shift, chosen in ((-1, in_play[:6] + clients[:2]), (0, _this_month(in_play, clients)), (1, [])):
            start, end = _month(today, shift)
            sprint = sprints.create_sprint(uow, manager, name=_name(start, rep.language), start=start, end=end,
                                           owner_id=rep.id, goal_kind="conversions", goal_target=GOALS[local])
            if chosen:
                sprints.add_accounts(uow, me, sprint.id, [a.id for a in chosen])
            if shift < 1:
                sprints.activate_sprint(uow, me, sprint.id)
            if shift == -1:
                sprints.add_note(uow, me, sprint.id, "Cierre de mes: seguir con las cotizaciones pendientes")
                sprints.close_sprint(uow, me, sprint.id, rollover=False)
            demo.count("sprints")


def _this_month(in_play: list[DemoAccount], clients: list[DemoAccount]) -> list[DemoAccount]:
    return (in_play[2:8] + clients)[:10]


def add_lists(uow: UnitOfWork, demo: Demo) -> None:
    """A public strategic list, a private list and a saved filter."""
    manager = Actor(demo.people["gerente"].id, "cli")
    strategic = [a.id for a in demo.accounts if a.final in ("negotiation", "proposal")][:8]
    lists.create_list(uow, manager, name="Estratégicos", public=True, account_ids=strategic)
    ana = demo.people["ana"]
    priorities = [a.id for a in demo.accounts if a.owner.id == ana.id and a.final in ("qualified", "lead")][:5]
    lists.create_list(uow, Actor(ana.id, "cli"), name="Mis prioridades", account_ids=priorities)
    lists.create_list(uow, Actor(demo.people["bruno"].id, "cli"), name="Retail sin contacto (14 días)",
                      public=True, filter={"sector": "Retail", "not_contacted_days": 14})
    demo.count("lists", 3)
