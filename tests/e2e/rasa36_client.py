"""Run Rasa 3.6's own action client (RemoteAction) against an action server; prints JSON lines.

Executed by `.venv-rasa/bin/python` (Rasa's environment), never imported by the project: argv is
the action server URL and the domain file; each case prints the events and messages Rasa kept.
"""

import asyncio
import json
import sys

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig


async def call(url, domain, action, sender, events):
    tracker = DialogueStateTracker.from_events(sender, events, slots=domain.slots)
    channel = CollectingOutputChannel()
    try:
        kept = await RemoteAction(action, EndpointConfig(url)).run(
            channel, TemplatedNaturalLanguageGenerator(domain.responses), tracker, domain)
    except Exception as exc:  # noqa: BLE001 - the case reports what Rasa raised
        return {"action": action, "error": f"{type(exc).__name__}: {exc}"}
    return {"action": action, "events": [e.as_dict() for e in kept], "messages": channel.messages}


async def main(url, domain_path, sender):
    domain = Domain.load(domain_path)
    said = UserUttered("Ferretería Nueva", {"name": "inform", "confidence": 0.9}, [])
    cases = [
        ("action_session_start", sender, []),
        ("action_greet", "nobody", [ActionExecuted("action_listen"), UserUttered("hola", {"name": "greet"})]),
        ("validate_create_lead_form", sender, [
            ActionExecuted("action_listen"), ActiveLoop("create_lead_form"),
            SlotSet("requested_slot", "account"), ActionExecuted("action_listen"), said,
            SlotSet("account", "Ferretería Nueva")]),
        ("action_that_does_not_exist", sender, []),
    ]
    for action, who, events in cases:
        print(json.dumps(await call(url, domain, action, who, events), default=str), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
