"""Inbox fixtures: a gateway with every customer channel on, signed posts, a fake Graph API, the worker."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bot.app import create_app
from bot.inbox_worker import InboxWorker
from bot.settings import Settings
from connectors.meta.signature import sign
from crm_core.bootstrap import Core
from crm_core.persistence.models import InboxJob, Message
from crm_core.read_models.common import UserView
from crm_core.services import users
from crm_core.services.common import SYSTEM
from tests.fakes.graph_api import FakeGraph

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
APP_SECRET = "meta-app-secret"
VERIFY_TOKEN = "verify-me"
TELEGRAM_SECRET = "tg-customer-secret"
EMAIL_SECRET = "email-secret"
PHONE_ID = "106540352242922"


def fixture(channel: str, name: str, fresh: bool = True) -> dict[str, Any]:
    """A stored payload; `fresh` moves its timestamps to now (Meta refuses week-old replays)."""
    data = json.loads((FIXTURES / channel / name).read_text())
    if fresh:
        _refresh(data, time.time())
    return data


def _refresh(value: Any, now: float) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "timestamp":
                value[key] = str(int(now)) if isinstance(item, str) else int(now * 1000)
            else:
                _refresh(item, now)
    elif isinstance(value, list):
        for item in value:
            _refresh(item, now)


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    server = FakeGraph().start()
    yield server
    server.stop()


@pytest.fixture
def settings(core: Core, graph: FakeGraph) -> Settings:
    return Settings(
        database_url=core.engine.url.render_as_string(hide_password=False), secret_key="test-secret",
        meta_app_secret=APP_SECRET, meta_verify_token=VERIFY_TOKEN, meta_graph_url=graph.url,
        whatsapp_token="wa-token", whatsapp_phone_number_id=PHONE_ID, messenger_page_token="page-token",
        telegram_customer_bot_token="cust-token", telegram_customer_webhook_secret=TELEGRAM_SECRET,
        email_webhook_secret=EMAIL_SECRET, inbox_worker=False)


@pytest.fixture
def app(core: Core, settings: Settings) -> APIFlask:
    app = create_app(settings, core=core)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: APIFlask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def worker(app: APIFlask) -> InboxWorker:
    return app.extensions["inbox_worker"]


class Post:
    """Signed webhook posts as Meta sends them."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def whatsapp(self, data: dict[str, Any] | bytes, signature: str | None = "good", path: str = "/webhooks/whatsapp"):  # type: ignore[no-untyped-def]
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "good":
            headers["X-Hub-Signature-256"] = sign(APP_SECRET, body)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        return self.client.post(path, data=body, headers=headers)

    def meta(self, data: dict[str, Any], signature: str | None = "good"):  # type: ignore[no-untyped-def]
        return self.whatsapp(data, signature, path="/webhooks/meta")


@pytest.fixture
def post(client: FlaskClient) -> Post:
    return Post(client)


def count(core: Core, model: type) -> int:
    with core.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def stored(core: Core) -> tuple[int, int]:
    """(queue jobs, messages) in the database."""
    return count(core, InboxJob), count(core, Message)


def headers(core: Core, user: UserView) -> dict[str, str]:
    return {"Authorization": f"Bearer {users.create_token(core.uow(), SYSTEM, user.email)}"}
