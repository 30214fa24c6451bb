"""Start and stop the Rasa server and the action server as child processes.

Used by `rumbo dev` and by the end-to-end tests. Both servers bind to
loopback only: whoever reaches them can act as any user.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import requests
from sqlalchemy.engine import make_url

from bot.settings import ROOT, Settings

logger = logging.getLogger(__name__)

RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = ROOT / "models" / "rumbo.tar.gz"
CREDENTIALS = ROOT / "bot" / "rasa" / "credentials.yml"
HOST = "127.0.0.1"


class ProcessFailed(RuntimeError):
    """A server exited or did not become ready in time."""


@dataclass
class Server:
    """A running child process and where it listens."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    log_path: Path
    _log: IO[bytes] | None = field(default=None, repr=False)
    _cleanup: list[Path] = field(default_factory=list, repr=False)

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the process wrote, for error messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the process group (SIGTERM, then SIGKILL after `timeout`)."""
        if self.running():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None
        for path in self._cleanup:
            path.unlink(missing_ok=True)
        logger.info("stopped %s", self.name)


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _spawn(name: str, argv: list[str], env: Mapping[str, str], url: str,
           log_path: Path | None) -> Server:
    if log_path is None:
        handle, raw = tempfile.mkstemp(prefix=f"rumbo-{name}-", suffix=".log")
        os.close(handle)
        log_path = Path(raw)
    log = open(log_path, "ab")  # noqa: SIM115 - closed by Server.stop
    # A new session makes the server its own process group, so stop() also ends its workers.
    process = subprocess.Popen(argv, cwd=ROOT, env=dict(env), stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    logger.info("started %s (pid %s) at %s, log %s", name, process.pid, url, log_path)
    return Server(name=name, process=process, url=url, log_path=log_path, _log=log)


def wait_until_ready(server: Server, check: Callable[[], bool], timeout: float) -> Server:
    """Poll `check` until it is true; stop the server and raise if it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.running():
            raise ProcessFailed(f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}")
        if check():
            logger.info("%s ready", server.name)
            return server
        time.sleep(0.25)
    server.stop()
    raise ProcessFailed(f"{server.name} not ready after {timeout:g} s:\n{server.log_tail()}")


def _http_ok(url: str, predicate: Callable[[requests.Response], bool] = lambda r: r.ok) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return predicate(requests.get(url, timeout=1))
        except (requests.RequestException, ValueError):
            return False

    return check


@dataclass(frozen=True)
class Scale:
    """How the assistant runs: Rasa's conversation stores and worker counts.

    The defaults suit one machine: conversations in memory, one worker each. Several Rasa
    workers share conversations through a SQL tracker store and a Redis lock store.
    """

    tracker_store_url: str | None = None  # SQLAlchemy URL (sqlite:///… or postgresql://…); None: memory
    lock_store_url: str | None = None  # redis://[:password@]host[:port][/db]; None: memory
    rasa_workers: int = 1
    action_workers: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> Scale:
        tracker = settings.rasa_tracker_store_url
        return cls(tracker_store_url=None if tracker in (None, "memory") else tracker,
                   lock_store_url=settings.rasa_lock_store_url,
                   rasa_workers=settings.rasa_workers, action_workers=settings.action_server_workers)

    def check(self) -> None:
        """Refuse a combination Rasa would silently run differently."""
        if self.rasa_workers > 1 and not (self.lock_store_url and self.tracker_store_url):
            raise ProcessFailed("RASA_WORKERS > 1 needs RASA_LOCK_STORE_URL (Redis) and a shared "
                                "RASA_TRACKER_STORE_URL: workers cannot share conversations in memory")
        if self.rasa_workers > 1 and str(self.tracker_store_url).startswith("sqlite"):
            raise ProcessFailed("RASA_WORKERS > 1 needs a PostgreSQL tracker store, not SQLite")


def tracker_store_endpoint(url: str) -> dict[str, Any]:
    """Rasa's SQL tracker store section for a SQLAlchemy URL."""
    parsed = make_url(url)
    dialect = parsed.get_backend_name()
    if dialect == "sqlite":
        return {"type": "SQL", "dialect": "sqlite", "db": parsed.database}
    section: dict[str, Any] = {"type": "SQL", "dialect": dialect, "url": parsed.host or "127.0.0.1",
                               "db": parsed.database}
    for key, value in (("port", parsed.port), ("username", parsed.username), ("password", parsed.password)):
        if value is not None:
            section[key] = value
    if parsed.query:
        section["query"] = dict(parsed.query)
    return section


def lock_store_endpoint(url: str) -> dict[str, Any]:
    """Rasa's Redis lock store section for a redis:// URL."""
    parsed = urlsplit(url)
    if parsed.scheme not in ("redis", "rediss"):
        raise ProcessFailed(f"the lock store must be a redis:// URL, not {parsed.scheme}://")
    section: dict[str, Any] = {"type": "redis", "url": parsed.hostname or "127.0.0.1",
                               "port": parsed.port or 6379, "key_prefix": "rumbo",
                               "use_ssl": parsed.scheme == "rediss"}
    if parsed.path.strip("/").isdigit():
        section["db"] = int(parsed.path.strip("/"))
    if parsed.password:
        section["password"] = parsed.password
    return section


def write_endpoints(action_server_url: str, scale: Scale = Scale()) -> Path:
    """A private endpoints.yml for Rasa: the action server and, when set, the stores."""
    endpoints: dict[str, Any] = {"action_endpoint": {"url": f"{action_server_url}/webhook"}}
    if scale.tracker_store_url:
        endpoints["tracker_store"] = tracker_store_endpoint(scale.tracker_store_url)
    if scale.lock_store_url:
        endpoints["lock_store"] = lock_store_endpoint(scale.lock_store_url)
    handle, raw = tempfile.mkstemp(prefix="rumbo-endpoints-", suffix=".yml")  # 0600: may hold passwords
    with os.fdopen(handle, "w") as out:
        json.dump(endpoints, out, indent=2)  # JSON is YAML, and needs no YAML library here
    return Path(raw)


def start_action_server(database_url: str, port: int | None = None, timeout: float = 60.0,
                        log_path: Path | None = None, extra_env: Mapping[str, str] | None = None,
                        workers: int = 1) -> Server:
    """Start the rasa-sdk action server over `actions/` and wait for its /health."""
    port = port or free_port()
    # rasa-sdk has no --interface flag; it reads the bind address from SANIC_HOST.
    env = {**os.environ, "DATABASE_URL": database_url, "SANIC_HOST": HOST,
           "ACTION_SERVER_SANIC_WORKERS": str(workers), **(extra_env or {})}
    argv = [sys.executable, "-m", "bot.action_server", "--actions", "actions", "-p", str(port)]
    server = _spawn("action-server", argv, env, f"http://{HOST}:{port}", log_path)
    return wait_until_ready(server, _http_ok(f"{server.url}/health"), timeout)


def start_rasa(action_server_url: str, port: int | None = None, model: Path = MODEL,
               timeout: float = 480.0, log_path: Path | None = None, scale: Scale = Scale()) -> Server:
    """Start the Rasa server (REST channel, HTTP API) on loopback and wait for a loaded model."""
    if not RASA_BIN.exists():
        raise ProcessFailed(f"{RASA_BIN} is missing: run `make setup`")
    if not Path(model).exists():
        raise ProcessFailed(f"{model} is missing: run `make model`")
    scale.check()
    if scale.tracker_store_url and scale.tracker_store_url.startswith("sqlite:///"):
        Path(make_url(scale.tracker_store_url).database or "").parent.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    endpoints = write_endpoints(action_server_url, scale)
    argv = [str(RASA_BIN), "run", "--enable-api", "-m", str(model), "-i", HOST, "-p", str(port),
            "--endpoints", str(endpoints), "--credentials", str(CREDENTIALS)]
    # Rasa's telemetry and update checks would reach the internet; keep it local.
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
           "SANIC_WORKERS": str(scale.rasa_workers)}
    server = _spawn("rasa", argv, env, f"http://{HOST}:{port}", log_path)
    server._cleanup.append(endpoints)

    def model_loaded(response: requests.Response) -> bool:
        return response.ok and bool(response.json().get("model_file"))

    try:
        return wait_until_ready(server, _http_ok(f"{server.url}/status", model_loaded), timeout)
    except ProcessFailed:
        server.stop()
        raise


@dataclass
class Assistant:
    """The Rasa server and its action server, started together."""

    actions: Server
    rasa: Server

    def stop(self) -> None:
        """Stop Rasa first so no action call arrives at a stopped action server."""
        self.rasa.stop()
        self.actions.stop()


def start_assistant(database_url: str, rasa_port: int | None = None, action_port: int | None = None,
                    model: Path = MODEL, log_dir: Path | None = None, scale: Scale = Scale()) -> Assistant:
    """Start the action server, then Rasa pointed at it; both ready on return."""
    def log(name: str) -> Path | None:
        return log_dir / f"{name}.log" if log_dir else None

    actions = start_action_server(database_url, action_port, log_path=log("actions"), workers=scale.action_workers)
    try:
        rasa = start_rasa(actions.url, rasa_port, model=model, log_path=log("rasa"), scale=scale)
    except Exception:
        actions.stop()
        raise
    return Assistant(actions=actions, rasa=rasa)
