"""New leads from the chat: country and sector as the CRM spells them, the contact named, no silent duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from crm_core.domain import names
from crm_core.domain.places import canonical_sector, country_of
from crm_core.persistence.models import Account, User
from crm_core.read_models.common import AccountView, ContactView
from crm_core.services.accounts import new_account
from crm_core.services.common import Actor, principal
from crm_core.services.contacts import new_contact
from crm_core.uow import UnitOfWork

# Names this close ("Café de la Plaza" / "Cafe dela Plaza") are the same company until the rep says otherwise.
SAME_NAME_SCORE = 90.0


@dataclass(frozen=True)
class Similar:
    """An account that already exists with the same or a very close name, and whose it is."""

    id: int
    name: str
    owner: str


@dataclass(frozen=True)
class LeadResult:
    """The lead and its contact, or the existing accounts to ask about first (nothing written)."""

    account: AccountView | None = None
    contact: ContactView | None = None
    similar: list[Similar] = field(default_factory=list)


def similar_accounts(uow: UnitOfWork, name: str) -> list[Similar]:
    """Every account, whoever owns it, whose name is the same as or very close to `name`."""
    rows = list(uow.session.execute(select(Account.id, Account.name, Account.search_name, User.name)
                                    .outerjoin(User, User.id == Account.owner_id)))
    owners = {row[0]: row[3] or "" for row in rows}
    ranked = names.rank_keyed(name, [(row[0], row[1], row[2]) for row in rows])
    return [Similar(s.id, s.name, owners[s.id]) for s in ranked if s.score >= SAME_NAME_SCORE][:3]


def sectors_in_use(uow: UnitOfWork) -> list[str]:
    """The sectors accounts already have, most used first."""
    rows = uow.session.execute(select(Account.sector).where(Account.sector.is_not(None)))
    counts: dict[str, int] = {}
    for (sector,) in rows:
        counts[sector] = counts.get(sector, 0) + 1
    return sorted(counts, key=lambda s: -counts[s])


def create_lead(uow: UnitOfWork, actor: Actor, *, name: str, sector: str | None = None,
                country: str | None = None, contact: str | None = None, email: str | None = None,
                phone: str | None = None, source: str | None = None, confirmed: bool = False) -> LeadResult:
    """Create a lead (and its contact) unless an account with a close name exists and the rep has not confirmed."""
    with uow:
        who = principal(uow, actor)
        if not confirmed:
            similar = similar_accounts(uow, name)
            if similar:
                return LeadResult(similar=similar)
        code = country_of(country) if country else None
        if code is None and country and len(country.strip()) == 2 and country.strip().isalpha():
            code = country.strip().upper()
        account = new_account(uow, actor, who, name=name, status="lead",
                              sector=canonical_sector(sector, sectors_in_use(uow)), country=code, source=source)
        person = None
        if contact or email or phone:
            person = new_contact(uow, actor, account, name=contact or (email or phone or ""), email=email,
                                 phone=phone)
        uow.commit()
        return LeadResult(AccountView.of(account), ContactView.of(person) if person else None)
