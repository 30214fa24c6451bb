"""`action_campaign_status` against a real database: ROI card, overview with chart, a rep's campaign work."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions.campaigns import CampaignStatus
from crm_core.services import accounts, activities, campaigns, lists, opportunities
from tests.integration.actions.helpers import run, tracker

STAGES = [{"name": "Llamada de presentación", "task_type": "call", "marginal_cost": 10, "attempts": 1},
          {"name": "Visita", "task_type": "visit", "marginal_cost": 50, "rule": "manual"}]


class Running:
    """Marta's "Captación Pymes Q4" on Rosa's accounts Alfa and Beta: one call done, Alfa won at 3,000 EUR."""

    def __init__(self, core, people) -> None:
        self.core, self.people = core, people
        rosa, marta = people.actor(people.rep), people.actor(people.manager)
        self.alfa, self.beta = (accounts.create_account(core.uow(), rosa, name=n).id for n in ("Alfa", "Beta"))
        target = lists.create_list(core.uow(), marta, name="Pymes", public=True, account_ids=[self.alfa, self.beta])
        made = campaigns.create_campaign(core.uow(), marta, name="Captación Pymes Q4", kind="acquisition",
                                         currency="EUR", list_id=target.id, global_cost=1000, stages=STAGES)
        self.id = made.campaign.id
        campaigns.launch_campaign(core.uow(), marta, self.id)
        activities.log_activity(core.uow(), rosa, account_id=self.alfa, type="call", outcome="Interesados")
        won = next(o for o in campaigns.campaign_opportunities(core.uow(), marta, self.id).items
                   if o.opportunity.account_id == self.alfa)
        opportunities.win_opportunity(core.uow(), rosa, won.opportunity.id, value=Decimal(3000))


@pytest.fixture
def running(core, people) -> Running:
    return Running(core, people)


def ask(people, user, domain, campaign=None, language="es"):
    slots = {"campaign": campaign} if campaign is not None else {}
    track = tracker(f"{user.id}:slack", "¿cómo va la campaña?", "campaign_status", slots, language=language)
    messages, events = run(CampaignStatus(), track, domain)
    return messages, events


def test_a_manager_naming_a_campaign_gets_its_roi_card(people, domain, running) -> None:
    messages, events = ask(people, people.manager, domain, "captacion")
    [card] = messages
    assert card["response"] == "utter_campaign_card"
    assert (card["name"], card["status"]) == ("Captación Pymes Q4", "activa")
    assert (card["opportunities"], card["open"], card["tasks"], card["conversions"], card["rate"]) == (
        "2", "1", "1", "1", "50%")
    assert card["revenue"] == "3.000,00\xa0€" and card["cost"] == "1.010,00\xa0€"
    assert card["roi"] == "+197%"  # (3,000 − 1,010) / 1,010
    assert "Rosa: 1 · 1 · 3.000,00\xa0€" in card["reps"]
    assert card["stages"] == "• Llamada de presentación: 1 · 1\n• Visita: 0 · 0"
    assert {"event": "slot", "name": "campaign", "value": None, "timestamp": None} in events


def test_the_card_follows_the_users_language(people, domain, running) -> None:
    [card], _ = ask(people, people.manager, domain, "Captación Pymes Q4", language="en")
    assert card["status"] == "active" and card["revenue"] == "€3,000.00" and card["roi"] == "+197%"


def test_similar_campaign_names_become_buttons_that_ask_again_with_the_id(core, people, domain, running) -> None:
    other = campaigns.create_campaign(core.uow(), people.actor(people.manager), name="Captación Pymes Q3",
                                      kind="acquisition", currency="EUR", stages=STAGES)
    [choice], _ = ask(people, people.manager, domain, "captacion pymes")
    assert choice["response"] == "utter_campaign_choices"
    payloads = {b["payload"] for b in choice["buttons"]}
    assert payloads == {f'/campaign_status{{"campaign_id": {running.id}}}',
                        f'/campaign_status{{"campaign_id": {other.campaign.id}}}'}
    [card], _ = ask(people, people.manager, domain, str(running.id))
    assert card["response"] == "utter_campaign_card" and card["name"] == "Captación Pymes Q4"


def test_an_unknown_campaign_is_said_plainly(people, domain, running) -> None:
    [reply], _ = ask(people, people.manager, domain, "Black Friday")
    assert (reply["response"], reply["query"]) == ("utter_campaign_unknown", "Black Friday")


def test_a_manager_without_a_name_gets_active_campaigns_by_roi_with_a_chart(core, people, domain, running) -> None:
    marta = people.actor(people.manager)
    costly = campaigns.create_campaign(core.uow(), marta, name="Bienvenida", kind="loyalty", currency="EUR",
                                       global_cost=400, list_id=None, stages=STAGES)
    campaigns.launch_campaign(core.uow(), marta, costly.campaign.id)
    [overview], _ = ask(people, people.manager, domain)
    assert overview["response"] == "utter_campaigns_overview"
    lines = overview["table"].split("\n")
    assert lines[0].startswith("• Captación Pymes Q4: +197%") and lines[1].startswith("• Bienvenida: -100%")
    assert overview["currency"] == "EUR" and overview["others"] == ""
    assert overview["revenue"] == "3.000,00\xa0€" and overview["cost"] == "1.410,00\xa0€"
    assert "/charts/" in overview["image"] and overview["image"].endswith(".png")


def test_a_rep_gets_their_campaign_tasks_and_results(people, domain, running) -> None:
    [reply], _ = ask(people, people.rep, domain)
    assert reply["response"] == "utter_my_campaigns"
    lines = reply["lines"].split("\n")
    assert lines[0] == "• Captación Pymes Q4: 1 · 1 · 1 · 3.000,00\xa0€"
    assert lines[1] == "   – Llamada de presentación (Beta)"
    [named], _ = ask(people, people.rep, domain, "captación")
    assert named["response"] == "utter_my_campaigns" and named["lines"].startswith("• Captación Pymes Q4")
    [none], _ = ask(people, people.rep2, domain, "captación")
    assert (none["response"], none["name"]) == ("utter_my_campaign_none", "Captación Pymes Q4")


def test_without_campaigns_everyone_is_told_so(people, domain) -> None:
    assert [m["response"] for m in ask(people, people.manager, domain)[0]] == ["utter_campaigns_none"]
    assert [m["response"] for m in ask(people, people.rep, domain)[0]] == ["utter_my_campaigns_none"]
    assert [m["response"] for m in ask(people, people.other_rep, domain, "captación")[0]] == ["utter_campaign_unknown"]
