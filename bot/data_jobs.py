"""Scheduler jobs for data ownership: the nightly backup, intake retention, webhook deliveries, mailing sync.

Like `bot.jobs`, the functions take no arguments (APScheduler stores them by reference); they use
the runtime the scheduler hands `bot.jobs.configure` and read their settings from the environment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot import jobs
from bot.data_settings import DataSettings
from crm_core.persistence.types import utcnow
from crm_core.services import backup, erasure

logger = logging.getLogger(__name__)


def schedule(periodic_seconds: float) -> list[tuple[Callable[[], int], float]]:
    """The data jobs and how often each runs, for the scheduler's job list."""
    return [
        (nightly_backup, periodic_seconds * 5),
        (purge_intake_payloads, periodic_seconds * 60),
        (deliver_webhooks, max(1.0, periodic_seconds / 4)),
        (sync_mailing_lists, periodic_seconds * 30),
    ]


def nightly_backup() -> int:
    """Write the day's backup to BACKUP_DIR once BACKUP_HOUR has passed, keeping BACKUP_KEEP files."""
    settings, now = DataSettings.from_env(), utcnow()
    if not backup.due_nightly(settings.backup_dir, now, settings.backup_hour):
        return 0
    backup.write_nightly(jobs._rt().core.engine, settings.backup_dir, settings.backup_keep, now)  # noqa: SLF001
    return 1


def purge_intake_payloads() -> int:
    """Blank raw intake payloads older than INTAKE_RETENTION_DAYS (off when unset)."""
    days = DataSettings.from_env().intake_retention_days
    if days is None:
        return 0
    return erasure.purge_intake_payloads(jobs._rt().core.uow(), days)  # noqa: SLF001


def deliver_webhooks() -> int:
    """Post due outbound webhook deliveries, retrying failed ones with backoff."""
    from bot.webhook_sender import deliver_due

    return deliver_due(jobs._rt().core, timeout=DataSettings.from_env().webhook_timeout_seconds)  # noqa: SLF001


def sync_mailing_lists() -> int:
    """Run each list-to-audience pairing once a day; a failing one is logged and retried next time."""
    from bot.mailing import MailingToolError, run_sync
    from crm_core.errors import DomainError
    from crm_core.services import mailing_sync
    from crm_core.services.common import SYSTEM

    core, settings, done = jobs._rt().core, DataSettings.from_env(), 0  # noqa: SLF001
    for provider, list_name, remote_id in mailing_sync.due_syncs(core.uow()):
        try:
            run_sync(core, settings, SYSTEM, provider, list_name, remote_id)
            done += 1
        except (MailingToolError, DomainError, OSError) as exc:
            logger.warning("daily sync %s %s -> %s failed: %s", provider, list_name, remote_id, exc)
    return done
