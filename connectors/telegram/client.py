"""The one Telegram Bot API client of a process: python-telegram-bot's `Bot` on a private event loop.

Flask and the scheduler are synchronous and PTB is asynchronous, so the bot lives on
one event loop in a daemon thread (its HTTP client belongs to the loop that used it
first) and every call from any thread runs there, waiting out 429 `retry_after`.
The rep bot's PTB Application runs on the same loop with the same `Bot`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram import Bot
from telegram.error import RetryAfter

logger = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 4
CALL_TIMEOUT = 120.0


class TelegramClient:
    """A PTB `Bot` and the event loop its calls run on."""

    def __init__(self, token: str, api_url: str) -> None:
        self.bot = Bot(token, base_url=f"{api_url}/bot", base_file_url=f"{api_url}/file/bot")
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="telegram", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = CALL_TIMEOUT) -> T:
        """Run a coroutine on the bot's loop and wait for its result; TimeoutError after `timeout` s."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError as exc:  # not the builtin TimeoutError before Python 3.11
            future.cancel()
            raise TimeoutError(f"telegram call took over {timeout} s") from exc

    def call(self, factory: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
        """Run a Bot API call on the bot's loop, waiting out 429 retry_after."""
        async def retrying() -> T:
            for attempt in range(attempts):
                try:
                    return await factory()
                except RetryAfter as exc:
                    if attempt == attempts - 1:
                        raise
                    wait = exc.retry_after
                    seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
                    logger.info("telegram asked to retry after %s s", seconds)
                    await asyncio.sleep(seconds)
            raise AssertionError("unreachable")

        return self.run(retrying())

    def close(self) -> None:
        """Release the bot's HTTP client and stop the loop."""
        if self.loop.is_closed():
            return
        try:
            self.run(self.bot.shutdown(), timeout=10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
