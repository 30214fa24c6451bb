"""`/api/v1/audit`: who changed what, through which channel, and when."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import AuditPage, Id, PageQuery, Text
from crm_core.read_models.common import Page
from crm_core.services import audit

bp = protect(APIBlueprint("audit", __name__, url_prefix="/api/v1/audit", tag="Audit"))


class AuditQuery(PageQuery):
    entity = Text(40, metadata={"description": "account, contact, opportunity, activity, task, ..."})
    entity_id = Id()


@bp.get("")
@bp.input(AuditQuery, location="query", arg_name="query")
@bp.output(AuditPage)
@bp.doc(description="Admins see everything; others ask for one account: `?entity=account&entity_id=N`.")
def list_audit(query: dict[str, Any]) -> Page:
    """Audit entries, newest first."""
    return audit.list_audit(uow(), current_actor(), **query)
