"""Fixtures chain as in Flask's tutorial: core → app → client, plus a bearer token per person."""

from __future__ import annotations

from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from bot.app import create_app
from bot.settings import Settings
from crm_core.bootstrap import Core
from crm_core.services import users
from crm_core.services.common import SYSTEM
from crm_core.views import UserView


@pytest.fixture
def app(core: Core) -> APIFlask:
    settings = Settings(database_url=core.engine.url.render_as_string(hide_password=False),
                        secret_key="test-secret")
    app = create_app(settings, core=core)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: APIFlask) -> FlaskClient:
    return app.test_client()


class Tokens:
    """Authorization headers for the people fixture, issued through the real token service."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def headers(self, user: UserView) -> dict[str, Any]:
        token = users.create_token(self._core.uow(), SYSTEM, user.email)
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(core: Core) -> Tokens:
    return Tokens(core)
