"""Sales sprints: time-boxed folders of accounts with a goal, progress and rollover.

Progress is computed from the database at read time; a closed sprint answers with the
snapshot taken when it closed, so its figures never drift afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, Select, and_, case, func, insert, select, update
from sqlalchemy.orm import Session

from crm_core.domain import limits, rollover
from crm_core.domain import sprints as math
from crm_core.domain.access import Principal, can_manage_user_records, can_set_goal
from crm_core.errors import (
    Conflict,
    InvalidInput,
    ManagersOnly,
    NotFound,
    PermissionDenied,
    SprintNotFound,
)
from crm_core.persistence.models import (
    Account,
    ListMember,
    Opportunity,
    Sprint,
    SprintAccount,
    Status,
    Task,
    User,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import AccountView, Page
from crm_core.read_models.sprints import (
    AccountsAdded,
    Burnup,
    RolloverPreview,
    SprintAccountView,
    SprintClosed,
    SprintDetail,
    SprintProgress,
    SprintView,
    TeamMemberStatus,
)
from crm_core.services import lists
from crm_core.services.accounts import set_status
from crm_core.services.common import (
    Actor,
    apply_changes,
    assignable_user,
    load_account,
    page,
    paged,
    principal,
    record,
    reject_unknown,
    status_by_key,
    visible_accounts,
)
from crm_core.services.tasks import local_day_bounds
from crm_core.services.webhooks import emit
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

EDITABLE = ("name", "start", "end", "notes", "goal_kind", "goal_target")
MAX_LENGTH_DAYS = 366


# --- rules and loading ----------------------------------------------------------------


def _may_manage(who: Principal, owner: User, sprint_id: int | None = None) -> None:
    """Reps run their own sprints, managers their team's, admins everyone's; others' look missing."""
    if can_manage_user_records(who, owner.id, owner.team_id):
        return
    if sprint_id is None:
        raise NotFound("user not found", user_id=owner.id)
    raise SprintNotFound("sprint not found", sprint_id=sprint_id)


def _load(uow: UnitOfWork, who: Principal, sprint_id: int, *, lock: bool = False) -> tuple[Sprint, User]:
    query = select(Sprint).where(Sprint.id == sprint_id)
    if lock:
        # PostgreSQL serialises concurrent closes/activations on the row; SQLite ignores it
        # and relies on the conditional UPDATE in close_sprint.
        query = query.with_for_update()
    sprint = uow.session.scalar(query)
    if sprint is None:
        raise SprintNotFound("sprint not found", sprint_id=sprint_id)
    owner = uow.session.get(User, sprint.owner_id)
    assert owner is not None  # foreign key
    _may_manage(who, owner, sprint.id)
    return sprint, owner


def _require_open(sprint: Sprint) -> None:
    if sprint.status == "closed":
        raise Conflict(f"sprint {sprint.name!r} is closed", sprint_id=sprint.id)


def _dates(start: date, end: date) -> None:
    for day in (start, end):
        if limits.day_problem(day):
            raise InvalidInput(f"sprint dates: {limits.day_problem(day)}", day=day.isoformat())
    if end < start:
        raise InvalidInput("a sprint ends on or after its start", start=start.isoformat(), end=end.isoformat())
    if math.length_days(start, end) > MAX_LENGTH_DAYS:
        raise InvalidInput(f"a sprint lasts at most {MAX_LENGTH_DAYS} days")


def _goal(kind: str | None, target: Any) -> tuple[str | None, Decimal | None]:
    if kind is None and target is None:
        return None, None
    if kind not in math.GOAL_KINDS:
        raise InvalidInput(f"unknown goal kind {kind!r}", valid=list(math.GOAL_KINDS))
    try:
        value = Decimal(str(target))
    except ArithmeticError:
        raise InvalidInput(f"not a number: {target!r}") from None
    if not value.is_finite() or value <= 0:
        raise InvalidInput("a goal's target is a positive number")
    if kind == "conversions" and value != value.to_integral_value():
        raise InvalidInput("a conversions goal is a whole number of accounts")
    return kind, value


def _local_today(owner: User) -> date:
    return utcnow().astimezone(ZoneInfo(owner.timezone)).date()


# --- progress ------------------------------------------------------------------------------


def _window(sprint: Sprint, owner: User) -> tuple[datetime, datetime]:
    return local_day_bounds(sprint.start, sprint.end, owner.timezone)


def _measure(session: Session, sprint: Sprint, owner: User) -> SprintProgress:
    lower, upper = _window(sprint, owner)
    in_window = and_(Account.converted_at >= lower, Account.converted_at < upper)
    accounts, prospects, converted = session.execute(
        select(func.count(SprintAccount.id), func.count(case((Status.kind != "won", 1))),
               func.count(case((in_window, 1))))
        .select_from(SprintAccount)
        .join(Account, Account.id == SprintAccount.account_id)
        .join(Status, Status.id == Account.status_id)
        .where(SprintAccount.sprint_id == sprint.id)
    ).one()
    revenue = Decimal(session.scalar(
        select(func.coalesce(func.sum(Opportunity.value), 0))
        .join(SprintAccount, SprintAccount.account_id == Opportunity.account_id)
        .where(SprintAccount.sprint_id == sprint.id, Opportunity.status == "won",
               Opportunity.closed_at >= lower, Opportunity.closed_at < upper)
    ) or 0).quantize(Decimal("0.01"))
    today = _local_today(owner)
    achieved = Decimal(converted) if sprint.goal_kind != "revenue" else revenue
    return SprintProgress(
        sprint_id=sprint.id, today=today, accounts=accounts, prospects=prospects,
        converted=converted, won_revenue=revenue, goal_kind=sprint.goal_kind,
        goal_target=sprint.goal_target, achieved=achieved,
        percent=math.goal_percent(achieved, sprint.goal_target),
        pace=math.pace_percent(achieved, sprint.goal_target, sprint.start, sprint.end, today),
        days_left=math.days_left(sprint.start, sprint.end, today),
        elapsed_days=math.elapsed_days(sprint.start, sprint.end, today),
        length_days=math.length_days(sprint.start, sprint.end),
    )


def _from_snapshot(snapshot: dict[str, Any]) -> SprintProgress:
    def money(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    return SprintProgress(
        sprint_id=snapshot["sprint_id"], today=date.fromisoformat(snapshot["today"]),
        accounts=snapshot["accounts"], prospects=snapshot["prospects"], converted=snapshot["converted"],
        won_revenue=money(snapshot["won_revenue"]) or Decimal(0), goal_kind=snapshot["goal_kind"],
        goal_target=money(snapshot["goal_target"]), achieved=money(snapshot["achieved"]) or Decimal(0),
        percent=snapshot["percent"], pace=snapshot["pace"], days_left=snapshot["days_left"],
        elapsed_days=snapshot["elapsed_days"], length_days=snapshot["length_days"],
    )


def _progress(session: Session, sprint: Sprint, owner: User) -> SprintProgress:
    if sprint.status == "closed" and sprint.snapshot:
        return _from_snapshot(sprint.snapshot)
    return _measure(session, sprint, owner)


# --- create, change, read -------------------------------------------------------------------


def create_sprint(
    uow: UnitOfWork, actor: Actor, *, name: str, start: date, end: date, owner_id: int | None = None,
    goal_kind: str | None = None, goal_target: Decimal | int | str | None = None, notes: str = "",
) -> SprintView:
    """Plan a sprint for a rep (the actor by default); only managers and admins give it a goal."""
    name = name.strip()
    if not name:
        raise InvalidInput("a sprint needs a name")
    _dates(start, end)
    kind, target = _goal(goal_kind, goal_target)
    with uow:
        who = principal(uow, actor)
        owner = assignable_user(uow, who, owner_id or who.id, "owner_id")
        if kind is not None and not can_set_goal(who):
            raise ManagersOnly("goals are set by a manager or an admin")
        sprint = Sprint(owner_id=owner.id, name=name, start=start, end=end, status="planned",
                        goal_kind=kind, goal_target=target, notes=notes)
        uow.session.add(sprint)
        uow.flush()
        record(uow, actor, "sprint", sprint.id, "create",
               {"name": (None, name), "owner_id": (None, owner.id), "start": (None, start),
                "end": (None, end), "goal_kind": (None, kind), "goal_target": (None, target)})
        uow.commit()
        return SprintView.of(sprint)


def update_sprint(uow: UnitOfWork, actor: Actor, sprint_id: int, **fields: Any) -> SprintView:
    """Change a sprint's name, dates, notes or goal (the goal only by managers and admins)."""
    reject_unknown(fields, EDITABLE)
    with uow:
        who = principal(uow, actor)
        sprint, _owner = _load(uow, who, sprint_id)
        _require_open(sprint)
        if {"goal_kind", "goal_target"} & set(fields):
            if not can_set_goal(who):
                raise ManagersOnly("goals are set by a manager or an admin")
            fields["goal_kind"], fields["goal_target"] = _goal(
                fields.get("goal_kind", sprint.goal_kind), fields.get("goal_target", sprint.goal_target))
        if "name" in fields and not str(fields["name"]).strip():
            raise InvalidInput("a sprint needs a name")
        _dates(fields.get("start", sprint.start), fields.get("end", sprint.end))
        changes = apply_changes(sprint, fields)
        if changes:
            record(uow, actor, "sprint", sprint.id, "update", changes)
        uow.commit()
        return SprintView.of(sprint)


def set_goal(uow: UnitOfWork, actor: Actor, sprint_id: int, kind: str, target: Decimal | int | str) -> SprintView:
    """Give a sprint its goal: conversions (accounts won in the window) or won revenue."""
    return update_sprint(uow, actor, sprint_id, goal_kind=kind, goal_target=target)


def add_note(uow: UnitOfWork, actor: Actor, sprint_id: int, text: str) -> SprintView:
    """Append a dated note to a sprint."""
    text = text.strip()
    if not text:
        raise InvalidInput("the note is empty")
    with uow:
        sprint, owner = _load(uow, principal(uow, actor), sprint_id)
        line = f"{_local_today(owner).isoformat()} {text}"
        before = sprint.notes or ""
        sprint.notes = f"{before}\n{line}" if before else line
        record(uow, actor, "sprint", sprint.id, "note", {"notes": (before, sprint.notes)})
        uow.commit()
        return SprintView.of(sprint)


def get_sprint(uow: UnitOfWork, actor: Actor, sprint_id: int) -> SprintDetail:
    """A sprint with its progress (the closing snapshot once closed)."""
    with uow:
        sprint, owner = _load(uow, principal(uow, actor), sprint_id)
        return SprintDetail(SprintView.of(sprint), _progress(uow.session, sprint, owner))


def sprint_progress(uow: UnitOfWork, actor: Actor, sprint_id: int) -> SprintProgress:
    """Accounts, prospects, converted, won revenue, % of goal, pace and days left."""
    return get_sprint(uow, actor, sprint_id).progress


def active_sprint(uow: UnitOfWork, actor: Actor, user_id: int | None = None) -> SprintDetail | None:
    """The active sprint of a rep (the actor by default) with its progress, or None."""
    with uow:
        who = principal(uow, actor)
        owner = uow.session.get(User, user_id or who.id)
        if owner is None:
            raise NotFound("user not found", user_id=user_id)
        _may_manage(who, owner)
        sprint = uow.session.scalar(
            select(Sprint).where(Sprint.owner_id == owner.id, Sprint.status == "active"))
        if sprint is None:
            return None
        return SprintDetail(SprintView.of(sprint), _measure(uow.session, sprint, owner))


def list_sprints(
    uow: UnitOfWork, actor: Actor, *, owner_id: int | None = None, status: str | None = None,
    limit: int | None = None, offset: int | None = None,
) -> Page:
    """Sprints the actor may see, newest start first: their own, their team's (managers), all (admins)."""
    if status is not None and status not in math.STATUSES:
        raise InvalidInput(f"unknown sprint status {status!r}", valid=list(math.STATUSES))
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        query = select(Sprint)
        if not who.is_admin:
            if who.role == "manager" and who.team_id is not None:
                query = query.where(Sprint.owner_id.in_(select(User.id).where(User.team_id == who.team_id)))
            else:
                query = query.where(Sprint.owner_id == who.id)
        if owner_id is not None:
            query = query.where(Sprint.owner_id == owner_id)
        if status is not None:
            query = query.where(Sprint.status == status)
        return paged(uow, query, (Sprint.start.desc(), Sprint.id.desc(),), limit, offset, SprintView.of)


def activate_sprint(uow: UnitOfWork, actor: Actor, sprint_id: int) -> SprintView:
    """Make a planned sprint the rep's active one; a rep has at most one active sprint."""
    with uow:
        sprint, owner = _load(uow, principal(uow, actor), sprint_id, lock=True)
        _require_open(sprint)
        if sprint.status == "active":
            return SprintView.of(sprint)
        # Lock the owner so two activations of different sprints cannot both pass the check.
        uow.session.execute(select(User.id).where(User.id == owner.id).with_for_update())
        _ensure_none_active(uow.session, owner.id, sprint.id)
        sprint.status = "active"
        record(uow, actor, "sprint", sprint.id, "activate", {"status": ("planned", "active")})
        uow.commit()
        logger.info("sprint %s activated for user %s", sprint.id, owner.id)
        return SprintView.of(sprint)


def _ensure_none_active(session: Session, owner_id: int, except_id: int) -> None:
    active = session.scalar(select(Sprint).where(
        Sprint.owner_id == owner_id, Sprint.status == "active", Sprint.id != except_id))
    if active is not None:
        raise Conflict(f"sprint {active.name!r} is already active; close it first",
                       active_sprint_id=active.id, active_sprint_name=active.name)


# --- accounts in a sprint ---------------------------------------------------------------------


def _add_members(session: Session, sprint_id: int, account_ids: list[int]) -> tuple[int, int]:
    """Insert the accounts not yet in the sprint; return (added, already there)."""
    wanted = list(dict.fromkeys(account_ids))
    present = set(session.scalars(select(SprintAccount.account_id).where(SprintAccount.sprint_id == sprint_id)))
    new = [a for a in wanted if a not in present]
    if new:
        now = utcnow()
        session.execute(insert(SprintAccount), [
            {"sprint_id": sprint_id, "account_id": a, "added_at": now} for a in new])
    return len(new), len(wanted) - len(new)


def _visible_ids(session: Session, who: Principal, account_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk_start in range(0, len(account_ids), 500):
        chunk = account_ids[chunk_start:chunk_start + 500]
        found.update(session.scalars(select(Account.id).where(Account.id.in_(chunk), visible_accounts(who))))
    return found


def add_accounts(uow: UnitOfWork, actor: Actor, sprint_id: int, account_ids: list[int]) -> AccountsAdded:
    """Add accounts one by one or many at once; every one must be visible to the actor."""
    if not account_ids:
        raise InvalidInput("name at least one account")
    with uow:
        who = principal(uow, actor)
        sprint, _owner = _load(uow, who, sprint_id)
        _require_open(sprint)
        ids = [int(a) for a in account_ids]
        missing = sorted(set(ids) - _visible_ids(uow.session, who, ids))
        if missing:
            raise NotFound("some accounts do not exist or are not yours", account_ids=missing)
        added, present = _add_members(uow.session, sprint.id, ids)
        record(uow, actor, "sprint", sprint.id, "add_accounts", {"account_ids": (None, ids)})
        uow.commit()
        return AccountsAdded(added, present)


def add_list(uow: UnitOfWork, actor: Actor, sprint_id: int, list_id: int) -> AccountsAdded:
    """Add every account of a list the actor can see; accounts hidden from the actor are skipped."""
    with uow:
        who = principal(uow, actor)
        sprint, _owner = _load(uow, who, sprint_id)
        _require_open(sprint)
        members = lists.member_ids(uow, who, list_id)
        visible = _visible_ids(uow.session, who, members)
        ids = [a for a in members if a in visible]
        added, present = _add_members(uow.session, sprint.id, ids)
        record(uow, actor, "sprint", sprint.id, "add_list",
               {"list_id": (None, list_id), "added": (None, added)})
        uow.commit()
        # hidden accounts are counted, never named: their ids belong to someone else
        return AccountsAdded(added, present, [], len(set(members) - visible))


def add_to_list(uow: UnitOfWork, actor: Actor, sprint_id: int, list_id: int) -> AccountsAdded:
    """Put a sprint's accounts into a static list the actor owns."""
    with uow:
        who = principal(uow, actor)
        sprint, _owner = _load(uow, who, sprint_id)
        target = lists.editable_list(uow, who, list_id)
        ids = list(uow.session.scalars(select(SprintAccount.account_id).where(SprintAccount.sprint_id == sprint.id)))
        present = set(uow.session.scalars(select(ListMember.account_id).where(ListMember.list_id == target.id)))
        new = [a for a in ids if a not in present]
        if new:
            uow.session.execute(insert(ListMember), [{"list_id": target.id, "account_id": a} for a in new])
        record(uow, actor, "account_list", target.id, "add_sprint",
               {"sprint_id": (None, sprint.id), "added": (None, len(new))})
        uow.commit()
        return AccountsAdded(len(new), len(ids) - len(new))


def remove_accounts(uow: UnitOfWork, actor: Actor, sprint_id: int, account_ids: list[int]) -> int:
    """Take accounts out of an open sprint; returns how many were in it."""
    with uow:
        sprint, _owner = _load(uow, principal(uow, actor), sprint_id)
        _require_open(sprint)
        rows = list(uow.session.scalars(select(SprintAccount).where(
            SprintAccount.sprint_id == sprint.id, SprintAccount.account_id.in_(account_ids))))
        for row in rows:
            uow.session.delete(row)
        record(uow, actor, "sprint", sprint.id, "remove_accounts",
               {"account_ids": ([r.account_id for r in rows], None)})
        uow.commit()
        return len(rows)


def sprint_accounts(
    uow: UnitOfWork, actor: Actor, sprint_id: int, *, limit: int | None = None, offset: int | None = None,
) -> Page:
    """The sprint's accounts by name, each saying whether it converted inside the sprint window."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        sprint, owner = _load(uow, who, sprint_id)
        lower, upper = _window(sprint, owner)
        # a teammate's private account stays hidden even inside a sprint the caller runs
        where = and_(SprintAccount.sprint_id == sprint.id, visible_accounts(who))
        total = uow.session.scalar(
            select(func.count(SprintAccount.id)).join(Account, Account.id == SprintAccount.account_id)
            .where(where)) or 0
        rows = uow.session.execute(
            select(Account, Status.kind).join(SprintAccount, SprintAccount.account_id == Account.id)
            .join(Status, Status.id == Account.status_id).where(where)
            .order_by(Account.name, Account.id).limit(limit).offset(offset)
        ).all()
        items = [SprintAccountView(
            a.id, a.name, a.status.key, kind, a.owner_id, a.converted_at,
            a.converted_at is not None and lower <= a.converted_at < upper) for a, kind in rows]
        return Page(items, total, limit, offset)


def move_account_status(uow: UnitOfWork, actor: Actor, sprint_id: int, account_id: int, status: str) -> AccountView:
    """Change the status of one of the sprint's accounts from the sprint."""
    with uow:
        who = principal(uow, actor)
        sprint, _owner = _load(uow, who, sprint_id)
        member = uow.session.scalar(select(SprintAccount.id).where(
            SprintAccount.sprint_id == sprint.id, SprintAccount.account_id == account_id))
        if member is None:
            raise NotFound("that account is not in this sprint", sprint_id=sprint.id, account_id=account_id)
        account = load_account(uow, who, account_id)
        set_status(uow, actor, account, status_by_key(uow, status))
        uow.commit()
        return AccountView.of(account)


# --- closing and rollover ---------------------------------------------------------------------


def close_sprint(uow: UnitOfWork, actor: Actor, sprint_id: int, *, rollover: bool) -> SprintClosed:
    """Close a sprint, keeping a snapshot; with rollover, unconverted accounts and their open tasks move on.

    Idempotent: closing a closed sprint returns its snapshot and moves nothing.
    """
    with uow:
        sprint, owner = _load(uow, principal(uow, actor), sprint_id, lock=True)
        before = sprint.status
        claimed = before != "closed" and cast("CursorResult[Any]", uow.session.execute(
            update(Sprint).where(Sprint.id == sprint.id, Sprint.status != "closed")
            .values(status="closed", closed_at=utcnow()).execution_options(synchronize_session="fetch")
        )).rowcount == 1
        if not claimed:
            uow.session.refresh(sprint)
            return _already_closed(uow.session, sprint)
        figures = _measure(uow.session, sprint, owner)
        lower, upper = _window(sprint, owner)
        converted_ids = list(uow.session.scalars(
            select(SprintAccount.account_id).join(Account, Account.id == SprintAccount.account_id)
            .where(SprintAccount.sprint_id == sprint.id, Account.converted_at >= lower,
                   Account.converted_at < upper).order_by(SprintAccount.account_id)))
        moved: list[int]
        target, moved, tasks_moved = None, [], 0
        if rollover:
            target = _rollover_target(uow, actor, sprint, owner)
            moved, tasks_moved = _roll_over(uow, actor, sprint, target)
        sprint.rolled_into_id = target.id if target else None
        sprint.snapshot = {**figures.to_dict(), "converted_ids": converted_ids, "rolled_over_ids": moved,
                           "rolled_into_id": sprint.rolled_into_id, "tasks_moved": tasks_moved}
        record(uow, actor, "sprint", sprint.id, "close",
               {"status": (before, "closed"), "rollover": (None, rollover),
                "rolled_into_id": (None, sprint.rolled_into_id)})
        emit(uow, "sprint.closed", {**SprintView.of(sprint).to_dict(), "snapshot": sprint.snapshot})
        uow.commit()
        logger.info("sprint %s closed, %s accounts rolled over", sprint.id, len(moved))
        return SprintClosed(SprintView.of(sprint), dict(sprint.snapshot), SprintView.of(target) if target else None,
                            False, len(moved), tasks_moved)


def _unconverted(sprint_id: int) -> Select[tuple[int]]:
    """The sprint's accounts not won: what a rollover moves on."""
    return (
        select(SprintAccount.account_id).join(Account, Account.id == SprintAccount.account_id)
        .join(Status, Status.id == Account.status_id)
        .where(SprintAccount.sprint_id == sprint_id, Status.kind != "won")
    )


def rollover_preview(uow: UnitOfWork, actor: Actor, sprint_id: int) -> RolloverPreview:
    """What closing the sprint with rollover would move on: its accounts not won, by name."""
    with uow:
        sprint, _owner = _load(uow, principal(uow, actor), sprint_id)
        rows = uow.session.execute(
            select(Account.id, Account.name).where(Account.id.in_(_unconverted(sprint.id)))
            .order_by(Account.name, Account.id)).all()
        return RolloverPreview(sprint.id, [name for _, name in rows], [id_ for id_, _ in rows])


def _already_closed(session: Session, sprint: Sprint) -> SprintClosed:
    rolled = session.get(Sprint, sprint.rolled_into_id) if sprint.rolled_into_id else None
    return SprintClosed(SprintView.of(sprint), dict(sprint.snapshot or {}),
                        SprintView.of(rolled) if rolled else None, True, 0, 0)


def _rollover_target(uow: UnitOfWork, actor: Actor, closing: Sprint, owner: User) -> Sprint:
    """The sprint receiving the rollover: another active one, else the next planned, else a new one."""
    session = uow.session
    active = session.scalar(select(Sprint).where(
        Sprint.owner_id == owner.id, Sprint.status == "active", Sprint.id != closing.id))
    if active is not None:
        return active
    planned = session.scalar(
        select(Sprint).where(Sprint.owner_id == owner.id, Sprint.status == "planned",
                             Sprint.start > closing.start)
        .order_by(Sprint.start, Sprint.id).limit(1).with_for_update())
    today = _local_today(owner)
    if planned is not None:
        # A planned sprint that has not begun stays planned: it takes the accounts, not the present.
        if planned.start <= today:
            planned.status = "active"
            record(uow, actor, "sprint", planned.id, "activate", {"status": ("planned", "active")})
        return planned
    start, end = rollover.next_sprint_dates(closing.start, closing.end, today)
    created = Sprint(owner_id=owner.id, name=math.continuation_name(closing.name), start=start,
                     end=end, status="active",
                     goal_kind=closing.goal_kind, goal_target=closing.goal_target, notes="")
    session.add(created)
    session.flush()
    record(uow, actor, "sprint", created.id, "create",
           {"name": (None, created.name), "start": (None, created.start), "end": (None, created.end),
            "status": (None, "active"), "continues": (None, closing.id)})
    return created


def _roll_over(uow: UnitOfWork, actor: Actor, closing: Sprint, target: Sprint) -> tuple[list[int], int]:
    """Add the closing sprint's unconverted accounts to `target` and bring their overdue open tasks along."""
    session = uow.session
    unconverted = _unconverted(closing.id)
    moved = sorted(session.scalars(unconverted))
    _add_members(session, target.id, moved)
    record(uow, actor, "sprint", target.id, "rollover_in",
           {"from_sprint_id": (None, closing.id), "account_ids": (None, moved)})
    windows = [(s.start, s.end) for s in session.scalars(select(Sprint).where(
        Sprint.owner_id == closing.owner_id, Sprint.status != "closed", Sprint.id != closing.id))]
    owner = session.get(User, closing.owner_id)
    assert owner is not None  # foreign key
    today = _local_today(owner)
    return moved, _move_open_tasks(uow, actor, unconverted, max(target.start, today), windows, today)


def _move_open_tasks(uow: UnitOfWork, actor: Actor, account_ids: Any, first_day: date,
                     windows: list[tuple[date, date]], today: date) -> int:
    """Open tasks already past and outside every open sprint move to `first_day`, keeping their time of day.

    Tasks belong to accounts, not sprints; a task still ahead, or inside a sprint that
    goes on, keeps the day the rep gave it (`rollover.keeps_date`).
    """
    session = uow.session
    rows = session.execute(
        select(Task.id, Task.due_at, Task.start_date, User.timezone)
        .join(User, User.id == Task.assignee_id)
        .where(Task.account_id.in_(account_ids), Task.status == "open")
    ).all()
    changes: list[dict[str, Any]] = []
    for task_id, due_at, start_date, tz in rows:
        if due_at is not None:
            local = due_at.astimezone(ZoneInfo(tz))
            if not rollover.keeps_date(local.date(), today, windows):
                moved_to = datetime.combine(first_day, local.time(), ZoneInfo(tz))
                changes.append({"id": task_id, "due_at": moved_to})
                record(uow, actor, "task", task_id, "reschedule", {"due_at": (due_at, moved_to)})
        elif start_date is not None and not rollover.keeps_date(start_date, today, windows):
            changes.append({"id": task_id, "start_date": first_day})
            record(uow, actor, "task", task_id, "reschedule", {"start_date": (start_date, first_day)})
    planned = [c for c in changes if "due_at" in c]
    free = [c for c in changes if "start_date" in c]
    for batch in (planned, free):
        if batch:
            session.execute(update(Task), batch)
    return len(changes)


# --- charts data and team view -----------------------------------------------------------------


def burnup(uow: UnitOfWork, actor: Actor, sprint_id: int) -> Burnup:
    """Per-day cumulative conversions (or won revenue) with the goal and pace lines, for charts."""
    with uow:
        sprint, owner = _load(uow, principal(uow, actor), sprint_id)
        lower, upper = _window(sprint, owner)
        zone = ZoneInfo(owner.timezone)
        rows: Sequence[tuple[datetime | None, Decimal | int]]
        if sprint.goal_kind == "revenue":
            rows = uow.session.execute(
                select(Opportunity.closed_at, Opportunity.value)
                .join(SprintAccount, SprintAccount.account_id == Opportunity.account_id)
                .where(SprintAccount.sprint_id == sprint.id, Opportunity.status == "won",
                       Opportunity.closed_at >= lower, Opportunity.closed_at < upper)).tuples().all()
        else:
            rows = [(at, 1) for at in uow.session.scalars(
                select(Account.converted_at).join(SprintAccount, SprintAccount.account_id == Account.id)
                .where(SprintAccount.sprint_id == sprint.id, Account.converted_at >= lower,
                       Account.converted_at < upper))]
        today = _local_today(owner)
        if sprint.status == "closed" and sprint.snapshot:
            today = date.fromisoformat(sprint.snapshot["today"])
        timed = cast("Sequence[tuple[datetime, Decimal | int]]", rows)  # the window filter excludes NULL times
        events = [(at.astimezone(zone).date(), amount) for at, amount in timed]
        points = math.burnup(sprint.start, sprint.end, today, events, sprint.goal_target)
        return Burnup(sprint.id, sprint.name, sprint.goal_kind, sprint.goal_target, today, points)


def team_status(uow: UnitOfWork, actor: Actor, team_id: int | None = None) -> list[TeamMemberStatus]:
    """Each rep of a team with their active sprint and progress, best % of goal first, no sprint last."""
    with uow:
        who = principal(uow, actor)
        if not who.is_manager:
            raise PermissionDenied("team status is for managers and admins")
        team_id = team_id or who.team_id
        if team_id is None or (not who.is_admin and team_id != who.team_id):
            raise NotFound("team not found", team_id=team_id)
        reps = uow.session.scalars(select(User).where(
            User.team_id == team_id, User.role == "rep", User.active.is_(True)))
        statuses = []
        for rep in reps:
            sprint = uow.session.scalar(select(Sprint).where(Sprint.owner_id == rep.id, Sprint.status == "active"))
            progress = _measure(uow.session, sprint, rep) if sprint else None
            statuses.append(TeamMemberStatus(rep.id, rep.name, SprintView.of(sprint) if sprint else None, progress))

    def rank(item: TeamMemberStatus) -> tuple[int, int, str]:
        if item.progress is None:
            return (2, 0, item.name)
        percent = item.progress.percent
        return (0, -percent, item.name) if percent is not None else (1, 0, item.name)

    return sorted(statuses, key=rank)
