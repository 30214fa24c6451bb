"""Rumbo's texts as Telegram HTML: escaped, with Slack-style `*bold*` turned into `<b>bold</b>`.

Every text sent to Telegram goes through `html_text` with parse mode HTML, so an
asterisk meant as emphasis never shows up literally and a `<` in a name is harmless.
"""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from connectors.channel_names import channel_name
from crm_core.read_models.inbox import Received
from texts import t

PARSE_MODE = "HTML"
CALLBACK_LIMIT = 64  # bytes Telegram keeps of callback_data
# `*bold*` as Slack writes it: an asterisk opening a word, one closing it, on one line.
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def html_text(text: str) -> str:
    """A text for parse mode HTML: escaped, with `*bold*` as <b>bold</b>."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text))


def keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Inline buttons from (label, callback data) rows."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(label[:64], callback_data=data) for label, data in row]
                                 for row in rows])


def inbox_notification(received: Received, language: str) -> tuple[str, list[list[tuple[str, str]]]]:
    """(HTML text, button rows) showing a customer message to the assigned rep."""
    conversation = received.conversation
    channel = channel_name(conversation.channel)
    text = (f"💬 {html.escape(channel)} · <b>{html.escape(received.contact_name)}</b> (#{conversation.id})\n"
            f"{html.escape(received.message.display_text())}\n\n<i>{t('inbox_chat.tg_hint', language)}</i>")
    rows = [[(t(f"inbox_chat.{name}", language), f"inbox_{name}:{conversation.id}")
             for name in ("claim", "reassign", "resolve")]]
    return text, rows


def inbox_template_rows(language: str, conversation_id: int) -> list[list[tuple[str, str]]]:
    """The send-template button offered when the service window has closed."""
    return [[(t("inbox_chat.template", language), f"inbox_template:{conversation_id}")]]
