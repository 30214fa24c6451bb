"""The data-ownership blueprints of the REST API: privacy, outbound webhooks, mailing sync."""

from __future__ import annotations

from flask import Blueprint

from bot import mailing_webhooks
from bot.api import mailing_api, privacy_api, webhooks_api

BLUEPRINTS: tuple[Blueprint, ...] = (
    privacy_api.bp,
    webhooks_api.bp,
    mailing_api.bp,
    mailing_webhooks.bp,
)
