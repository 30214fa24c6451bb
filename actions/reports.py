"""Reports in chat: profitability by sector and the pipeline, as small text tables with a chart.

Amounts are never added across currencies: a report shows the main currency (the one most
opportunities use) and names the others.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Asker, BusinessAction, core, response_text
from bot.chart_links import chart_url
from bot.settings import current as current_settings
from crm_core.services import reports
from texts import t
from texts.formatting import day_text, money_text

PERIOD_DAYS = 90
ROWS = 8
DEFAULT_CURRENCY = "USD"


def period(who: Asker) -> tuple[date, date, str]:
    """The last 90 days in the user's timezone, and how to say it."""
    today = datetime.now(ZoneInfo(who.timezone)).date()
    start = today - timedelta(days=PERIOD_DAYS - 1)
    said = t("assistant.period", who.language, start=day_text(start, who.language), end=day_text(today, who.language))
    return start, today, said


def main_currency(who: Asker) -> tuple[str, list[str]]:
    """The currency most of the user's opportunities use, and the other ones in use."""
    codes = [code for code, _count in reports.currencies(core().uow(), who.actor)]
    return (codes[0], codes[1:]) if codes else (DEFAULT_CURRENCY, [])


def others_text(others: list[str], language: str, domain: dict[str, Any]) -> str:
    """" (también hay oportunidades en EUR, MXN…)" or nothing."""
    if not others:
        return ""
    return response_text(domain, "utter_other_currencies", language).replace("{codes}", ", ".join(others))


def chart(kind: str, who: Asker, **params: Any) -> str:
    """A signed link to the chart of this report, drawn for the user."""
    return chart_url(current_settings(), kind, who.actor, who.language, **params)


class ReportProfitability(BusinessAction):
    """Won value, win rate and activities per sector over the last 90 days, in the main currency."""

    def name(self) -> str:
        return "action_report_profitability"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        start, end, said = period(who)
        currency, others = main_currency(who)
        report = reports.profitability(core().uow(), who.actor, start, end, currency=currency)
        if not report.rows:
            dispatcher.utter_message(response="utter_no_data")
            return []
        none = response_text(domain, "utter_none", who.language)
        nothing = t("assistant.nothing", who.language)
        lines = [t("assistant.profitability.line", who.language, sector=row.label or none,
                   won_value=money_text(row.won_value, currency, who.language), won=row.won,
                   closed=row.won + row.lost, win_rate=row.win_rate if row.win_rate is not None else nothing,
                   activities=row.activities) for row in report.rows[:ROWS]]
        dispatcher.utter_message(response="utter_profitability", period=said, table="\n".join(lines),
                                 currency=currency, others=others_text(others, who.language, domain),
                                 image=chart("profitability", who, start=start, end=end, currency=currency))
        return []


class PipelineSummary(BusinessAction):
    """Open opportunities by stage in the main currency: count and value."""

    def name(self) -> str:
        return "action_pipeline_summary"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        start, end, _ = period(who)
        currency, others = main_currency(who)
        summary = reports.pipeline_summary(core().uow(), who.actor, start, end, currency=currency)
        if not summary.open_stages:
            dispatcher.utter_message(response="utter_no_data")
            return []
        lines = [t("assistant.pipeline.line", who.language, stage=s.label_en if who.language == "en" else s.label_es,
                   count=s.count, value=money_text(s.value, currency, who.language)) for s in summary.open_stages]
        dispatcher.utter_message(response="utter_pipeline", table="\n".join(lines), currency=currency,
                                 others=others_text(others, who.language, domain),
                                 total=money_text(summary.open_value, currency, who.language),
                                 image=chart("pipeline", who, start=start, end=end, currency=currency))
        return []
