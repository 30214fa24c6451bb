"""A team's sprints as a manager acts on them: who is behind, what a rep needs, the weekly digest.

Progress is the sprint's own, measured as `sprints` measures it but for the whole team in two
queries (one sprint at a time cost two round trips per rep). Risk orders the team worst first:
reps behind their goal by pace, then those on track, those who met it, those without a goal
and those without an active sprint. What a rep needs is the rest of the goal spread over the
sprint's days left, and the open accounts of the sprint nearest to converting.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from crm_core.domain import sprints as math
from crm_core.domain.periods import Period
from crm_core.errors import InvalidInput
from crm_core.persistence.models import (
    Account,
    Activity,
    Opportunity,
    Sprint,
    SprintAccount,
    Status,
    Task,
    User,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.analytics import (
    CloseAccount,
    DigestLine,
    ManagerDigest,
    Money,
    RepNeeds,
    TeamSprintLine,
)
from crm_core.read_models.sprints import SprintProgress
from crm_core.services.analytics.scope import resolve, window
from crm_core.services.common import Actor
from crm_core.services.tasks import local_day_bounds
from crm_core.uow import UnitOfWork

CENTS = Decimal("0.01")
RISK_ORDER = {"behind": 0, "on_track": 1, "done": 2, "no_goal": 3, "no_sprint": 4}
CLOSEST = 5


def _risk(progress: SprintProgress | None) -> str:
    if progress is None:
        return "no_sprint"
    if progress.percent is None:
        return "no_goal"
    if progress.percent >= 100:
        return "done"
    if progress.pace is not None and progress.pace < 100:
        return "behind"
    return "on_track"


def _line(rep: User, sprint: Sprint | None, progress: SprintProgress | None) -> TeamSprintLine:
    risk = _risk(progress)
    if sprint is None or progress is None:
        return TeamSprintLine(rep.id, rep.name, risk, None, None, None, None, None, None, None, None, None,
                              None, None, None)
    remaining = per_day = per_week = None
    if progress.goal_target is not None:
        remaining = max(Decimal(progress.goal_target) - progress.achieved, Decimal(0))
        left = progress.days_left
        if remaining and left:
            per_day = (remaining / left).quantize(CENTS, rounding=ROUND_HALF_UP)
            per_week = min(remaining, remaining * 7 / left).quantize(CENTS, rounding=ROUND_HALF_UP)
    return TeamSprintLine(rep.id, rep.name, risk, sprint.id, sprint.name, sprint.end, progress.goal_kind,
                          progress.goal_target, progress.achieved, progress.percent, progress.pace,
                          progress.days_left, remaining, per_day, per_week)


def _rank(line: TeamSprintLine) -> tuple[Any, ...]:
    pace = line.pace if line.pace is not None else 100
    return (RISK_ORDER[line.risk], pace, line.percent or 0, line.name)


def _lines(session: Session, people: list[int]) -> list[TeamSprintLine]:
    reps = list(session.scalars(select(User).where(User.id.in_(people), User.role == "rep", User.active.is_(True))))
    active = {s.owner_id: s for s in session.scalars(
        select(Sprint).where(Sprint.owner_id.in_([r.id for r in reps]), Sprint.status == "active"))}
    owners = {rep.id: rep for rep in reps}
    progress = progress_of(session, [(sprint, owners[owner]) for owner, sprint in active.items()])
    return sorted((_line(rep, active.get(rep.id), progress.get(active[rep.id].id) if rep.id in active else None)
                   for rep in reps), key=_rank)


def progress_of(session: Session, sprints: list[tuple[Sprint, User]]) -> dict[int, SprintProgress]:
    """The progress of many sprints in two queries, figure for figure as `sprints` measures one."""
    if not sprints:
        return {}
    windows = {sprint.id: local_day_bounds(sprint.start, sprint.end, owner.timezone) for sprint, owner in sprints}
    ids = list(windows)
    converted_in_window = case(*[(and_(SprintAccount.sprint_id == sid, Account.converted_at >= lower,
                                       Account.converted_at < upper), 1)
                                 for sid, (lower, upper) in windows.items()])
    counts = {sid: (n, prospects, converted) for sid, n, prospects, converted in session.execute(
        select(SprintAccount.sprint_id, func.count(SprintAccount.id), func.count(case((Status.kind != "won", 1))),
               func.count(converted_in_window))
        .select_from(SprintAccount)
        .join(Account, Account.id == SprintAccount.account_id)
        .join(Status, Status.id == Account.status_id)
        .where(SprintAccount.sprint_id.in_(ids)).group_by(SprintAccount.sprint_id))}
    closed_in_window = or_(*[and_(SprintAccount.sprint_id == sid, Opportunity.closed_at >= lower,
                                  Opportunity.closed_at < upper) for sid, (lower, upper) in windows.items()])
    revenue = dict(session.execute(
        select(SprintAccount.sprint_id, func.coalesce(func.sum(Opportunity.value), 0))
        .join(SprintAccount, SprintAccount.account_id == Opportunity.account_id)
        .where(SprintAccount.sprint_id.in_(ids), Opportunity.status == "won", closed_in_window)
        .group_by(SprintAccount.sprint_id)).tuples().all())
    out = {}
    for sprint, owner in sprints:
        accounts, prospects, converted = counts.get(sprint.id, (0, 0, 0))
        won = Decimal(revenue.get(sprint.id) or 0).quantize(CENTS)
        today = utcnow().astimezone(ZoneInfo(owner.timezone)).date()
        achieved = Decimal(converted) if sprint.goal_kind != "revenue" else won
        out[sprint.id] = SprintProgress(
            sprint_id=sprint.id, today=today, accounts=accounts, prospects=prospects, converted=converted,
            won_revenue=won, goal_kind=sprint.goal_kind, goal_target=sprint.goal_target, achieved=achieved,
            percent=math.goal_percent(achieved, sprint.goal_target),
            pace=math.pace_percent(achieved, sprint.goal_target, sprint.start, sprint.end, today),
            days_left=math.days_left(sprint.start, sprint.end, today),
            elapsed_days=math.elapsed_days(sprint.start, sprint.end, today),
            length_days=math.length_days(sprint.start, sprint.end),
        )
    return out


def team_sprints(uow: UnitOfWork, actor: Actor, team_id: int | None = None) -> list[TeamSprintLine]:
    """Each rep's active sprint with goal, achieved, %, pace, days left and the run-rate needed, worst first."""
    with uow:
        who = window(uow, actor, "today").who
        where = resolve(uow, who, f"team:{team_id}" if team_id else "team")
        return _lines(uow.session, where.people or [])


def rep_needs(uow: UnitOfWork, actor: Actor, user_id: int, *, limit: int = CLOSEST) -> RepNeeds:
    """What a rep needs to reach their sprint goal, and the sprint's open accounts nearest to converting."""
    with uow:
        who = window(uow, actor, "today").who
        resolve(uow, who, f"rep:{user_id}")
        session = uow.session
        rep = session.get(User, user_id)
        assert rep is not None  # resolve found it
        sprint = session.scalar(select(Sprint).where(Sprint.owner_id == rep.id, Sprint.status == "active"))
        progress = progress_of(session, [(sprint, rep)]).get(sprint.id) if sprint else None
        line = _line(rep, sprint, progress)
        closest = _closest(session, sprint.id, limit) if sprint else []
    return RepNeeds(line, closest)


def _closest(session: Session, sprint_id: int, limit: int) -> list[CloseAccount]:
    open_value = (select(Opportunity.account_id, func.coalesce(func.sum(Opportunity.value), 0).label("value"))
                  .join(SprintAccount, SprintAccount.account_id == Opportunity.account_id)
                  .where(SprintAccount.sprint_id == sprint_id, Opportunity.status == "open")
                  .group_by(Opportunity.account_id).subquery())
    rows = session.execute(
        select(Account.id, Account.name, Account.last_activity_at, Status.key, Status.label_es, Status.label_en)
        .join(SprintAccount, SprintAccount.account_id == Account.id)
        .join(Status, Status.id == Account.status_id)
        .outerjoin(open_value, open_value.c.account_id == Account.id)
        .where(SprintAccount.sprint_id == sprint_id, Status.kind == "open")
        .order_by(Status.position.desc(), func.coalesce(open_value.c.value, 0).desc(),
                  Account.last_activity_at.desc(), Account.id)
        .limit(limit)).all()
    ids = [r.id for r in rows]
    deals: dict[int, list[Money]] = defaultdict(list)
    if ids:
        for account_id, currency, count, value in session.execute(
            select(Opportunity.account_id, Opportunity.currency, func.count(Opportunity.id),
                   func.coalesce(func.sum(Opportunity.value), 0))
            .where(Opportunity.account_id.in_(ids), Opportunity.status == "open")
            .group_by(Opportunity.account_id, Opportunity.currency).order_by(Opportunity.currency)
        ):
            deals[account_id].append(Money(currency, count, Decimal(value or 0).quantize(CENTS)))
    return [CloseAccount(r.id, r.name, r.key, r.label_es, r.label_en, sum(m.count for m in deals[r.id]),
                         deals[r.id], r.last_activity_at) for r in rows]


def manager_digest(uow: UnitOfWork, actor: Actor, team_id: int | None = None) -> ManagerDigest:
    """The weekly digest's figures: who is ahead, who is behind and why, over the last seven days."""
    with uow:
        win = window(uow, actor, "today")
        where = resolve(uow, win.who, f"team:{team_id}" if team_id else "team")
        if where.view.value is None:
            raise InvalidInput("name the team")
        session = uow.session
        lines = _lines(session, where.people or [])
        week_start = win.today - timedelta(days=6)
        lower, upper = win.bounds(Period(week_start, win.today))
        before, _ = win.bounds(Period(week_start - timedelta(days=7), win.today))
        reps = [line.user_id for line in lines]
        this_week = _count_by(session, Activity.author_id, reps, Activity.occurred_at, lower, upper)
        last_week = _count_by(session, Activity.author_id, reps, Activity.occurred_at, before, lower)
        converted = _count_by(session, Account.owner_id, reps, Account.converted_at, lower, upper)
        overdue = dict(session.execute(
            select(Task.assignee_id, func.count(Task.id))
            .where(Task.assignee_id.in_(reps), Task.status == "open", Task.due_at < utcnow())
            .group_by(Task.assignee_id)).tuples().all()) if reps else {}
    digest = [_digest_line(line, this_week.get(line.user_id, 0), last_week.get(line.user_id, 0),
                           converted.get(line.user_id, 0), overdue.get(line.user_id, 0)) for line in lines]
    return ManagerDigest(
        int(where.view.value), week_start, win.today,
        ahead=[d for d in digest if d.sprint.risk in ("on_track", "done")][::-1],
        behind=[d for d in digest if d.sprint.risk == "behind"],
        without_goal=[d for d in digest if d.sprint.risk in ("no_goal", "no_sprint")],
    )


def _count_by(session: Session, person: Any, people: list[int], column: Any, lower: Any, upper: Any) -> dict[int, int]:
    if not people:
        return {}
    return dict(session.execute(
        select(person, func.count()).where(person.in_(people), column >= lower, column < upper).group_by(person)).tuples().all())


def _digest_line(line: TeamSprintLine, this_week: int, last_week: int, converted: int, overdue: int) -> DigestLine:
    reasons = []
    if line.risk == "no_sprint":
        reasons.append("no_active_sprint")
    elif line.risk == "no_goal":
        reasons.append("sprint_without_goal")
    elif line.risk == "behind":
        reasons.append("pace_below_goal")
    elif line.risk == "done":
        reasons.append("goal_reached")
    else:
        reasons.append("pace_on_goal")
    if this_week == 0:
        reasons.append("no_activities_this_week")
    elif this_week < last_week:
        reasons.append("fewer_activities_than_last_week")
    elif this_week > last_week:
        reasons.append("more_activities_than_last_week")
    reasons.append("converted_this_week" if converted else "no_conversions_this_week")
    if overdue:
        reasons.append("overdue_tasks")
    return DigestLine(line, this_week, last_week, converted, overdue, reasons)
