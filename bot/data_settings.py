"""Settings of backups, retention, outbound webhooks and mailing-tool sync, read from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.settings import ROOT

MAILCHIMP_DEFAULT_URL = "https://{dc}.api.mailchimp.com/3.0"
BREVO_DEFAULT_URL = "https://api.brevo.com/v3"


@dataclass(frozen=True)
class DataSettings:
    backup_dir: str = str(ROOT / "var" / "backups")
    backup_keep: int = 14
    backup_hour: int = 2  # UTC hour after which the nightly backup is written
    intake_retention_days: int | None = None  # None keeps raw intake payloads
    mailchimp_api_key: str | None = field(default=None, repr=False)
    mailchimp_api_url: str | None = None
    mailchimp_webhook_secret: str | None = field(default=None, repr=False)
    brevo_api_key: str | None = field(default=None, repr=False)
    brevo_api_url: str = BREVO_DEFAULT_URL
    brevo_webhook_secret: str | None = field(default=None, repr=False)
    webhook_timeout_seconds: float = 10.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DataSettings:
        """Read BACKUP_DIR, BACKUP_KEEP, BACKUP_HOUR, INTAKE_RETENTION_DAYS, MAILCHIMP_*, BREVO_*."""
        env = os.environ if env is None else env
        d = cls()

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        retention = get("INTAKE_RETENTION_DAYS")
        return cls(
            backup_dir=get("BACKUP_DIR") or d.backup_dir,
            backup_keep=int(get("BACKUP_KEEP") or d.backup_keep),
            backup_hour=int(get("BACKUP_HOUR") or d.backup_hour),
            intake_retention_days=int(retention) if retention else None,
            mailchimp_api_key=get("MAILCHIMP_API_KEY"),
            mailchimp_api_url=(get("MAILCHIMP_API_URL") or "").rstrip("/") or None,
            mailchimp_webhook_secret=get("MAILCHIMP_WEBHOOK_SECRET"),
            brevo_api_key=get("BREVO_API_KEY"),
            brevo_api_url=(get("BREVO_API_URL") or d.brevo_api_url).rstrip("/"),
            brevo_webhook_secret=get("BREVO_WEBHOOK_SECRET"),
            webhook_timeout_seconds=float(get("WEBHOOK_TIMEOUT_SECONDS") or d.webhook_timeout_seconds),
        )

    def mailchimp_url(self) -> str | None:
        """The Marketing API root: MAILCHIMP_API_URL, else the data centre after the key's dash."""
        if self.mailchimp_api_url:
            return self.mailchimp_api_url
        if not self.mailchimp_api_key or "-" not in self.mailchimp_api_key:
            return None
        return MAILCHIMP_DEFAULT_URL.format(dc=self.mailchimp_api_key.rsplit("-", 1)[1])
