"""Which currency an amount the rep typed is stored in, and each team's default currency."""

from __future__ import annotations

from sqlalchemy import select

from crm_core.domain.money import resolve_currency
from crm_core.errors import InvalidInput, PermissionDenied
from crm_core.persistence.models import Opportunity, Team, User
from crm_core.services.common import Actor, load_account, principal, record
from crm_core.uow import UnitOfWork


def _team_currency(uow: UnitOfWork, actor: Actor) -> str | None:
    user = uow.session.get(User, actor.user_id) if actor.user_id is not None else None
    team = uow.session.get(Team, user.team_id) if user is not None and user.team_id is not None else None
    return team.currency if team is not None else None


def currency_for(uow: UnitOfWork, actor: Actor, named: str | None, account_id: int | None = None) -> str:
    """The ISO code to store an amount in: named, else the account's, else the actor's team's."""
    with uow:
        country, existing = None, []
        if account_id is not None:
            account = load_account(uow, principal(uow, actor), account_id)
            country = account.country
            existing = list(uow.session.scalars(
                select(Opportunity.currency).where(Opportunity.account_id == account.id,
                                                   Opportunity.status == "open")))
        return resolve_currency(named, country=country, account_currencies=existing,
                                team_currency=_team_currency(uow, actor))


def set_team_currency(uow: UnitOfWork, actor: Actor, team_name: str, currency: str) -> None:
    """Set a team's default currency (admins only)."""
    code = currency.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput(f"currency must be an ISO 4217 code, got {currency!r}")
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins set a team's currency")
        team = uow.session.scalar(select(Team).where(Team.name == team_name))
        if team is None:
            team = Team(name=team_name)
            uow.session.add(team)
            uow.flush()
        record(uow, actor, "team", team.id, "update", {"currency": (team.currency, code)})
        team.currency = code
        uow.commit()

