"""Run actions in-process: a real Tracker, a CollectingDispatcher, the domain from domain.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from actions import common
from crm_core.bootstrap import Core

DOMAIN = YAML(typ="safe").load((Path(__file__).resolve().parents[3] / "domain.yml").read_text())


@pytest.fixture(autouse=True)
def actions_use(core: Core) -> None:
    common.use_core(core)


@pytest.fixture
def domain() -> dict[str, Any]:
    return DOMAIN
