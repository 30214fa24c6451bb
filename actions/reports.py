"""Reports in chat: profitability by sector and the pipeline, as small text tables."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Asker, BusinessAction, core, response_text
from actions.formatting import day_text, money_text
from crm_core.services import reports

PERIOD_DAYS = 90
ROWS = 8


def period(who: Asker) -> tuple[Any, Any, str]:
    """The last 90 days in the user's timezone, and how to say it."""
    today = datetime.now(ZoneInfo(who.timezone)).date()
    start = today - timedelta(days=PERIOD_DAYS - 1)
    return start, today, f"{day_text(start, who.language)} – {day_text(today, who.language)}"


class ReportProfitability(BusinessAction):
    """Won value, win rate and activities per sector over the last 90 days."""

    def name(self) -> str:
        return "action_report_profitability"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        start, end, said = period(who)
        report = reports.profitability(core().uow(), who.actor, start, end)
        if not report.rows:
            dispatcher.utter_message(response="utter_no_data")
            return []
        none = response_text(domain, "utter_none", who.language)
        lines = [f"• {row.label or none}: {money_text(row.won_value, 'USD', who.language)} · "
                 f"{row.won}/{row.won + row.lost} · {row.win_rate if row.win_rate is not None else '—'}% · "
                 f"{row.activities}" for row in report.rows[:ROWS]]
        dispatcher.utter_message(response="utter_profitability", period=said, table="\n".join(lines))
        return []


class PipelineSummary(BusinessAction):
    """Open opportunities by stage: count and value."""

    def name(self) -> str:
        return "action_pipeline_summary"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        start, end, _ = period(who)
        summary = reports.pipeline_summary(core().uow(), who.actor, start, end)
        if not summary.open_stages:
            dispatcher.utter_message(response="utter_no_data")
            return []
        lines = [f"• {(s.label_en if who.language == 'en' else s.label_es)}: {s.count} · "
                 f"{money_text(s.value, 'USD', who.language)}" for s in summary.open_stages]
        dispatcher.utter_message(response="utter_pipeline", table="\n".join(lines),
                                 total=money_text(summary.open_value, "USD", who.language))
        return []
