"""A small threaded HTTP server that records every call, the base of the fakes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

Response = tuple[int, dict[str, str], bytes]


@dataclass
class Call:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=time.perf_counter)


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Form, multipart or JSON bodies as (params, files)."""
    if not body:
        return {}, {}
    if content_type.startswith("application/json"):
        data = json.loads(body)
        return (data if isinstance(data, dict) else {"_": data}), {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                files[name] = payload
            else:
                params[name] = payload.decode()
        return params, files
    if content_type.startswith("application/x-www-form-urlencoded"):
        try:
            return dict(parse_qsl(body.decode())), {}
        except UnicodeDecodeError:  # urllib labels raw uploads as forms
            return {}, {"_raw": body}
    return {"_raw": body}, {}


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data).encode()


class FakeServer:
    """Serve `self.handle(call)` on 127.0.0.1 in a daemon thread; keep every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                params, files = parse_body(self.headers.get("Content-Type", ""), body)
                params.update(dict(parse_qsl(split.query)))
                call = Call(self.command, split.path, dict(self.headers.items()), params, files)
                status, headers, payload = fake.handle(call)
                with fake._lock:
                    fake.calls.append(call)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # 20 reps connecting at once overflow the default backlog of 5

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def handle(self, call: Call) -> Response:
        """Each fake overrides this; the base knows no paths."""
        return json_response({"error": "not found"}, 404)

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def find(self, predicate: Callable[[Call], bool]) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if predicate(c)]

    def wait_for(self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = 30.0) -> list[Call]:
        """The matching calls once there are at least `count`; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.find(predicate)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        found = self.find(predicate)
        raise AssertionError(f"expected {count} matching calls, got {len(found)}: {[c.path for c in self.calls]}")

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()
