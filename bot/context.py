"""What every gateway route needs (settings and core), kept on `app.extensions["rumbo"]`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from bot.settings import Settings
from crm_core.bootstrap import Core


@dataclass
class Rumbo:
    """The gateway's settings and core."""

    settings: Settings
    core: Core


def rumbo() -> Rumbo:
    """Settings and core of the app handling the current request."""
    return current_app.extensions["rumbo"]
