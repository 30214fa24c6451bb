"""A fake Meta Graph API: WhatsApp `/{phone-number-id}/messages` and the Send API `/me/messages`."""

from __future__ import annotations

import itertools
import threading
from typing import Any

from tests.fakes.http import Call, FakeServer, Response, json_response


class FakeGraph(FakeServer):
    """Accepts sends like Meta does; can fail the next sends with a given HTTP status."""

    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)
        self._failures: list[int] = []
        self._lock2 = threading.Lock()

    def fail_next(self, times: int, status: int = 500) -> None:
        """Answer the next `times` sends with `status`."""
        with self._lock2:
            self._failures.extend([status] * times)

    def whatsapp_sends(self) -> list[dict[str, Any]]:
        """Bodies of accepted WhatsApp sends."""
        return [c.params for c in self.find(lambda c: c.path.endswith("/messages") and not c.path.endswith("/me/messages")
                                            and c.method == "POST" and getattr(c, "accepted", False))]

    def send_api_calls(self) -> list[Call]:
        return self.find(lambda c: c.path.endswith("/me/messages"))

    def handle(self, call: Call) -> Response:
        with self._lock2:
            failure = self._failures.pop(0) if self._failures else None
        if failure:
            return json_response({"error": {"message": "temporarily unavailable", "code": 2}}, failure)
        if call.method != "POST" or not call.path.endswith("/messages"):
            return json_response({"error": {"message": "unknown path"}}, 404)
        call.accepted = True  # type: ignore[attr-defined]
        number = next(self._ids)
        if call.path.endswith("/me/messages"):
            recipient = (call.params.get("recipient") or {}).get("id")
            return json_response({"recipient_id": recipient, "message_id": f"m_out_{number}"})
        return json_response({"messaging_product": "whatsapp",
                              "contacts": [{"input": call.params.get("to"), "wa_id": call.params.get("to")}],
                              "messages": [{"id": f"wamid.OUT{number:06d}"}]})
