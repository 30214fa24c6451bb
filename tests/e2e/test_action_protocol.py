"""The action server (rasa-sdk 3.21, project Python) answers Rasa 3.6's action client as before."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.processes import RASA_BIN, Server, start_action_server, write_endpoints
from crm_core.bootstrap import Core, bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.services import users
from crm_core.services.common import SYSTEM

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = RASA_BIN.parent / "python"
CLIENT = Path(__file__).with_name("rasa36_client.py")


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Core]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('protocol') / 'rumbo.db'}"
    core = bootstrap(url)
    upgrade(core.engine)
    yield url, core
    core.engine.dispose()


@pytest.fixture(scope="module")
def action_server(crm: tuple[str, Core], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_action_server(crm[0], log_path=tmp_path_factory.mktemp("protocol-logs") / "actions.log",
                                 timeout=120)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def rasa_cases(action_server: Server, crm: tuple[str, Core]) -> dict[str, dict]:
    """Each case's result as Rasa 3.6 itself saw it."""
    if not RASA_PYTHON.exists():
        pytest.skip(f"needs the Rasa environment at {RASA_PYTHON} (make setup)")
    rep = users.add_user(crm[1].uow(), SYSTEM, name="Lucía Pardo", email="lucia@protocol.test", role="rep")
    done = subprocess.run([str(RASA_PYTHON), str(CLIENT), f"{action_server.url}/webhook",
                           str(ROOT / "domain.yml"), f"{rep.id}:web"],
                          capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {case["action"]: case for case in lines}


def test_the_action_server_runs_on_the_project_python(action_server: Server) -> None:
    assert sys.version_info >= (3, 12)
    assert requests.get(f"{action_server.url}/health", timeout=5).json() == {"status": "ok"}
    listed = {a["name"] for a in requests.get(f"{action_server.url}/actions", timeout=5).json()}
    assert {"action_session_start", "validate_log_activity_form", "validate_create_lead_form"} <= listed


def test_rasa_36_reads_session_start_events(rasa_cases: dict[str, dict]) -> None:
    case = rasa_cases["action_session_start"]
    assert "error" not in case, case
    kinds = [e["event"] for e in case["events"]]
    assert kinds[0] == "session_started" and kinds[-1] == "action"
    slots = {e["name"]: e["value"] for e in case["events"] if e["event"] == "slot"}
    assert slots["user_name"] == "Lucía" and slots["channel"] == "web"


def test_rasa_36_utters_the_responses_an_action_names(rasa_cases: dict[str, dict]) -> None:
    case = rasa_cases["action_greet"]
    assert "error" not in case, case
    # Rasa 3.6 turns the action's responses into bot events, rendered from the domain's texts.
    said = [e for e in case["events"] if e["event"] == "bot"]
    assert said and "Rumbo" in said[0]["text"], case
    assert said[0]["metadata"]["utter_action"] == "utter_not_linked"


def test_a_form_validation_action_answers_rasa_36(rasa_cases: dict[str, dict]) -> None:
    case = rasa_cases["validate_create_lead_form"]
    assert "error" not in case, case
    slots = {e["name"]: e["value"] for e in case["events"] if e["event"] == "slot"}
    assert slots.get("account") == "Ferretería Nueva", case


def test_an_unknown_action_is_an_error_rasa_36_reports(rasa_cases: dict[str, dict]) -> None:
    assert "Failed to execute custom action" in rasa_cases["action_that_does_not_exist"]["error"]


def test_a_call_without_the_domain_is_refused_so_rasa_must_always_send_it(action_server: Server) -> None:
    # rasa-sdk 3.21 answers 449 when a call carries no domain; Rasa 3.6 does not retry on 449,
    # so its endpoint must keep sending the domain with every call (no enable_selective_domain).
    call = {"next_action": "action_greet", "sender_id": "nobody", "version": "3.6.21",
            "tracker": {"sender_id": "nobody", "slots": {}, "latest_message": {}, "events": [],
                        "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": "action_listen"}}
    assert requests.post(f"{action_server.url}/webhook", json=call, timeout=10).status_code == 449
    endpoints = write_endpoints(action_server.url)
    try:
        section = json.loads(endpoints.read_text())["action_endpoint"]
    finally:
        endpoints.unlink()
    assert "enable_selective_domain" not in section


def test_the_version_check_and_tracing_do_not_fill_the_log(rasa_cases: dict[str, dict],
                                                          action_server: Server) -> None:
    log = action_server.log_path.read_text()
    assert "might not be compatible" not in log
    assert "Failed to read endpoint configuration" not in log
