"""Twilio's Messages API as a local fake: `POST /2010-04-01/Accounts/{sid}/Messages.json`."""

from __future__ import annotations

import base64
import re

from tests.fakes.http import Call, FakeServer, Response, json_response


class FakeTwilio(FakeServer):
    def __init__(self, account_sid: str, auth_token: str) -> None:
        super().__init__()
        self.account_sid, self.auth_token = account_sid, auth_token
        self.sent: list[dict[str, str]] = []
        self.count = 0

    def handle(self, call: Call) -> Response:
        auth = call.headers.get("Authorization", "")
        if not auth.startswith("Basic ") or base64.b64decode(auth[6:]).decode() != f"{self.account_sid}:{self.auth_token}":
            return json_response({"code": 20003, "message": "Authenticate", "status": 401}, 401)
        found = re.fullmatch(r"/2010-04-01/Accounts/(\w+)/Messages\.json", call.path)
        if not found or call.method != "POST" or found.group(1) != self.account_sid:
            return json_response({"code": 20404, "message": "not found", "status": 404}, 404)
        if not call.params.get("To") or not call.params.get("From") or not call.params.get("Body"):
            return json_response({"code": 21604, "message": "A 'To' phone number is required.", "status": 400}, 400)
        self.count += 1
        sid = f"SM{self.count:032d}"
        self.sent.append(dict(call.params))
        return json_response({"sid": sid, "status": "queued", "to": call.params["To"], "from": call.params["From"],
                              "body": call.params["Body"], "account_sid": self.account_sid}, 201)
