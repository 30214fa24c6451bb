"""The real assistant: one action server and one Rasa server per test session, on a SQLite database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.processes import MODEL, RASA_BIN, Assistant, Scale, start_assistant
from crm_core.bootstrap import Core, bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.services import flow


@pytest.fixture(scope="session")
def assistant_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Core]]:
    """A migrated SQLite database shared by the assistant's processes and the test's assertions."""
    url = f"sqlite:///{tmp_path_factory.mktemp('assistant') / 'rumbo.db'}"
    core = bootstrap(url)
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    yield url, core
    core.engine.dispose()


@pytest.fixture(scope="session")
def assistant(assistant_db: tuple[str, Core], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """Action server + Rasa server on the trained model (RUMBO_MODEL overrides models/rumbo.tar.gz).

    Conversations are kept in a SQLite tracker store, as `rumbo dev` keeps them.
    """
    model = Path(os.environ.get("RUMBO_MODEL", str(MODEL)))
    if not RASA_BIN.exists() or not model.exists():
        pytest.skip(f"needs {RASA_BIN} and a trained model at {model} (make model)")
    tracker = tmp_path_factory.mktemp("tracker") / "tracker.db"
    running = start_assistant(assistant_db[0], model=model, log_dir=tmp_path_factory.mktemp("logs"),
                              scale=Scale(tracker_store_url=f"sqlite:///{tracker}"))
    yield running
    running.stop()
