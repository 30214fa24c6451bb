"""REST API v1 (`/api/v1`): one blueprint per resource group, all behind bearer tokens."""

from __future__ import annotations

from apiflask import APIBlueprint

from bot.api import (
    accounts,
    activities,
    audit,
    campaigns,
    contacts,
    conversations,
    data_blueprints,
    exports,
    flow,
    imports,
    lists,
    opportunities,
    reports,
    sprints,
    tasks,
    users,
)

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
    campaigns.bp,
    lists.bp,
    reports.bp,
    imports.bp,
    exports.bp,
    *data_blueprints.BLUEPRINTS,
)
