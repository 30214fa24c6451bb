"""One logging set-up for every Rumbo process: level, text or JSON lines, process name, request id.

Each process entry point calls `configure_logging(name)` once. The HTTP client libraries stay at
WARNING because they log request URLs, and Telegram's carry the bot token; every line is also
scrubbed of the secrets the environment configures.
"""

from __future__ import annotations

import logging
import logging.config
import os
import re
import uuid
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

from pythonjsonlogger.json import JsonFormatter

REQUEST_ID: ContextVar[str] = ContextVar("rumbo_request_id", default="-")
QUIET_LOGGERS = ("httpx", "httpcore", "urllib3", "requests", "telegram", "slack_sdk", "aiohttp",
                 "apscheduler", "asyncio", "multipart", "matplotlib", "PIL")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(process_name)s[%(process)d] %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(process_name)s %(process)d %(name)s %(request_id)s %(message)s"
SECRET_NAME = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|SECRET_KEY)$")
URL_NAME = re.compile(r"_URL$")
MIN_SECRET = 6  # shorter values would scrub ordinary words
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_process_name = "rumbo"
_secrets: tuple[str, ...] = ()


def new_request_id(incoming: str | None = None) -> str:
    """The caller's X-Request-ID when it is a plain token, else a fresh one."""
    if incoming and _REQUEST_ID_OK.match(incoming):
        return incoming
    return uuid.uuid4().hex[:16]


def secrets_in(environ: Mapping[str, str]) -> tuple[str, ...]:
    """Every secret value the environment configures: tokens, secrets, passwords inside URLs."""
    found: set[str] = set()
    for name, value in environ.items():
        if not value:
            continue
        if SECRET_NAME.search(name.upper()):
            found.add(value)
        elif URL_NAME.search(name.upper()) and "://" in value:
            try:
                password = urlsplit(value).password
            except ValueError:
                password = None
            if password:
                found.add(password)
    return tuple(sorted((s for s in found if len(s) >= MIN_SECRET), key=len, reverse=True))


def redact(text: str, secrets: Iterable[str] | None = None) -> str:
    """`text` with every configured secret replaced by ***."""
    for secret in _secrets if secrets is None else secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return text


class ContextFilter(logging.Filter):
    """Adds the process name and the current request id to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.process_name = _process_name
        record.request_id = REQUEST_ID.get()
        return True


class TextFormatter(logging.Formatter):
    """Plain lines, scrubbed of secrets."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonLineFormatter(JsonFormatter):
    """One JSON object a line, scrubbed of secrets."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def logging_dict(process_name: str, level: str = "INFO", fmt: str = "text",
                 log_file: str | None = None) -> dict[str, Any]:
    """The dictConfig for one process: standard error, and LOG_FILE as well when set."""
    if fmt not in ("text", "json"):
        raise ValueError(f"LOG_FORMAT must be text or json, not {fmt!r}")
    formatter: dict[str, Any]
    if fmt == "json":
        formatter = {"()": JsonLineFormatter, "fmt": JSON_FIELDS,
                     "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger",
                                       "process": "pid"},
                     "datefmt": "%Y-%m-%dT%H:%M:%S%z"}
    else:
        formatter = {"()": TextFormatter, "format": TEXT_FORMAT, "datefmt": "%Y-%m-%dT%H:%M:%S%z"}
    quiet = max(logging.WARNING, logging.getLevelName(level.upper()))
    handlers: dict[str, Any] = {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                            "formatter": "main", "filters": ["context"]}}
    if log_file:
        handlers["file"] = {"class": "logging.FileHandler", "filename": log_file, "encoding": "utf-8",
                            "formatter": "main", "filters": ["context"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"main": formatter},
        "handlers": handlers,
        "root": {"level": level.upper(), "handlers": list(handlers)},
        "loggers": {name: {"level": logging.getLevelName(quiet)} for name in QUIET_LOGGERS},
    }


def configure_logging(process_name: str, environ: Mapping[str, str] | None = None) -> None:
    """Configure logging for this process from LOG_LEVEL (INFO), LOG_FORMAT (text|json) and LOG_FILE."""
    global _process_name, _secrets
    environ = os.environ if environ is None else environ
    _process_name = process_name
    _secrets = secrets_in(environ)
    level = environ.get("LOG_LEVEL", "INFO").upper()
    if not isinstance(logging.getLevelName(level), int):
        raise ValueError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}")
    logging.config.dictConfig(logging_dict(process_name, level, environ.get("LOG_FORMAT", "text").lower(),
                                           environ.get("LOG_FILE") or None))
    logging.captureWarnings(True)
