"""Configuration, read once per process from the environment (`current()`), or built by a test."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///var/rumbo.db"
    port: int = 8000
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    # Rasa's conversation stores: a SQL tracker store keeps conversations across
    # restarts and loads only the current session; several Rasa workers need a Redis lock store.
    rasa_tracker_store_url: str | None = None
    rasa_lock_store_url: str | None = field(default=None, repr=False)
    rasa_workers: int = 1
    action_server_workers: int = 1
    secret_key: str = field(default="", repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str = "https://slack.com/api/"
    telegram_bot_token: str | None = field(default=None, repr=False)
    telegram_customer_bot_token: str | None = field(default=None, repr=False)
    telegram_webhook_secret: str | None = field(default=None, repr=False)
    telegram_api_url: str = "https://api.telegram.org"
    telegram_mode: str = "webhook"
    meta_app_secret: str | None = field(default=None, repr=False)
    meta_verify_token: str | None = field(default=None, repr=False)
    meta_graph_url: str = "https://graph.facebook.com/v19.0"
    whatsapp_token: str | None = field(default=None, repr=False)
    whatsapp_phone_number_id: str | None = None
    messenger_page_token: str | None = field(default=None, repr=False)
    smtp_url: str | None = field(default=None, repr=False)
    email_webhook_secret: str | None = field(default=None, repr=False)
    email_from: str = "Rumbo <inbox@rumbo.localhost>"
    telegram_customer_webhook_secret: str | None = field(default=None, repr=False)
    inbox_worker: bool = False  # from_env turns it on unless INBOX_WORKER=0
    public_url: str = "http://127.0.0.1:8000"
    max_body_bytes: int = 1024 * 1024

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables; unset ones keep their defaults."""
        env = os.environ if env is None else env
        defaults = cls()

        def get(name: str, default: str | None) -> str | None:
            value = env.get(name)
            return value if value not in (None, "") else default

        port = int(get("PORT", str(defaults.port)) or defaults.port)
        return cls(
            database_url=get("DATABASE_URL", defaults.database_url) or defaults.database_url,
            port=port,
            rasa_url=(get("RASA_URL", defaults.rasa_url) or defaults.rasa_url).rstrip("/"),
            action_server_url=get("ACTION_SERVER_URL", defaults.action_server_url) or defaults.action_server_url,
            rasa_tracker_store_url=get("RASA_TRACKER_STORE_URL", f"sqlite:///{ROOT / 'var' / 'rasa-tracker.db'}"),
            rasa_lock_store_url=get("RASA_LOCK_STORE_URL", None),
            rasa_workers=int(get("RASA_WORKERS", "1") or 1),
            action_server_workers=int(get("ACTION_SERVER_WORKERS", "1") or 1),
            secret_key=get("RUMBO_SECRET_KEY", None) or _dev_secret(),
            slack_bot_token=get("SLACK_BOT_TOKEN", None),
            slack_signing_secret=get("SLACK_SIGNING_SECRET", None),
            slack_app_token=get("SLACK_APP_TOKEN", None),
            slack_api_url=get("SLACK_API_URL", defaults.slack_api_url) or defaults.slack_api_url,
            telegram_bot_token=get("TELEGRAM_BOT_TOKEN", None),
            telegram_customer_bot_token=get("TELEGRAM_CUSTOMER_BOT_TOKEN", None),
            telegram_webhook_secret=get("TELEGRAM_WEBHOOK_SECRET", None),
            telegram_api_url=(get("TELEGRAM_API_URL", defaults.telegram_api_url) or "").rstrip("/"),
            telegram_mode=get("TELEGRAM_MODE", defaults.telegram_mode) or defaults.telegram_mode,
            meta_app_secret=get("META_APP_SECRET", None),
            meta_verify_token=get("META_VERIFY_TOKEN", None),
            meta_graph_url=(get("META_GRAPH_URL", defaults.meta_graph_url) or "").rstrip("/"),
            whatsapp_token=get("WHATSAPP_TOKEN", None),
            whatsapp_phone_number_id=get("WHATSAPP_PHONE_NUMBER_ID", None),
            messenger_page_token=get("MESSENGER_PAGE_TOKEN", None),
            smtp_url=get("SMTP_URL", None),
            email_webhook_secret=get("EMAIL_WEBHOOK_SECRET", None),
            email_from=get("EMAIL_FROM", defaults.email_from) or defaults.email_from,
            telegram_customer_webhook_secret=get("TELEGRAM_CUSTOMER_WEBHOOK_SECRET", None),
            inbox_worker=(get("INBOX_WORKER", "1") or "1") not in ("0", "false", "no"),
            public_url=(get("RUMBO_PUBLIC_URL", f"http://127.0.0.1:{port}") or "").rstrip("/"),
        )

    def channels(self) -> dict[str, bool]:
        """Which channels have what they need to receive and answer (the one rule; see CHANNEL_NEEDS)."""
        return {
            "slack": bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token)),
            "telegram": bool(self.telegram_bot_token),
            "whatsapp": bool(self.meta_app_secret and self.whatsapp_token and self.whatsapp_phone_number_id),
            "messenger/instagram": bool(self.meta_app_secret and self.messenger_page_token),
            "telegram customer bot": bool(self.telegram_customer_bot_token and self.telegram_customer_webhook_secret),
            "email": bool(self.email_webhook_secret and self.smtp_url),
            "web widget": True,
        }


# What each channel of `Settings.channels()` needs, for the start-up log.
CHANNEL_NEEDS = {
    "slack": "SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN",
    "telegram": "TELEGRAM_BOT_TOKEN",
    "whatsapp": "META_APP_SECRET, WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID",
    "messenger/instagram": "META_APP_SECRET and MESSENGER_PAGE_TOKEN",
    "telegram customer bot": "TELEGRAM_CUSTOMER_BOT_TOKEN and TELEGRAM_CUSTOMER_WEBHOOK_SECRET",
    "email": "EMAIL_WEBHOOK_SECRET and SMTP_URL",
    "web widget": "",
}
CUSTOMER_CHANNELS = ("whatsapp", "messenger/instagram", "telegram customer bot", "email", "web widget")


@cache
def current() -> Settings:
    """This process's settings, read from the environment on first use."""
    return Settings.from_env()


def _dev_secret() -> str:
    """A per-checkout secret for development, kept in var/ so signed links survive restarts."""
    path = ROOT / "var" / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    # owner-only from its creation, never readable by others even for a moment
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(value)
    return value
