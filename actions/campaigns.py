"""Campaigns in chat: one campaign's ROI card, the overview of active campaigns, a rep's campaign work.

Amounts are never added across currencies: each campaign shows its own, and the overview's
totals name the currencies they leave out.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Asker, BusinessAction, core, response_text
from actions.reports import chart, others_text, period
from crm_core.read_models.campaigns import CampaignResults, CampaignView, MyCampaign
from crm_core.services import campaigns, users
from texts import t
from texts.formatting import day_text, money_text, number_text

SHOWN_CAMPAIGNS = 8
SHOWN_TASKS = 5
SHOWN_REPS = 5


def percent_text(value: int | None, language: str) -> str:
    """62%, or "—" when there is nothing to divide by."""
    return t("assistant.nothing", language) if value is None else t("assistant.percent", language, value=value)


def roi_text(results: CampaignResults, domain: dict[str, Any], language: str) -> str:
    """The ROI as a percentage, or "no cost recorded" when nothing was spent."""
    if results.roi_percent is None:
        return response_text(domain, "utter_label_campaign_no_cost", language)
    return t("assistant.signed_percent", language, value=results.roi_percent)


def money(value: Any, campaign: CampaignView, language: str) -> str:
    return money_text(value, campaign.currency, language)


def campaign_card(results: CampaignResults, who: Asker, domain: dict[str, Any]) -> dict[str, Any]:
    """The values of the ROI card of one campaign."""
    language, campaign = who.language, results.campaign
    stages = [t("assistant.campaign.stage_line", language, stage=s.name, opportunities=s.opportunities_here,
                tasks_done=s.tasks_done) for s in results.by_stage]
    reps = [t("assistant.campaign.rep_line", language, name=r.name, tasks_done=r.tasks_done,
              conversions=r.conversions, revenue=money(r.revenue, campaign, language),
              occupancy=percent_text(r.occupancy, language)) for r in results.by_rep[:SHOWN_REPS]]
    other = ", ".join(money_text(v, code, language) for code, v in results.other_revenue.items())
    not_sent = response_text(domain, "utter_campaign_not_sent", language).replace(
        "{count}", str(results.not_sent)) if results.not_sent else ""
    return {
        "name": campaign.name,
        "status": response_text(domain, f"utter_label_campaign_{campaign.status}", language),
        "period": t("assistant.period", language, start=day_text(results.start, language),
                    end=day_text(results.end, language)),
        "opportunities": number_text(results.opportunities, language),
        "open": number_text(results.open_opportunities, language),
        "tasks": number_text(results.tasks_done, language),
        "conversions": number_text(results.conversions, language),
        "rate": percent_text(results.conversion_rate, language),
        "revenue": money(results.revenue, campaign, language),
        "others": response_text(domain, "utter_campaign_other_revenue", language).replace("{amounts}", other)
        if other else "",
        "cost": money(results.cost, campaign, language),
        "global_cost": money(results.global_cost, campaign, language),
        "tasks_cost": money(results.tasks_cost, campaign, language),
        "roi": roi_text(results, domain, language),
        "not_sent": not_sent,
        "stages": "\n".join(stages) or t("assistant.nothing", language),
        "reps": "\n".join(reps) or response_text(domain, "utter_campaign_no_reps", language),
    }


def my_campaign_lines(mine: list[MyCampaign], who: Asker) -> str:
    """Per campaign: open tasks, tasks done, conversions and revenue, then the first open tasks."""
    lines = []
    for item in mine:
        lines.append(t("assistant.my_campaign.line", who.language, name=item.campaign.name,
                       open_tasks=len(item.open_tasks), tasks_done=item.tasks_done, conversions=item.conversions,
                       revenue=money(item.revenue, item.campaign, who.language)))
        for task in item.open_tasks[:SHOWN_TASKS]:
            label = task.title.removeprefix(f"{item.campaign.name}: ")
            lines.append(t("assistant.my_campaign.task_with_account", who.language, label=label,
                           account=task.account_name) if task.account_name
                         else t("assistant.my_campaign.task", who.language, label=label))
    return "\n".join(lines)


def choose_campaign(dispatcher: CollectingDispatcher, query: str, candidates: list[Any]) -> None:
    """Offer candidate campaigns as buttons that ask again with the chosen id."""
    buttons = [{"title": c.name, "payload": f"/campaign_status{json.dumps({'campaign_id': c.id})}"}
               for c in candidates[:5]]
    dispatcher.utter_message(response="utter_campaign_choices", query=query, buttons=buttons)


class CampaignStatus(BusinessAction):
    """"¿cómo va la campaña Captación?": the ROI card; with no name, the overview (managers) or my tasks (reps)."""

    def name(self) -> str:
        return "action_campaign_status"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        user_id = who.actor.user_id
        manager = user_id is not None and users.get_user(core().uow(), user_id).role in ("manager", "admin")
        named = str(tracker.get_slot("campaign") or "").strip()
        if not named:
            return self.overview(dispatcher, domain, who) if manager else self.mine(dispatcher, domain, who, None)
        campaign_id = int(float(named)) if named.replace(".", "", 1).isdigit() else None
        if campaign_id is None:
            found = campaigns.resolve_campaign(core().uow(), who.actor, named)
            if found.match is None:
                if found.candidates:
                    choose_campaign(dispatcher, named, found.candidates)
                else:
                    dispatcher.utter_message(response="utter_campaign_unknown", query=named)
                return []
            campaign_id = found.match.id
        if not manager:
            return self.mine(dispatcher, domain, who, campaign_id)
        results = campaigns.campaign_results(core().uow(), who.actor, campaign_id)
        dispatcher.utter_message(response="utter_campaign_card", **campaign_card(results, who, domain))
        return []

    def overview(self, dispatcher: CollectingDispatcher, domain: dict[str, Any], who: Asker) -> list[EventType]:
        start, end, said = period(who)
        report = campaigns.campaigns_report(core().uow(), who.actor, start, end, statuses=("active",))
        if not report.rows:
            dispatcher.utter_message(response="utter_campaigns_none")
            return []
        language = who.language
        table = [t("assistant.campaign.overview_line", language, name=r.campaign.name,
                   roi=roi_text(r, domain, language), conversions=r.conversions,
                   revenue=money(r.revenue, r.campaign, language), cost=money(r.cost, r.campaign, language))
                 for r in report.rows[:SHOWN_CAMPAIGNS]]
        currency = report.currency or report.rows[0].campaign.currency
        total_roi = (t("assistant.nothing", language) if report.roi_percent is None
                     else t("assistant.signed_percent", language, value=report.roi_percent))
        dispatcher.utter_message(
            response="utter_campaigns_overview", period=said, table="\n".join(table), currency=currency,
            others=others_text(report.other_currencies, language, domain),
            revenue=money_text(report.revenue, currency, language), cost=money_text(report.cost, currency, language),
            roi=total_roi, image=chart("campaigns", who, start=start, end=end, active=1))
        return []

    def mine(self, dispatcher: CollectingDispatcher, domain: dict[str, Any], who: Asker,
             campaign_id: int | None) -> list[EventType]:
        mine = campaigns.my_campaigns(core().uow(), who.actor)
        if campaign_id is not None:
            mine = [m for m in mine if m.campaign.id == campaign_id]
            if not mine:
                name = campaigns.get_campaign(core().uow(), who.actor, campaign_id).campaign.name
                dispatcher.utter_message(response="utter_my_campaign_none", name=name)
                return []
        if not mine:
            dispatcher.utter_message(response="utter_my_campaigns_none")
            return []
        dispatcher.utter_message(response="utter_my_campaigns", lines=my_campaign_lines(mine, who))
        return []
