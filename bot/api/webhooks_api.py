"""`/api/v1/webhooks`: outbound webhook subscriptions and their deliveries (admins)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import URL, List, String
from apiflask.validators import Length

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import PageQuery
from crm_core.services import webhooks

bp = protect(APIBlueprint("webhooks", __name__, url_prefix="/api/v1/webhooks", tag="Webhooks"))


class SubscriptionIn(Schema):
    url = URL(required=True, require_tld=False, schemes={"http", "https"})
    events = List(String(), required=True, validate=Length(min=1),
                  metadata={"description": f"any of: {', '.join(webhooks.EVENTS)}; or \"*\""})


@bp.post("")
@bp.input(SubscriptionIn, arg_name="data")
@bp.doc(description="The answer carries `secret`, shown this once: receivers check "
                    "`X-Rumbo-Signature: sha256=<hex HMAC-SHA256 of the body>` with it.")
def create_subscription(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Subscribe a URL to events."""
    return webhooks.subscribe(uow(), current_actor(), data["url"], data["events"]).to_dict(), 201


@bp.get("")
def list_subscriptions() -> dict[str, Any]:
    """Every subscription (secrets are never shown again)."""
    items = [s.to_dict() for s in webhooks.list_subscriptions(uow(), current_actor())]
    for item in items:
        item.pop("secret", None)
    return {"items": items}


@bp.delete("/<int:subscription_id>")
def deactivate_subscription(subscription_id: int) -> dict[str, Any]:
    """Stop sending to a subscription."""
    item = webhooks.deactivate(uow(), current_actor(), subscription_id).to_dict()
    item.pop("secret", None)
    return item


@bp.get("/<int:subscription_id>/deliveries")
@bp.input(PageQuery, location="query", arg_name="query")
def list_deliveries(subscription_id: int, query: dict[str, Any]) -> dict[str, Any]:
    """A subscription's deliveries, newest first: state, attempts, the receiver's last status."""
    result = webhooks.list_deliveries(uow(), current_actor(), subscription_id, **query)
    return {"items": [d.to_dict() for d in result.items], "total": result.total,
            "limit": result.limit, "offset": result.offset}
