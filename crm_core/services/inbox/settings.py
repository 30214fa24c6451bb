"""The company's inbox settings: business hours, time zone, automatic texts, rotation team."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from crm_core.domain import inbox as rules
from crm_core.errors import InvalidInput, PermissionDenied
from crm_core.persistence.models import (
    InboxSettings,
)
from crm_core.read_models.inbox import (
    InboxSettingsView,
)
from crm_core.services.common import Actor, principal, record
from crm_core.uow import UnitOfWork

SETTINGS_FIELDS = ("timezone", "business_hours", "ack_texts", "out_of_hours_texts", "whatsapp_template",
                   "whatsapp_template_language", "widget_identity", "team_id", "territory_id")


def settings_row(uow: UnitOfWork) -> InboxSettings:
    """The company's inbox settings row, created with the defaults on first use (caller's unit of work)."""
    settings = uow.session.scalar(select(InboxSettings).order_by(InboxSettings.id).limit(1))
    if settings is None:
        settings = InboxSettings(business_hours=rules.DEFAULT_HOURS, ack_texts={}, out_of_hours_texts={})
        uow.session.add(settings)
        uow.flush()
    return settings


def get_settings(uow: UnitOfWork) -> InboxSettingsView:
    """The company's inbox settings (defaults on first use)."""
    with uow:
        view = InboxSettingsView.of(settings_row(uow))
        uow.commit()
        return view


def update_settings(uow: UnitOfWork, actor: Actor, **fields: Any) -> InboxSettingsView:
    """Change business hours, time zone, automatic texts, template, rotation team (admins)."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise InvalidInput("these settings do not exist", fields=sorted(unknown))
    if "business_hours" in fields and not rules.valid_hours(fields["business_hours"]):
        raise InvalidInput("business hours look like {\"mon\": [[\"09:00\", \"18:00\"]]}")
    if fields.get("widget_identity", "before") not in ("before", "during", "off"):
        raise InvalidInput("widget_identity is before, during or off")
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins change the inbox settings")
        settings = settings_row(uow)
        changes = {k: (getattr(settings, k), v) for k, v in fields.items() if getattr(settings, k) != v}
        for name, value in fields.items():
            setattr(settings, name, value)
        record(uow, actor, "inbox_settings", settings.id, "update", changes)
        uow.commit()
        return InboxSettingsView.of(settings)
