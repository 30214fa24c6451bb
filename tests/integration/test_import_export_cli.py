"""`rumbo import` and `rumbo export` through click's CliRunner, and the export → import round trip."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook
from sqlalchemy import select, text

from bot import spreadsheets
from bot.cli import main
from crm_core.bootstrap import Core
from crm_core.demo import load_demo
from crm_core.persistence.models import Account, Base, Territory, User
from crm_core.services import (
    accounts,
    audit,
    contacts,
    custom_fields,
    flow,
    imports,
    opportunities,
    users,
)
from crm_core.services.common import SYSTEM

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def rumbo(core: Core, *args: str) -> Result:
    """Run the command line on the test's database."""
    return CliRunner().invoke(main, list(args), obj={"core": core}, env={"RUMBO_SECRET_KEY": "test"},
                              catch_exceptions=False)


def test_import_reads_a_spanish_excel_csv_with_bom_and_semicolons(core, people):
    result = rumbo(core, "import", "accounts", str(FIXTURES / "cuentas_excel.csv"), "--user", "ada@rumbo.test")
    assert result.exit_code == 0, result.output
    assert result.stdout == "cuentas_excel.csv: 3 accounts rows: 3 created, 0 updated, 0 unchanged\n"
    admin = people.actor(people.admin)
    found = {a.name: a for a in accounts.list_accounts(core.uow(), admin).items}
    gruas = found["Grúas y Montajes; Hijos"]
    assert (gruas.status, gruas.country, gruas.owner_id, gruas.shared) == ("qualified", "CL", people.rep2.id, True)
    created = audit.list_audit(core.uow(), admin, entity="account", entity_id=gruas.id).items[0]
    assert (created.actor_id, created.channel) == (people.admin.id, "cli")

    broken = rumbo(core, "import", "opportunities", str(FIXTURES / "oportunidades_error.csv"))
    assert broken.exit_code == 1
    assert "line 3 has 8 cells but the header names 7 columns; a cell holding ';' needs quotes" in broken.stderr
    deals = rumbo(core, "import", "opportunities", str(FIXTURES / "oportunidades_excel.csv"))
    assert deals.exit_code == 0, deals.output
    listed = {o.title: o for o in opportunities.list_opportunities(core.uow(), admin).items}
    assert (listed["Cotización herramientas"].value, listed["Cotización herramientas"].currency) == (
        Decimal("3500.00"), "EUR")
    assert (listed["Arriendo grúa"].value, listed["Arriendo grúa"].account_id) == (Decimal("12000.00"), gruas.id)
    again = rumbo(core, "import", "accounts", str(FIXTURES / "cuentas_excel.csv"))
    assert "0 created, 0 updated, 3 unchanged" in again.stdout


def test_import_reads_xlsx_cells_with_their_types(core, people, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["account", "type", "title", "assignee_email", "due_at", "start_date"])
    sheet.append(["Acme", "call", "Llamar", "rosa@rumbo.test", datetime(2024, 3, 6, 9, 0), None])
    sheet.append(["Acme", "visit", "Visitar", "rosa@rumbo.test", None, datetime(2024, 3, 8)])
    sheet.append([None, None, None, None, None, None])
    workbook.save(tmp_path / "tareas.xlsx")
    accounts.create_account(core.uow(), SYSTEM, name="Acme", owner_id=people.rep.id)
    result = rumbo(core, "import", "tasks", str(tmp_path / "tareas.xlsx"))
    assert result.exit_code == 0, result.output
    assert "2 tasks rows: 2 created" in result.stdout
    export = rumbo(core, "export", str(tmp_path / "out"))
    assert export.exit_code == 0
    written = spreadsheets.read_sheet("tasks.csv", (tmp_path / "out" / "tasks.csv").read_bytes())
    assert [(r.values["title"], r.values["due_at"], r.values["start_date"]) for r in written.rows] == [
        ("Llamar", "2024-03-06T12:00:00+00:00", ""), ("Visitar", "", "2024-03-08")]


def test_a_file_with_errors_exits_non_zero_lists_them_and_writes_nothing(core, people, tmp_path):
    path = tmp_path / "cuentas.csv"
    path.write_text("name,status,country\nAcme,lead,CL\nBeta,ganado,Chile\n", encoding="utf-8")
    result = rumbo(core, "import", "accounts", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "line 3, country: country must be an ISO 3166 alpha-2 code, got 'CHILE'",
        "line 3, status: unknown status 'ganado' (valid: target, lead, qualified, proposal, negotiation, client, lost)",
        "cuentas.csv: nothing written, 2 errors in 1 of 2 rows (the other rows: 1 created, 0 updated, 0 unchanged)",
    ]
    assert accounts.list_accounts(core.uow(), SYSTEM).total == 0
    dry = rumbo(core, "import", "accounts", str(path), "--dry-run")
    assert dry.exit_code == 1
    path.write_text("name,status,country\nAcme,lead,CL\nBeta,client,PE\n", encoding="utf-8")
    dry = rumbo(core, "import", "accounts", str(path), "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout == "cuentas.csv: dry run, nothing written; 2 accounts rows would be: 2 created, 0 updated, 0 unchanged\n"
    assert accounts.list_accounts(core.uow(), SYSTEM).total == 0


def test_a_rep_gets_a_clear_refusal(core, people, tmp_path):
    path = tmp_path / "cuentas.csv"
    path.write_text("name\nAcme\n", encoding="utf-8")
    result = rumbo(core, "import", "accounts", str(path), "--user", people.rep.email)
    assert (result.exit_code, result.stderr) == (1, "error: only admins and managers import data\n")


def test_long_files_show_progress(core, people, tmp_path):
    path = tmp_path / "cuentas.csv"
    path.write_text("name;country\n" + "".join(f"Cuenta {i};CL\n" for i in range(250)), encoding="utf-8")
    result = rumbo(core, "import", "accounts", str(path))
    assert result.exit_code == 0
    assert result.stderr.startswith("accounts")
    assert "250 accounts rows: 250 created" in result.stdout


def _wipe(core: Core) -> None:
    """Empty every table, with ids starting from 1 again."""
    tables = Base.metadata.sorted_tables
    with core.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())


def _configure(core: Core) -> None:
    """The sales flow and custom fields: configuration, set up before data is loaded."""
    flow.ensure_default_flow(core.uow())
    for entity, key, kind, values in (
        ("account", "tamano", "picklist", ["pyme", "grande"]), ("account", "alta", "date", None),
        ("contact", "nivel", "text", None), ("opportunity", "margen", "number", None),
    ):
        custom_fields.define_field(core.uow(), SYSTEM, entity=entity, key=key, label=key.title(),
                                   kind=kind, values=values)


def _tables(directory: Path, file_format: str) -> dict[str, spreadsheets.SheetFile]:
    return {kind: spreadsheets.read_sheet(f"{kind}.{file_format}", (directory / f"{kind}.{file_format}").read_bytes())
            for kind in imports.KINDS}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imported_into_an_empty_database_reproduces_the_same_data(core, tmp_path, file_format):
    load_demo(core.uow())
    _configure(core)
    some = accounts.list_accounts(core.uow(), SYSTEM, limit=3).items
    accounts.update_account(core.uow(), SYSTEM, some[0].id, custom={"tamano": "grande", "alta": "2023-05-02"})
    accounts.update_account(core.uow(), SYSTEM, some[1].id, custom={"tamano": "pyme"})
    person = contacts.list_contacts(core.uow(), SYSTEM, limit=1).items[0]
    contacts.update_contact(core.uow(), SYSTEM, person.id, handles={"whatsapp": "+56911112222"},
                            custom={"nivel": "=gerente"})
    opportunities.open_opportunity(core.uow(), SYSTEM, account_id=some[2].id, value="1500.50",
                                   custom={"margen": 12.5})
    with core.uow() as uow:
        territories = [(t.name, uow.session.get(User, t.responsible_id).email)
                       for t in uow.session.scalars(select(Territory).order_by(Territory.id))]
        last_activity = dict(uow.session.execute(select(Account.id, Account.last_activity_at)).tuples().all())
    first = tmp_path / "first"
    assert rumbo(core, "export", str(first), "--format", file_format).exit_code == 0

    _wipe(core)
    _configure(core)
    for kind in imports.KINDS:
        result = rumbo(core, "import", kind, str(first / f"{kind}.{file_format}"))
        assert result.exit_code == 0, result.output
        if kind == "users":
            for name, responsible in territories:
                users.add_territory(core.uow(), SYSTEM, name, responsible)
    second = tmp_path / "second"
    assert rumbo(core, "export", str(second), "--format", file_format).exit_code == 0

    before, after = _tables(first, file_format), _tables(second, file_format)
    for kind in imports.KINDS:
        assert after[kind].columns == before[kind].columns, kind
        assert [dict(r.values) for r in after[kind].rows] == [dict(r.values) for r in before[kind].rows], kind
    assert len(before["accounts"].rows) == 60 and len(before["activities"].rows) > 200
    if file_format == "csv":
        assert all((second / f"{k}.csv").read_bytes() == (first / f"{k}.csv").read_bytes() for k in imports.KINDS)
    with core.uow() as uow:
        assert dict(uow.session.execute(select(Account.id, Account.last_activity_at)).tuples().all()) == last_activity
    newcomer = accounts.create_account(core.uow(), SYSTEM, name="Cuenta nueva")
    assert newcomer.id == max(last_activity) + 1
    assert accounts.get_account(core.uow(), SYSTEM, some[0].id).custom == {"tamano": "grande", "alta": "2023-05-02"}
