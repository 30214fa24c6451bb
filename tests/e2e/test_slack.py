"""Slack → gateway → the real Rasa and action servers → the Slack Web API (a local fake), checked in the database."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from crm_core.bootstrap import Core
from crm_core.persistence.models import Activity, Sprint, SprintAccount
from crm_core.services import accounts, inbound, sprints, users
from crm_core.services.common import SYSTEM, Actor
from tests.e2e.channels_support import (
    ANSWER_TIMEOUT,
    Gateway,
    channel_gateway,
    slack_click,
    slack_message,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
__all__ = ["channel_gateway"]  # the session fixture, used by name

FIRST_NAMES = ["Alba", "Bruno", "Carla", "Dario", "Elena", "Fabio", "Gema", "Hugo", "Ines", "Jaime",
               "Karen", "Lucas", "Mara", "Nico", "Olga", "Pablo", "Queca", "Rita", "Saul", "Tania"]
_events = itertools.count(1)


def _event_id() -> str:
    return f"EvE2E{next(_events):05d}"


@pytest.fixture(scope="module")
def team(assistant_db: tuple[str, Core]) -> dict[str, Any]:
    """A manager and a rep on Slack, the rep with an active sprint of two unconverted accounts."""
    _, core = assistant_db
    manager = users.add_user(core.uow(), SYSTEM, name="Mónica Slack", email="monica@slack-e2e.test",
                             role="manager", team="Slack", slack_id="USMONICA")
    rep = users.add_user(core.uow(), SYSTEM, name="Sofía Slack", email="sofia@slack-e2e.test", role="rep",
                         team="Slack", slack_id="USSOFIA")
    me = Actor(rep.id, "cli")
    quarry = accounts.create_account(core.uow(), me, name="Canteras del Maule")
    bakery = accounts.create_account(core.uow(), me, name="Pastelería Volcán")
    today = datetime.now(ZoneInfo(rep.timezone)).date()
    sprint = sprints.create_sprint(core.uow(), Actor(manager.id, "cli"), name="Sprint Slack", owner_id=rep.id,
                                   start=today - timedelta(days=13), end=today, goal_kind="conversions",
                                   goal_target=2)
    sprints.activate_sprint(core.uow(), me, sprint.id)
    sprints.add_accounts(core.uow(), me, sprint.id, [quarry.id, bakery.id])
    return {"core": core, "rep": rep, "sprint": sprint, "quarry": quarry, "bakery": bakery}


def _answers(gateway: Gateway, channel: str, count: int = 1) -> list[dict[str, Any]]:
    calls = gateway.slack_api.wait_for(
        lambda c: c.path == "/api/chat.postMessage" and c.params.get("channel") == channel, count=count,
        timeout=ANSWER_TIMEOUT)
    return [c.params for c in calls]


def test_a_direct_message_is_answered_by_the_assistant_in_slack(channel_gateway: Gateway, team: dict) -> None:
    response = channel_gateway.slack(slack_message(_event_id(), "USSOFIA", "hola"))
    assert response.status_code == 200
    reply = _answers(channel_gateway, "DUSSOFIA")[0]
    assert "Sofía" in reply["text"]
    assert "eco:" not in reply["text"]  # the real assistant, not the fake


def test_a_button_click_closes_the_sprint_with_rollover(channel_gateway: Gateway, team: dict) -> None:
    core, sprint = team["core"], team["sprint"]
    before = len(channel_gateway.slack_api.posted("DUSSOFIA"))
    channel_gateway.slack(slack_message(_event_id(), "USSOFIA", "quiero cerrar el sprint"))
    question = _answers(channel_gateway, "DUSSOFIA", before + 1)[-1]
    buttons = [e for b in channel_gateway.slack_api.blocks(question) if b["type"] == "actions" for e in b["elements"]]
    assert "Sprint Slack" in question["text"], question["text"]
    rollover = next(b for b in buttons if '"rollover": true' in b["value"])

    click = slack_click("USSOFIA", {**question, "ts": "1700000999.000001"}, rollover, trigger="e2e.close.1")
    assert channel_gateway.slack(click).status_code == 200
    answers = _answers(channel_gateway, "DUSSOFIA", before + 3)[before + 1:]
    assert any("Cerré «Sprint Slack»" in a["text"] for a in answers), answers
    update = channel_gateway.slack_api.wait_for(lambda c: c.path == "/api/chat.update")[-1].params
    assert update["ts"] == "1700000999.000001"  # the question now shows the choice instead of buttons

    with core.engine.connect() as db:
        closed = db.execute(select(Sprint).where(Sprint.id == sprint.id)).one()
        assert closed.status == "closed"
        assert closed.rolled_into_id is not None
        moved = set(db.scalars(select(SprintAccount.account_id).where(
            SprintAccount.sprint_id == closed.rolled_into_id)))
        assert moved == {team["quarry"].id, team["bakery"].id}
        assert db.scalar(select(Sprint.status).where(Sprint.id == closed.rolled_into_id)) == "active"


def test_the_same_event_delivered_three_times_logs_one_activity(channel_gateway: Gateway, team: dict) -> None:
    core, account = team["core"], team["quarry"]
    event = slack_message(_event_id(), "USSOFIA", "llamé a Canteras del Maule, quieren cotización")
    before = len(channel_gateway.slack_api.posted("DUSSOFIA"))
    for _ in range(3):  # Slack retries when it does not see the 200 in time
        assert channel_gateway.slack(event).status_code == 200
    reply = _answers(channel_gateway, "DUSSOFIA", before + 1)[-1]
    assert "Canteras del Maule" in reply["text"], reply["text"]
    stored = inbound.find(core.uow(), "slack", event["event_id"])
    assert stored is not None and stored.state == "done"
    with core.engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(Activity).where(Activity.account_id == account.id)) == 1
    assert len(channel_gateway.slack_api.posted("DUSSOFIA")) == before + 1


def test_a_stranger_gets_the_refusal_and_nothing_else(channel_gateway: Gateway, team: dict) -> None:
    event = slack_message(_event_id(), "USTRANGER", "llamé a Canteras del Maule, quieren cotización")
    assert channel_gateway.slack(event).status_code == 200
    reply = _answers(channel_gateway, "DUSTRANGER")[0]
    assert reply["text"].startswith("No estás vinculado a Rumbo")
    stored = inbound.find(team["core"].uow(), "slack", event["event_id"])
    assert stored is not None and stored.state == "ignored" and stored.user_id is None
    assert len(channel_gateway.slack_api.posted("DUSTRANGER")) == 1


def test_twenty_reps_writing_at_once_each_get_their_own_answer(channel_gateway: Gateway, team: dict) -> None:
    core = team["core"]
    for name in FIRST_NAMES:
        users.add_user(core.uow(), SYSTEM, name=f"{name} Veinte", email=f"{name.lower()}@slack-e2e.test",
                       role="rep", team="Slack", slack_id=f"U20{name.upper()}")

    def write(name: str) -> int:
        return channel_gateway.slack(slack_message(_event_id(), f"U20{name.upper()}", "hola")).status_code

    with ThreadPoolExecutor(len(FIRST_NAMES)) as pool:
        assert set(pool.map(write, FIRST_NAMES)) == {200}
    for name in FIRST_NAMES:
        replies = _answers(channel_gateway, f"DU20{name.upper()}")
        assert len(replies) == 1
        assert name in replies[0]["text"], (name, replies[0]["text"])
        others = [n for n in FIRST_NAMES if n != name and n in replies[0]["text"]]
        assert others == [], (name, replies[0]["text"])
