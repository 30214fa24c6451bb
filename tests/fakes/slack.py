"""A fake Slack Web API: records calls, answers like Slack, can rate-limit with 429."""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any

from tests.fakes.http import Call, FakeServer, Response, json_response

BOT_USER = "UBOT"


class FakeSlack(FakeServer):
    """Slack's Web API under `<url>/api/`, plus the file upload URL it hands out."""

    def __init__(self) -> None:
        super().__init__()
        self._ts = itertools.count(1)
        self._limits: dict[str, list[int]] = {}
        self._limit_lock = threading.Lock()
        self.socket_url = ""  # what apps.connections.open hands out (a FakeSocketMode's url)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 and Retry-After."""
        with self._limit_lock:
            self._limits[method] = [times, retry_after]

    def api_calls(self, method: str) -> list[Call]:
        return self.find(lambda c: c.path == f"/api/{method}")

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        """chat.postMessage bodies, optionally to one channel."""
        return [c.params for c in self.api_calls("chat.postMessage")
                if channel is None or c.params.get("channel") == channel]

    @staticmethod
    def blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
        blocks = params.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks

    def handle(self, call: Call) -> Response:
        if call.path.startswith("/upload/"):
            return 200, {"Content-Type": "text/plain"}, b"OK"
        method = call.path.removeprefix("/api/")
        with self._limit_lock:
            limit = self._limits.get(method)
            if limit and limit[0] > 0:
                limit[0] -= 1
                return json_response({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": str(limit[1])})
        ts = f"1700000000.{next(self._ts):06d}"
        answers: dict[str, dict[str, Any]] = {
            "auth.test": {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": "T1",
                          "team": "Rumbo", "user": "rumbo", "url": "https://rumbo.slack.com/"},
            "chat.postMessage": {"ok": True, "channel": call.params.get("channel"), "ts": ts,
                                 "message": {"text": call.params.get("text"), "ts": ts}},
            "chat.update": {"ok": True, "channel": call.params.get("channel"), "ts": call.params.get("ts")},
            "files.getUploadURLExternal": {"ok": True, "upload_url": f"{self.url}/upload/F{ts}",
                                           "file_id": f"F{ts}"},
            "files.completeUploadExternal": {"ok": True, "files": [{"id": "F1", "title": "chart"}]},
            "apps.connections.open": {"ok": True, "url": self.socket_url},
            "conversations.open": {"ok": True, "channel": {"id": "D" + str(call.params.get("users"))}},
        }
        if method in answers:
            return json_response(answers[method])
        return json_response({"ok": False, "error": "unknown_method"})
