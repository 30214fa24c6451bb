"""Opportunities, account summaries, custom fields and users."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_core.domain.filters import AccountFilter
from crm_core.errors import Conflict, InvalidInput, PermissionDenied
from crm_core.services import accounts, contacts, custom_fields, opportunities, users
from crm_core.services.common import SYSTEM


def test_account_potential_is_the_sum_of_open_opportunities(core, people):
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Distribuidora López")
    contact = contacts.add_contact(core.uow(), rosa, account_id=account.id, name="María Pérez",
                                   email="Maria@Lopez.cl")
    opportunities.open_opportunity(core.uow(), rosa, account_id=account.id, value=2000, currency="usd")
    opportunities.open_opportunity(core.uow(), rosa, account_id=account.id, value="4500",
                                   contact_id=contact.id)
    lost = opportunities.open_opportunity(core.uow(), rosa, account_id=account.id, value=999)
    opportunities.lose_opportunity(core.uow(), rosa, lost.id, "precio muy alto")
    summary = accounts.account_summary(core.uow(), rosa, account.id)
    assert summary.potential == Decimal("6500")
    assert [c.email for c in summary.contacts] == ["maria@lopez.cl"]
    assert len(summary.open_opportunities) == 2


def test_winning_an_opportunity_converts_the_account_and_cannot_happen_twice(core, people):
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Hotel Mirador")
    deal = opportunities.open_opportunity(core.uow(), rosa, account_id=account.id, value=1200)
    won = opportunities.win_opportunity(core.uow(), rosa, deal.id, value=Decimal("1500"))
    assert (won.status, won.value) == ("won", Decimal("1500"))
    view = accounts.get_account(core.uow(), rosa, account.id)
    assert view.status == "client" and view.converted_at is not None
    with pytest.raises(Conflict):
        opportunities.lose_opportunity(core.uow(), rosa, deal.id, "tarde")
    with pytest.raises(InvalidInput):
        opportunities.open_opportunity(core.uow(), rosa, account_id=account.id, value=-1)


def test_custom_fields_are_validated_stored_and_filterable(core, people):
    admin = people.actor(people.admin)
    custom_fields.define_field(core.uow(), admin, entity="account", key="tamano", label="Tamaño",
                               kind="picklist", values=["pyme", "grande"])
    custom_fields.define_field(core.uow(), admin, entity="account", key="empleados", label="Empleados",
                               kind="number")
    with pytest.raises(PermissionDenied):
        custom_fields.define_field(core.uow(), people.actor(people.rep), entity="account", key="x",
                                   label="x", kind="text")
    rosa = people.actor(people.rep)
    with pytest.raises(InvalidInput) as caught:
        accounts.create_account(core.uow(), rosa, name="TechNova", custom={"tamano": "enorme"})
    assert "tamano" in caught.value.details["fields"]
    big = accounts.create_account(core.uow(), rosa, name="TechNova", custom={"tamano": "grande"})
    accounts.create_account(core.uow(), rosa, name="Kiosco Pepe", custom={"tamano": "pyme"})
    updated = accounts.update_account(core.uow(), rosa, big.id, custom={"empleados": "250"})
    assert updated.custom == {"tamano": "grande", "empleados": 250.0}
    found = accounts.list_accounts(core.uow(), rosa, AccountFilter(custom={"tamano": "grande"}))
    assert [a.id for a in found.items] == [big.id]


def test_users_have_unique_emails_known_roles_and_hashed_tokens(core, people):
    with pytest.raises(Conflict):
        users.add_user(core.uow(), SYSTEM, name="Otra Rosa", email="ROSA@rumbo.test", role="rep")
    with pytest.raises(InvalidInput):
        users.add_user(core.uow(), SYSTEM, name="X", email="x@rumbo.test", role="boss")
    token = users.create_token(core.uow(), SYSTEM, people.rep.email)
    assert users.authenticate_token(core.uow(), token).id == people.rep.id
    assert users.authenticate_token(core.uow(), token + "x") is None
    assert users.identify(core.uow(), "slack", "U0ROSA").id == people.rep.id
    assert users.identify(core.uow(), "slack", "U0NOBODY") is None


def test_a_link_code_links_a_chat_identity_once(core, people):
    code = users.create_link_code(core.uow(), SYSTEM, people.rep2.email)
    linked = users.redeem_link_code(core.uow(), code, "telegram", "777")
    assert linked.id == people.rep2.id
    assert users.identify(core.uow(), "telegram", "777").id == people.rep2.id
    with pytest.raises(InvalidInput):
        users.redeem_link_code(core.uow(), code, "telegram", "888")
