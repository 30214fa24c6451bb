"""`/api/v1/mailing/sync`: push an account list to a Mailchimp audience or a Brevo list now."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import String
from apiflask.validators import OneOf
from flask import current_app

from bot.api.auth import current_actor, protect
from bot.context import rumbo
from bot.data_settings import DataSettings
from bot.mailing import MailingToolError, run_sync
from crm_core.services import mailing_sync

bp = protect(APIBlueprint("mailing", __name__, url_prefix="/api/v1/mailing", tag="Mailing tools"))


class SyncIn(Schema):
    provider = String(required=True, validate=OneOf(mailing_sync.PROVIDERS))
    list = String(required=True, metadata={"description": "the account list's name"})
    remote_id = String(required=True, metadata={"description": "Mailchimp audience id or Brevo list id"})


@bp.post("/sync")
@bp.input(SyncIn, arg_name="data")
def sync_list(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Send the list's contacts with an email (minus opt-outs) and archive those who left it (managers, admins)."""
    settings = current_app.extensions.setdefault("rumbo.data_settings", DataSettings.from_env())
    try:
        result = run_sync(rumbo().core, settings, current_actor(), data["provider"], data["list"], data["remote_id"])
    except MailingToolError as exc:
        return {"error": {"code": "bad_gateway", "message": str(exc), "details": {}}}, 502
    return asdict(result), 200
