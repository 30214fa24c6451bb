"""Campaign resources over HTTP: define, launch, work, results, the campaigns report and its chart."""

from __future__ import annotations

from datetime import date

from crm_core.services import accounts, lists

PNG = b"\x89PNG\r\n\x1a\n"
STAGES = [
    {"name": "Llamada", "task_type": "call", "marginal_cost": 10, "rule": "attempts", "attempts": 1,
     "delay_days": 1},
    {"name": "Visita", "task_type": "visit", "marginal_cost": 40, "rule": "manual"},
]


def _campaign(client, headers, list_id, **extra):
    body = {"name": "Captación Pymes", "kind": "acquisition", "currency": "EUR", "list_id": list_id,
            "global_cost": 500, "opportunity_value": 1200, "stages": STAGES, **extra}
    return client.post("/api/v1/campaigns", json=body, headers=headers)


def _target(core, people) -> tuple[int, list[int]]:
    rosa = people.actor(people.rep)
    ids = [accounts.create_account(core.uow(), rosa, name=n).id for n in ("Alfa", "Beta")]
    target = lists.create_list(core.uow(), people.actor(people.manager), name="Objetivo", public=True, account_ids=ids)
    return target.id, ids


def test_campaign_lifecycle_over_http(core, people, client, tokens):
    marta, rosa = tokens.headers(people.manager), tokens.headers(people.rep)
    list_id, ids = _target(core, people)
    created = _campaign(client, marta, list_id)
    assert created.status_code == 201, created.json
    campaign = created.json
    assert (campaign["status"], campaign["currency"], campaign["global_cost"]) == ("draft", "EUR", 500.0)
    assert [(s["position"], s["task_type"], s["rule"]) for s in campaign["stages"]] == [
        (1, "call", "attempts"), (2, "visit", "manual")]
    base = f"/api/v1/campaigns/{campaign['id']}"

    launched = client.post(f"{base}/launch", headers=marta).json
    assert (launched["campaign"]["status"], launched["created"], launched["already_in"]) == ("active", 2, 0)
    assert client.post(f"{base}/launch", headers=marta).json["created"] == 0

    mine = client.get("/api/v1/campaigns/mine", headers=rosa).json
    assert [m["campaign"]["id"] for m in mine] == [campaign["id"]]
    assert sorted(t["account_name"] for t in mine[0]["open_tasks"]) == ["Alfa", "Beta"]
    logged = client.post("/api/v1/activities", json={"account_id": ids[0], "type": "call", "outcome": "Interesados"},
                         headers=rosa)
    assert logged.status_code == 201, logged.json
    step = logged.json["campaign"]
    assert step["advanced"] is True and step["next_task"]["type"] == "visit"

    page = client.get(f"{base}/opportunities", headers=marta).json
    assert page["total"] == 2 and {o["stage_name"] for o in page["items"]} == {"Llamada", "Visita"}
    beta = next(o for o in page["items"] if o["opportunity"]["account_id"] == ids[1])
    moved = client.post(f"{base}/opportunities/{beta['opportunity']['id']}/advance", headers=rosa).json
    assert moved["advanced"] is True and moved["next_task"]["type"] == "visit"

    results = client.get(f"{base}/results", headers=marta).json
    assert (results["opportunities"], results["tasks_done"], results["cost"]) == (2, 1, 510.0)
    assert results["roi"] == -1.0 and results["roi_percent"] == -100
    assert [s["opportunities_here"] for s in results["by_stage"]] == [0, 2]
    assert results["by_rep"][0]["name"] == "Rosa" and "from" in results and "to" in results

    assert client.post(f"{base}/finish", headers=marta).json["status"] == "finished"
    assert client.post(f"{base}/launch", headers=marta).status_code == 409


def test_stages_over_http(core, people, client, tokens):
    marta = tokens.headers(people.manager)
    list_id, _ = _target(core, people)
    campaign = _campaign(client, marta, list_id, stages=[]).json
    base = f"/api/v1/campaigns/{campaign['id']}"
    patched = client.patch(base, json={"name": "Captación Pymes Q4", "global_cost": 750, "mode": "continuous"},
                           headers=marta).json
    assert (patched["name"], patched["global_cost"], patched["mode"], patched["list_id"]) == (
        "Captación Pymes Q4", 750.0, "continuous", list_id)
    retargeted = client.patch(base, json={"target_filter": {"sector": "retail"}}, headers=marta).json
    assert (retargeted["list_id"], retargeted["target_filter"]) == (None, {"sector": "retail"})
    back = client.patch(base, json={"list_id": list_id}, headers=marta).json
    assert (back["list_id"], back["target_filter"]) == (list_id, None)
    replaced = client.put(f"{base}/stages", json={"stages": STAGES}, headers=marta)
    assert replaced.status_code == 200 and len(replaced.json) == 2
    mail = {"name": "Correo", "task_type": "email", "performer": "automatic", "body": "Hola {contact}",
            "rule": "reply"}
    added = client.post(f"{base}/stages", json=mail, headers=marta)
    assert added.status_code == 201 and added.json["position"] == 3
    changed = client.patch(f"{base}/stages/{added.json['id']}", json={"delay_days": 3}, headers=marta)
    assert changed.json["delay_days"] == 3
    assert [s["name"] for s in client.get(f"{base}/stages", headers=marta).json] == ["Llamada", "Visita", "Correo"]
    refused = client.post(f"{base}/stages", json={**mail, "task_type": "visit"}, headers=marta)
    assert refused.status_code == 422 and refused.json["error"]["code"] == "invalid"
    client.post(f"{base}/launch", headers=marta)
    assert client.put(f"{base}/stages", json={"stages": STAGES}, headers=marta).status_code == 409


def test_reps_and_other_teams_are_refused(core, people, client, tokens):
    marta, rosa, sofia = (tokens.headers(p) for p in (people.manager, people.rep, people.other_rep))
    list_id, _ = _target(core, people)
    assert _campaign(client, rosa, list_id).status_code == 403
    campaign = _campaign(client, marta, list_id).json
    base = f"/api/v1/campaigns/{campaign['id']}"
    assert client.get(base, headers=rosa).status_code == 200
    assert client.post(f"{base}/launch", headers=rosa).status_code == 403
    assert client.get(f"{base}/results", headers=rosa).status_code == 403
    assert client.get(base, headers=sofia).status_code == 404
    assert client.get("/api/v1/campaigns", headers=sofia).json["total"] == 0
    bad = client.post("/api/v1/campaigns", json={"name": "X", "kind": "raffle", "currency": "EUR"}, headers=marta)
    assert bad.status_code == 422 and "kind" in bad.json["error"]["details"]["json"]


def test_an_activity_posted_with_a_campaign_starts_it_for_the_account(core, people, client, tokens):
    marta, rosa = tokens.headers(people.manager), tokens.headers(people.rep)
    campaign = _campaign(client, marta, None, name="Promoción pilates", kind="cross_selling").json
    client.post(f"/api/v1/campaigns/{campaign['id']}/launch", headers=marta)
    account = accounts.create_account(core.uow(), people.actor(people.rep), name="Gimnasio").id
    logged = client.post("/api/v1/activities", json={
        "account_id": account, "type": "note", "outcome": "Pide info de pilates",
        "trigger_campaign_id": campaign["id"]}, headers=rosa).json
    assert logged["triggered"]["origin_kind"] == "activity"
    assert logged["triggered"]["origin_id"] == logged["activity"]["id"]


def test_the_campaigns_report_and_its_chart(core, people, client, tokens):
    marta = tokens.headers(people.manager)
    list_id, _ = _target(core, people)
    for name in ("Primera", "Segunda"):
        made = _campaign(client, marta, list_id, name=name).json
        client.post(f"/api/v1/campaigns/{made['id']}/launch", headers=marta)
    today = date.today().isoformat()
    report = client.get(f"/api/v1/reports/campaigns?from=2020-01-01&to={today}", headers=marta)
    assert report.status_code == 200, report.json
    assert report.json["currency"] == "EUR" and len(report.json["rows"]) == 2
    assert report.json["cost"] == 1000.0
    chart = client.get(f"/api/v1/reports/campaigns.png?from=2020-01-01&to={today}&lang=en", headers=marta)
    assert chart.status_code == 200 and chart.data.startswith(PNG)
    assert client.get(f"/api/v1/reports/campaigns?from=2020-01-01&to={today}",
                      headers=tokens.headers(people.rep)).status_code == 403


def test_the_openapi_document_describes_the_campaign_resources(client):
    spec = client.get("/api/openapi.json").get_json()
    for path in ("/api/v1/campaigns", "/api/v1/campaigns/{campaign_id}", "/api/v1/campaigns/{campaign_id}/stages",
                 "/api/v1/campaigns/{campaign_id}/launch", "/api/v1/campaigns/{campaign_id}/results",
                 "/api/v1/reports/campaigns"):
        assert path in spec["paths"], path
    assert set(spec["paths"]["/api/v1/campaigns/{campaign_id}/launch"]) == {"post"}
    assert spec["paths"]["/api/v1/campaigns"]["get"]["security"] == [{"BearerAuth": []}]
    assert {"roi", "cost", "revenue", "by_rep"} <= set(spec["components"]["schemas"]["CampaignResultsOut"]["properties"])
