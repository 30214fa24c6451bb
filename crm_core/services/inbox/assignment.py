"""Who answers a conversation: account owner, territory responsible, else the next rep in rotation."""

from __future__ import annotations

from sqlalchemy import select

from crm_core.domain import inbox as rules
from crm_core.persistence.models import (
    Account,
    Conversation,
    InboxSettings,
    Territory,
    User,
)
from crm_core.services.inbox.settings import settings_row
from crm_core.uow import UnitOfWork


def rotation(uow: UnitOfWork, settings: InboxSettings, team_id: int | None = None) -> list[int]:
    """The active reps new conversations rotate among: of `team_id`, else of the inbox's team."""
    query = select(User.id).where(User.active.is_(True), User.role == "rep")
    team_id = team_id if team_id is not None else settings.team_id
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    return list(uow.session.scalars(query))


def conversation_team(uow: UnitOfWork, conversation: Conversation) -> int | None:
    """The team a conversation belongs to: its account's, else its assignee's, else the inbox's."""
    if conversation.account_id is not None:
        account = uow.session.get(Account, conversation.account_id)
        if account is not None and account.team_id is not None:
            return account.team_id
    if conversation.assignee_id is not None:
        assignee = uow.session.get(User, conversation.assignee_id)
        if assignee is not None and assignee.team_id is not None:
            return assignee.team_id
    return settings_row(uow).team_id


def assignee_for(uow: UnitOfWork, settings: InboxSettings, owner_id: int | None, territory_id: int | None) -> int | None:
    """Account owner, else the territory's responsible user, else the next rep in rotation."""
    territory = uow.session.get(Territory, territory_id) if territory_id else None
    chosen, rotated = rules.choose_assignee(owner_id, territory.responsible_id if territory else None,
                                            rotation(uow, settings), settings.last_assigned_id)
    if rotated and chosen is not None:
        settings.last_assigned_id = chosen
    return chosen
