"""Who answers a conversation: account owner, territory responsible, else the next rep in rotation."""

from __future__ import annotations

from sqlalchemy import select

from crm_core.domain import inbox as rules
from crm_core.persistence.models import (
    InboxSettings,
    Territory,
    User,
)
from crm_core.uow import UnitOfWork


def rotation(uow: UnitOfWork, settings: InboxSettings) -> list[int]:
    query = select(User.id).where(User.active.is_(True), User.role == "rep")
    if settings.team_id is not None:
        query = query.where(User.team_id == settings.team_id)
    return list(uow.session.scalars(query))


def assignee_for(uow: UnitOfWork, settings: InboxSettings, owner_id: int | None, territory_id: int | None) -> int | None:
    """Account owner, else the territory's responsible user, else the next rep in rotation."""
    territory = uow.session.get(Territory, territory_id) if territory_id else None
    chosen, rotated = rules.choose_assignee(owner_id, territory.responsible_id if territory else None,
                                            rotation(uow, settings), settings.last_assigned_id)
    if rotated and chosen is not None:
        settings.last_assigned_id = chosen
    return chosen
