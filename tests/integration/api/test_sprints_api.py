"""Sprint, list and report resources over HTTP with bearer tokens."""

from __future__ import annotations

from crm_core.services import accounts

PNG = b"\x89PNG\r\n\x1a\n"


def _sprint(client, headers, **extra):
    body = {"name": "Sprint 12", "start": "2025-03-01", "end": "2025-03-31", **extra}
    return client.post("/api/v1/sprints", json=body, headers=headers)


def test_sprint_lifecycle_over_http(core, people, client, tokens):
    rosa, marta = tokens.headers(people.rep), tokens.headers(people.manager)
    created = _sprint(client, marta, owner_id=people.rep.id, goal_kind="conversions", goal_target=2)
    assert created.status_code == 201, created.json
    sprint = created.json
    assert {k: sprint[k] for k in ("owner_id", "status", "goal_kind", "goal_target", "start")} == {
        "owner_id": people.rep.id, "status": "planned", "goal_kind": "conversions", "goal_target": 2.0,
        "start": "2025-03-01"}
    ids = [accounts.create_account(core.uow(), people.actor(people.rep), name=n).id for n in ("A", "B")]
    added = client.post(f"/api/v1/sprints/{sprint['id']}/accounts", json={"account_ids": ids}, headers=rosa)
    assert added.json == {"added": 2, "already_there": 0, "skipped": [], "hidden": 0}
    assert client.post(f"/api/v1/sprints/{sprint['id']}/activate", headers=rosa).json["status"] == "active"
    client.put(f"/api/v1/sprints/{sprint['id']}/accounts/{ids[0]}/status", json={"status": "client"}, headers=rosa)
    detail = client.get(f"/api/v1/sprints/{sprint['id']}", headers=rosa).json
    assert {k: detail["progress"][k] for k in ("accounts", "prospects")} == {"accounts": 2, "prospects": 1}
    assert {"converted", "percent", "pace", "days_left"} <= set(detail["progress"])
    closed = client.post(f"/api/v1/sprints/{sprint['id']}/close", json={"rollover": True}, headers=rosa).json
    assert closed["already_closed"] is False and closed["rolled_over"] == 1
    assert closed["rolled_into"]["name"] == "Sprint 13"
    again = client.post(f"/api/v1/sprints/{sprint['id']}/close", json={"rollover": True}, headers=rosa).json
    assert again["already_closed"] is True and again["rolled_over"] == 0


def test_second_activation_is_409_naming_the_active_sprint(people, client, tokens):
    rosa = tokens.headers(people.rep)
    first, second = _sprint(client, rosa).json, _sprint(client, rosa, name="Abril").json
    client.post(f"/api/v1/sprints/{first['id']}/activate", headers=rosa)
    refused = client.post(f"/api/v1/sprints/{second['id']}/activate", headers=rosa)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "conflict"
    assert refused.json["error"]["details"]["active_sprint_name"] == "Sprint 12"


def test_a_rep_setting_a_goal_gets_403(people, client, tokens):
    rosa = tokens.headers(people.rep)
    assert _sprint(client, rosa, goal_kind="conversions", goal_target=3).status_code == 403
    sprint = _sprint(client, rosa).json
    patched = client.patch(f"/api/v1/sprints/{sprint['id']}", json={"goal_kind": "revenue", "goal_target": 100},
                           headers=rosa)
    assert patched.status_code == 403 and patched.json["error"]["code"] == "forbidden"
    assert client.patch(f"/api/v1/sprints/{sprint['id']}", json={"notes": "ok"}, headers=rosa).status_code == 200


def test_bad_input_and_missing_token_are_refused(people, client, tokens):
    rosa = tokens.headers(people.rep)
    assert _sprint(client, {}).status_code == 401
    backwards = _sprint(client, rosa, end="2025-02-01")
    assert backwards.status_code in (400, 422) and backwards.json["error"]["code"]
    assert client.post("/api/v1/sprints/999/close", json={}, headers=rosa).status_code == 422


def test_sprint_chart_is_a_png(people, client, tokens):
    rosa = tokens.headers(people.rep)
    sprint = _sprint(client, rosa).json
    chart = client.get(f"/api/v1/sprints/{sprint['id']}/chart.png?lang=en", headers=rosa)
    assert chart.status_code == 200 and chart.mimetype == "image/png" and chart.data.startswith(PNG)


def test_private_list_is_404_for_another_rep_and_list_fills_a_sprint(core, people, client, tokens):
    rosa, raul = tokens.headers(people.rep), tokens.headers(people.rep2)
    ids = [accounts.create_account(core.uow(), people.actor(people.rep), name=n).id for n in ("A", "B")]
    mine = client.post("/api/v1/lists", json={"name": "Privada", "account_ids": ids}, headers=rosa).json
    assert client.get(f"/api/v1/lists/{mine['id']}", headers=raul).status_code == 404
    assert [x["name"] for x in client.get("/api/v1/lists", headers=raul).json] == []
    sprint = _sprint(client, rosa).json
    added = client.post(f"/api/v1/sprints/{sprint['id']}/accounts", json={"list_id": mine["id"]}, headers=rosa)
    assert added.json["added"] == 2
    members = client.get(f"/api/v1/lists/{mine['id']}/accounts", headers=rosa).json
    assert members["total"] == 2


def test_reports_answer_json_and_png(people, client, tokens):
    marta = tokens.headers(people.manager)
    report = client.get("/api/v1/reports/profitability?from=2025-01-01&to=2025-12-31&group=sector", headers=marta)
    assert report.status_code == 200 and report.json["group"] == "sector" and report.json["from"] == "2025-01-01"
    pipeline = client.get("/api/v1/reports/pipeline?from=2025-01-01&to=2025-12-31", headers=marta)
    assert pipeline.status_code == 200 and pipeline.json["open_count"] == 0
    chart = client.get("/api/v1/reports/profitability.png?from=2025-01-01&to=2025-12-31", headers=marta)
    assert chart.data.startswith(PNG)
    assert client.get("/api/v1/reports/profitability?from=2025-01-01", headers=marta).status_code == 422
