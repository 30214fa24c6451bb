"""configure_logging: one dictConfig, text or JSON lines, process name, request id, no secrets."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logging_config import REQUEST_ID, configure_logging, new_request_id, redact, secrets_in


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


def lines(path: Path) -> list[str]:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text().splitlines()


def test_text_lines_carry_time_level_process_and_request_id(tmp_path: Path) -> None:
    log = tmp_path / "rumbo.log"
    configure_logging("inbox-worker", {"LOG_FILE": str(log)})
    token = REQUEST_ID.set("req-1")
    try:
        logging.getLogger("bot.test").info("stored %s jobs", 3)
    finally:
        REQUEST_ID.reset(token)
    (line,) = lines(log)
    assert line[:4].isdigit() and "T" in line[:20]
    assert " INFO inbox-worker[" in line and "bot.test [req-1] stored 3 jobs" in line


def test_json_lines_are_objects_with_the_same_fields(tmp_path: Path) -> None:
    log = tmp_path / "rumbo.log"
    configure_logging("gateway", {"LOG_FILE": str(log), "LOG_FORMAT": "json", "LOG_LEVEL": "debug"})
    logging.getLogger("bot.test").debug("hello %s", "world")
    record = json.loads(lines(log)[-1])
    assert record["message"] == "hello world" and record["level"] == "DEBUG"
    assert record["process_name"] == "gateway" and record["request_id"] == "-"
    assert {"time", "pid", "logger"} <= set(record)


def test_http_clients_stay_at_warning_even_in_debug(tmp_path: Path) -> None:
    log = tmp_path / "rumbo.log"
    configure_logging("gateway", {"LOG_FILE": str(log), "LOG_LEVEL": "DEBUG"})
    for name in ("httpx", "urllib3", "telegram", "httpcore"):
        logging.getLogger(name).info("HTTP Request: POST https://api.telegram.org/bot123:ABC/sendMessage")
    logging.getLogger("httpx").warning("kept")
    assert [line.split()[-1] for line in lines(log)] == ["kept"]


def test_configured_secrets_are_scrubbed_from_every_line(tmp_path: Path) -> None:
    log = tmp_path / "rumbo.log"
    env = {"LOG_FILE": str(log), "TELEGRAM_BOT_TOKEN": "999:TopSecretToken",
           "DATABASE_URL": "postgresql+psycopg://rumbo:db-password-1@db/rumbo", "PORT": "8000"}
    configure_logging("gateway", env)
    logging.getLogger("bot.test").info("calling /bot%s with %s", "999:TopSecretToken", env["DATABASE_URL"])
    try:
        raise RuntimeError("token 999:TopSecretToken refused")
    except RuntimeError:
        logging.getLogger("bot.test").exception("failed")
    text = log.read_text()
    assert "TopSecretToken" not in text and "db-password-1" not in text
    assert "/bot*** with postgresql+psycopg://rumbo:***@db/rumbo" in text


def test_secrets_come_from_names_and_url_passwords() -> None:
    found = secrets_in({"SLACK_BOT_TOKEN": "xoxb-123456", "SLACK_SIGNING_SECRET": "abcdef123",
                        "SMTP_URL": "smtp://u:mailpass99@host", "RASA_URL": "http://127.0.0.1:5005",
                        "SHORT_TOKEN": "abc", "LOG_LEVEL": "INFO"})
    assert set(found) == {"xoxb-123456", "abcdef123", "mailpass99"}
    assert redact("a xoxb-123456 b", found) == "a *** b"


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        configure_logging("gateway", {"LOG_FORMAT": "xml"})
    with pytest.raises(ValueError, match="LOG_LEVEL"):
        configure_logging("gateway", {"LOG_LEVEL": "LOUD"})


def test_request_ids_accept_a_plain_caller_id_only() -> None:
    assert new_request_id("abc-123") == "abc-123"
    assert len(new_request_id("bad id\nwith newline")) == 16
    assert new_request_id(None) != new_request_id(None)
