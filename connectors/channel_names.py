"""How customer channels are named to reps (product names, the same in every language)."""

from __future__ import annotations

CHANNEL_NAMES = {"whatsapp": "WhatsApp", "messenger": "Messenger", "instagram": "Instagram",
                 "telegram": "Telegram", "widget": "Web chat", "email": "Email"}


def channel_name(channel: str) -> str:
    """The name of a conversation's channel, e.g. "WhatsApp"."""
    return CHANNEL_NAMES.get(channel, channel)
