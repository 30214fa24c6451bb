"""Importing rows: create, update, idempotent re-import, all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from crm_core.errors import PermissionDenied
from crm_core.services import (
    accounts,
    activities,
    audit,
    contacts,
    custom_fields,
    opportunities,
    tasks,
    users,
)
from crm_core.services.common import Actor
from crm_core.services.imports import ImportReport, ImportRow, import_rows

UTC = UTC


def sheet(text: str) -> tuple[list[str], list[ImportRow]]:
    """Rows of a `;`-separated sheet; the header is line 1."""
    header, *lines = text.strip().splitlines()
    columns = header.split(";")
    return columns, [ImportRow(n, dict(zip(columns, line.split(";"), strict=True))) for n, line in enumerate(lines, start=2)]


def run(core, actor: Actor, kind: str, text: str, **options) -> ImportReport:  # type: ignore[no-untyped-def]
    columns, rows = sheet(text)
    return import_rows(core.uow(), actor, kind, columns, rows, **options)


def errors_of(report: ImportReport) -> list[tuple[int, str | None]]:
    return [(e.line, e.column) for e in report.errors]


def all_accounts(core, people):  # type: ignore[no-untyped-def]
    return accounts.list_accounts(core.uow(), people.actor(people.admin), limit=500).items


ACCOUNTS = """
name;status;sector;country;owner_email;shared
Ferretería El Martillo;lead;Retail;cl;rosa@rumbo.test;no
Clínica Norte;qualified;Salud;CL;raul@rumbo.test;sí
Clínica Norte;client;Salud;PE;;no
"""


def test_importing_accounts_creates_updates_and_a_second_import_changes_nothing(core, people):
    admin = people.actor(people.admin, "cli")
    first = run(core, admin, "accounts", ACCOUNTS)
    assert (first.written, first.rows, first.created, first.updated, first.errors) == (True, 3, 3, 0, [])
    listed = {(a.name, a.country): a for a in all_accounts(core, people)}
    martillo = listed[("Ferretería El Martillo", "CL")]
    assert (martillo.status, martillo.owner_id, martillo.sector, martillo.shared) == ("lead", people.rep.id, "Retail", False)
    assert listed[("Clínica Norte", "CL")].shared is True
    assert listed[("Clínica Norte", "PE")].converted_at is not None

    again = run(core, admin, "accounts", ACCOUNTS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert len(all_accounts(core, people)) == 3

    changed = run(core, admin, "accounts", f"""
id;name;status
{martillo.id};Ferretería El Martillo Ltda.;proposal
;Ferretería El Martillo Ltda.;
;Kiosco Pepe;
""")
    assert (changed.created, changed.updated, changed.unchanged) == (1, 1, 1)
    view = accounts.get_account(core.uow(), admin, martillo.id)
    assert (view.name, view.status, view.sector) == ("Ferretería El Martillo Ltda.", "proposal", "Retail")
    assert [o.action for o in changed.outcomes] == ["updated", "unchanged", "created"]


def test_one_bad_row_writes_nothing_and_every_error_names_line_and_column(core, people):
    report = run(core, people.actor(people.admin), "accounts", """
name;status;country;owner_email;created_at
Ferretería El Martillo;lead;CL;rosa@rumbo.test;2024-01-15 09:00
Clínica Norte;ganado;Chile;nadie@rumbo.test;15-01-2024
;lead;CL;;
""")
    assert not report.written
    assert errors_of(report) == [(3, "country"), (3, "status"), (3, "owner_email"), (3, "created_at"), (4, "name")]
    messages = {e.column: e.message for e in report.errors}
    assert "valid: target, lead, qualified, proposal, negotiation, client, lost" in messages["status"]
    assert messages["owner_email"] == "no user has email nadie@rumbo.test"
    assert "expected a date and time like 2024-03-31 14:30" in messages["created_at"]
    assert all_accounts(core, people) == []


def test_dry_run_reports_what_would_change_and_writes_nothing(core, people):
    admin = people.actor(people.admin)
    existing = accounts.create_account(core.uow(), admin, name="Clínica Norte", country="CL")
    entries_before = audit.list_audit(core.uow(), admin).total
    report = run(core, admin, "accounts", f"""
id;name;sector
{existing.id};Clínica Norte;Salud
;Kiosco Pepe;Retail
""", dry_run=True)
    assert (report.dry_run, report.written, report.created, report.updated) == (True, False, 1, 1)
    assert [(o.action, o.id) for o in report.outcomes] == [("updated", existing.id), ("created", None)]
    assert [(a.name, a.sector) for a in all_accounts(core, people)] == [("Clínica Norte", None)]
    assert audit.list_audit(core.uow(), admin).total == entries_before


def test_an_ambiguous_or_unknown_account_name_is_a_row_error_naming_the_candidates(core, people):
    admin = people.actor(people.admin)
    chile = accounts.create_account(core.uow(), admin, name="Acme", country="CL")
    peru = accounts.create_account(core.uow(), admin, name="ACME", country="PE")
    martillo = accounts.create_account(core.uow(), admin, name="Ferretería El Martillo")
    report = run(core, admin, "contacts", f"""
account_id;account;name;email
;acme;María Pérez;maria@acme.cl
;Ferreteria Martillo;Juan Soto;
;ferretería el martillo;Ana Ríos;ana@martillo.cl
{peru.id};Acme;Luis Díaz;
""")
    assert errors_of(report) == [(2, "account"), (3, "account")]
    assert report.errors[0].message == (
        f"'acme' matches several accounts: Acme (CL, id {chile.id}), ACME (PE, id {peru.id}); give account_id")
    assert report.errors[1].message == "no account is called 'Ferreteria Martillo'; did you mean 'Ferretería El Martillo'?"
    fixed = run(core, admin, "contacts", f"""
account_id;account;name;email
{chile.id};;María Pérez;Maria@Acme.cl
;ferretería el martillo;Ana Ríos;ana@martillo.cl
{peru.id};Acme;Luis Díaz;
""")
    assert (fixed.written, fixed.created) == (True, 3)
    found = contacts.list_contacts(core.uow(), admin, account_id=martillo.id).items
    assert [(c.name, c.email) for c in found] == [("Ana Ríos", "ana@martillo.cl")]
    again = run(core, admin, "contacts", f"""
account_id;name;email;phone
{chile.id};María Pérez;maria@acme.cl;+56 9 1111 2222
{peru.id};Luis Díaz;;
""")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)


def test_custom_field_columns_are_checked_against_the_definitions(core, people):
    admin = people.actor(people.admin)
    custom_fields.define_field(core.uow(), admin, entity="account", key="tamano", label="Tamaño",
                               kind="picklist", values=["pyme", "grande"])
    custom_fields.define_field(core.uow(), admin, entity="account", key="empleados", label="Empleados",
                               kind="number", required=True)
    custom_fields.define_field(core.uow(), admin, entity="account", key="alta", label="Alta", kind="date")
    unknown = run(core, admin, "accounts", "name;custom.color;estado\nAcme;rojo;lead")
    assert errors_of(unknown) == [(1, "custom.color"), (1, "estado")]
    assert "custom fields: custom.tamano, custom.empleados, custom.alta" in unknown.errors[0].message

    report = run(core, admin, "accounts", """
name;custom.tamano;custom.empleados;custom.alta
Acme;enorme;10;2024-01-31
Beta;pyme;;31/01/2024
Gamma;grande;muchos;ayer
""")
    assert errors_of(report) == [(2, "custom.tamano"), (3, "custom.empleados"), (4, "custom.empleados"), (4, "custom.alta")]
    assert report.errors[2].message == "Empleados: expected a number, got 'muchos'"
    assert report.errors[0].message == "Tamaño: expected one of pyme, grande"
    assert report.errors[1].message == "Empleados is required"

    created = run(core, admin, "accounts", "name;custom.tamano;custom.empleados;custom.alta\nAcme;grande;250;31/01/2024")
    acme = next(iter(all_accounts(core, people)))
    assert created.written and acme.custom == {"tamano": "grande", "empleados": 250.0, "alta": "2024-01-31"}
    cleared = run(core, admin, "accounts", f"id;custom.tamano;custom.empleados\n{acme.id};;300")
    assert cleared.updated == 1
    assert accounts.get_account(core.uow(), admin, acme.id).custom == {"empleados": 300.0, "alta": "2024-01-31"}


def test_every_imported_record_is_in_the_audit_trail_with_who_and_channel(core, people):
    admin = people.actor(people.admin, "api")
    report = run(core, admin, "accounts", "name;status\nAcme;lead\nBeta;client", source="cuentas.csv")
    acme_id = report.outcomes[0].id
    history = audit.list_audit(core.uow(), admin, entity="account", entity_id=acme_id).items
    assert [(e.action, e.actor_id, e.channel) for e in history] == [("create", people.admin.id, "api")]
    run(core, admin, "accounts", f"id;status\n{acme_id};qualified")
    moved = audit.list_audit(core.uow(), admin, entity="account", entity_id=acme_id).items[0]
    assert (moved.action, moved.changes["status"]) == ("move_status", ["lead", "qualified"])
    summaries = audit.list_audit(core.uow(), admin, entity="import").items
    assert [(e.action, e.changes["source"][1], e.changes["created"][1]) for e in summaries][-1] == (
        "accounts", "cuentas.csv", 2)


def test_reps_cannot_import_and_managers_import_only_for_their_team(core, people):
    with pytest.raises(PermissionDenied):
        run(core, people.actor(people.rep), "accounts", "name\nAcme")
    manager = people.actor(people.manager)
    with pytest.raises(PermissionDenied):
        run(core, manager, "users", "name;email;role\nX;x@rumbo.test;rep")
    south = accounts.create_account(core.uow(), people.actor(people.other_rep), name="Cuenta del Sur")
    report = run(core, manager, "accounts", f"""
id;name;owner_email
;Ferretería Norte;rosa@rumbo.test
;Ferretería Sur;sofia@rumbo.test
{south.id};Cuenta del Sur;
""")
    assert errors_of(report) == [(3, "owner_email"), (4, "id")]
    assert report.errors[0].message == "no user has email sofia@rumbo.test"  # as unknown as a missing one
    mine = run(core, manager, "accounts", "name;owner_email\nFerretería Norte;rosa@rumbo.test\nClínica;")
    assert mine.written
    owners = {a.name: a.owner_id for a in all_accounts(core, people)}
    assert (owners["Ferretería Norte"], owners["Clínica"]) == (people.rep.id, people.manager.id)


def test_opportunity_amounts_and_stages_as_people_write_them(core, people):
    admin = people.actor(people.admin)
    acme = accounts.create_account(core.uow(), admin, name="Acme", owner_id=people.rep.id)
    report = run(core, admin, "opportunities", """
account;title;value;currency;stage;status;lost_reason
Acme;Renovación;3.500 €;USD;;;
Acme;Ampliación;12k;;ganado;;
Acme;Perdida;500;;;lost;
Acme;Grande;doce mil;;;;
""")
    assert errors_of(report) == [(2, "currency"), (3, "stage"), (4, None), (5, "value")]
    assert report.errors[0].message == "the value is in EUR but currency says USD"
    assert report.errors[2].message == "say why the opportunity was lost"
    fixed = run(core, admin, "opportunities", """
account;title;value;currency;stage;status;lost_reason;expected_close;owner_email
Acme;Renovación;3.500 €;;;;;30/06/2024;
Acme;Ampliación;12k;;proposal;open;;;raul@rumbo.test
Acme;Cerrada;8 mil;CLP;;won;;;
Acme;Perdida;500;;;lost;precio;;
""")
    assert (fixed.written, fixed.created) == (True, 4)
    deals = {o.title: o for o in opportunities.list_opportunities(core.uow(), admin, account_id=acme.id).items}
    assert (deals["Renovación"].value, deals["Renovación"].currency, deals["Renovación"].stage) == (
        Decimal("3500.00"), "EUR", "qualified")
    assert deals["Renovación"].expected_close == date(2024, 6, 30)
    assert (deals["Ampliación"].value, deals["Ampliación"].owner_id) == (Decimal("12000.00"), people.rep2.id)
    assert (deals["Cerrada"].status, deals["Cerrada"].stage, deals["Cerrada"].closed_at is not None) == ("won", "client", True)
    assert (deals["Perdida"].status, deals["Perdida"].lost_reason) == ("lost", "precio")
    assert accounts.get_account(core.uow(), admin, acme.id).status == "lead"
    again = run(core, admin, "opportunities", "account;title;value;stage\nAcme;Ampliación;15k;negotiation")
    assert (again.updated, again.created) == (1, 0)
    assert deals["Ampliación"].id == again.outcomes[0].id


def test_activities_and_tasks_name_people_by_email_and_read_times_in_their_timezone(core, people):
    admin = people.actor(people.admin, "cli")
    acme = accounts.create_account(core.uow(), admin, name="Acme", owner_id=people.rep.id)
    plan = """
account;type;title;assignee_email;due_at;start_date;status;completed_at
Acme;call;Llamar por la cotización;rosa@rumbo.test;2024-03-06 09:00;;open;
Acme;visit;Visita;raul@rumbo.test;;2024-03-07;open;
Acme;email;Enviar catálogo;rosa@rumbo.test;;2024-03-01;done;2024-03-02 18:00
"""
    planned = run(core, admin, "tasks", plan)
    assert (planned.written, planned.created) == (True, 3)
    found = {t.title: t for t in tasks.list_tasks(core.uow(), admin, account_id=acme.id).items}
    assert found["Llamar por la cotización"].due_at == datetime(2024, 3, 6, 12, 0, tzinfo=UTC)  # Santiago, UTC-3
    assert (found["Visita"].start_date, found["Visita"].assignee_id) == (date(2024, 3, 7), people.rep2.id)
    assert (found["Enviar catálogo"].status, found["Enviar catálogo"].completed_at) == (
        "done", datetime(2024, 3, 2, 21, 0, tzinfo=UTC))
    assert run(core, admin, "tasks", plan).unchanged == 3

    logged = f"""
account_id;type;outcome;author_email;occurred_at;task_id
{acme.id};call;quieren cotización;raul@rumbo.test;2024-03-05 10:00;{found['Visita'].id}
{acme.id};meeting;demo;rosa@rumbo.test;2024-03-04T15:00:00-03:00;
{acme.id};llamada;;rosa@rumbo.test;ayer;
"""
    report = run(core, admin, "activities", logged)
    assert errors_of(report) == [(4, "type"), (4, "occurred_at")]
    report = run(core, admin, "activities", "\n".join(logged.strip().splitlines()[:3]))
    assert (report.written, report.created) == (True, 2)
    history = activities.list_activities(core.uow(), admin, account_id=acme.id).items
    assert [(a.type, a.author_id, a.occurred_at) for a in history] == [
        ("call", people.rep2.id, datetime(2024, 3, 5, 9, 0, tzinfo=UTC)),  # Madrid, UTC+1
        ("meeting", people.rep.id, datetime(2024, 3, 4, 18, 0, tzinfo=UTC)),
    ]
    assert accounts.get_account(core.uow(), admin, acme.id).last_activity_at == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    unsigned = run(core, Actor(None, "cli"), "activities", "account;type;occurred_at\nAcme;note;2024-03-05 10:00")
    assert unsigned.errors[0].message == "a new activity needs its author (author_email or author_id)"


def test_records_keep_the_ids_the_file_gives_and_new_ones_never_collide(core, people):
    admin = people.actor(people.admin)
    report = run(core, admin, "accounts", "id;name;country\n41;Acme;CL\n;Beta;CL\n40;Gamma;")
    assert [o.id for o in report.outcomes] == [41, 42, 40]
    later = accounts.create_account(core.uow(), admin, name="Delta")
    assert later.id == 43
    clash = run(core, admin, "accounts", "id;name;country\n77;acme;CL")
    assert clash.errors[0].message == "no account has id 77, and this row is already account 41"


def test_users_are_created_and_updated_by_email(core, people):
    admin = people.actor(people.admin, "cli")
    report = run(core, admin, "users", """
name;email;role;team;language;timezone;active
Tomás Vidal;Tomas@Rumbo.test;rep;Centro;es;America/Santiago;sí
Rosa Díaz;rosa@rumbo.test;manager;Norte;en;America/Santiago;
Nadie;nadie@rumbo.test;jefe;;es;Marte/Olimpo;
""")
    assert errors_of(report) == [(4, "role"), (4, "timezone")]
    report = run(core, admin, "users", """
name;email;role;team;language;timezone;active
Tomás Vidal;Tomas@Rumbo.test;rep;Centro;es;America/Santiago;sí
Rosa Díaz;rosa@rumbo.test;manager;Norte;en;America/Santiago;
""")
    assert (report.created, report.updated) == (1, 1)
    rosa = users.get_user(core.uow(), people.rep.id)
    assert (rosa.name, rosa.role, rosa.language, rosa.team_id) == ("Rosa Díaz", "manager", "en", people.rep.team_id)
    tomas = users.get_user_by_email(core.uow(), "tomas@rumbo.test")
    assert (tomas.role, tomas.team_id is not None) == ("rep", True)
