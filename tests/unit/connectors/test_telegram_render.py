"""Rumbo's Slack-style texts reach Telegram as HTML: escaped, with *bold* in bold, never as asterisks."""

from __future__ import annotations

from connectors.telegram.render import html_text


def test_slack_bold_becomes_html_bold() -> None:
    assert html_text("*Planificadas*\n• 9:00 Llamar") == "<b>Planificadas</b>\n• 9:00 Llamar"


def test_markup_in_names_is_escaped_and_lone_asterisks_stay() -> None:
    assert html_text("*Tom & <Jerry>* 5 * 3") == "<b>Tom &amp; &lt;Jerry&gt;</b> 5 * 3"
