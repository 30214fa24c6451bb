"""`rumbo scheduler`: APScheduler with its job store in the Rumbo database, run by one instance at a time.

Every instance competes for a lease row (holder, expires_at) renewed every few seconds.
The holder runs the jobs; the others wait and take over once the lease expires, e.g.
when the holder died. Notification keys make a send exactly-once even if two instances
ever overlapped for a moment.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from bot import data_jobs, jobs
from bot.notify import Notifier
from bot.settings import Settings
from crm_core.bootstrap import Core
from crm_core.persistence.types import utcnow
from crm_core.services.leases import acquire_lease, release_lease

logger = logging.getLogger(__name__)

LEASE_NAME = "scheduler"


@dataclass(frozen=True)
class SchedulerSettings:
    """How often things run and how long a lease lasts (env RUMBO_*)."""

    tick_seconds: float = 15.0  # how often due reminders are looked for
    periodic_seconds: float = 60.0  # agendas, sprint alerts, digests, inbox alerts
    lease_seconds: float = 30.0
    renew_seconds: float = 10.0
    jobs: jobs.JobConfig = jobs.JobConfig()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SchedulerSettings:
        """Read RUMBO_REMINDER_LEAD_MINUTES, RUMBO_REMINDER_GRACE_MINUTES, RUMBO_STALE_DAYS and the timings."""
        env = os.environ if env is None else env
        d, j = cls(), jobs.JobConfig()

        def num(name: str, default: float) -> float:
            value = env.get(name, "")
            return float(value) if value.strip() else default

        return cls(
            tick_seconds=num("RUMBO_SCHEDULER_TICK_SECONDS", d.tick_seconds),
            periodic_seconds=num("RUMBO_SCHEDULER_PERIODIC_SECONDS", d.periodic_seconds),
            lease_seconds=num("RUMBO_LEASE_SECONDS", d.lease_seconds),
            renew_seconds=num("RUMBO_LEASE_RENEW_SECONDS", d.renew_seconds),
            jobs=jobs.JobConfig(
                lead_minutes=int(num("RUMBO_REMINDER_LEAD_MINUTES", j.lead_minutes)),
                grace_minutes=int(num("RUMBO_REMINDER_GRACE_MINUTES", j.grace_minutes)),
                stale_days=int(num("RUMBO_STALE_DAYS", j.stale_days)),
                inbox_wait_minutes=int(num("RUMBO_INBOX_WAIT_MINUTES", j.inbox_wait_minutes)),
                stuck_minutes=int(num("RUMBO_STUCK_NOTIFICATION_MINUTES", j.stuck_minutes)),
            ),
        )


def build_scheduler(core: Core, timing: SchedulerSettings) -> BackgroundScheduler:
    """An APScheduler whose jobs live in the Rumbo database, one entry per job function."""
    # The core's engine, so the job store gets the same SQLite pragmas (WAL, busy timeout) as the rest.
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=core.engine, tablename="apscheduler_jobs")},
        executors={"default": {"type": "threadpool", "max_workers": 2}},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="UTC",
    )
    every: list[tuple[Callable[[], int], float]] = [
        (jobs.send_reminders, timing.tick_seconds),
        (jobs.send_morning_agendas, timing.periodic_seconds),
        (jobs.send_sprint_alerts, timing.periodic_seconds),
        (jobs.send_weekly_digests, timing.periodic_seconds),
        (jobs.send_inbox_alerts, timing.periodic_seconds),
        (jobs.send_campaign_steps, timing.periodic_seconds),
        (jobs.run_continuous_campaigns, timing.periodic_seconds),
        (jobs.report_stuck, timing.periodic_seconds * 5),
        *data_jobs.schedule(timing.periodic_seconds),
    ]
    for func, seconds in every:
        scheduler.add_job(func, "interval", seconds=seconds, id=func.__name__, name=func.__name__,
                          replace_existing=True, next_run_time=utcnow())
    return scheduler


class LeaderLoop:
    """Holds the lease while alive; runs the APScheduler only while holding it."""

    def __init__(self, core: Core, timing: SchedulerSettings, holder: str | None = None) -> None:
        self.core = core
        self.timing = timing
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.scheduler: BackgroundScheduler | None = None
        self.stopping = threading.Event()

    def leading(self) -> bool:
        return self.scheduler is not None

    def step(self) -> None:
        """Renew or take the lease, and start or stop the jobs accordingly."""
        try:
            held = acquire_lease(self.core.uow(), LEASE_NAME, self.holder,
                                 timedelta(seconds=self.timing.lease_seconds), utcnow())
        except Exception:  # noqa: BLE001 - the database may be briefly away: stop running jobs meanwhile
            logger.exception("could not renew the scheduler lease")
            held = False
        if held and self.scheduler is None:
            logger.info("scheduler %s holds the lease; running jobs", self.holder)
            self.scheduler = build_scheduler(self.core, self.timing)
            self.scheduler.start()
        elif not held and self.scheduler is not None:
            logger.warning("scheduler %s lost the lease; pausing jobs", self.holder)
            self._stop_jobs()

    def _stop_jobs(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None

    def run(self) -> None:
        """Loop until `stopping` is set; then stop the jobs and hand the lease over."""
        logger.info("scheduler %s started; waiting for the lease", self.holder)
        try:
            while not self.stopping.is_set():
                self.step()
                self.stopping.wait(self.timing.renew_seconds)
        finally:
            was_leading = self.leading()
            self._stop_jobs()
            if was_leading:
                release_lease(self.core.uow(), LEASE_NAME, self.holder)
            logger.info("scheduler %s stopped", self.holder)


def campaign_channels(settings: Settings) -> tuple[str, ...]:
    """Channels automatic campaign stages go out on: email when SMTP is set, SMS when Twilio is."""
    from bot.sms import TwilioSettings

    on = {"email": bool(settings.smtp_url), "sms": TwilioSettings.from_env().configured}
    return tuple(channel for channel, enabled in on.items() if enabled)


def run_scheduler(settings: Settings, core: Core, timing: SchedulerSettings | None = None) -> None:
    """The `rumbo scheduler` process: compete for the lease and run jobs until SIGTERM or Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    from bot.security import quiet_http_loggers

    quiet_http_loggers()  # httpx logs Bot API URLs, bot token included, at INFO
    timing = timing or SchedulerSettings.from_env()
    notifier = Notifier(settings)
    for name, on in (("slack", notifier.slack is not None), ("telegram", notifier.telegram is not None)):
        logger.info("scheduler channel %s: %s", name, "on" if on else "off (no credentials)")
    channels = campaign_channels(settings)
    logger.info("automatic campaign mails: %s", "on" if "email" in channels else "off (SMTP_URL is not set)")
    jobs.configure(jobs.Runtime(core, notifier, replace(timing.jobs, campaign_channels=channels)))
    loop = LeaderLoop(core, timing)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: loop.stopping.set())
    try:
        loop.run()
    finally:
        notifier.close()
