"""`rasa data validate` passes on the domain, NLU and dialogue data, with only the expected warnings.

Expected: responses that only custom actions send (named in actions/, literally or by a prefix
the actions build names from), the questions forms ask (`utter_ask_<required slot>`) and intents
only button payloads carry (they bypass NLU).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
BUTTON_ONLY_INTENTS = {"undo"}
DYNAMIC_PREFIXES = ("utter_error_", "utter_intent_", "utter_label_")  # names the actions compose
UNUSED_RESPONSE = re.compile(r"The utterance '(\w+)' is not used in any story or rule\.")
INTENT_WITHOUT_EXAMPLES = re.compile(
    r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU training data\.")
WARNING = re.compile(r"UserWarning: (.*)")

pytestmark = pytest.mark.skipif(not RASA.exists(), reason="the Rasa environment is not set up (make setup)")


@pytest.fixture(scope="module")
def validation() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RASA), "data", "validate", "--domain", "domain.yml", "--data", "nlu", "bot/data",
         "--config", "config.yml"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    )


def _actions_source() -> str:
    return "\n".join(path.read_text() for path in (ROOT / "actions").glob("*.py"))


def _form_questions() -> set[str]:
    domain = YAML(typ="safe").load((ROOT / "domain.yml").read_text())
    return {f"utter_ask_{slot}" for form in domain["forms"].values() for slot in form["required_slots"]}


def _sent_by_actions(name: str, source: str) -> bool:
    return f'"{name}"' in source or name.startswith(DYNAMIC_PREFIXES)


def test_rasa_data_validate_exits_zero(validation) -> None:
    assert validation.returncode == 0, validation.stdout[-3000:] + validation.stderr[-3000:]


def test_only_expected_warnings(validation) -> None:
    output = re.sub(r"\x1b\[[0-9;]*m", "", validation.stdout + validation.stderr)
    source, questions = _actions_source(), _form_questions()
    unexpected = []
    for warning in WARNING.findall(output):
        unused, no_examples = UNUSED_RESPONSE.search(warning), INTENT_WITHOUT_EXAMPLES.search(warning)
        if unused and (_sent_by_actions(unused.group(1), source) or unused.group(1) in questions):
            continue
        if no_examples and no_examples.group(1) in BUTTON_ONLY_INTENTS:
            continue
        unexpected.append(warning)
    assert unexpected == []


def test_every_dynamic_response_name_exists_in_the_domain() -> None:
    domain = (ROOT / "domain.yml").read_text()
    for kind in ("not_found", "forbidden", "invalid", "conflict", "ambiguous"):
        assert f"  utter_error_{kind}:\n" in domain
