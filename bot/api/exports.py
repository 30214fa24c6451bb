"""`/api/v1/exports/{kind}.csv`: every record of a kind, in the columns the import reads back."""

from __future__ import annotations

from typing import cast

from apiflask import APIBlueprint
from apiflask.types import ResponsesObjectType
from flask import Response

from bot import spreadsheets
from bot.api.auth import current_actor, protect, uow
from crm_core.services import exports, imports

bp = protect(APIBlueprint("exports", __name__, url_prefix="/api/v1/exports", tag="Import and export"))


@bp.get("/<any({}):kind>.csv".format(", ".join(imports.KINDS)))
@bp.doc(responses=cast("ResponsesObjectType", {
    200: {"description": "CSV (UTF-8 with a byte order mark), one record per line",
          "content": {"text/csv": {"schema": {"type": "string"}}}}}))
def export_csv(kind: str) -> Response:
    """Download users, accounts, contacts, opportunities, tasks or activities as CSV (admins, managers)."""
    table = exports.export_table(uow(), current_actor(), kind)
    return Response(spreadsheets.csv_text(table), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'})
