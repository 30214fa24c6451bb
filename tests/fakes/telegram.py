"""A fake Telegram Bot API: records calls, answers like Telegram, can answer 429 retry_after."""

from __future__ import annotations

import itertools
import json
import threading
import time
from typing import Any

from tests.fakes.http import Call, FakeServer, Response, json_response

BOT = {"id": 999000, "is_bot": True, "first_name": "Rumbo", "username": "rumbo_bot",
       "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}


class FakeTelegram(FakeServer):
    """The Bot API at `<url>/bot<token>/<method>`; `updates` feeds getUpdates for polling."""

    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(500)
        self._limits: dict[str, list[int]] = {}
        self._lock2 = threading.Lock()
        self.updates: list[dict[str, Any]] = []

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with error 429 and retry_after."""
        with self._lock2:
            self._limits[method] = [times, retry_after]

    def method_calls(self, method: str) -> list[Call]:
        return self.find(lambda c: c.path.endswith(f"/{method}"))

    def sent(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """sendMessage parameters, optionally to one chat."""
        return [c.params for c in self.method_calls("sendMessage")
                if chat_id is None or str(c.params.get("chat_id")) == str(chat_id)]

    @staticmethod
    def keyboard(params: dict[str, Any]) -> list[list[dict[str, Any]]]:
        markup = params.get("reply_markup") or {}
        markup = json.loads(markup) if isinstance(markup, str) else markup
        return markup.get("inline_keyboard", [])

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = int(params.get("chat_id") or 0)
        return {"message_id": int(params.get("message_id") or next(self._ids)), "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"}, "from": BOT, **extra}

    def handle(self, call: Call) -> Response:
        method = call.path.rsplit("/", 1)[-1]
        with self._lock2:
            limit = self._limits.get(method)
            if limit and limit[0] > 0:
                limit[0] -= 1
                return json_response({"ok": False, "error_code": 429,
                                      "description": f"Too Many Requests: retry after {limit[1]}",
                                      "parameters": {"retry_after": limit[1]}}, 429)
        params = call.params
        results: dict[str, Any] = {
            "getMe": BOT,
            "setWebhook": True,
            "deleteWebhook": True,
            "answerCallbackQuery": True,
            "sendMessage": None,
            "sendPhoto": None,
            "editMessageText": None,
            "editMessageReplyMarkup": None,
            "getUpdates": None,
        }
        if method not in results:
            return json_response({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            return json_response({"ok": True, "result": self._message(params, text=params.get("text", ""))})
        if method == "sendPhoto":
            photo = [{"file_id": "P1", "file_unique_id": "P1", "width": 1, "height": 1}]
            return json_response({"ok": True, "result": self._message(params, photo=photo)})
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            with self._lock2:
                ready = [u for u in self.updates if u["update_id"] >= offset]
            if not ready:
                time.sleep(0.05)
            return json_response({"ok": True, "result": ready})
        return json_response({"ok": True, "result": results[method]})
