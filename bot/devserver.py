"""`rumbo dev`: every process of Rumbo on one machine, for development and demos."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from bot.processes import Assistant, ProcessFailed, Scale, start_assistant
from bot.settings import ROOT, Settings
from crm_core.bootstrap import Core

logger = logging.getLogger(__name__)

LOG_DIR = ROOT / "var" / "log"


def _port(url: str, default: int) -> int:
    tail = url.rsplit(":", 1)[-1].strip("/")
    return int(tail) if tail.isdigit() else default


def _spawn_command(name: str, args: list[str]) -> subprocess.Popen[bytes]:
    """Run another `rumbo` sub-command as a child process logging to var/log/NAME.log."""
    log = open(LOG_DIR / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the child
    rumbo = Path(sys.executable).with_name("rumbo")
    return subprocess.Popen([str(rumbo), *args], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def run_everything(settings: Settings, core: Core, first_run_setup: Callable[[], str | None],
                   chat_link: Callable[[], str | None]) -> None:
    """Start the assistant, the gateway and the scheduler; stop them all on Ctrl-C."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    note = first_run_setup()
    if note:
        click.echo(note)
    click.echo("starting the action server and the Rasa server (loading the model takes ~30 s)…")
    try:
        assistant: Assistant = start_assistant(
            settings.database_url, rasa_port=_port(settings.rasa_url, 5005),
            action_port=_port(settings.action_server_url, 5055), log_dir=LOG_DIR,
            scale=Scale.from_settings(settings),
        )
    except ProcessFailed as exc:
        click.echo(f"the assistant could not start:\n{exc}", err=True)
        sys.exit(1)
    children = {"gateway": _spawn_command("gateway", ["serve"]),
                "scheduler": _spawn_command("scheduler", ["scheduler"])}
    for name, channel_on in settings.channels().items():
        click.echo(f"  {name:<18} {'on' if channel_on else 'off (no credentials)'}")
    link = chat_link()
    click.echo(f"\nRumbo is running: gateway http://127.0.0.1:{settings.port}  (logs in var/log/)")
    if link:
        click.echo(f"Chat as the demo rep: {link}\n")
    _wait(assistant, children)


def _wait(assistant: Assistant, children: dict[str, subprocess.Popen[bytes]]) -> None:
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    click.echo(f"{name} exited with {child.returncode}; see var/log/{name}.log", err=True)
                    stopping = True
            if not (assistant.rasa.running() and assistant.actions.running()):
                click.echo("the assistant stopped; see var/log/rasa.log and var/log/actions.log", err=True)
                stopping = True
            time.sleep(0.5)
    finally:
        click.echo("stopping…")
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        for child in children.values():
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
        assistant.stop()
