"""Custom fields and picklists per entity, validated on write."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from crm_core.errors import InvalidInput, PermissionDenied
from crm_core.persistence.models import CustomFieldDef
from crm_core.services.common import Actor, principal, record
from crm_core.uow import UnitOfWork

ENTITIES = ("account", "contact", "opportunity")
KINDS = ("text", "number", "date", "picklist")


def define_field(
    uow: UnitOfWork,
    actor: Actor,
    *,
    entity: str,
    key: str,
    label: str,
    kind: str,
    values: list[str] | None = None,
    required: bool = False,
) -> int:
    """Add a custom field definition (admins only)."""
    if entity not in ENTITIES:
        raise InvalidInput(f"unknown entity {entity!r}", valid=list(ENTITIES))
    if kind not in KINDS:
        raise InvalidInput(f"unknown field kind {kind!r}", valid=list(KINDS))
    if kind == "picklist" and not values:
        raise InvalidInput("a picklist needs its values")
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins define custom fields")
        definition = CustomFieldDef(entity=entity, key=key, label=label, kind=kind,
                                    options={"values": list(values or [])}, required=required)
        uow.session.add(definition)
        uow.flush()
        record(uow, actor, "custom_field", definition.id, "create", {"key": (None, key)})
        uow.commit()
        return definition.id


def validate(uow: UnitOfWork, entity: str, values: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Check values against the entity's definitions; returns them normalised.

    Runs inside the caller's unit of work.
    """
    known = definitions(uow, entity)
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        definition = known.get(key)
        if definition is None:
            errors[key] = "unknown field"
            continue
        try:
            cleaned[key] = coerce(definition, value)
        except (TypeError, ValueError) as exc:
            errors[key] = str(exc)
    if not partial:
        for key, definition in known.items():
            if definition.required and cleaned.get(key) in (None, ""):
                errors[key] = "required"
    if errors:
        raise InvalidInput("invalid custom fields", fields=errors)
    return cleaned


def definitions(uow: UnitOfWork, entity: str) -> dict[str, CustomFieldDef]:
    """An entity's field definitions by key, in the order they were defined."""
    # kept for the unit of work, which never defines fields while it validates values
    cache: dict[str, dict[str, CustomFieldDef]] = uow.session.info.setdefault("custom_field_defs", {})
    if entity not in cache:
        rows = uow.session.scalars(select(CustomFieldDef).where(CustomFieldDef.entity == entity)
                                   .order_by(CustomFieldDef.id))
        cache[entity] = {d.key: d for d in rows}
    return cache[entity]


def merge(stored: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any]:
    """Stored custom values with changes applied; a None change clears that field."""
    merged = {**(stored or {}), **changes}
    return {key: value for key, value in merged.items() if value is not None}


def coerce(definition: CustomFieldDef, value: Any) -> Any:
    """A value as its field stores it, or ValueError saying what the field expects."""
    if value is None:
        return None
    if definition.kind == "text":
        return str(value)
    if definition.kind == "number":
        if isinstance(value, bool):
            raise ValueError("expected a number")
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
    if definition.kind == "date":
        return date.fromisoformat(str(value)).isoformat()
    allowed = definition.options.get("values", [])
    if value not in allowed:
        raise ValueError(f"expected one of {', '.join(allowed)}")
    return value
