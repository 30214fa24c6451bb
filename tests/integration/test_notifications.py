"""The scheduler's jobs against a real database, with a controlled clock and a recording notifier."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine

from actions import common
from actions.sprints import CloseSprint
from bot import jobs
from bot.notify import Button, DeliveryFailed, Image
from crm_core.bootstrap import Core
from crm_core.domain.schedule import local_instant
from crm_core.read_models.inbox import IncomingMessage
from crm_core.services import accounts, inbox, leases, notifications, sprints, tasks, users
from crm_core.services.common import SYSTEM, Actor
from crm_core.services.notifications import Recipient
from tests.conftest import People
from tests.integration.actions.conftest import DOMAIN
from tests.integration.actions.helpers import run, tracker

UTC = UTC
MONDAY = date(2025, 3, 3)


@dataclass
class Sent:
    user_id: int
    text: str
    buttons: list[Button]
    images: list[Image]


@dataclass
class RecordingNotifier:
    """Stands in for bot.notify.Notifier; can be told to fail."""

    sent: list[Sent] = field(default_factory=list)
    fail: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, person: Recipient, text: str, buttons: Any = (), images: Any = ()) -> str:
        if self.fail:
            raise DeliveryFailed("slack: ratelimited")
        with self.lock:
            self.sent.append(Sent(person.user_id, text, list(buttons), list(images)))
        return "slack"

    def to(self, user_id: int) -> list[Sent]:
        return [s for s in self.sent if s.user_id == user_id]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 3, 3, 15, 0, tzinfo=UTC))


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def runtime(core: Core, people: People, clock: Clock, notifier: RecordingNotifier):  # type: ignore[no-untyped-def]
    users.link_identity(core.uow(), SYSTEM, "raul@rumbo.test", "telegram", "2002")
    users.link_identity(core.uow(), SYSTEM, "marta@rumbo.test", "slack", "U0MARTA")
    rt = jobs.Runtime(core, notifier, jobs.JobConfig(), clock)  # type: ignore[arg-type]
    jobs.configure(rt)
    yield rt
    jobs.configure(None)


def _intent_of(payload: str) -> tuple[str, dict[str, Any]]:
    """What Rasa reads from a button payload `/intent{entities}`."""
    intent, _, entities = payload.lstrip("/").partition("{")
    return intent, json.loads("{" + entities) if entities else {}


def plan(core: Core, user_id: int, due_at: datetime, title: str = "Llamar a Martillo") -> int:
    return tasks.schedule_task(core.uow(), Actor(user_id, "api"), type="call", title=title, due_at=due_at).id


# --- reminders ---------------------------------------------------------------------------------


def test_a_reminder_goes_once_at_the_task_time_with_three_buttons(core, people, runtime, clock, notifier) -> None:
    due = clock.now + timedelta(minutes=5)
    task_id = plan(core, people.rep.id, due)
    assert jobs.send_reminders() == 0
    clock.now = due
    assert jobs.send_reminders() == 1
    assert jobs.send_reminders() == 0
    clock.now += timedelta(seconds=15)
    assert jobs.send_reminders() == 0
    [message] = notifier.to(people.rep.id)
    assert "Llamar a Martillo" in message.text and "Recordatorio" in message.text
    assert [_intent_of(b.payload) for b in message.buttons] == [
        ("complete_task", {"task_id": task_id}),
        ("reschedule_task", {"task_id": task_id, "time": "en 1 hora"}),
        ("reschedule_task", {"task_id": task_id, "time": "mañana 9:00"}),
    ]
    assert all(len(b.payload.encode()) <= 64 for b in message.buttons)  # Telegram's callback_data limit
    assert notifications.sent_keys(core.uow(), "reminder:") == [notifications.reminder_key(task_id, due)]


def test_a_lead_time_sends_the_reminder_earlier(core, people, runtime, clock, notifier) -> None:
    runtime.config = jobs.JobConfig(lead_minutes=15)
    due = clock.now + timedelta(minutes=20)
    plan(core, people.rep.id, due)
    jobs.send_reminders()
    clock.now = due - timedelta(minutes=15)
    assert jobs.send_reminders() == 1


def test_english_speaker_in_madrid_gets_english_text_in_madrid_time(core, people, runtime, clock, notifier) -> None:
    due = datetime(2025, 3, 3, 16, 30, tzinfo=UTC)  # 17:30 in Madrid
    plan(core, people.rep2.id, due, title="Call Acme")
    jobs.send_reminders()
    clock.now = due
    jobs.send_reminders()
    [message] = notifier.to(people.rep2.id)
    assert message.text.startswith("⏰ Reminder: Call Acme") and "5:30\u202fPM" in message.text  # 17:30 in Madrid
    assert [b.title for b in message.buttons] == ["Done", "In 1 hour", "Tomorrow 9:00"]






def test_reschedule_button_words_are_ones_the_assistant_parses_in_the_users_language() -> None:
    from actions.formatting import parse_when

    now = datetime(2025, 3, 3, 15, tzinfo=UTC)
    for language in ("es", "en"):
        snooze = parse_when(jobs.snooze_words(language), language, "America/Santiago", now)
        tomorrow = parse_when(jobs.tomorrow_words(language), language, "America/Santiago", now)
        assert snooze == now + timedelta(hours=1)
        assert tomorrow == local_instant(date(2025, 3, 4), time(9), "America/Santiago")


def test_after_downtime_recent_reminders_go_one_by_one_and_older_ones_fold_into_one(core, people, runtime, clock, notifier) -> None:
    jobs.send_reminders()  # the scheduler ran at 15:00, then went down
    start = clock.now
    for minutes in (10, 20, 30):
        plan(core, people.rep.id, start + timedelta(minutes=minutes), title=f"old {minutes}")
    plan(core, people.rep.id, start + timedelta(minutes=100), title="recent")
    plan(core, people.rep2.id, start + timedelta(minutes=40), title="raul old")
    clock.now = start + timedelta(minutes=110)  # back up: grace is 30 minutes
    assert jobs.send_reminders() == 3
    rosa = [m.text for m in notifier.to(people.rep.id)]
    assert len(rosa) == 2
    assert any(t.startswith("⏰ Recordatorio: recent") for t in rosa)
    folded = next(t for t in rosa if t.startswith("Mientras no estuve"))
    assert "3 recordatorios" in folded and "old 10" in folded and "old 30" in folded
    assert notifier.to(people.rep2.id)[0].text.startswith("While I was unavailable you missed 1 reminders")
    assert jobs.send_reminders() == 0


def test_tasks_created_with_a_past_time_while_running_are_not_reminded(core, people, runtime, clock, notifier) -> None:
    jobs.send_reminders()
    plan(core, people.rep.id, clock.now - timedelta(hours=2))
    clock.now += timedelta(seconds=15)
    assert jobs.send_reminders() == 0


def test_a_crash_between_claim_and_send_is_reported_not_resent(core, people, runtime, clock, notifier) -> None:
    due = clock.now + timedelta(minutes=1)
    task_id = plan(core, people.rep.id, due)
    jobs.send_reminders()
    key = notifications.reminder_key(task_id, due)
    assert notifications.claim(core.uow(), [key], people.rep.id, due)  # the crashed instance got this far
    clock.now = due
    assert jobs.send_reminders() == 0
    clock.now = due + timedelta(minutes=5)
    assert jobs.report_stuck() == 0
    clock.now = due + timedelta(minutes=11)
    assert jobs.report_stuck() == 1
    assert jobs.report_stuck() == 0
    assert notifier.sent == []


def test_a_failed_send_is_recorded_and_not_retried_blindly(core, people, runtime, clock, notifier) -> None:
    due = clock.now + timedelta(minutes=1)
    plan(core, people.rep.id, due)
    jobs.send_reminders()
    notifier.fail = True
    clock.now = due
    assert jobs.send_reminders() == 0
    notifier.fail = False
    assert jobs.send_reminders() == 0
    assert notifier.sent == []


def test_two_schedulers_running_the_same_job_at_once_send_each_reminder_once(core, people, runtime, clock, notifier) -> None:
    jobs.send_reminders()
    for minute in range(1, 6):
        plan(core, people.rep.id, clock.now + timedelta(minutes=minute), title=f"t{minute}")
    clock.now += timedelta(minutes=10)
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        jobs.send_reminders()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(m.text.split(":")[1].split()[0] for m in notifier.sent) == ["t1", "t2", "t3", "t4", "t5"]


# --- morning agenda ---------------------------------------------------------------------------------


def test_morning_agenda_at_eight_local_lists_planned_free_overdue_and_stale_sprint_accounts(core, people, runtime, clock, notifier) -> None:
    rep = Actor(people.rep.id, "api")
    eight = local_instant(MONDAY, time(8), "America/Santiago")  # 11:00 UTC
    plan(core, people.rep.id, local_instant(MONDAY, time(10, 30), "America/Santiago"), title="Visitar Martillo")
    plan(core, people.rep.id, eight - timedelta(days=2), title="Cotizar Tornillos")
    tasks.schedule_task(core.uow(), rep, type="email", title="Enviar catálogo", start_date=MONDAY)
    forgotten = accounts.create_account(core.uow(), rep, name="Ferretería Olvidada", owner_id=people.rep.id)
    sprint = sprints.create_sprint(core.uow(), rep, name="Sprint 1", start=MONDAY, end=date(2025, 3, 14))
    sprints.activate_sprint(core.uow(), rep, sprint.id)
    sprints.add_accounts(core.uow(), rep, sprint.id, [forgotten.id])
    with time_machine.travel(eight - timedelta(minutes=1), tick=False):
        clock.now = eight - timedelta(minutes=1)
        jobs.send_morning_agendas()  # Raul's morning in Madrid, not Rosa's yet
        assert notifier.to(people.rep.id) == []
    with time_machine.travel(eight, tick=False):
        clock.now = eight
        assert jobs.send_morning_agendas() == 1
        assert jobs.send_morning_agendas() == 0
    [message] = notifier.to(people.rep.id)
    text = message.text
    assert text.startswith("☀️ Buenos días, Rosa. Tu agenda del lunes 3 de marzo:")
    assert "• 10:30 Visitar Martillo" in text
    assert "Enviar catálogo" in text.split("*Libres*")[1]
    assert "Cotizar Tornillos" in text.split("*Atrasadas*")[1]
    assert "Ferretería Olvidada (nunca)" in text


def test_each_rep_gets_the_agenda_at_eight_in_their_own_timezone_and_not_on_weekends(core, people, runtime, clock, notifier) -> None:
    madrid_eight = local_instant(MONDAY, time(8), "Europe/Madrid")  # 07:00 UTC
    santiago_eight = local_instant(MONDAY, time(8), "America/Santiago")  # 11:00 UTC
    for instant, expected in ((madrid_eight, {people.rep2.id}), (santiago_eight, {people.rep.id})):
        with time_machine.travel(instant, tick=False):
            clock.now = instant
            before = {s.user_id for s in notifier.sent}
            jobs.send_morning_agendas()
            assert {s.user_id for s in notifier.sent} - before == expected
    assert notifier.to(people.rep2.id)[0].text.startswith("☀️ Good morning, Raul. Your agenda for Monday, March 3")
    saturday = local_instant(date(2025, 3, 8), time(8, 5), "America/Santiago")
    with time_machine.travel(saturday, tick=False):
        clock.now = saturday
        assert jobs.send_morning_agendas() == 0


def test_agenda_is_sent_once_per_day_across_the_madrid_spring_change(core, people, runtime, clock, notifier) -> None:
    # Madrid moves to CEST on Sunday 2025-03-30: Friday's 8:00 is 07:00 UTC, Monday's 06:00 UTC.
    friday, monday = date(2025, 3, 28), date(2025, 3, 31)
    instants = [datetime.combine(friday, time(6, 59), UTC) + timedelta(minutes=m) for m in range(0, 3 * 24 * 60 + 300, 30)]
    for instant in instants:
        with time_machine.travel(instant, tick=False):
            clock.now = instant
            jobs.send_morning_agendas()
    mine = notifier.to(people.rep2.id)
    assert len(mine) == 2
    assert notifications.sent_keys(core.uow(), f"agenda:user:{people.rep2.id}:") == [
        f"agenda:user:{people.rep2.id}:{friday}", f"agenda:user:{people.rep2.id}:{monday}"]


# --- sprints and digests -------------------------------------------------------------------------


def _sprint_with_accounts(core: Core, people: People, end: date) -> int:
    manager, rep = Actor(people.manager.id, "api"), Actor(people.rep.id, "api")
    with time_machine.travel(datetime(2025, 3, 4, 15, tzinfo=UTC), tick=False):  # a conversion on day two
        return _fill_sprint(core, people, manager, rep, end)


def _fill_sprint(core: Core, people: People, manager: Actor, rep: Actor, end: date) -> int:
    sprint = sprints.create_sprint(core.uow(), manager, name="Sprint 7", start=date(2025, 3, 3), end=end,
                                   owner_id=people.rep.id, goal_kind="conversions", goal_target=2)
    sprints.activate_sprint(core.uow(), rep, sprint.id)
    ids = [accounts.create_account(core.uow(), rep, name=f"Cuenta {i}", owner_id=people.rep.id).id for i in range(3)]
    sprints.add_accounts(core.uow(), rep, sprint.id, ids)
    accounts.move_status(core.uow(), rep, ids[0], "client")
    return sprint.id


def test_sprint_alert_three_days_before_the_end_shows_progress_and_what_is_left(core, people, runtime, clock, notifier) -> None:
    sprint_id = _sprint_with_accounts(core, people, end=date(2025, 3, 14))
    morning = local_instant(date(2025, 3, 11), time(8, 1), "America/Santiago")
    with time_machine.travel(morning, tick=False):
        clock.now = morning
        assert jobs.send_sprint_alerts() == 1
        assert jobs.send_sprint_alerts() == 0
    [message] = notifier.to(people.rep.id)
    assert "«Sprint 7» termina" in message.text and "50 % de la meta (1 de 2)" in message.text
    assert "Quedan 2 cuentas sin convertir" in message.text and message.buttons == []
    assert notifications.sent_keys(core.uow(), "sprint-") == [f"sprint-ending:sprint:{sprint_id}:2025-03-14"]


def test_after_the_end_the_rep_is_asked_to_close_and_yes_rolls_over(core, people, runtime, clock, notifier) -> None:
    sprint_id = _sprint_with_accounts(core, people, end=date(2025, 3, 14))
    morning = local_instant(date(2025, 3, 15), time(9), "America/Santiago")
    with time_machine.travel(morning, tick=False):
        clock.now = morning
        assert jobs.send_sprint_alerts() == 1
        [message] = notifier.to(people.rep.id)
        assert [_intent_of(b.payload) for b in message.buttons] == [
            ("close_sprint", {"sprint_id": sprint_id, "rollover": True}),
            ("close_sprint", {"sprint_id": sprint_id, "rollover": False}),
        ]
        common.use_core(core)
        intent, slots = _intent_of(message.buttons[0].payload)
        track = tracker(f"{people.rep.id}:slack", message.buttons[0].payload, intent,
                        {"user_id": float(people.rep.id), **slots})
        replies, _ = run(CloseSprint(), track, DOMAIN)
    assert [m.get("response") for m in replies][:2] == ["utter_sprint_closed", "utter_sprint_rolled_over"]
    assert replies[1]["count"] == 2
    assert sprints.get_sprint(core.uow(), SYSTEM, sprint_id).sprint.status == "closed"


def test_monday_digest_gives_the_manager_each_reps_progress(core, people, runtime, clock, notifier) -> None:
    _sprint_with_accounts(core, people, end=date(2025, 3, 14))
    monday = local_instant(date(2025, 3, 10), time(8), "America/Santiago")
    with time_machine.travel(monday, tick=False):
        clock.now = monday
        assert jobs.send_weekly_digests() == 1
        assert jobs.send_weekly_digests() == 0
    [message] = notifier.to(people.manager.id)
    assert "Rosa: Sprint 7 — 50 % de la meta (1 de 2)" in message.text
    assert "Raul: sin sprint activo" in message.text
    [chart] = message.images
    assert chart.title == "Burn-up de Rosa" and chart.png.startswith(b"\x89PNG")
    tuesday = monday + timedelta(days=1)
    with time_machine.travel(tuesday, tick=False):
        clock.now = tuesday
        assert jobs.send_weekly_digests() == 0


# --- inbox --------------------------------------------------------------------------------------


def test_a_conversation_waiting_too_long_alerts_its_assignee_once(core, people, runtime, clock, notifier) -> None:
    received = inbox.receive(core.uow(), IncomingMessage(
        channel="whatsapp", external_id="wamid.1", thread_key="56911112222", text="Hola, ¿precio?",
        sender_name="Cliente Nuevo", phone="+56911112222"), now=clock.now)
    assignee = received.conversation.assignee_id
    assert assignee is not None
    clock.now += timedelta(minutes=10)
    assert jobs.send_inbox_alerts() == 0
    clock.now += timedelta(minutes=10)
    assert jobs.send_inbox_alerts() == 1
    assert jobs.send_inbox_alerts() == 0
    [message] = notifier.to(assignee)
    assert "whatsapp" in message.text


# --- the lease ------------------------------------------------------------------------------------


def test_the_lease_has_one_holder_until_it_expires(core) -> None:
    now, ttl = datetime(2025, 3, 3, 12, tzinfo=UTC), timedelta(seconds=30)
    assert leases.acquire_lease(core.uow(), "scheduler", "a", ttl, now)
    assert not leases.acquire_lease(core.uow(), "scheduler", "b", ttl, now + timedelta(seconds=10))
    assert leases.acquire_lease(core.uow(), "scheduler", "a", ttl, now + timedelta(seconds=20))  # renewed
    assert not leases.acquire_lease(core.uow(), "scheduler", "b", ttl, now + timedelta(seconds=45))
    assert leases.acquire_lease(core.uow(), "scheduler", "b", ttl, now + timedelta(seconds=51))
    assert not leases.acquire_lease(core.uow(), "scheduler", "a", ttl, now + timedelta(seconds=52))
    leases.release_lease(core.uow(), "scheduler", "b")
    assert leases.acquire_lease(core.uow(), "scheduler", "a", ttl, now + timedelta(seconds=53))


@pytest.mark.parametrize("expired", [False, True], ids=["first", "takeover"])
def test_racing_contenders_never_both_win_the_lease(core, expired: bool) -> None:
    start, ttl = datetime(2025, 3, 3, 12, tzinfo=UTC), timedelta(seconds=30)
    if expired:
        leases.acquire_lease(core.uow(), "scheduler", "dead", ttl, start - timedelta(minutes=5))
    for round_ in range(5):
        name = "scheduler" if expired else f"race-{round_}"
        at = start + timedelta(minutes=round_)  # each round the previous winner's lease has expired
        wins: list[str] = []
        barrier = threading.Barrier(4)

        def contend(holder: str, name: str = name, at: datetime = at, barrier: threading.Barrier = barrier,
                    wins: list[str] = wins) -> None:
            barrier.wait()
            if leases.acquire_lease(core.uow(), name, holder, ttl, at):
                wins.append(holder)

        threads = [threading.Thread(target=contend, args=(f"h{round_}-{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(wins) == 1
