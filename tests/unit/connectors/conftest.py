"""Fixture files as the platforms send them, read without HTTP or a database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture(platform: str, name: str) -> dict[str, Any]:
    """A JSON fixture, or a form-encoded one (`.txt`) as the dict Slack's form becomes."""
    path = FIXTURES / platform / name
    if path.suffix == ".txt":
        return dict(parse_qsl(path.read_text().strip()))
    return json.loads(path.read_text())
