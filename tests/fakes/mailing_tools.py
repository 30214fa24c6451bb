"""Mailchimp's and Brevo's contact endpoints as local fakes, with the request shapes their docs give."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from tests.fakes.http import Call, FakeServer, Response, json_response

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class FakeMailchimp(FakeServer):
    """`POST /3.0/lists/{id}` (batch members, at most 500) and `DELETE /3.0/lists/{id}/members/{md5}`."""

    def __init__(self, api_key: str) -> None:
        super().__init__()
        self.api_key = api_key
        self.members: dict[str, dict[str, dict[str, Any]]] = {}  # audience -> email -> member

    def handle(self, call: Call) -> Response:
        auth = call.headers.get("Authorization", "")
        if not auth.startswith("Basic ") or \
                base64.b64decode(auth[6:]).decode().partition(":")[2] != self.api_key:
            return json_response({"title": "API Key Invalid", "status": 401}, 401)
        batch = re.fullmatch(r"/3\.0/lists/(\w+)", call.path)
        if batch and call.method == "POST":
            return self._batch(batch.group(1), call.params)
        member = re.fullmatch(r"/3\.0/lists/(\w+)/members/([0-9a-f]{32})", call.path)
        if member and call.method == "DELETE":
            audience = self.members.get(member.group(1), {})
            for email, row in audience.items():
                if hashlib.md5(email.encode()).hexdigest() == member.group(2) and row["status"] != "archived":
                    row["status"] = "archived"
                    return 204, {}, b""
            return json_response({"title": "Resource Not Found", "status": 404}, 404)
        return json_response({"title": "Resource Not Found", "status": 404}, 404)

    def _batch(self, audience: str, body: dict[str, Any]) -> Response:
        members = body.get("members") or []
        if len(members) > 500:
            return json_response({"title": "Invalid Resource", "status": 400,
                                  "detail": "at most 500 members per call"}, 400)
        held = self.members.setdefault(audience, {})
        new, updated, errors = [], [], []
        for m in members:
            email = str(m.get("email_address", "")).lower()
            if not EMAIL.match(email) or m.get("status") not in ("subscribed", "unsubscribed", "cleaned", "pending"):
                errors.append({"email_address": email, "error": "invalid member", "error_code": "ERROR_GENERIC"})
                continue
            if email in held and not body.get("update_existing"):
                errors.append({"email_address": email, "error": "already a member", "error_code": "ERROR_CONTACT_EXISTS"})
                continue
            (updated if email in held else new).append({"email_address": email})
            held[email] = {"status": m["status"], "merge_fields": m.get("merge_fields", {})}
        return json_response({"new_members": new, "updated_members": updated, "errors": errors,
                              "total_created": len(new), "total_updated": len(updated),
                              "error_count": len(errors)})

    def subscribed(self, audience: str) -> set[str]:
        return {e for e, m in self.members.get(audience, {}).items() if m["status"] == "subscribed"}


class FakeBrevo(FakeServer):
    """`POST /v3/contacts/import` (jsonBody, listIds) and `POST /v3/contacts/lists/{id}/contacts/remove`."""

    def __init__(self, api_key: str) -> None:
        super().__init__()
        self.api_key = api_key
        self.lists: dict[int, set[str]] = {}
        self.attributes: dict[str, dict[str, Any]] = {}
        self.process = 0

    def handle(self, call: Call) -> Response:
        if call.headers.get("api-key") != self.api_key:
            return json_response({"code": "unauthorized", "message": "Key not found"}, 401)
        if call.method == "POST" and call.path == "/v3/contacts/import":
            rows, list_ids = call.params.get("jsonBody") or [], call.params.get("listIds") or []
            if not rows or not list_ids or not all(isinstance(i, int) for i in list_ids):
                return json_response({"code": "invalid_parameter", "message": "jsonBody and listIds needed"}, 400)
            for row in rows:
                email = str(row["email"]).lower()
                self.attributes[email] = row.get("attributes", {})
                for list_id in list_ids:
                    self.lists.setdefault(list_id, set()).add(email)
            self.process += 1
            return json_response({"processId": self.process}, 202)
        remove = re.fullmatch(r"/v3/contacts/lists/(\d+)/contacts/remove", call.path)
        if call.method == "POST" and remove:
            emails = [str(e).lower() for e in call.params.get("emails") or []]
            if len(emails) > 150:
                return json_response({"code": "invalid_parameter", "message": "at most 150 emails"}, 400)
            held = self.lists.setdefault(int(remove.group(1)), set())
            success = [e for e in emails if e in held]
            held.difference_update(emails)
            return json_response({"contacts": {"success": success, "failure": [e for e in emails if e not in success]}},
                                 201)
        return json_response({"code": "not_found", "message": "Not found"}, 404)
