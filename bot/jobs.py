"""The scheduler's jobs: thin functions that ask the core what is due, render it and send it once.

APScheduler keeps jobs in the database by reference ("bot.jobs:send_reminders"), so job
functions take no arguments; the scheduler process hands them their runtime with
`configure` before it starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot import charts
from bot.notify import (
    SNOOZE_TIME,
    TOMORROW_TIME,
    Button,
    DeliveryFailed,
    Image,
    Notifier,
    close_sprint_payload,
    complete_payload,
    reschedule_payload,
)
from crm_core.bootstrap import Core
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import TaskView
from crm_core.read_models.sprints import SprintProgress
from crm_core.services import campaign_runs, notifications
from crm_core.services.notifications import (
    DueReminder,
    MorningAgenda,
    Recipient,
    SprintAlert,
    WeeklyDigest,
)
from texts import t
from texts.formatting import clock_text, day_text, number_text, when_text

logger = logging.getLogger(__name__)

REMINDERS_CURSOR = "reminders"
FAN_OUT = 6  # concurrent agenda builds and sends


@dataclass(frozen=True)
class JobConfig:
    """Knobs of the jobs, read from the environment by the scheduler."""

    lead_minutes: int = 0
    grace_minutes: int = 30
    stale_days: int = 7
    inbox_wait_minutes: int = 15
    stuck_minutes: int = 10
    campaign_channels: tuple[str, ...] = ()  # channels automatic campaign stages can be sent on


@dataclass
class Runtime:
    core: Core
    notifier: Notifier
    config: JobConfig = field(default_factory=JobConfig)
    clock: Callable[[], datetime] = utcnow


_runtime: Runtime | None = None


def configure(runtime: Runtime | None) -> None:
    """Give the job functions what they work with (None forgets it)."""
    global _runtime
    _runtime = runtime


def _rt() -> Runtime:
    if _runtime is None:
        raise RuntimeError("bot.jobs.configure() was not called in this process")
    return _runtime


def _t(key: str, language: str, **values: object) -> str:
    return t(f"scheduler.{key}", language, **values)


def deliver(rt: Runtime, keys: list[str], person: Recipient, text: str, buttons: Sequence[Button] = (),
            images: Sequence[Image] = ()) -> bool:
    """Claim the keys, send, mark sent; False when already claimed elsewhere or the send failed."""
    if not notifications.claim(rt.core.uow(), keys, person.user_id, rt.clock()):
        return False
    try:
        channel = rt.notifier.send(person, text, buttons, images)
    except DeliveryFailed as exc:
        logger.warning("could not send %s to user %s: %s", keys[0], person.user_id, exc)
        notifications.mark_failed(rt.core.uow(), keys, str(exc))
        return False
    notifications.mark_sent(rt.core.uow(), keys, rt.clock())
    logger.info("sent %s to user %s on %s", keys[0], person.user_id, channel)
    return True


# --- task reminders ---------------------------------------------------------------------------------


def send_reminders() -> int:
    """Reminders whose time came since the last run; older than the grace period are folded per user."""
    rt = _rt()
    now, config = rt.clock(), rt.config
    since = notifications.cursor(rt.core.uow(), REMINDERS_CURSOR, now - timedelta(minutes=config.grace_minutes))
    due = notifications.due_reminders(rt.core.uow(), since, now, lead_minutes=config.lead_minutes,
                                      grace_minutes=config.grace_minutes)
    sent = 0
    missed: dict[int, list[DueReminder]] = {}
    for item in due:
        if item.timely:
            sent += deliver(rt, [item.key], item.recipient, reminder_text(item), reminder_buttons(item))
        else:
            missed.setdefault(item.recipient.user_id, []).append(item)
    for items in missed.values():
        sent += deliver(rt, [i.key for i in items], items[0].recipient, missed_text(items))
    notifications.move_cursor(rt.core.uow(), REMINDERS_CURSOR, now)
    return sent


def _task_label(task: TaskView) -> str:
    label = task.title or task.type
    return f"{label} ({task.account_name})" if task.account_name else label


def reminder_text(item: DueReminder) -> str:
    person = item.recipient
    return _t("reminder", person.language, task=_task_label(item.task),
                         when=when_text(item.task.due_at, person.language, person.timezone))  # type: ignore[arg-type]  # reminders and agenda tasks have a due time (TaskView types it optional)


def reminder_buttons(item: DueReminder) -> list[Button]:
    language, task_id = item.recipient.language, item.task.id
    return [Button(_t("reminder.done", language), complete_payload(task_id)),
            Button(_t("reminder.snooze", language), reschedule_payload(task_id, snooze_words(language))),
            Button(_t("reminder.tomorrow", language), reschedule_payload(task_id, tomorrow_words(language)))]


def snooze_words(language: str) -> str:
    return SNOOZE_TIME.get(language, SNOOZE_TIME["es"])


def tomorrow_words(language: str) -> str:
    return TOMORROW_TIME.get(language, TOMORROW_TIME["es"])


def missed_text(items: list[DueReminder]) -> str:
    person = items[0].recipient
    lines = [_t("missed", person.language, count=len(items))]
    lines += [f"• {when_text(i.task.due_at, person.language, person.timezone)} {_task_label(i.task)}"  # type: ignore[arg-type]  # reminders and agenda tasks have a due time (TaskView types it optional)
              for i in items]
    return "\n".join(lines)


# --- morning agenda -------------------------------------------------------------------------------------


def send_morning_agendas() -> int:
    """Each rep's agenda at 8:00 their time on working days."""
    rt = _rt()
    now = rt.clock()

    def one(item: tuple[str, Recipient, date]) -> bool:
        key, person, day = item
        agenda = notifications.morning_agenda(rt.core.uow(), key, person, day, now, rt.config.stale_days)
        return deliver(rt, [key], person, agenda_text(agenda, rt.config.stale_days))

    # Thousands of reps share 8:00 in one timezone: overlap their database and HTTP waits.
    with ThreadPoolExecutor(max_workers=FAN_OUT, thread_name_prefix="agenda") as pool:
        return sum(pool.map(one, notifications.agendas_due(rt.core.uow(), now)))


def agenda_text(item: MorningAgenda, stale_days: int) -> str:
    person, agenda = item.recipient, item.agenda
    language, tz = person.language, person.timezone
    lines = [_t("agenda.title", language, name=person.name.split()[0],
                           day=day_text(item.day, language))]
    if agenda.planned:
        lines.append(f"*{_t('agenda.planned', language)}*")
        lines += [f"• {clock_text(t.due_at, language, tz)} {_task_label(t)}" for t in agenda.planned]  # type: ignore[arg-type]  # reminders and agenda tasks have a due time (TaskView types it optional)
    if agenda.free:
        lines.append(f"*{_t('agenda.free', language)}*")
        lines += [f"• {_task_label(t)}" for t in agenda.free]
    if agenda.overdue:
        lines.append(f"*{_t('agenda.overdue', language)}*")
        lines += [f"• {when_text(t.due_at, language, tz)} {_task_label(t)}" for t in agenda.overdue]  # type: ignore[arg-type]  # reminders and agenda tasks have a due time (TaskView types it optional)
    if not (agenda.planned or agenda.free or agenda.overdue):
        lines.append(_t("agenda.empty", language))
    if item.stale_accounts:
        lines.append(f"*{_t('agenda.stale', language, days=stale_days, total=item.stale_total)}*")
        never = _t("agenda.never", language)
        lines += [f"• {a.name} ({day_text(a.last_activity_at.date(), language) if a.last_activity_at else never})"
                  for a in item.stale_accounts]
    return "\n".join(lines)


# --- sprints ----------------------------------------------------------------------------------------------


def send_sprint_alerts() -> int:
    """Three days before a sprint ends: progress and pace; once it has ended: close it, with rollover?"""
    rt = _rt()
    sent = 0
    for alert in notifications.sprint_alerts_due(rt.core.uow(), rt.clock()):
        buttons: list[Button] = []
        if alert.kind == "ended":
            language, sprint_id = alert.recipient.language, alert.detail.sprint.id
            buttons = [Button(_t("sprint.yes", language), close_sprint_payload(sprint_id, True)),
                       Button(_t("sprint.no", language), close_sprint_payload(sprint_id, False))]
        sent += deliver(rt, [alert.key], alert.recipient, sprint_alert_text(alert), buttons)
    return sent


def progress_text(progress: SprintProgress, language: str) -> str:
    if progress.percent is not None and progress.goal_target is not None:
        return _t("progress.goal", language, percent=progress.percent,
                             achieved=number_text(progress.achieved, language),
                             target=number_text(progress.goal_target, language))
    return _t("progress.nogoal", language, converted=progress.converted, accounts=progress.accounts)


def sprint_alert_text(alert: SprintAlert) -> str:
    language = alert.recipient.language
    sprint, progress = alert.detail.sprint, alert.detail.progress
    pace = f"{progress.pace} %" if progress.pace is not None else _t("pace.unknown", language)
    key = "sprint.ended" if alert.kind == "ended" else "sprint.ending"
    return _t(key, language, name=sprint.name,
                         end=day_text(sprint.end, language), days_left=progress.days_left,
                         progress=progress_text(progress, language), pace=pace,
                         left=progress.accounts - progress.converted)


def send_weekly_digests() -> int:
    """Monday 8:00 for each manager: every rep's sprint progress with a burn-up chart."""
    rt = _rt()
    sent = 0
    for key, person, day in notifications.digests_due(rt.core.uow(), rt.clock()):
        digest = notifications.weekly_digest(rt.core.uow(), key, person, day)
        sent += deliver(rt, [key], person, digest_text(digest), images=burnup_charts(digest))
    return sent


def digest_text(digest: WeeklyDigest) -> str:
    language = digest.recipient.language
    lines = [_t("digest.title", language, day=day_text(digest.week_of, language))]
    for member in digest.members:
        if member.sprint is None or member.progress is None:
            lines.append(_t("digest.nosprint", language, name=member.name))
        else:
            lines.append(_t("digest.rep", language, name=member.name, sprint=member.sprint.name,
                                       progress=progress_text(member.progress, language),
                                       days_left=member.progress.days_left))
    return "\n".join(lines)


def burnup_charts(digest: WeeklyDigest) -> list[Image]:
    """One burn-up chart per rep with an active sprint."""
    language = digest.recipient.language
    return [Image(charts.sprint_burnup(digest.burnups[m.sprint.id], language),
                  _t("digest.chart", language, name=m.name))
            for m in digest.members if m.sprint is not None and m.sprint.id in digest.burnups]


# --- campaigns ---------------------------------------------------------------------------------------------


def run_continuous_campaigns() -> int:
    """Continuous campaigns ("Trae un amigo") take in the day's new target matches, once a day each."""
    rt = _rt()
    return sum(run.created for run in campaign_runs.run_daily(rt.core.uow(), rt.clock()))


def send_campaign_steps() -> int:
    """Automatic campaign tasks whose time has come: mails queued for the inbox worker, the rest left to reps."""
    rt = _rt()
    done = campaign_runs.execute_due(rt.core.uow(), rt.clock(), rt.config.campaign_channels)
    return sum(1 for item in done if item.state == "queued")


# --- inbox and housekeeping ----------------------------------------------------------------------------------


def send_inbox_alerts() -> int:
    """Tell each rep about conversations that have waited too long for their answer."""
    rt = _rt()
    sent = 0
    for alert in notifications.waiting_alerts(rt.core.uow(), rt.clock(), rt.config.inbox_wait_minutes):
        person, language = alert.recipient, alert.recipient.language
        lines = [_t("inbox.waiting", language, count=len(alert.conversations))]
        lines += [_t("inbox.item", language, id=c.id, channel=c.channel, subject=c.subject or "…",
                                since=when_text(c.waiting_since, language, person.timezone))
                  for c in alert.conversations]
        sent += deliver(rt, [c.key for c in alert.conversations], person, "\n".join(lines))
    return sent


def report_stuck() -> int:
    """Claims a crash left half-sent are reported (never re-sent blindly: the user may have them)."""
    rt = _rt()
    stuck = notifications.report_stuck(rt.core.uow(), rt.clock(), timedelta(minutes=rt.config.stuck_minutes))
    for item in stuck:
        logger.warning("notification %s for user %s may or may not have been sent (claimed %s, no confirmation)",
                       item.key, item.user_id, item.claimed_at.isoformat())
    return len(stuck)
