"""Accounts, the sales flow and access rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crm_core.domain.filters import AccountFilter
from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.services import accounts, audit, flow
from crm_core.services.common import SYSTEM


def test_move_status_to_unknown_key_names_valid_keys_and_changes_nothing(core, people):
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Ferretería El Martillo", sector="retail")
    with pytest.raises(InvalidInput) as caught:
        accounts.move_status(core.uow(), rosa, account.id, "ganado")
    assert "client" in caught.value.details["valid"]
    assert accounts.get_account(core.uow(), rosa, account.id).status == "lead"


def test_reaching_a_won_status_records_the_conversion_and_an_audit_entry(core, people):
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Acme Corp")
    moved = accounts.move_status(core.uow(), rosa, account.id, "client")
    assert moved.converted_at is not None
    history = audit.list_audit(core.uow(), people.actor(people.admin), entity="account", entity_id=account.id)
    last = history.items[0]
    assert (last.action, last.actor_id, last.channel) == ("move_status", people.rep.id, "api")
    assert last.changes["status"] == ["lead", "client"]


def test_rep_cannot_see_another_teams_account(core, people):
    sofia = people.actor(people.other_rep)
    private = accounts.create_account(core.uow(), sofia, name="Clínica Santa Fe")
    with pytest.raises(NotFound):
        accounts.get_account(core.uow(), people.actor(people.rep), private.id)
    listed = accounts.list_accounts(core.uow(), people.actor(people.rep))
    assert private.id not in [a.id for a in listed.items]
    assert accounts.get_account(core.uow(), people.actor(people.admin), private.id).id == private.id


def test_team_shared_accounts_are_visible_to_teammates_but_private_ones_are_not(core, people):
    rosa, raul = people.actor(people.rep), people.actor(people.rep2)
    shared = accounts.create_account(core.uow(), rosa, name="Grupo Andino", shared=True)
    private = accounts.create_account(core.uow(), rosa, name="TechNova")
    visible = {a.id for a in accounts.list_accounts(core.uow(), raul).items}
    assert shared.id in visible and private.id not in visible
    manager_sees = {a.id for a in accounts.list_accounts(core.uow(), people.actor(people.manager)).items}
    assert {shared.id, private.id} <= manager_sees


def test_resolve_account_offers_candidates_when_names_are_close(core, people):
    rosa = people.actor(people.rep)
    for name in ("Acme Corp", "ACME Logística", "Panadería San José"):
        accounts.create_account(core.uow(), rosa, name=name)
    ambiguous = accounts.resolve_account(core.uow(), rosa, "acme")
    assert ambiguous.match is None
    assert {c.name for c in ambiguous.candidates} == {"Acme Corp", "ACME Logística"}
    sure = accounts.resolve_account(core.uow(), rosa, "acme logistica")
    assert sure.match is not None and sure.match.name == "ACME Logística"
    typo = accounts.resolve_account(core.uow(), rosa, "panaderia san jose")
    assert typo.match is not None and typo.match.name == "Panadería San José"


def test_renaming_and_reordering_the_flow_keeps_existing_accounts(core, people):
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Hotel Mirador", status="qualified")
    admin = people.actor(people.admin)
    flow.rename_status(core.uow(), admin, "qualified", label_es="Cualificado")
    flow.add_status(core.uow(), admin, key="demo", label_es="Demo", label_en="Demo", kind="open",
                    after="qualified")
    keys = [s.key for s in flow.list_statuses(core.uow())]
    assert keys.index("demo") == keys.index("qualified") + 1
    flow.reorder_statuses(core.uow(), admin, list(reversed(keys)))
    view = accounts.get_account(core.uow(), rosa, account.id)
    assert view.status == "qualified"
    with pytest.raises(PermissionDenied):
        flow.rename_status(core.uow(), rosa, "lead", label_es="x")


def test_account_filters_by_sector_country_status_and_not_contacted(core, people):
    from crm_core.domain.filters import AccountFilter

    rosa = people.actor(people.rep)
    accounts.create_account(core.uow(), rosa, name="Hotel Mirador", sector="Hostelería", country="cl")
    accounts.create_account(core.uow(), rosa, name="Constructora Sur", sector="Construcción", country="AR")
    found = accounts.list_accounts(core.uow(), rosa, AccountFilter(sector="hostelería", country="CL"))
    assert [a.name for a in found.items] == ["Hotel Mirador"]
    stale = accounts.list_accounts(core.uow(), rosa, AccountFilter(not_contacted_days=30, status="lead"))
    assert stale.total == 2
    assert accounts.list_accounts(core.uow(), SYSTEM, AccountFilter(sector="nada")).total == 0


def test_renaming_an_account_finds_it_by_its_new_name_only(core, people):
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Kiosco Pepe")
    accounts.update_account(core.uow(), rosa, account.id, name="Minimarket Los Andes")
    found = accounts.resolve_account(core.uow(), rosa, "minimarket andes")
    assert found.match is not None and found.match.id == account.id
    assert accounts.resolve_account(core.uow(), rosa, "kiosco pepe").match is None


def test_resolve_prefers_accounts_matching_more_of_the_typed_words(core, people):
    rosa = people.actor(people.rep)
    wanted = accounts.create_account(core.uow(), rosa, name="Ferretería El Martillo")
    for name in ("Ferretería Central", "Ferretería Norte", "Martillo Hermanos"):
        accounts.create_account(core.uow(), rosa, name=name)
    found = accounts.resolve_account(core.uow(), rosa, "ferreteria martillo")
    assert found.match is not None and found.match.id == wanted.id


def test_one_mistyped_word_still_finds_the_account_holding_the_others(core, people):
    rosa = people.actor(people.rep)
    wanted = accounts.create_account(core.uow(), rosa, name="Importadora Santa Fe Sevilla")
    accounts.create_account(core.uow(), rosa, name="Importadora Santa Rosa")
    found = accounts.resolve_account(core.uow(), rosa, "importadorra santa fe sevilla")
    assert found.match is not None and found.match.id == wanted.id


def test_name_filter_finds_words_inside_names_and_short_words(core, people):
    rosa = people.actor(people.rep)
    for name in ("Ferretería El Martillo", "Café Oz", "Panadería Sol"):
        accounts.create_account(core.uow(), rosa, name=name)

    def named(text: str) -> list[str]:
        return [a.name for a in accounts.list_accounts(core.uow(), rosa, AccountFilter(name=text)).items]

    assert named("martillo") == ["Ferretería El Martillo"]
    assert named("el mart") == ["Ferretería El Martillo"]
    assert named("oz") == ["Café Oz"]
    assert named("ía") == ["Ferretería El Martillo", "Panadería Sol"]


def test_name_lookups_are_answered_by_the_trigram_index(core, people):
    rosa = people.actor(people.rep)
    accounts.create_account(core.uow(), rosa, name="Ferretería El Martillo")
    with core.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            plan = connection.execute(text(
                "EXPLAIN QUERY PLAN SELECT rowid FROM account_name_trigrams WHERE account_name_trigrams MATCH :q"),
                {"q": '"martillo"'}).all()
            assert any("VIRTUAL TABLE INDEX" in str(row) for row in plan), plan
            indexed = connection.execute(text(
                "SELECT rowid FROM account_name_trigrams WHERE account_name_trigrams MATCH '\"martillo\"'")).all()
            assert len(indexed) == 1
        else:
            connection.execute(text("SET enable_seqscan = off"))
            plan = connection.execute(text(
                "EXPLAIN SELECT id FROM accounts WHERE search_name LIKE '%martillo%'")).scalars().all()
            assert any("ix_accounts_search_name_trgm" in line for line in plan), plan
