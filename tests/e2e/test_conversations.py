"""Conversation tests: `rasa test core` replays tests/conversations/*.yml against the trained model.

Dialogue only: the stories give the intents and entities (NLU is measured on its own held-out
set), and every predicted action must match the story.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = ROOT / "models" / "rumbo.tar.gz"
STORIES = ROOT / "tests" / "conversations"

pytestmark = pytest.mark.skipif(not RASA.exists(), reason="the Rasa environment is not set up (make setup)")


def test_every_conversation_story_is_predicted_without_errors(tmp_path: Path) -> None:
    assert MODEL.exists(), "train the model first (make model)"
    result = subprocess.run(
        [str(RASA), "test", "core", "--stories", str(STORIES), "--model", str(MODEL), "--out", str(tmp_path),
         "--fail-on-prediction-errors", "--no-plot"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    )
    failed = tmp_path / "failed_test_stories.yml"
    report = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:] + report
    assert "Failed Story" not in result.stdout + result.stderr
    assert "None of the test stories failed" in report or not report.strip()
