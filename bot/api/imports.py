"""`/api/v1/imports/{kind}`: create or update records from an uploaded .csv or .xlsx file."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema, abort
from apiflask.fields import Boolean, File, Integer, List, Nested, String

from bot import spreadsheets
from bot.api.auth import current_actor, protect, uow
from crm_core.errors import InvalidInput
from crm_core.services import imports
from crm_core.services.imports import ImportReport

bp = protect(APIBlueprint("imports", __name__, url_prefix="/api/v1/imports", tag="Import and export"))

# Above this a file is better imported with `rumbo import`; it also bounds what a small
# compressed workbook may unfold into.
MAX_ROWS = 50_000
KIND_PATH = "/<any({}):kind>".format(", ".join(imports.KINDS))


class ImportQuery(Schema):
    dry_run = Boolean(load_default=False, metadata={"description": "check every row, write nothing"})


class ImportUpload(Schema):
    file = File(required=True, metadata={
        "description": ".csv (UTF-8, `,` or `;`) or .xlsx; the first line names the columns"})


class RowErrorOut(Schema):
    line = Integer()
    column = String(allow_none=True)
    message = String()


class RowOutcomeOut(Schema):
    line = Integer()
    action = String(metadata={"enum": ["created", "updated", "unchanged"]})
    id = Integer(allow_none=True)


class ImportReportOut(Schema):
    kind = String()
    dry_run = Boolean()
    written = Boolean()
    rows = Integer()
    created = Integer()
    updated = Integer()
    unchanged = Integer()
    errors = List(Nested(RowErrorOut))
    outcomes = List(Nested(RowOutcomeOut))


@bp.post(KIND_PATH)
@bp.input(ImportQuery, location="query", arg_name="query")
@bp.input(ImportUpload, location="files", arg_name="upload")
@bp.output(ImportReportOut)
@bp.doc(
    description="Columns are the resource's field names, plus `owner_email`, `account` (exact name), "
                "`custom.<key>`. Rows with an `id` update that record. All rows are written or none: "
                "with any invalid row the answer is 422 and `details.errors` lists every problem by "
                "line and column. Admins import everything, managers their team's records.",
    responses={413: "The file is larger than the gateway takes, or has too many rows",
               422: "Some rows are invalid; nothing was written"},
)
def import_file(kind: str, query: dict[str, Any], upload: dict[str, Any]) -> ImportReport:
    """Import one file of users, accounts, contacts, opportunities, tasks or activities."""
    storage = upload["file"]
    filename = storage.filename or ""
    try:
        sheet = spreadsheets.read_sheet(filename, storage.read(), max_rows=MAX_ROWS)
    except spreadsheets.SheetTooLarge as exc:
        abort(413, str(exc))
    report = imports.import_rows(uow(), current_actor(), kind, sheet.columns, sheet.rows,
                                 dry_run=query["dry_run"], source=filename)
    if report.errors:
        raise InvalidInput(f"{filename or 'the file'} has invalid rows; nothing was written",
                           **report.to_dict())
    return report
