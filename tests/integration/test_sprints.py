"""Sprints and goals: progress against a hand-computed fixture, rules, closing and rollover."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from crm_core.errors import Conflict, NotFound, PermissionDenied
from crm_core.services import accounts, audit, lists, opportunities, sprints, tasks

SANTIAGO = ZoneInfo("America/Santiago")  # Rosa's timezone; UTC-3 in March 2025


def at(text: str):
    """Freeze the clock at a UTC instant ("2025-03-05 15:00")."""
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=UTC), tick=False)


class March:
    """Rosa's sprint of March 2025 with goal 8 conversions, built through the services.

    Hand count on 2025-03-10 (Santiago): 7 accounts; A and B converted inside the window;
    C converted in February and H at 23:00 on Feb 28 Santiago time (already March 1 in UTC),
    so neither counts; D, E, F are prospects. Won revenue: A's 1,000 (C's 500 is February's,
    Z is not in the sprint). 2 of 8 = 25 %; 2 in 10 of 31 days projects 6.2 = 77.5 % → 78 %;
    22 days left (10 to 31 March inclusive).
    """

    def __init__(self, core, people) -> None:
        self.core = core
        self.rosa = people.actor(people.rep)
        self.marta = people.actor(people.manager)
        uow = core.uow
        with at("2025-02-01 12:00"):
            made = {n: accounts.create_account(uow(), self.rosa, name=f"Cuenta {n}", sector="retail").id
                    for n in "ABCDEFHZ"}
        self.ids = made
        opp_a = opportunities.open_opportunity(uow(), self.rosa, account_id=made["A"], value=1000).id
        opp_c = opportunities.open_opportunity(uow(), self.rosa, account_id=made["C"], value=500).id
        opp_z = opportunities.open_opportunity(uow(), self.rosa, account_id=made["Z"], value=9000).id
        with at("2025-02-20 15:00"):
            opportunities.win_opportunity(uow(), self.rosa, opp_c)
        with at("2025-03-01 02:00"):
            accounts.move_status(uow(), self.rosa, made["H"], "client")
        with at("2025-03-05 15:00"):
            opportunities.win_opportunity(uow(), self.rosa, opp_a)
            opportunities.win_opportunity(uow(), self.rosa, opp_z)
        with at("2025-03-10 13:00"):
            accounts.move_status(uow(), self.rosa, made["B"], "client")
            accounts.move_status(uow(), self.rosa, made["D"], "proposal")
        with at("2025-02-25 12:00"):
            self.sprint = sprints.create_sprint(
                uow(), self.marta, name="Sprint 12", start=date(2025, 3, 1), end=date(2025, 3, 31),
                owner_id=people.rep.id, goal_kind="conversions", goal_target=8)
            sprints.add_accounts(uow(), self.rosa, self.sprint.id, [made[n] for n in "ABCDEFH"])
            sprints.activate_sprint(uow(), self.rosa, self.sprint.id)

    def id(self, name: str) -> int:
        return self.ids[name]


@pytest.fixture
def march(core, people) -> March:
    return March(core, people)


def test_progress_numbers_equal_the_hand_computed_fixture(core, march):
    with at("2025-03-10 15:00"):
        progress = sprints.sprint_progress(core.uow(), march.rosa, march.sprint.id)
    assert progress.today == date(2025, 3, 10)
    assert (progress.accounts, progress.prospects, progress.converted) == (7, 3, 2)
    assert progress.won_revenue == Decimal("1000.00")
    assert (progress.achieved, progress.goal_target) == (2, 8)
    assert (progress.percent, progress.pace) == (25, 78)
    assert (progress.days_left, progress.elapsed_days, progress.length_days) == (22, 10, 31)


def test_revenue_goal_counts_won_value_inside_the_window(core, march):
    sprints.set_goal(core.uow(), march.marta, march.sprint.id, "revenue", 4000)
    with at("2025-03-10 15:00"):
        progress = sprints.sprint_progress(core.uow(), march.rosa, march.sprint.id)
    assert progress.achieved == Decimal("1000.00")
    assert progress.percent == 25  # 1000 of 4000
    assert progress.pace == 78  # 1000 × 31 / 10 = 3100 → 77.5 %


def test_a_rep_cannot_set_a_goal_but_a_manager_can(core, people, march):
    with pytest.raises(PermissionDenied):
        sprints.set_goal(core.uow(), march.rosa, march.sprint.id, "conversions", 20)
    with pytest.raises(PermissionDenied):
        sprints.create_sprint(core.uow(), march.rosa, name="Mío", start=date(2025, 4, 1),
                              end=date(2025, 4, 30), goal_kind="conversions", goal_target=3)
    mine = sprints.create_sprint(core.uow(), march.rosa, name="Mío", start=date(2025, 4, 1), end=date(2025, 4, 30))
    assert mine.goal_kind is None
    changed = sprints.set_goal(core.uow(), march.marta, mine.id, "conversions", 3)
    assert (changed.goal_kind, changed.goal_target) == ("conversions", 3)


def test_activating_a_second_sprint_fails_naming_the_active_one(core, march):
    april = sprints.create_sprint(core.uow(), march.rosa, name="Abril", start=date(2025, 4, 1), end=date(2025, 4, 30))
    with pytest.raises(Conflict) as caught:
        sprints.activate_sprint(core.uow(), march.rosa, april.id)
    assert "Sprint 12" in caught.value.message
    assert caught.value.details["active_sprint_id"] == march.sprint.id
    assert sprints.get_sprint(core.uow(), march.rosa, april.id).sprint.status == "planned"


def test_other_teams_cannot_see_or_change_a_reps_sprint(core, people, march):
    sofia = people.actor(people.other_rep)
    with pytest.raises(NotFound):
        sprints.get_sprint(core.uow(), sofia, march.sprint.id)
    with pytest.raises(NotFound):
        sprints.close_sprint(core.uow(), sofia, march.sprint.id, rollover=True)
    assert sprints.list_sprints(core.uow(), sofia).total == 0
    assert sprints.list_sprints(core.uow(), march.marta).total == 1


def test_adding_an_invisible_account_fails_and_adds_nothing(core, people, march):
    theirs = accounts.create_account(core.uow(), people.actor(people.other_rep), name="Clínica Sur").id
    with pytest.raises(NotFound):
        sprints.add_accounts(core.uow(), march.rosa, march.sprint.id, [march.id("Z"), theirs])
    assert sprints.sprint_accounts(core.uow(), march.rosa, march.sprint.id).total == 7


def test_adding_a_list_adds_its_accounts_and_the_denominator_follows(core, march):
    strategic = lists.create_list(core.uow(), march.rosa, name="Estratégicos",
                                  account_ids=[march.id("Z"), march.id("A")])
    added = sprints.add_list(core.uow(), march.rosa, march.sprint.id, strategic.id)
    assert (added.added, added.already_there) == (1, 1)
    with at("2025-03-10 15:00"):
        assert sprints.sprint_progress(core.uow(), march.rosa, march.sprint.id).accounts == 8


def test_changing_an_account_status_from_the_sprint_updates_progress(core, march):
    with at("2025-03-12 15:00"):
        sprints.move_account_status(core.uow(), march.rosa, march.sprint.id, march.id("E"), "client")
        progress = sprints.sprint_progress(core.uow(), march.rosa, march.sprint.id)
    assert (progress.converted, progress.prospects) == (3, 2)
    with pytest.raises(NotFound):
        sprints.move_account_status(core.uow(), march.rosa, march.sprint.id, march.id("Z"), "client")


def _task(core, actor, account_id, *, due: str | None = None, start: date | None = None):
    due_at = datetime.fromisoformat(due).replace(tzinfo=SANTIAGO) if due else None
    return tasks.schedule_task(core.uow(), actor, type="call", account_id=account_id, due_at=due_at,
                               start_date=start).id


def test_rollover_moves_only_unconverted_accounts_into_a_new_sprint_of_the_same_length(core, march):
    with at("2025-03-31 20:00"):
        closed = sprints.close_sprint(core.uow(), march.rosa, march.sprint.id, rollover=True)
    nxt = closed.rolled_into
    assert nxt is not None
    assert (nxt.name, nxt.start, nxt.end, nxt.status) == ("Sprint 13", date(2025, 4, 1), date(2025, 5, 1), "active")
    assert (nxt.goal_kind, nxt.goal_target) == ("conversions", 8)
    moved = {a.id for a in sprints.sprint_accounts(core.uow(), march.rosa, nxt.id).items}
    assert moved == {march.id(n) for n in "DEF"}
    kept = {a.id for a in sprints.sprint_accounts(core.uow(), march.rosa, march.sprint.id).items}
    assert len(kept) == 7  # the closed sprint keeps its membership for history
    assert sorted(closed.snapshot["rolled_over_ids"]) == sorted(moved)
    assert closed.snapshot["converted_ids"] == sorted([march.id("A"), march.id("B")])


def test_rollover_moves_open_tasks_due_before_the_new_sprint_to_its_first_day(core, people, march):
    rosa = march.rosa
    overdue = _task(core, rosa, march.id("D"), due="2025-03-20 10:30")
    free = _task(core, rosa, march.id("E"), start=date(2025, 3, 15))
    later = _task(core, rosa, march.id("E"), due="2025-04-03 09:00")
    done = _task(core, rosa, march.id("F"), due="2025-03-12 09:00")
    tasks.complete_task(core.uow(), rosa, done)
    converted = _task(core, rosa, march.id("A"), due="2025-03-20 10:30")
    with at("2025-03-31 20:00"):
        closed = sprints.close_sprint(core.uow(), rosa, march.sprint.id, rollover=True)
    assert closed.tasks_moved == 2
    moved = tasks.get_task(core.uow(), rosa, overdue)
    assert moved.due_at.astimezone(SANTIAGO).replace(tzinfo=None) == datetime(2025, 4, 1, 10, 30)
    assert tasks.get_task(core.uow(), rosa, free).start_date == date(2025, 4, 1)
    assert tasks.get_task(core.uow(), rosa, later).due_at.astimezone(SANTIAGO).day == 3
    assert tasks.get_task(core.uow(), rosa, done).due_at.astimezone(SANTIAGO).day == 12
    assert tasks.get_task(core.uow(), rosa, converted).due_at.astimezone(SANTIAGO).day == 20
    agenda = tasks.agenda(core.uow(), rosa, date(2025, 4, 1))
    assert overdue in [t.id for t in agenda.planned] and free in [t.id for t in agenda.free]


def test_rollover_fills_and_activates_the_next_planned_sprint(core, march):
    may = sprints.create_sprint(core.uow(), march.rosa, name="Mayo", start=date(2025, 5, 1), end=date(2025, 5, 31))
    april = sprints.create_sprint(core.uow(), march.rosa, name="Abril", start=date(2025, 4, 1), end=date(2025, 4, 30))
    closed = sprints.close_sprint(core.uow(), march.rosa, march.sprint.id, rollover=True)
    assert closed.rolled_into is not None and closed.rolled_into.id == april.id
    assert sprints.get_sprint(core.uow(), march.rosa, april.id).sprint.status == "active"
    assert sprints.get_sprint(core.uow(), march.rosa, may.id).sprint.status == "planned"
    assert sprints.sprint_accounts(core.uow(), march.rosa, april.id).total == 3


def test_closing_without_rollover_moves_nothing(core, march):
    april = sprints.create_sprint(core.uow(), march.rosa, name="Abril", start=date(2025, 4, 1), end=date(2025, 4, 30))
    closed = sprints.close_sprint(core.uow(), march.rosa, march.sprint.id, rollover=False)
    assert closed.rolled_into is None and closed.snapshot["rolled_over_ids"] == []
    assert sprints.get_sprint(core.uow(), march.rosa, april.id).sprint.status == "planned"
    assert sprints.sprint_accounts(core.uow(), march.rosa, april.id).total == 0


def test_a_second_close_is_a_no_op(core, people, march):
    task = _task(core, march.rosa, march.id("D"), due="2025-03-20 10:30")
    with at("2025-03-31 20:00"):
        first = sprints.close_sprint(core.uow(), march.rosa, march.sprint.id, rollover=True)
    second = sprints.close_sprint(core.uow(), march.rosa, march.sprint.id, rollover=True)
    assert second.already_closed and (second.rolled_over, second.tasks_moved) == (0, 0)
    assert second.snapshot == first.snapshot
    assert second.rolled_into == first.rolled_into
    assert sprints.list_sprints(core.uow(), march.rosa).total == 2
    assert sprints.sprint_accounts(core.uow(), march.rosa, first.rolled_into.id).total == 3
    task_history = audit.list_audit(core.uow(), people.actor(people.admin), entity="task", entity_id=task)
    assert [e.action for e in task_history.items].count("reschedule") == 1


def test_a_closed_sprint_keeps_its_final_figures(core, march):
    with at("2025-03-31 20:00"):
        closed = sprints.close_sprint(core.uow(), march.rosa, march.sprint.id, rollover=True)
    with at("2025-04-02 15:00"):
        accounts.move_status(core.uow(), march.rosa, march.id("D"), "client")
        later = sprints.get_sprint(core.uow(), march.rosa, march.sprint.id)
    assert later.sprint.status == "closed"
    assert (later.progress.converted, later.progress.prospects, later.progress.percent) == (2, 3, 25)
    assert closed.snapshot["accounts"] == 7 and closed.snapshot["days_left"] == 1
    with pytest.raises(Conflict):
        sprints.add_accounts(core.uow(), march.rosa, march.sprint.id, [march.id("Z")])


def test_every_sprint_change_is_in_the_audit_trail(core, people, march):
    sprints.add_note(core.uow(), march.rosa, march.sprint.id, "Llamar a todos antes del viernes")
    sprints.close_sprint(core.uow(), march.rosa, march.sprint.id, rollover=False)
    history = audit.list_audit(core.uow(), people.actor(people.admin), entity="sprint", entity_id=march.sprint.id)
    actions = [e.action for e in reversed(history.items)]
    assert actions == ["create", "add_accounts", "activate", "note", "close"]
    assert history.items[0].actor_id == people.rep.id and history.items[0].channel == "api"


def test_team_status_sorts_reps_by_percent_of_goal_with_no_sprint_last(core, people, march):
    raul = people.actor(people.rep2)
    theirs = sprints.create_sprint(core.uow(), march.marta, name="Raúl marzo", owner_id=people.rep2.id,
                                   start=date(2025, 3, 1), end=date(2025, 3, 31),
                                   goal_kind="conversions", goal_target=2)
    won = accounts.create_account(core.uow(), raul, name="Hotel Mirador").id
    with at("2025-03-03 15:00"):
        accounts.move_status(core.uow(), raul, won, "client")
    sprints.add_accounts(core.uow(), raul, theirs.id, [won])
    sprints.activate_sprint(core.uow(), raul, theirs.id)
    with at("2025-03-10 15:00"):
        rows = sprints.team_status(core.uow(), march.marta)
    assert [(r.name, r.progress.percent if r.progress else None) for r in rows] == [("Raul", 50), ("Rosa", 25)]
    with pytest.raises(PermissionDenied):
        sprints.team_status(core.uow(), march.rosa)


def test_burnup_gives_cumulative_conversions_per_day(core, march):
    with at("2025-03-10 15:00"):
        chart = sprints.burnup(core.uow(), march.rosa, march.sprint.id)
    achieved = [p.achieved for p in chart.points]
    assert len(achieved) == 31
    assert achieved[3] == 0 and achieved[4] == 1 and achieved[9] == 2 and achieved[10] is None
    assert chart.points[-1].pace == Decimal("6.2")
