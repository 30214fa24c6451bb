"""Rumbo's outbound messages as Slack messages: assistant replies, scheduler messages, inbox threads.

Pure functions: escaped mrkdwn, Block Kit buttons, images; sending is the caller's.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from connectors.channel_names import channel_name
from crm_core.read_models.inbox import Received
from texts import t

BUTTON_ACTION = "rumbo_button"


@dataclass
class SlackPost:
    """One chat.postMessage (text and blocks) or one image upload."""

    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    image_url: str | None = None


def escape(text: str) -> str:
    """Slack's three control characters; everything else is literal mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Slack's markup in what a rep types: <https://x|label>, <https://x>, <mailto:a@b|a@b>, <@U1>, <#C1|sales>, <!here>
_SLACK_MARKUP = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def plain_text(text: str) -> str:
    """A rep's Slack message as the customer should read it: links spelled out, mentions as words."""
    def spelled(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        if target.startswith(("@", "#")):
            return (target[0] + label) if label else target
        address = target.removeprefix("mailto:")
        return address if not label or label == address else f"{label} ({address})"
    return html.unescape(_SLACK_MARKUP.sub(spelled, text))


def _button(index: int, button: dict[str, Any]) -> dict[str, Any]:
    title = str(button.get("title") or button.get("payload") or "")
    return {
        "type": "button",
        "action_id": f"{BUTTON_ACTION}_{index}",
        "text": {"type": "plain_text", "text": title[:75], "emoji": True},
        "value": str(button.get("payload") or title)[:2000],
    }


def render(replies: list[dict[str, Any]]) -> list[SlackPost]:
    """One post per assistant message, with its buttons as an actions block."""
    posts: list[SlackPost] = []
    for reply in replies:
        text = escape(str(reply.get("text") or ""))
        buttons = reply.get("buttons") or []
        if text or buttons:
            blocks: list[dict[str, Any]] = []
            if text:
                blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}})
            if buttons:
                blocks.append({"type": "actions", "block_id": "rumbo_choices",
                               "elements": [_button(i, b) for i, b in enumerate(buttons[:25])]})
            posts.append(SlackPost(text=text or "¿Qué eliges?", blocks=blocks))
        if reply.get("image"):
            posts.append(SlackPost(image_url=str(reply["image"])))
    return posts


def chosen(blocks: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """The original message's blocks with its buttons replaced by the choice made."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    return [*kept, {"type": "context", "elements": [{"type": "mrkdwn", "text": f"→ *{escape(label)}*"}]}]


# --- the inbox in the rep's Slack: one thread per conversation ------------------------------------

INBOX_ACTIONS = ("inbox_claim", "inbox_reassign", "inbox_resolve")


def inbox_buttons(language: str, conversation_id: int, names: tuple[str, ...] = INBOX_ACTIONS) -> list[dict[str, Any]]:
    """The claim / reassign / resolve (or send-template) buttons of a conversation."""
    return [{"type": "button", "action_id": name, "value": str(conversation_id),
             "text": {"type": "plain_text", "text": t(f"inbox_chat.{name.removeprefix('inbox_')}", language)}}
            for name in names]


def inbox_root(received: Received, language: str) -> tuple[str, list[dict[str, Any]]]:
    """(text, blocks) of the message that opens a conversation's thread."""
    conversation = received.conversation
    header = t("inbox_chat.new", language, channel=channel_name(conversation.channel), name=escape(received.contact_name),
               lead=t("inbox_chat.lead", language) if received.new_lead else "")
    return header, [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"{header}\n{t('inbox_chat.hint', language)}"}},
        {"type": "actions", "elements": inbox_buttons(language, conversation.id)},
    ]


def inbox_message(received: Received) -> str:
    """A customer message in the conversation's thread."""
    return f"*{escape(received.contact_name)}:* {escape(received.message.display_text())}"


def inbox_template_offer(text: str, language: str, conversation_id: int) -> list[dict[str, Any]]:
    """Blocks offering the approved template when the service window has closed."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "actions", "elements": inbox_buttons(language, conversation_id, ("inbox_template",))}]
