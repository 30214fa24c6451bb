"""The action server process loads no web framework and no plotting library."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import actions

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "apiflask", "matplotlib")


def test_action_modules_import_no_flask_apiflask_or_matplotlib():
    modules = sorted(f"actions.{m.name}" for m in pkgutil.iter_modules(actions.__path__))
    assert modules, "no action modules found"
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {FORBIDDEN!r} if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
