"""Import of users, accounts, contacts, opportunities, tasks and activities from sheet rows.

All or nothing: every row is checked and written in one transaction, and the transaction
is committed only when no row has an error (and it is not a dry run). Writes go through
the same service functions as the rest of Rumbo, so each record's audit trail shows who
imported it and through which channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from crm_core.domain import cells as cell
from crm_core.domain.access import Principal
from crm_core.errors import DomainError, InvalidInput, PermissionDenied
from crm_core.read_models.common import View
from crm_core.services.common import Actor, principal, record
from crm_core.services.imports.kinds import KINDS, SHEETS, Sheet
from crm_core.services.imports.rows import (
    CUSTOM,
    Cells,
    ImportContext,
    ImportRow,
    RowError,
    RowInvalid,
    describe,
)
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

__all__ = ["KINDS", "ImportReport", "ImportRow", "RowError", "RowOutcome", "import_rows", "sheet_columns"]

HEADER_LINE = 1


@dataclass(frozen=True)
class RowOutcome(View):
    """What a row did: created, updated or left unchanged a record (id None for a dry run's new ones)."""

    line: int
    action: str
    id: int | None


@dataclass(frozen=True)
class ImportReport(View):
    kind: str
    dry_run: bool
    written: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[RowError]
    outcomes: list[RowOutcome]


def sheet_columns(kind: str) -> tuple[str, ...]:
    """The fixed columns of a kind (custom fields and handles come as `custom.<key>`, `handles.<key>`)."""
    return _sheet(kind).columns


def import_rows(
    uow: UnitOfWork,
    actor: Actor,
    kind: str,
    columns: list[str],
    rows: Iterable[ImportRow],
    *,
    dry_run: bool = False,
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create or update one record per row; nothing is written if any row is wrong or on a dry run.

    `columns` is the header as in the file; `progress` is told how many rows were just done.
    """
    sheet = _sheet(kind)
    header = {column: _canonical(sheet, column) for column in columns}
    with uow:
        who = principal(uow, actor)
        _may_import(who, kind)
        context = ImportContext(uow, actor, who)
        errors = _header_errors(context, sheet, list(header.values()))
        outcomes: list[RowOutcome] = []
        count = 0
        for row in [] if errors else rows:
            values = {header.get(k, k): v for k, v in row.values.items()}
            if progress is not None:
                progress(1)
            if all(cell.is_blank(v) for v in values.values()):
                continue
            count += 1
            cells = Cells(ImportRow(row.line, values))
            try:
                action, record_id = sheet.write(context, cells)
            except RowInvalid:
                errors.extend(cells.errors)
            except DomainError as exc:
                errors.extend(cells.errors or [RowError(row.line, None, describe(exc))])
            except IntegrityError as exc:
                # the transaction cannot go on after a failed flush: report where it stopped
                logger.info("import of %s stopped at line %s: %s", kind, row.line, exc.__class__.__name__)
                errors.append(RowError(row.line, None, "this row clashes with an existing record;"
                                                       " rows after it were not checked"))
                break
            else:
                shown_id = None if dry_run and action == "created" else record_id
                outcomes.append(RowOutcome(row.line, action, shown_id))
        written = not errors and not dry_run
        report = ImportReport(
            kind=kind, dry_run=dry_run, written=written, rows=count,
            created=sum(o.action == "created" for o in outcomes),
            updated=sum(o.action == "updated" for o in outcomes),
            unchanged=sum(o.action == "unchanged" for o in outcomes),
            errors=errors, outcomes=outcomes,
        )
        if written:
            context.finish()
            record(uow, actor, "import", 0, kind, {
                "source": (None, source), "created": (None, report.created),
                "updated": (None, report.updated), "unchanged": (None, report.unchanged),
            })
            uow.commit()
    logger.info("import of %s from %r: %s rows, %s created, %s updated, %s unchanged, %s errors%s",
                kind, source, report.rows, report.created, report.updated, report.unchanged,
                len(errors), " (dry run)" if dry_run else "")
    return report


def _sheet(kind: str) -> Sheet:
    sheet = SHEETS.get(kind)
    if sheet is None:
        raise InvalidInput(f"unknown kind {kind!r}", valid=list(KINDS))
    return sheet


def _may_import(who: Principal, kind: str) -> None:
    """Admins import everything; managers the accounts and work of their team; reps nothing."""
    if who.is_admin:
        return
    if not who.is_manager:
        raise PermissionDenied("only admins and managers import data")
    if kind == "users":
        raise PermissionDenied("only admins import users")


def _canonical(sheet: Sheet, column: str) -> str:
    """A header as written by people ("Owner_Email ") as the column it means."""
    name = column.strip()
    lowered = name.lower()
    if lowered in sheet.columns:
        return lowered
    for prefix in sheet.prefixes:
        if lowered.startswith(prefix):
            return prefix + name[len(prefix):].strip()
    return name


def _header_errors(context: ImportContext, sheet: Sheet, columns: list[str]) -> list[RowError]:
    errors = []
    seen: set[str] = set()
    definitions = context.definitions(sheet.entity) if CUSTOM in sheet.prefixes else {}
    for column in columns:
        if not column:
            continue
        if column in seen:
            errors.append(RowError(HEADER_LINE, column, f"column {column} appears twice"))
        seen.add(column)
        if column.startswith(CUSTOM) and CUSTOM in sheet.prefixes:
            key = column[len(CUSTOM):]
            if key not in definitions:
                known = ", ".join(CUSTOM + k for k in definitions) or "none defined"
                errors.append(RowError(HEADER_LINE, column, f"no custom field {key!r} for {sheet.entity}"
                                                            f" (custom fields: {known})"))
        elif column not in sheet.columns and not column.startswith(sheet.prefixes):
            errors.append(RowError(HEADER_LINE, column, f"unknown column {column!r} (columns: "
                                                        f"{', '.join(sheet.columns)})"))
    if not any(columns):
        errors.append(RowError(HEADER_LINE, None, "the file is empty: its first line must name the columns"))
    return errors
