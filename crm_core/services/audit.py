"""Reading the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from crm_core.errors import PermissionDenied
from crm_core.persistence.models import AuditEntry
from crm_core.read_models.common import AuditView, Page
from crm_core.services.common import Actor, load_account, page, paged, principal
from crm_core.uow import UnitOfWork


def list_audit(
    uow: UnitOfWork, actor: Actor, *, entity: str | None = None, entity_id: int | None = None,
    limit: int | None = None, offset: int | None = None,
) -> Page:
    """Audit entries, newest first: everything for admins, an account's history for whoever may see it."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        if not who.is_admin:
            if entity != "account" or entity_id is None:
                raise PermissionDenied("ask for the history of one account (entity=account&entity_id=N)")
            load_account(uow, who, entity_id)
        query = select(AuditEntry)
        if entity is not None:
            query = query.where(AuditEntry.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        return paged(uow, query, (AuditEntry.id.desc(),), limit, offset, AuditView.of)
