"""REST API v1 (`/api/v1`): one blueprint per resource group, all behind bearer tokens."""

from __future__ import annotations

from apiflask import APIBlueprint

from bot.api import accounts, activities, audit, contacts, flow, opportunities, tasks, users
from bot.api import conversations
from bot.api import lists, reports, sprints

BLUEPRINTS: tuple[APIBlueprint, ...] = (
    users.bp,
    accounts.bp,
    contacts.bp,
    opportunities.bp,
    activities.bp,
    tasks.bp,
    audit.bp,
    flow.bp,
    conversations.bp,
    sprints.bp,
    lists.bp,
    reports.bp,
)
