"""docs/architecture.md on one machine: two Rasa workers and two action server workers sharing
conversations through a SQL tracker store on PostgreSQL and a Redis lock store, the CRM on
PostgreSQL. Configuration only: the same model, actions and client as on one process."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from bot.processes import MODEL, RASA_BIN, Assistant, Scale, start_assistant
from bot.rasa_client import RasaClient
from bot.senders import sender_id
from crm_core.bootstrap import Core, bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.services import accounts, activities, flow, sprints, users
from crm_core.services.common import SYSTEM, Actor
from tests.conftest import postgres_schema

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.timeout(900)]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def children(pid: int) -> list[int]:
    """Direct child processes, from /proc."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.fixture(scope="module")
def redis_url() -> str:
    where = urlsplit(REDIS_URL)
    try:
        socket.create_connection((where.hostname, where.port or 6379), timeout=2).close()
    except OSError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is required in CI but unreachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")
    return REDIS_URL


@pytest.fixture(scope="module")
def tracker_store_url(postgres_url: str) -> Iterator[str]:
    """Rasa's own tables in a schema of their own."""
    with postgres_schema("rasa_tracker") as url:
        yield url


@pytest.fixture(scope="module")
def crm_url(postgres_url: str) -> Iterator[str]:
    """The CRM in a schema of its own, out of reach of the other tests' truncations."""
    with postgres_schema("rumbo_scaled") as url:
        yield url


@pytest.fixture(scope="module")
def crm(crm_url: str) -> Iterator[Core]:
    core = bootstrap(crm_url)
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    yield core
    core.engine.dispose()


@pytest.fixture(scope="module")
def scaled(crm: Core, crm_url: str, tracker_store_url: str, redis_url: str,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    if not RASA_BIN.exists() or not MODEL.exists():
        pytest.skip(f"needs {RASA_BIN} and a trained model at {MODEL} (make model)")
    scale = Scale(tracker_store_url=tracker_store_url, lock_store_url=redis_url, rasa_workers=2, action_workers=2)
    running = start_assistant(crm_url, log_dir=tmp_path_factory.mktemp("scaled-logs"), scale=scale)
    yield running
    running.stop()


def test_two_rasa_workers_hold_one_conversation_through_the_shared_stores(
    scaled: Assistant, crm: Core, tracker_store_url: str,
) -> None:
    rep = users.add_user(crm.uow(), SYSTEM, name="Lucía Pardo", email="lucia@scaled.test", role="rep", team="Sur")
    me = Actor(rep.id, "cli")
    martillo = accounts.create_account(crm.uow(), me, name="Ferretería El Martillo")
    assert len(children(scaled.rasa.process.pid)) >= 2, "Rasa should run two Sanic workers"

    sender = sender_id(rep.id, "cli")
    turns = [
        ("hola", "Lucía"),
        ("le marqué a Pedro Soto, pide que le mande precios", "?"),  # the form asks which account
        ("Ferretería El Martillo", "Martillo"),
        ("pasa a Ferretería El Martillo a propuesta", "Propuesta"),
        ("cómo va mi sprint", ""),
        ("gracias", ""),
    ]
    transcript = []
    for said, expected in turns:
        # a new connection per message, so both workers take turns
        replies = RasaClient(scaled.rasa.url, timeout=60).send(sender, said)
        transcript.append((said, texts(replies)))
        assert replies, transcript
        assert expected in texts(replies), transcript

    logged = activities.list_activities(crm.uow(), me, account_id=martillo.id).items
    assert [a.type for a in logged] == ["call"], transcript
    assert accounts.get_account(crm.uow(), me, martillo.id).status == "proposal"
    assert sprints.active_sprint(crm.uow(), me) is None

    tracker_db = create_engine(tracker_store_url)
    with tracker_db.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar_one()
    tracker_db.dispose()
    assert stored > len(turns) * 2, "the conversation lives in the SQL tracker store"


def test_more_rasa_workers_without_shared_stores_are_refused() -> None:
    from bot.processes import ProcessFailed

    with pytest.raises(ProcessFailed, match="RASA_LOCK_STORE_URL"):
        Scale(rasa_workers=2).check()
    with pytest.raises(ProcessFailed, match="PostgreSQL"):
        Scale(tracker_store_url="sqlite:///x.db", lock_store_url="redis://127.0.0.1", rasa_workers=2).check()


def test_endpoints_carry_the_stores(tmp_path: Path) -> None:
    from bot.processes import lock_store_endpoint, tracker_store_endpoint

    assert tracker_store_endpoint("sqlite:////srv/rumbo/tracker.db") == {
        "type": "SQL", "dialect": "sqlite", "db": "/srv/rumbo/tracker.db"}
    assert tracker_store_endpoint("postgresql+psycopg://bot:s3cret@db.internal:6432/rasa?sslmode=require") == {
        "type": "SQL", "dialect": "postgresql", "url": "db.internal", "port": 6432, "db": "rasa",
        "username": "bot", "password": "s3cret", "query": {"sslmode": "require"}}
    assert lock_store_endpoint("rediss://:pw@cache:6380/2") == {
        "type": "redis", "url": "cache", "port": 6380, "db": 2, "password": "pw", "key_prefix": "rumbo",
        "use_ssl": True}
