"""Who may see and change what, as pure rules over plain attributes.

A record the caller may not see is answered as if it did not exist, so ids leak nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("rep", "manager", "admin")
CHANNELS = ("slack", "telegram", "web", "api", "cli", "scheduler", "system")


@dataclass(frozen=True)
class Principal:
    """The acting user as the rules need them."""

    id: int
    role: str
    team_id: int | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_manager(self) -> bool:
        return self.role in ("manager", "admin")


def can_see_account(
    who: Principal, owner_id: int | None, team_id: int | None, shared: bool
) -> bool:
    """Reps: their own accounts and their team's shared or unowned ones; managers: their team."""
    if who.is_admin:
        return True
    if owner_id == who.id:
        return True
    same_team = team_id is not None and team_id == who.team_id
    if who.role == "manager":
        return same_team
    return same_team and (shared or owner_id is None)


def can_set_goal(who: Principal) -> bool:
    """Goals are set by managers and admins only."""
    return who.is_manager


def can_see_list(who: Principal, owner_id: int, public: bool) -> bool:
    """Public lists are for everyone; private ones for their owner and admins."""
    return public or owner_id == who.id or who.is_admin


def may_link(record_account_id: int | None, account_id: int) -> bool:
    """A contact or opportunity named on an account's record must be that account's own.

    The account is checked against the caller's scope first, so what passes here is in scope too.
    """
    return record_account_id is not None and record_account_id == account_id


def can_receive_conversation(who: Principal, conversation_team_id: int | None,
                             target_team_id: int | None, target_active: bool) -> bool:
    """A conversation goes to an active user of its team, inside the caller's own team (admins: any)."""
    if not target_active:
        return False
    if conversation_team_id is not None and target_team_id != conversation_team_id:
        return False
    return who.is_admin or (who.team_id is not None and target_team_id == who.team_id)
def can_assign_to(who: Principal, user_id: int, user_team_id: int | None) -> bool:
    """Reps give records only to themselves, managers to their team, admins to anyone."""
    if who.is_admin or user_id == who.id:
        return True
    return who.role == "manager" and who.team_id is not None and user_team_id == who.team_id


def can_see_user(who: Principal, user_id: int, user_team_id: int | None) -> bool:
    """Admins see every user, others themselves and their team."""
    if who.is_admin or user_id == who.id:
        return True
    return who.team_id is not None and user_team_id == who.team_id


def can_manage_user_records(who: Principal, user_id: int, user_team_id: int | None) -> bool:
    """Whose sprints, agenda and tasks `who` runs: their own, a manager their team's, admins all."""
    return can_assign_to(who, user_id, user_team_id)
