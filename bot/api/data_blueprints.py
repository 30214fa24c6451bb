"""The data-ownership blueprints: privacy, outbound webhooks, mailing sync and its webhooks, SMS webhooks."""

from __future__ import annotations

from flask import Blueprint

from bot import mailing_webhooks, sms_webhooks
from bot.api import mailing_api, privacy_api, webhooks_api

BLUEPRINTS: tuple[Blueprint, ...] = (
    privacy_api.bp,
    webhooks_api.bp,
    mailing_api.bp,
    mailing_webhooks.bp,
    sms_webhooks.bp,
)
