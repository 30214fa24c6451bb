"""CSV and XLSX files read into rows and written from tables, as Excel writes and reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot import spreadsheets
from crm_core.errors import InvalidInput
from crm_core.services.exports import Table


def test_csv_with_bom_and_semicolons_as_spanish_excel_saves_it():
    data = "\ufeffname;status;sector\r\nFerretería El Martillo;lead;Retail\r\n\"Grúas; Hijos\";client;\r\n"
    sheet = spreadsheets.read_csv(data.encode("utf-8"))
    assert sheet.columns == ["name", "status", "sector"]
    assert [(r.line, dict(r.values)) for r in sheet.rows] == [
        (2, {"name": "Ferretería El Martillo", "status": "lead", "sector": "Retail"}),
        (3, {"name": "Grúas; Hijos", "status": "client", "sector": ""}),
    ]


def test_csv_saved_as_windows_1252_still_reads_accents():
    sheet = spreadsheets.read_csv("name,country\nCompañía Ñandú,CL\n".encode("cp1252"))
    assert sheet.rows[0].values["name"] == "Compañía Ñandú"


def test_line_numbers_count_the_lines_of_multi_line_cells():
    sheet = spreadsheets.read_csv(b'name,outcome\nA,"two\nlines"\nB,one\n')
    assert [r.line for r in sheet.rows] == [2, 4]


def test_a_row_with_more_cells_than_the_header_names_its_line():
    with pytest.raises(InvalidInput, match="line 3 has 3 cells but the header names 2 columns"):
        spreadsheets.read_csv(b"name;status\nA;lead\nB; S.A.;lead\n")


def test_a_short_row_leaves_its_missing_cells_out():
    sheet = spreadsheets.read_csv(b"id,name,sector\n7,Acme\n")
    assert dict(sheet.rows[0].values) == {"id": "7", "name": "Acme"}


def test_only_csv_and_xlsx_files_are_read():
    with pytest.raises(InvalidInput, match="not a .csv or .xlsx file"):
        spreadsheets.read_sheet("clientes.xls", b"")
    with pytest.raises(InvalidInput, match="not a readable .xlsx workbook"):
        spreadsheets.read_sheet("clientes.xlsx", b"name\nAcme\n")


def test_too_many_rows_are_refused_before_reading_them_all():
    with pytest.raises(spreadsheets.SheetTooLarge):
        spreadsheets.read_csv(b"name\n" + b"x\n" * 11, max_rows=10)


TABLE = Table("contacts", ["id", "name", "phone", "value", "when", "day", "shared", "note"], [
    [1, "=HYPERLINK(\"http://x\")", "+56912345678", Decimal("12000.00"),
     datetime(2024, 3, 5, 14, 30, tzinfo=UTC), date(2024, 3, 5), True, None],
    [2, "Ñandú; S.A.", "-", None, None, None, False, "línea\notra"],
])


def test_csv_export_keeps_formulas_as_text_and_reads_back_the_same_text(tmp_path):
    path = tmp_path / "contacts.csv"
    spreadsheets.write_table(TABLE, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,name,")
    assert b"'=HYPERLINK" in raw and b"'+56912345678" in raw
    row = spreadsheets.read_sheet(path.name, raw).rows[0].values
    assert (row["name"], row["phone"], row["value"], row["when"]) == (
        '=HYPERLINK("http://x")', "+56912345678", "12000.00", "2024-03-05T14:30:00+00:00")


def test_xlsx_export_reads_back_with_types_and_no_formulas(tmp_path):
    path = tmp_path / "contacts.xlsx"
    spreadsheets.write_table(TABLE, path)
    sheet = spreadsheets.read_sheet(path.name, path.read_bytes())
    assert sheet.columns == TABLE.columns
    first, second = (dict(r.values) for r in sheet.rows)
    assert first["name"] == '=HYPERLINK("http://x")'
    assert (first["value"], first["when"], first["shared"]) == (12000, "2024-03-05T14:30:00+00:00", True)
    assert first["day"] == datetime(2024, 3, 5)
    assert (second["name"], second["note"], second["value"]) == ("Ñandú; S.A.", "línea\notra", None)
