"""`/api/v1/contacts/{id}/erase` and `/export`: a person's right to erasure and to a copy (admins)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from bot.api.auth import current_actor, protect, uow
from crm_core.services import erasure

bp = protect(APIBlueprint("privacy", __name__, url_prefix="/api/v1/contacts", tag="Privacy"))


@bp.post("/<int:contact_id>/erase")
@bp.doc(description="Admins only. Blanks the person's data in every table; the audit keeps who and when.")
def erase_contact(contact_id: int) -> dict[str, Any]:
    """Erase a person's personal data everywhere Rumbo keeps it."""
    touched = erasure.erase_contact(uow(), current_actor(), contact_id)
    return {"contact_id": contact_id, "erased": True, "tables": touched}


@bp.get("/<int:contact_id>/export")
@bp.doc(description="Admins only. The contact, its conversations, activities, opportunities, opt-outs, "
                    "audit entries and raw intake payloads that mention it.")
def export_contact(contact_id: int) -> dict[str, Any]:
    """Everything Rumbo holds about a person, as JSON."""
    return erasure.export_contact(uow(), current_actor(), contact_id)
