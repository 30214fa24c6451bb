"""Rules the chat used to compute itself now come from the core: the rollover set, "the" open opportunity."""

from __future__ import annotations

from datetime import date

import pytest

from crm_core.bootstrap import Core
from crm_core.errors import NotFound, PermissionDenied
from crm_core.services import accounts, opportunities, sprints


def test_the_rollover_preview_names_what_closing_with_rollover_moves_on(core: Core, people) -> None:
    rosa = people.actor(people.rep)
    ids = {name: accounts.create_account(core.uow(), rosa, name=name).id for name in ("Cuenta B", "Cuenta A", "Ganada")}
    accounts.move_status(core.uow(), rosa, ids["Ganada"], "client")
    sprint = sprints.create_sprint(core.uow(), rosa, name="Marzo", start=date(2025, 3, 1), end=date(2025, 3, 31))
    sprints.add_accounts(core.uow(), rosa, sprint.id, list(ids.values()))
    preview = sprints.rollover_preview(core.uow(), rosa, sprint.id)
    assert (preview.account_names, preview.count) == (["Cuenta A", "Cuenta B"], 2)
    closed = sprints.close_sprint(core.uow(), rosa, sprint.id, rollover=True)
    assert closed.rolled_over == preview.count
    with pytest.raises((NotFound, PermissionDenied)):
        sprints.rollover_preview(core.uow(), people.actor(people.other_rep), sprint.id)


def test_the_latest_open_opportunity_is_the_one_a_win_is_about(core: Core, people) -> None:
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Ferretería").id
    assert opportunities.latest_open(core.uow(), rosa, account) is None
    first = opportunities.open_opportunity(core.uow(), rosa, account_id=account, value=100)
    second = opportunities.open_opportunity(core.uow(), rosa, account_id=account, value=200)
    assert opportunities.latest_open(core.uow(), rosa, account).id == second.id
    opportunities.win_opportunity(core.uow(), rosa, second.id)
    assert opportunities.latest_open(core.uow(), rosa, account).id == first.id
    assert opportunities.latest_open(core.uow(), people.actor(people.other_rep), account) is None
