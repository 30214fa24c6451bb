"""Bad input per field type answers 4xx in the error envelope on both databases, and stores nothing."""

from __future__ import annotations

import pytest

from crm_core.services import accounts

DEEP = "[" * 10_000 + "]" * 10_000

BAD_ACCOUNTS = [
    {"name": "x" * 201},
    {"name": "a\x00b"},
    {"name": "a\x1bb"},
    {"name": "ok", "sector": "s" * 81},
    {"name": "ok", "owner_id": 2**31},
    {"name": "ok", "owner_id": 10**20},
    {"name": "ok", "owner_id": "7x"},
    {"name": "ok", "territory_id": 1.5},
    {"name": "ok", "country": "ZZZ"},
    {"name": "ok", "custom": {"\x00": "x"}},
]


def _envelope(response, *statuses):  # type: ignore[no-untyped-def]
    assert response.status_code in statuses, (response.status_code, response.get_data(as_text=True)[:300])
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "details"}


@pytest.mark.parametrize("body", BAD_ACCOUNTS)
def test_bad_account_fields_are_422(core, people, client, tokens, body):
    _envelope(client.post("/api/v1/accounts", json=body, headers=tokens.headers(people.rep)), 422)
    assert accounts.list_accounts(core.uow(), people.actor(people.admin)).total == 0


def test_bad_numbers_dates_and_query_values_are_4xx(core, people, client, tokens):
    rep = tokens.headers(people.rep)
    account = accounts.create_account(core.uow(), people.actor(people.rep), name="Acme")
    posts = [
        ("/api/v1/opportunities", {"account_id": account.id, "value": 10**12}),
        ("/api/v1/opportunities", {"account_id": account.id, "value": 1e308}),
        ("/api/v1/opportunities", {"account_id": account.id, "value": -1}),
        ("/api/v1/opportunities", {"account_id": account.id, "value": 5, "expected_close": "9999-12-31"}),
        ("/api/v1/opportunities", {"account_id": 2**31, "value": 5}),
        ("/api/v1/activities", {"account_id": account.id, "type": "call", "occurred_at": "0001-01-01T00:00:00+00:00"}),
        ("/api/v1/activities", {"account_id": account.id, "type": "call", "outcome": "x\x00"}),
        ("/api/v1/tasks", {"type": "call", "start_date": "9999-12-31"}),
        ("/api/v1/sprints", {"name": "S", "start": "9999-12-01", "end": "9999-12-31"}),
        ("/api/v1/contacts", {"account_id": account.id, "name": "P", "phone": "1" * 33}),
        ("/api/v1/lists", {"name": "L", "filter": {"not_contacted_days": 10**20}}),
        ("/api/v1/lists", {"name": "L", "filter": {"custom": "nope"}}),
    ]
    for path, body in posts:
        _envelope(client.post(path, json=body, headers=rep), 404, 422)
    queries = [
        "/api/v1/accounts?offset=100000000000000000000",
        "/api/v1/accounts?not_contacted_days=100000000000000000000",
        "/api/v1/accounts?owner_id=100000000000000000000",
        "/api/v1/accounts?custom.%00=x",
        "/api/v1/accounts?custom.size=%00",
        "/api/v1/accounts?sector=%00",
        "/api/v1/activities?account_id=1.5",
        "/api/v1/agenda?from=0001-01-01",
        "/api/v1/reports/pipeline?from=0001-01-01&to=9999-12-31",
    ]
    for path in queries:
        _envelope(client.get(path, headers=rep), 422)


def test_inbox_settings_refuse_an_unknown_time_zone(core, people, client, tokens):
    admin = tokens.headers(people.admin)
    for zone in ("Mars/Olympus", "../../etc/passwd", "", "x" * 65):
        _envelope(client.patch("/api/v1/conversations/settings", json={"timezone": zone}, headers=admin), 422)
    assert client.get("/api/v1/conversations/settings", headers=admin).get_json()["timezone"] != "Mars/Olympus"


def test_deep_or_broken_json_is_400_everywhere(people, client, tokens):
    rep = tokens.headers(people.rep)
    for path in ("/api/v1/accounts", "/api/v1/activities", "/widget/session", "/widget/messages"):
        deep = client.post(path, data=DEEP, content_type="application/json", headers=rep)
        _envelope(deep, 400)
    _envelope(client.post("/api/v1/accounts", data="{nope", content_type="application/json", headers=rep), 400)
