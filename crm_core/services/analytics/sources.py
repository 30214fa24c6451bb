"""Lead sources: where accounts came from (an inbox channel, a campaign, an import, by hand).

An account's source is `accounts.source` as the inbox, imports and campaigns write it; an
account without one was entered by hand (`manual`). Conversion is the share of the accounts
created in the period that have reached a won status by now; won deals are those closed in the
period on any account of the source.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from crm_core.domain.periods import Period
from crm_core.domain.sprints import whole_percent
from crm_core.persistence.models import Account, Opportunity
from crm_core.read_models.analytics import Money, SourceFigures, SourcesReport
from crm_core.services.analytics.scope import resolve, window
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork

MANUAL = "manual"
CENTS = Decimal("0.01")


def lead_sources(uow: UnitOfWork, actor: Actor, period: str | Period, scope: str | None = "me") -> SourcesReport:
    """Per source: accounts created in the period, how many converted, and the deals won in the period."""
    with uow:
        win = window(uow, actor, period)
        where = resolve(uow, win.who, scope)
        session = uow.session
        source = func.coalesce(Account.source, MANUAL)
        created = {s: (n, c) for s, n, c in session.execute(
            select(source, func.count(Account.id), func.count(Account.converted_at))
            .where(where.accounts, Account.created_at >= win.lower, Account.created_at < win.upper)
            .group_by(source))}
        won: dict[str, list[Money]] = defaultdict(list)
        for name, currency, count, value in session.execute(
            select(source, Opportunity.currency, func.count(Opportunity.id), func.coalesce(func.sum(Opportunity.value), 0))
            .join(Account, Account.id == Opportunity.account_id)
            .where(where.accounts, Opportunity.status == "won", Opportunity.closed_at >= win.lower,
                   Opportunity.closed_at < win.upper)
            .group_by(source, Opportunity.currency)
        ):
            won[name].append(Money(currency, count, Decimal(value or 0).quantize(CENTS)))
    rows = [_row(name, created.get(name, (0, 0)), sorted(won.get(name, []), key=lambda m: m.currency))
            for name in set(created) | set(won)]
    rows.sort(key=lambda r: (-r.accounts, -sum(m.count for m in r.won), r.source))
    return SourcesReport(win.period.start, win.period.end, where.view, rows)


def _row(name: str, created: tuple[Any, Any], won: list[Money]) -> SourceFigures:
    accounts, converted = created
    return SourceFigures(name, accounts, converted, whole_percent(converted, accounts) if accounts else None, won)
