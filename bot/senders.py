"""Rasa sender ids: which Rumbo user talks, and through which channel.

The gateway identifies the user before anything reaches Rasa, so the sender
id carries only Rumbo's own user id and the channel: `"<user_id>:<channel>"`.
"""

from __future__ import annotations

CHANNELS = ("slack", "telegram", "web", "cli")


def sender_id(user_id: int, channel: str) -> str:
    """The Rasa sender id for a user on a channel."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    return f"{user_id}:{channel}"


def parse_sender(sender: str) -> tuple[int, str] | None:
    """(user id, channel) from a sender id, or None when it is not one of ours."""
    user, _, channel = sender.partition(":")
    if not user.isdigit() or channel not in CHANNELS:
        return None
    return int(user), channel
