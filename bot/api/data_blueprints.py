"""The data-ownership blueprints of the REST API: privacy, outbound webhooks, mailing sync."""

from __future__ import annotations

from apiflask import APIBlueprint

from bot.api import privacy_api

BLUEPRINTS: tuple[APIBlueprint, ...] = (
    privacy_api.bp,
)
