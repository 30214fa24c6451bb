"""A fake Slack Socket Mode endpoint: a WebSocket server on 127.0.0.1 that pushes envelopes and keeps the acks."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import websockets


class FakeSocketMode:
    """Says hello to each connection, pushes queued envelopes, records what the client sends back."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self._outbox: asyncio.Queue[dict[str, Any]] | None = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stopped: asyncio.Future[None] | None = None
        self.port = 0
        self._thread = threading.Thread(target=self._run, name="fake-socket-mode", daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        self._outbox = asyncio.Queue()
        self._stopped = self._loop.create_future()
        async with websockets.serve(self._connection, "127.0.0.1", 0) as server:
            self.port = server.sockets[0].getsockname()[1]
            self._ready.set()
            await self._stopped

    async def _connection(self, socket: Any, _path: str = "") -> None:
        await socket.send(json.dumps({"type": "hello", "num_connections": 1,
                                      "connection_info": {"app_id": "A1"}}))

        async def push() -> None:
            assert self._outbox is not None
            while True:
                await socket.send(json.dumps(await self._outbox.get()))

        pusher = asyncio.ensure_future(push())
        try:
            async for message in socket:
                self.received.append(json.loads(message))
        except websockets.ConnectionClosed:
            pass
        finally:
            pusher.cancel()

    def start(self) -> FakeSocketMode:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the fake Socket Mode server did not start")
        return self

    def push_event(self, envelope_id: str, body: dict[str, Any]) -> None:
        """Send an Events API envelope carrying `body` to the connected client."""
        envelope = {"envelope_id": envelope_id, "type": "events_api", "accepts_response_payload": False,
                    "retry_attempt": 0, "retry_reason": "", "payload": body}
        assert self._outbox is not None
        self._loop.call_soon_threadsafe(self._outbox.put_nowait, envelope)

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.received):
                if message.get("envelope_id") == envelope_id:
                    return message
            time.sleep(0.02)
        raise AssertionError(f"no ack for {envelope_id}; received {self.received}")

    def stop(self) -> None:
        if self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set_result, None)
        self._thread.join(timeout=5)
