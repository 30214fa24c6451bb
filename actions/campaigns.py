"""Campaign results from chat, answered from what Rumbo has recorded."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Asker, BusinessAction


class CampaignStatus(BusinessAction):
    """Rumbo stores no campaigns yet (no campaign service in the core), so it says so plainly."""

    def name(self) -> str:
        return "action_campaign_status"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        dispatcher.utter_message(response="utter_campaigns_none")
        return []
