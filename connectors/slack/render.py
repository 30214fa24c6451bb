"""The assistant's replies as Slack messages: escaped mrkdwn, Block Kit buttons, images."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
