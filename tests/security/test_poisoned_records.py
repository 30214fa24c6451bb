"""Values stored before the input rules (or by hand) must not break anybody's later requests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import update

from bot import spreadsheets
from crm_core.persistence.models import Account, Opportunity, Sprint
from crm_core.services import accounts, exports, opportunities, reports, sprints


def _poison(core, people):  # type: ignore[no-untyped-def]
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Limpia")
    opportunity = opportunities.open_opportunity(core.uow(), rosa, account_id=account.id, value=10)
    sprint = sprints.create_sprint(core.uow(), rosa, name="Largo", start=date(2025, 1, 1), end=date(2025, 1, 31))
    sprints.activate_sprint(core.uow(), rosa, sprint.id)
    dirty = "Ferre\x1bter\x07ía" if core.engine.dialect.name != "sqlite" else "Ferre\x00ter\x1bía"
    with core.engine.begin() as connection:
        connection.execute(update(Account).where(Account.id == account.id).values(name=dirty, sector="a\x0bb"))
        if core.engine.dialect.name == "sqlite":  # Numeric(14, 2) on PostgreSQL cannot hold it at all
            connection.execute(update(Opportunity).where(Opportunity.id == opportunity.id).values(value=1e308))
        connection.execute(update(Sprint).where(Sprint.id == sprint.id)
                           .values(start=date(9999, 12, 1), end=date(9999, 12, 31)))
    return account, sprint


def test_exports_drop_control_characters_stored_earlier(core, people, tmp_path):
    _poison(core, people)
    table = exports.export_table(core.uow(), people.actor(people.admin), "accounts")
    text = spreadsheets.csv_text(table)
    assert "\x00" not in text and "\x1b" not in text and "Ferreter" in text
    spreadsheets.write_table(table, tmp_path / "accounts.xlsx")
    sheet = load_workbook(tmp_path / "accounts.xlsx").active
    assert sheet.max_row == 2 and "Ferreter" in str(sheet.cell(row=2, column=2).value)


def test_reports_and_sprint_views_survive_absurd_stored_values(core, people, client, tokens):
    _, sprint = _poison(core, people)
    today = date.today()
    summary = reports.pipeline_summary(core.uow(), people.actor(people.manager), today - timedelta(days=30), today)
    assert summary.open_count == 1 and summary.open_value >= Decimal(0)
    manager = tokens.headers(people.manager)
    assert client.get(f"/api/v1/reports/pipeline?from={today - timedelta(days=30)}&to={today}",
                      headers=manager).status_code == 200
    assert client.get("/api/v1/sprints/team", headers=manager).status_code == 200
    assert client.get(f"/api/v1/sprints/{sprint.id}", headers=manager).status_code == 200
    assert client.get(f"/api/v1/sprints/{sprint.id}/accounts", headers=manager).status_code == 200
    assert client.get("/api/v1/exports/accounts.csv", headers=manager).status_code == 200
