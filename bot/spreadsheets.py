"""CSV and XLSX files: read into rows for the import, written from the export's tables.

CSV comes as Excel writes it: UTF-8 with or without a byte order mark (or Windows-1252
from an older "CSV" save), separated by `,` or, as Spanish Excel does, by `;`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

from crm_core.errors import InvalidInput
from crm_core.services.exports import Table
from crm_core.services.imports import ImportRow

FORMATS = ("csv", "xlsx")
DELIMITERS = (",", ";", "\t")
# Spreadsheet programs run a cell that starts with these as a formula; a leading apostrophe
# keeps it text (OWASP's advice for CSV injection), and reading the file takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SheetFile:
    """The header and data rows of an uploaded or local file."""

    columns: list[str]
    rows: list[ImportRow]


class SheetTooLarge(Exception):
    """The file has more rows than one import takes."""


def file_format(filename: str) -> str:
    """`csv` or `xlsx`, from the file's extension."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidInput(f"{filename or 'the file'} is not a .csv or .xlsx file", valid=[f".{f}" for f in FORMATS])
    return suffix


def read_sheet(filename: str, data: bytes, *, max_rows: int | None = None) -> SheetFile:
    """The rows of a .csv or .xlsx file, each with its line number."""
    if file_format(filename) == "xlsx":
        return read_xlsx(data, max_rows=max_rows)
    return read_csv(data, max_rows=max_rows)


def read_csv(data: bytes, *, max_rows: int | None = None) -> SheetFile:
    """Rows of CSV text; the delimiter is the one the header line uses."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count) if any(d in first_line for d in DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None) or []
    columns = [name.strip() for name in header]
    rows: list[ImportRow] = []
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            raise InvalidInput(f"line {start} has {len(cells)} cells but the header names {len(columns)}"
                               f" columns; a cell holding {delimiter!r} needs quotes", line=start)
        _count(rows, max_rows)
        # a short row leaves the fields of its missing cells as they are
        values = {name: _unescape(cells[i]) for i, name in enumerate(columns) if name and i < len(cells)}
        rows.append(ImportRow(start, values))
    return SheetFile(columns, rows)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\"") from None


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value


def read_xlsx(data: bytes, *, max_rows: int | None = None) -> SheetFile:
    """Rows of the first worksheet of a workbook; cells keep their types (numbers, dates)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InvalidInput(f"not a readable .xlsx workbook ({exc.__class__.__name__})") from None
    try:
        found = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(found, None) or ()
        columns = ["" if name is None else str(name).strip() for name in header]
        rows: list[ImportRow] = []
        for line, cells in enumerate(found, start=2):
            _count(rows, max_rows)
            values = {name: cells[i] for i, name in enumerate(columns) if name and i < len(cells)}
            rows.append(ImportRow(line, values))
    finally:
        workbook.close()
    return SheetFile(columns, rows)


def _count(rows: list[ImportRow], max_rows: int | None) -> None:
    if max_rows is not None and len(rows) >= max_rows:
        raise SheetTooLarge(f"one import takes at most {max_rows} rows; split the file or use `rumbo import`")


def csv_value(value: Any) -> str:
    """A value as CSV text that the import reads back as the same value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_text(table: Table) -> str:
    """The table as CSV with a byte order mark, so that Excel shows accents right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([csv_value(v) for v in row])
    return out.getvalue()


def write_table(table: Table, path: Path) -> None:
    """Write the table as .csv or .xlsx, by the path's extension."""
    if file_format(path.name) == "csv":
        path.write_text(csv_text(table), encoding="utf-8", newline="")
        return
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.kind)
    sheet.append(table.columns)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(path)


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()  # Excel keeps no time zone; the offset must survive a round trip
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value
