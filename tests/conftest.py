"""Fixtures chain as engine → core → services, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from crm_core.bootstrap import Core, bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.persistence.models import Base
from crm_core.read_models.common import UserView
from crm_core.services import flow, users
from crm_core.services.common import SYSTEM, Actor

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("CI", "").lower() == "true" or os.environ.get("RUMBO_REQUIRE_POSTGRES") == "1"
_ran_on: Counter[str] = Counter()


def _postgres_reachable() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        return str(exc).splitlines()[0]
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for this test run, dropped at the end."""
    problem = _postgres_reachable()
    if problem:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_URL}: {problem}")
        pytest.skip(f"PostgreSQL unreachable ({problem}); set CI=true to make this a failure")
    with postgres_schema("rumbo_test") as url:
        yield url


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A URL on a new PostgreSQL schema of its own, dropped afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_postgres(postgres_url: str) -> Iterator[Core]:
    core = bootstrap(postgres_url)
    upgrade(core.engine)
    yield core
    core.engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def core(request: pytest.FixtureRequest, tmp_path) -> Iterator[Core]:  # type: ignore[no-untyped-def]
    """The CRM core on an empty, migrated database with the default sales flow."""
    if request.param == "sqlite":
        instance = bootstrap(f"sqlite:///{tmp_path / 'rumbo.db'}")
        upgrade(instance.engine)
    else:
        instance = request.getfixturevalue("migrated_postgres")
        _truncate(instance)
    flow.ensure_default_flow(instance.uow())
    yield instance
    if request.param == "sqlite":
        instance.engine.dispose()


def _truncate(instance: Core) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with instance.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def database_url(core: Core) -> str:
    return core.engine.url.render_as_string(hide_password=False)


class People:
    """A small company: an admin, a manager and two reps in team Norte, one rep in team Sur."""

    def __init__(self, core: Core) -> None:
        def add(name: str, role: str, team: str | None, **kw: str) -> UserView:
            email = f"{name.lower()}@rumbo.test"
            return users.add_user(core.uow(), SYSTEM, name=name, email=email, role=role, team=team, **kw)

        self.admin = add("Ada", "admin", None)
        self.manager = add("Marta", "manager", "Norte")
        self.rep = add("Rosa", "rep", "Norte", slack_id="U0ROSA", telegram_id="1001")
        self.rep2 = add("Raul", "rep", "Norte", language="en", timezone="Europe/Madrid")
        self.other_rep = add("Sofia", "rep", "Sur", timezone="America/Mexico_City")

    @staticmethod
    def actor(user: UserView, channel: str = "api") -> Actor:
        return Actor(user.id, channel)


@pytest.fixture
def people(core: Core) -> People:
    return People(core)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed:
        for backend in ("sqlite", "postgres"):
            if f"[{backend}" in report.nodeid or f"-{backend}]" in report.nodeid or f"-{backend}-" in report.nodeid:
                _ran_on[backend] += 1


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    terminalreporter.write_line(
        f"database tests passed: sqlite={_ran_on['sqlite']} postgres={_ran_on['postgres']}"
    )


