"""The scheduler's campaign jobs with a controlled clock: daily runs once a day, automatic sends once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from bot import jobs
from bot.scheduler import campaign_channels
from bot.settings import Settings
from crm_core.bootstrap import Core
from crm_core.services import accounts, campaigns, contacts, inbox, tasks
from tests.conftest import People

UTC = UTC
MAIL_THEN_SMS = [
    {"name": "Correo", "task_type": "email", "performer": "automatic", "subject": "Hola {contact}",
     "body": "Novedades para {account}", "attempts": 1, "delay_days": 2},
    {"name": "SMS", "task_type": "sms", "performer": "automatic", "body": "Promo", "attempts": 1},
]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class SilentNotifier:
    """Campaign jobs tell nobody; any message would be a mistake."""

    def send(self, *args: object, **kwargs: object) -> str:
        raise AssertionError("campaign jobs send no chat messages")


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 3, 10, 15, 0, tzinfo=UTC))  # Monday, 12:00 in Santiago


def _runtime(core: Core, clock: Clock, channels: tuple[str, ...]) -> None:
    jobs.configure(jobs.Runtime(core, SilentNotifier(), jobs.JobConfig(campaign_channels=channels), clock))  # type: ignore[arg-type]


@pytest.fixture
def travel(clock: Clock):
    with time_machine.travel(clock.now, tick=False) as traveller:
        yield traveller
    jobs.configure(None)


def _friends(core: Core, people: People, *names: str) -> list[int]:
    rosa = people.actor(people.rep)
    ids = []
    for name in names:
        account = accounts.create_account(core.uow(), rosa, name=name, sector="referidos")
        contacts.add_contact(core.uow(), rosa, account_id=account.id, name=f"Amiga de {name}",
                             email=f"{name.lower().replace(' ', '.')}@cliente.test")
        ids.append(account.id)
    return ids


def _campaign(core: Core, people: People, stages: list[dict], **fields) -> int:
    made = campaigns.create_campaign(core.uow(), people.actor(people.manager), name="Trae un amigo",
                                     kind="acquisition", currency="CLP", target_filter={"sector": "referidos"},
                                     stages=stages, **fields)
    return made.campaign.id


def test_a_continuous_campaign_runs_once_per_local_day(core, people, clock, travel) -> None:
    _runtime(core, clock, ())
    _friends(core, people, "Ana")
    campaign_id = _campaign(core, people, [{"name": "Llamar", "task_type": "call"}], mode="continuous")
    campaigns.launch_campaign(core.uow(), people.actor(people.manager), campaign_id)
    _friends(core, people, "Bea")
    assert jobs.run_continuous_campaigns() == 0  # the launch covered today
    late_evening = datetime(2025, 3, 11, 2, 30, tzinfo=UTC)  # still Monday 23:30 in Santiago
    clock.now = late_evening
    travel.move_to(late_evening)
    assert jobs.run_continuous_campaigns() == 0
    tuesday = datetime(2025, 3, 11, 3, 30, tzinfo=UTC)  # 00:30 Tuesday in Santiago
    clock.now = tuesday
    travel.move_to(tuesday)
    assert jobs.run_continuous_campaigns() == 1
    _friends(core, people, "Carla")
    assert jobs.run_continuous_campaigns() == 0  # Carla waits for Wednesday
    detail = campaigns.get_campaign(core.uow(), people.actor(people.manager), campaign_id)
    assert detail.campaign.last_run_on == date(2025, 3, 11)


def test_a_paused_or_once_campaign_has_no_daily_run(core, people, clock, travel) -> None:
    _runtime(core, clock, ())
    _friends(core, people, "Ana")
    once = _campaign(core, people, [{"name": "Llamar", "task_type": "call"}])
    paused = _campaign(core, people, [{"name": "Llamar", "task_type": "call"}], mode="continuous")
    manager = people.actor(people.manager)
    campaigns.launch_campaign(core.uow(), manager, once)
    campaigns.launch_campaign(core.uow(), manager, paused)
    campaigns.pause_campaign(core.uow(), manager, paused)
    _friends(core, people, "Bea")
    clock.now += timedelta(days=1)
    travel.move_to(clock.now)
    assert jobs.run_continuous_campaigns() == 0


def test_automatic_mails_wait_for_their_delay_and_go_once_and_sms_is_left_to_the_rep(core, people, clock,
                                                                                      travel) -> None:
    _runtime(core, clock, ("email",))
    _friends(core, people, "Ana", "Bea")
    campaign_id = _campaign(core, people, MAIL_THEN_SMS)
    campaigns.launch_campaign(core.uow(), people.actor(people.manager), campaign_id)
    assert jobs.send_campaign_steps() == 2
    assert jobs.send_campaign_steps() == 0
    mails = inbox.claim_outbound(core.uow())
    assert sorted(m.message.meta["subject"] for m in mails) == ["Hola Amiga de Ana", "Hola Amiga de Bea"]
    rosa = people.actor(people.rep)
    assert tasks.list_tasks(core.uow(), rosa, status="open").total == 0
    clock.now += timedelta(days=1)
    assert jobs.send_campaign_steps() == 0  # the SMS stage waits two days after the mail
    clock.now += timedelta(days=1, minutes=1)
    assert jobs.send_campaign_steps() == 0  # due, but Rumbo has no SMS provider: handed to the rep
    handed = tasks.list_tasks(core.uow(), rosa, status="open").items
    assert [(t.type, t.start_date) for t in handed] == [("sms", date(2025, 3, 12))] * 2
    travel.move_to(clock.now)
    results = campaigns.campaign_results(core.uow(), people.actor(people.manager), campaign_id)
    assert (results.tasks_done, results.not_sent) == (2, 2)


def test_two_schedulers_at_once_send_each_automatic_mail_once(core, people, clock, travel) -> None:
    _runtime(core, clock, ("email",))
    _friends(core, people, *[f"Amigo {i}" for i in range(6)])
    campaign_id = _campaign(core, people, MAIL_THEN_SMS[:1])
    campaigns.launch_campaign(core.uow(), people.actor(people.manager), campaign_id)
    barrier, sent = threading.Barrier(2), []

    def tick() -> None:
        barrier.wait()
        sent.append(jobs.send_campaign_steps())

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 6
    assert len(inbox.claim_outbound(core.uow(), limit=50)) == 6


def test_campaign_mails_are_on_only_with_an_smtp_server() -> None:
    assert campaign_channels(Settings(smtp_url="smtp://mail.test:25")) == ("email",)
    assert campaign_channels(Settings(smtp_url=None)) == ()
