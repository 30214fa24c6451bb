"""Slack requests: which Rumbo answers (durable id, user) and the text that goes to the assistant."""

from __future__ import annotations

from types import SimpleNamespace

from connectors.slack.channel import SlackChannel, describe
from tests.unit.connectors.conftest import fixture

CHANNEL = SlackChannel(None)  # type: ignore[arg-type]  # reading needs no client


def _text(body: dict) -> str | None:  # type: ignore[type-arg]
    return CHANNEL.text(SimpleNamespace(payload=body))  # type: ignore[arg-type]


def test_direct_message() -> None:
    body = fixture("slack", "message_im.json")
    assert describe(body) == ("Ev0001", "U0ROSA")
    assert _text(body) == "hola"


def test_app_mention_in_a_thread_loses_the_mention() -> None:
    body = fixture("slack", "app_mention_in_thread.json")
    assert describe(body) == ("Ev0002", "U0ROSA")
    assert _text(body) == "hola equipo"


def test_button_click_is_keyed_by_its_trigger_and_reads_as_the_button_value() -> None:
    body = fixture("slack", "block_actions.json")
    external_id, user = describe(body) or ("", "")
    assert external_id.startswith("action:") and user == "U0ROSA"
    assert describe(body) == (external_id, user)  # a retried click gets the same key
    assert _text(body) == "/affirm"


def test_message_changed_is_ignored() -> None:
    assert describe(fixture("slack", "message_changed.json")) is None


def test_slash_command_is_keyed_by_its_trigger_and_reads_as_its_text() -> None:
    body = fixture("slack", "slash_command_link.txt")
    external_id, user = describe(body) or ("", "")
    assert external_id.startswith("command:") and user == "U0NUEVO"
    assert _text(body) == "link CODE"
