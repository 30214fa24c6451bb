"""REST API v1 (`/api/v1`): one blueprint per resource group, all behind bearer tokens."""

from __future__ import annotations

from apiflask import APIBlueprint

from bot.api import accounts, users

BLUEPRINTS: tuple[APIBlueprint, ...] = (
    users.bp,
    accounts.bp,
)
