"""compose.yaml, the Procfile, the Dockerfiles and the README name the same commands, ports and settings.

None of them can be built here (no container engine), so their agreement is what is checked.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
COMPOSE: dict[str, Any] = YAML(typ="safe").load((ROOT / "compose.yaml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
PROJECT_SERVICES = ("migrate", "actions", "gateway", "inbox-worker", "scheduler")
# Read by the images or by Rasa itself, not by Rumbo's code.
NOT_RUMBO_SETTINGS = {"SANIC_HOST", "ACTION_SERVER_SANIC_WORKERS", "SANIC_WORKERS"}
CODE = "\n".join(path.read_text() for folder in ("bot", "connectors", "crm_core")
                 for path in (ROOT / folder).rglob("*.py"))


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def command(service: str) -> str:
    return shlex.join(SERVICES[service]["command"])


def default_port(variable: str) -> int:
    row = re.search(rf"^\| `{variable}` \| `([^`]+)`", README, re.MULTILINE)
    assert row, f"README's configuration table has no {variable}"
    value = row.group(1)
    return int(value.rsplit(":", 1)[1]) if ":" in value else int(value)


def test_every_process_of_the_stack_is_a_service() -> None:
    assert set(SERVICES) == {"postgres", "redis", "migrate", "rasa", *PROJECT_SERVICES}
    assert SERVICES["rasa"]["deploy"]["replicas"] == 2


def test_compose_and_the_procfile_run_the_same_commands() -> None:
    assert {command(s) for s in PROJECT_SERVICES} == set(procfile().values())
    assert procfile()["release"] == command("migrate") == "rumbo db upgrade"
    assert procfile()["web"] == command("gateway")


def test_the_readme_names_every_command() -> None:
    for cmd in procfile().values():
        assert cmd in README, cmd
    for cmd in (c for c in procfile().values() if c.startswith("rumbo ")):
        assert re.search(rf"^{re.escape(cmd)}\b", README, re.MULTILINE), f"{cmd} missing from the command list"


def test_ports_agree_with_the_readme_defaults_and_the_images() -> None:
    gateway, rasa, actions = default_port("PORT"), default_port("RASA_URL"), default_port("ACTION_SERVER_URL")
    assert (gateway, rasa, actions) == (Settings().port, 5005, 5055)
    env = SERVICES["gateway"]["environment"]
    assert env["PORT"] == str(gateway) and SERVICES["gateway"]["ports"] == [f"{gateway}:{gateway}"]
    assert env["RASA_URL"] == f"http://rasa:{rasa}" and env["ACTION_SERVER_URL"] == f"http://actions:{actions}"
    assert SERVICES["rasa"]["environment"]["ACTION_SERVER_URL"] == env["ACTION_SERVER_URL"]
    assert f"-p {actions}" in command("actions") and f"-p {actions}" in procfile()["actions"]
    rasa_cmd = (ROOT / "Dockerfile.rasa").read_text()
    assert f'"-p", "{rasa}"' in rasa_cmd and f"EXPOSE {rasa}" in rasa_cmd
    assert f"EXPOSE {gateway} {actions}" in (ROOT / "Dockerfile").read_text()
    for service, port in (("gateway", gateway), ("actions", actions), ("rasa", rasa)):
        assert f"127.0.0.1:{port}/" in " ".join(SERVICES[service]["healthcheck"]["test"]), service


def test_every_setting_compose_passes_is_documented_and_read() -> None:
    names: set[str] = set()
    for service in PROJECT_SERVICES:
        names |= set(SERVICES[service].get("environment") or {})
    for name in names - NOT_RUMBO_SETTINGS:
        assert f"`{name}`" in README, f"{name} is not in the README's configuration table"
        assert f'"{name}"' in CODE, f"no code reads {name}"
    for name in NOT_RUMBO_SETTINGS & names:
        assert name in README


def test_rasa_gets_every_value_its_endpoints_file_asks_for() -> None:
    wanted = set(re.findall(r"\$\{([A-Z_]+)\}", (ROOT / "deploy" / "rasa-endpoints.yml").read_text()))
    assert wanted and wanted <= set(SERVICES["rasa"]["environment"])
    assert "deploy/rasa-endpoints.yml" in (ROOT / "Dockerfile.rasa").read_text()


@pytest.mark.parametrize("dockerfile, python", [("Dockerfile", "3.13"), ("Dockerfile.rasa", "3.10")])
def test_base_images_are_pinned_to_the_tested_python(dockerfile: str, python: str) -> None:
    images = re.findall(r"^FROM (\S+)", (ROOT / dockerfile).read_text(), re.MULTILINE)
    assert images and all(re.fullmatch(rf"python:{re.escape(python)}\.\d+-slim-bookworm", i) for i in images)
    assert python in (ROOT / "Makefile").read_text()


def test_service_images_are_pinned_and_stateful_ones_keep_volumes() -> None:
    for service in ("postgres", "redis"):
        assert re.fullmatch(r"[a-z]+:\d+\.\d+(\.\d+)?-bookworm", SERVICES[service]["image"])
        assert SERVICES[service]["volumes"] and SERVICES[service]["healthcheck"]
    assert set(COMPOSE["volumes"]) >= {"pgdata", "redisdata"}
    for service in ("actions", "gateway", "inbox-worker", "scheduler"):
        assert SERVICES[service]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_the_deployment_guide_covers_first_deployment_upgrades_and_backups() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    for heading in ("## First deployment", "## Upgrades", "## Backups"):
        assert heading in guide
    for cmd in procfile().values():
        assert cmd in guide, cmd
