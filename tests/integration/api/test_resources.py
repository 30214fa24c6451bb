"""REST API v1 resources, through the real app on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest


@pytest.fixture
def as_rep(tokens, people) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return tokens.headers(people.rep)


def create(client, headers: dict[str, Any], **fields: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/accounts", json=fields, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_accounts_filtered_by_sector(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    martillo = create(client, as_rep, name="Ferretería El Martillo", sector="Retail", country="cl")
    create(client, as_rep, name="Clínica Norte", sector="Health")
    body = client.get("/api/v1/accounts?sector=retail", headers=as_rep).get_json()
    assert [a["id"] for a in body["items"]] == [martillo["id"]]
    assert body["total"] == 1
    item = body["items"][0]
    assert (item["status"], item["country"], item["source"]) == ("lead", "CL", None)


def test_accounts_filtered_by_name_status_and_custom_field(client, people, tokens, as_rep) -> None:  # type: ignore[no-untyped-def]
    admin = tokens.headers(people.admin)
    field = {"entity": "account", "key": "size", "label": "Tamaño", "kind": "picklist", "values": ["S", "L"]}
    assert client.post("/api/v1/custom-fields", json=field, headers=admin).status_code == 201
    big = create(client, as_rep, name="Ferretería Grande", custom={"size": "L"}, status="qualified")
    create(client, as_rep, name="Ferretería Chica", custom={"size": "S"})
    by_custom = client.get("/api/v1/accounts?custom.size=L", headers=as_rep).get_json()
    assert [a["id"] for a in by_custom["items"]] == [big["id"]]
    by_name = client.get("/api/v1/accounts?q=grande&status=qualified", headers=as_rep).get_json()
    assert [a["id"] for a in by_name["items"]] == [big["id"]]
    bad = client.post("/api/v1/accounts", json={"name": "X", "custom": {"size": "XL"}}, headers=as_rep)
    assert bad.status_code == 422


def test_custom_fields_are_defined_by_admins_only(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    field = {"entity": "account", "key": "size", "label": "Tamaño", "kind": "text"}
    response = client.post("/api/v1/custom-fields", json=field, headers=as_rep)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_pagination_reports_total_limit_and_offset(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    names = [f"Cuenta {i:02d}" for i in range(7)]
    for name in names:
        create(client, as_rep, name=name)
    first = client.get("/api/v1/accounts?limit=3", headers=as_rep).get_json()
    last = client.get("/api/v1/accounts?limit=3&offset=6", headers=as_rep).get_json()
    assert (first["total"], first["limit"], first["offset"]) == (7, 3, 0)
    assert [a["name"] for a in first["items"]] == names[:3]
    assert [a["name"] for a in last["items"]] == names[6:]


def test_rep_does_not_see_another_teams_private_account(client, people, tokens, as_rep) -> None:  # type: ignore[no-untyped-def]
    private = create(client, tokens.headers(people.other_rep), name="Secreto del Sur")
    mine = create(client, as_rep, name="Mi Cuenta")
    listed = client.get("/api/v1/accounts", headers=as_rep).get_json()
    assert [a["id"] for a in listed["items"]] == [mine["id"]]
    for path in ("", "/summary"):
        response = client.get(f"/api/v1/accounts/{private['id']}{path}", headers=as_rep)
        # hidden answers exactly like missing, so ids tell nothing
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    patch = client.patch(f"/api/v1/accounts/{private['id']}", json={"name": "Mío"}, headers=as_rep)
    assert patch.status_code == 404
    assert client.get(f"/api/v1/accounts/{private['id']}", headers=tokens.headers(people.admin)).status_code == 200


def test_unknown_status_is_422_with_valid_keys_and_changes_nothing(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    account = create(client, as_rep, name="Ferretería El Martillo")
    response = client.put(f"/api/v1/accounts/{account['id']}/status", json={"status": "ganado"}, headers=as_rep)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert error["details"]["valid"] == ["target", "lead", "qualified", "proposal", "negotiation", "client", "lost"]
    assert client.get(f"/api/v1/accounts/{account['id']}", headers=as_rep).get_json()["status"] == "lead"
    history = client.get(f"/api/v1/audit?entity=account&entity_id={account['id']}", headers=as_rep).get_json()
    assert [e["action"] for e in history["items"]] == ["create"]


def test_status_change_is_audited_with_actor_and_api_channel(client, people, as_rep) -> None:  # type: ignore[no-untyped-def]
    account = create(client, as_rep, name="Ferretería El Martillo")
    response = client.put(f"/api/v1/accounts/{account['id']}/status", json={"status": "proposal"}, headers=as_rep)
    assert response.status_code == 200
    assert response.get_json()["status"] == "proposal"
    history = client.get(f"/api/v1/audit?entity=account&entity_id={account['id']}", headers=as_rep).get_json()
    latest = history["items"][0]
    assert (latest["action"], latest["actor_id"], latest["channel"]) == ("move_status", people.rep.id, "api")
    assert latest["changes"]["status"] == ["lead", "proposal"]
    assert datetime.fromisoformat(latest["at"]).tzinfo is not None


def test_rep_cannot_read_the_whole_audit_trail(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/audit", headers=as_rep).status_code == 403


def test_patch_account_changes_fields_and_rejects_unknown_ones(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    account = create(client, as_rep, name="Ferretería El Martillo")
    response = client.patch(f"/api/v1/accounts/{account['id']}", json={"sector": "Retail", "country": "mx"},
                            headers=as_rep)
    assert response.status_code == 200
    assert (response.get_json()["sector"], response.get_json()["country"]) == ("Retail", "MX")
    bad = client.patch(f"/api/v1/accounts/{account['id']}", json={"status": "client"}, headers=as_rep)
    assert bad.status_code == 422
    assert client.get(f"/api/v1/accounts/{account['id']}", headers=as_rep).get_json()["status"] == "lead"


def test_resolve_returns_a_match_or_candidates(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    martillo = create(client, as_rep, name="Ferretería El Martillo")
    create(client, as_rep, name="Ferretería La Tuerca")
    exact = client.get("/api/v1/accounts/resolve?q=el martillo", headers=as_rep).get_json()
    assert exact["match"]["id"] == martillo["id"]
    vague = client.get("/api/v1/accounts/resolve?q=ferreteria", headers=as_rep).get_json()
    assert vague["match"] is None
    assert len(vague["candidates"]) == 2


def test_contacts_and_opportunities_add_up_in_the_summary(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    account = create(client, as_rep, name="Ferretería El Martillo")
    contact = client.post("/api/v1/contacts", json={"account_id": account["id"], "name": "Juan Pérez",
                                                    "email": "JUAN@martillo.cl"}, headers=as_rep)
    assert contact.status_code == 201
    patched = client.patch(f"/api/v1/contacts/{contact.get_json()['id']}", json={"role": "Compras"}, headers=as_rep)
    assert patched.get_json()["role"] == "Compras"
    for value in (2000, 4500):
        opened = client.post("/api/v1/opportunities", json={"account_id": account["id"], "value": value},
                             headers=as_rep)
        assert opened.status_code == 201
        assert opened.get_json()["value"] == value
    summary = client.get(f"/api/v1/accounts/{account['id']}/summary", headers=as_rep).get_json()
    assert summary["potential"] == 6500
    assert [c["email"] for c in summary["contacts"]] == ["juan@martillo.cl"]
    listed = client.get(f"/api/v1/contacts?account_id={account['id']}", headers=as_rep).get_json()
    assert listed["total"] == 1


def test_opportunity_stage_win_and_lose(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    account = create(client, as_rep, name="Ferretería El Martillo")
    first, second = (
        client.post("/api/v1/opportunities", json={"account_id": account["id"], "value": "1500.50"},
                    headers=as_rep).get_json()
        for _ in range(2)
    )
    moved = client.put(f"/api/v1/opportunities/{first['id']}/stage", json={"stage": "negotiation"}, headers=as_rep)
    assert moved.get_json()["stage"] == "negotiation"
    won = client.post(f"/api/v1/opportunities/{first['id']}/win", json={"value": 1800}, headers=as_rep)
    assert (won.get_json()["status"], won.get_json()["value"]) == ("won", 1800)
    lost = client.post(f"/api/v1/opportunities/{second['id']}/lose", json={"reason": "precio"}, headers=as_rep)
    assert (lost.get_json()["status"], lost.get_json()["lost_reason"]) == ("lost", "precio")
    assert client.post(f"/api/v1/opportunities/{second['id']}/lose", json={}, headers=as_rep).status_code == 422
    assert client.get(f"/api/v1/accounts/{account['id']}", headers=as_rep).get_json()["status"] == "client"
    open_ones = client.get("/api/v1/opportunities?status=open", headers=as_rep).get_json()
    assert open_ones["total"] == 0


def test_activity_with_follow_up_puts_a_task_on_the_agenda(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    account = create(client, as_rep, name="Ferretería El Martillo")
    due = (datetime.now(UTC) + timedelta(days=2)).replace(hour=14, minute=0, second=0, microsecond=0)
    body = {"account_id": account["id"], "type": "call", "outcome": "quieren cotización",
            "follow_up": {"type": "email", "title": "enviar cotización", "due_at": due.isoformat()}}
    response = client.post("/api/v1/activities", json=body, headers=as_rep)
    assert response.status_code == 201, response.get_data(as_text=True)
    logged = response.get_json()
    assert logged["activity"]["outcome"] == "quieren cotización"
    task_id = logged["follow_up"]["id"]
    day = due.date()
    agenda = client.get(f"/api/v1/agenda?from={day - timedelta(days=1)}&to={day + timedelta(days=1)}",
                        headers=as_rep).get_json()
    assert [t["id"] for t in agenda["planned"]] == [task_id]
    assert datetime.fromisoformat(agenda["planned"][0]["due_at"]) == due
    activities = client.get(f"/api/v1/activities?account_id={account['id']}", headers=as_rep).get_json()
    assert activities["total"] == 1


def test_follow_up_needs_a_time_or_a_start_date(client, as_rep) -> None:  # type: ignore[no-untyped-def]
    account = create(client, as_rep, name="Ferretería El Martillo")
    naive = {"account_id": account["id"], "type": "call", "follow_up": {"due_at": "2030-01-01T10:00:00"}}
    assert client.post("/api/v1/activities", json=naive, headers=as_rep).status_code == 422
    neither = {"account_id": account["id"], "type": "call", "follow_up": {"type": "call"}}
    assert client.post("/api/v1/activities", json=neither, headers=as_rep).status_code == 422
    assert client.get("/api/v1/activities", headers=as_rep).get_json()["total"] == 0


def test_task_lifecycle(client, people, tokens, as_rep) -> None:  # type: ignore[no-untyped-def]
    account = create(client, as_rep, name="Ferretería El Martillo")
    start = date.today() + timedelta(days=1)
    created = client.post("/api/v1/tasks", json={"type": "visit", "account_id": account["id"],
                                                  "start_date": start.isoformat()}, headers=as_rep)
    assert created.status_code == 201
    task = created.get_json()
    assert (task["start_date"], task["due_at"], task["assignee_id"]) == (start.isoformat(), None, people.rep.id)
    due = "2031-03-04T09:30:00-03:00"
    moved = client.post(f"/api/v1/tasks/{task['id']}/reschedule", json={"due_at": due}, headers=as_rep).get_json()
    assert datetime.fromisoformat(moved["due_at"]) == datetime.fromisoformat(due)
    assert moved["start_date"] is None
    foreign = client.post(f"/api/v1/tasks/{task['id']}/reassign", json={"assignee_id": people.other_rep.id},
                          headers=as_rep)
    assert foreign.status_code == 422  # someone outside the team is not a choice, like nobody
    given = client.post(f"/api/v1/tasks/{task['id']}/reassign", json={"assignee_id": people.rep2.id}, headers=as_rep)
    assert given.get_json()["assignee_id"] == people.rep2.id
    rep2 = tokens.headers(people.rep2)
    done = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=rep2)
    assert done.get_json()["status"] == "done"
    again = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=rep2)
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "conflict")
    assert client.get(f"/api/v1/tasks/{task['id']}", headers=rep2).get_json()["status"] == "done"
    assert client.get(f"/api/v1/tasks?assignee_id={people.rep2.id}&status=done", headers=rep2).get_json()["total"] == 1
    assert client.get("/api/v1/tasks/999999", headers=rep2).status_code == 404


def test_sales_flow_is_read_by_all_and_changed_by_admins(client, people, tokens, as_rep) -> None:  # type: ignore[no-untyped-def]
    keys = [s["key"] for s in client.get("/api/v1/statuses", headers=as_rep).get_json()]
    assert keys[:2] == ["target", "lead"]
    new = {"key": "demo", "label_es": "Demostración", "label_en": "Demo", "kind": "open", "after": "qualified"}
    assert client.post("/api/v1/statuses", json=new, headers=as_rep).status_code == 403
    admin = tokens.headers(people.admin)
    assert client.post("/api/v1/statuses", json=new, headers=admin).status_code == 201
    renamed = client.patch("/api/v1/statuses/demo", json={"label_es": "Demo en vivo"}, headers=admin)
    assert renamed.get_json()["label_es"] == "Demo en vivo"
    flow = [s["key"] for s in client.get("/api/v1/statuses", headers=as_rep).get_json()]
    assert flow.index("demo") == flow.index("qualified") + 1
    swapped = [k for k in flow if k != "demo"]
    swapped.insert(swapped.index("qualified"), "demo")
    assert client.put("/api/v1/statuses/order", json={"keys": swapped}, headers=admin).status_code == 200
    assert [s["key"] for s in client.get("/api/v1/statuses", headers=as_rep).get_json()] == swapped
    missing = client.put("/api/v1/statuses/order", json={"keys": swapped[1:]}, headers=admin)
    assert missing.status_code == 422
    assert sorted(missing.get_json()["error"]["details"]["valid"]) == sorted(swapped)
