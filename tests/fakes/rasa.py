"""A fake Rasa server: the REST channel with a few scripted answers."""

from __future__ import annotations

import base64
import threading
import time
from typing import Any

from tests.fakes.http import Call, FakeServer, Response, json_response

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


class FakeRasa(FakeServer):
    """Answers `eco: <text>`; `botones` gets two buttons, `grafico` an image, `down` makes it fail."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.delay = 0.0
        self.lock = threading.Lock()

    def messages(self) -> list[dict[str, Any]]:
        """The bodies sent to the REST channel, in arrival order."""
        return [c.params for c in self.find(lambda c: c.path == "/webhooks/rest/webhook")]

    def handle(self, call: Call) -> Response:
        if call.path == "/status":
            return json_response({"model_file": "fake.tar.gz"})
        if call.path == "/chart.png":
            return 200, {"Content-Type": "image/png"}, PNG
        if call.path != "/webhooks/rest/webhook":
            return json_response({"error": "not found"}, 404)
        if self.down:
            return json_response({"error": "down"}, 503)
        if self.delay:
            time.sleep(self.delay)
        return json_response(self.answer(call.params["sender"], call.params["message"]))

    def answer(self, sender: str, text: str) -> list[dict[str, Any]]:
        if text == "botones":
            return [{"recipient_id": sender, "text": "¿Cerrar el sprint <Q1> & pasar cuentas?",
                     "buttons": [{"title": "Sí", "payload": '/affirm{"rollover": true}'},
                                 {"title": "No", "payload": "/deny"}]}]
        if text == "botones largos":
            payload = '/choose_account{"account_id": 12345, "note": "' + "x" * 80 + '"}'
            return [{"recipient_id": sender, "text": "¿Cuál?", "buttons": [{"title": "Larga", "payload": payload}]}]
        if text == "grafico":
            return [{"recipient_id": sender, "text": "Tu sprint:"},
                    {"recipient_id": sender, "image": f"{self.url}/chart.png"}]
        return [{"recipient_id": sender, "text": f"eco: {text}"}]
