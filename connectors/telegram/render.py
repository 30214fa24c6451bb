"""Rumbo's texts as Telegram HTML: escaped, with Slack-style `*bold*` turned into `<b>bold</b>`.

Every text sent to Telegram goes through `html_text` with parse mode HTML, so an
asterisk meant as emphasis never shows up literally and a `<` in a name is harmless.
"""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

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
