"""The sales reports and sales plans over HTTP: figures, the error envelope, the OpenAPI document."""

from __future__ import annotations

import pytest

from tests.integration.sales_company import NOW, at, build

REPORTS = ("funnel", "average-deal", "plan-vs-actual", "sources", "rep-performance", "dynamics",
           "pipeline-by-rep", "profitability-by-rep", "team-sprints")


@pytest.fixture
def company(core, people):  # type: ignore[no-untyped-def]
    return build(core, people)


def test_reports_answer_the_hand_counted_figures(people, client, tokens, company):
    marta = tokens.headers(people.manager)
    with at(NOW):
        funnel = client.get("/api/v1/reports/funnel?period=2025-Q2&scope=team", headers=marta)
        deal = client.get("/api/v1/reports/average-deal?from=2025-04-01&to=2025-06-30&scope=team", headers=marta)
        plan = client.get("/api/v1/reports/plan-vs-actual?period=2025-06&scope=team", headers=marta)
        sources = client.get("/api/v1/reports/sources?period=este%20trimestre&scope=team", headers=marta)
        performance = client.get("/api/v1/reports/rep-performance?period=2025-Q2&scope=team", headers=marta)
        dynamics = client.get("/api/v1/reports/dynamics?grain=month&periods=3&scope=team", headers=marta)
        pipeline = client.get("/api/v1/reports/pipeline-by-rep?period=2025-Q2", headers=marta)
        profit = client.get("/api/v1/reports/profitability-by-rep?period=2025-Q2", headers=marta)
        sprints = client.get("/api/v1/reports/team-sprints", headers=marta)
        needs = client.get(f"/api/v1/reports/team-sprints/{people.rep.id}", headers=marta)
        digest = client.get("/api/v1/reports/manager-digest", headers=marta)
    for response in (funnel, deal, plan, sources, performance, dynamics, pipeline, profit, sprints, needs, digest):
        assert response.status_code == 200, response.json
    assert funnel.json["scope"] == {"kind": "team", "value": str(company.team_norte), "label": "Norte"}
    lead = funnel.json["stages"][1]
    assert (lead["status"], lead["entered"], lead["moved_on"], lead["conversion"], lead["average_days"]) == (
        "lead", 4, 3, 75, 7.7)
    assert [(f["currency"], f["won"], f["average_deal"], f["win_rate"]) for f in deal.json["overall"]] == [
        ("CLP", 1, 500000.0, 100), ("USD", 3, 1766.67, 60)]
    assert [(x["name"], x["plan"]["period"], x["gap"], x["needed_per_week"]) for x in plan.json["lines"]] == [
        ("Rosa", "2025-Q2", 6200.0, 3945.45), ("Raul", "2025-06", 2000.0, 1272.73), ("Rosa", "2025-06", 2.0, 1.27)]
    assert [(r["source"], r["accounts"], r["conversion"]) for r in sources.json["rows"]] == [
        ("whatsapp", 2, 50), ("campaign", 1, 100), ("import", 1, 0), ("manual", 0, None)]
    rosa = performance.json["rows"][0]
    assert (rosa["activities"], rosa["tasks_overdue"], rosa["response_minutes_median"]) == (
        {"call": 3, "visit": 1}, 1, 30.0)
    assert [(p["period"], p["currency"], p["value"]) for p in dynamics.json["points"]][-2:] == [
        ("2025-06", "CLP", 500000.0), ("2025-06", "USD", 800.0)]
    assert [(r["name"], r["currency"], r["weighted_value"]) for r in pipeline.json["rows"]] == [
        ("Rosa", "CLP", 0.0), ("Rosa", "USD", 1650.0), ("Raul", "USD", 0.0)]
    assert [(r["name"], r["win_rate"], r["activities"]) for r in profit.json["rows"]] == [("Rosa", 75, 4), ("Raul", 50, 1)]
    assert [(x["name"], x["risk"], x["pace"]) for x in sprints.json] == [("Raul", "behind", 0), ("Rosa", "behind", 38)]
    assert [a["name"] for a in needs.json["closest"]] == ["Zeta", "Delta"]
    assert [d["sprint"]["name"] for d in digest.json["behind"]] == ["Raul", "Rosa"]


@pytest.mark.parametrize(("query", "status", "code"), [
    ("period=someday", 422, "invalid"),
    ("period=2025-13", 422, "invalid"),
    ("scope=planet", 422, "invalid"),
    ("scope=rep:abc", 422, "invalid"),
    ("from=2025-04-01", 422, "validation_error"),
    ("from=2025-06-01&to=2025-05-01", 422, "invalid"),
    ("scope=team", 403, "forbidden"),
    ("scope=rep:RAUL", 403, "forbidden"),
    ("scope=rep:9999", 404, "not_found"),
    ("scope=territory:9999", 404, "not_found"),
])
def test_bad_periods_and_scopes_answer_4xx_in_the_envelope(people, client, tokens, company, query, status, code):
    query = query.replace("RAUL", str(people.rep2.id))
    for report in ("funnel", "average-deal", "sources", "rep-performance"):
        response = client.get(f"/api/v1/reports/{report}?{query}", headers=tokens.headers(people.rep))
        assert response.status_code == status, (report, response.json)
        assert response.json["error"]["code"] == code
        assert set(response.json["error"]) == {"code", "message", "details"}


def test_dynamics_and_team_sprints_validate_their_own_parameters(people, client, tokens):
    marta, rosa = tokens.headers(people.manager), tokens.headers(people.rep)
    assert client.get("/api/v1/reports/dynamics?grain=decade", headers=marta).status_code == 422
    assert client.get("/api/v1/reports/dynamics?periods=0", headers=marta).status_code == 422
    assert client.get("/api/v1/reports/team-sprints", headers=rosa).json["error"]["code"] == "forbidden"
    assert client.get("/api/v1/reports/funnel").status_code == 401


def test_managers_set_change_list_and_delete_sales_plans(people, client, tokens):
    marta, rosa = tokens.headers(people.manager), tokens.headers(people.rep)
    body = {"user_id": people.rep.id, "period": "2025-07", "metric": "value", "target": 5000, "currency": "usd"}
    created = client.post("/api/v1/sales-plans", json=body, headers=marta)
    assert created.status_code == 201, created.json
    assert {k: created.json[k] for k in ("period", "metric", "currency", "target", "grain")} == {
        "period": "2025-07", "metric": "value", "currency": "USD", "target": 5000.0, "grain": "month"}
    changed = client.post("/api/v1/sales-plans", json={**body, "target": 6000}, headers=marta)
    assert (changed.status_code, changed.json["id"], changed.json["target"]) == (200, created.json["id"], 6000.0)
    assert [p["id"] for p in client.get("/api/v1/sales-plans", headers=rosa).json] == [created.json["id"]]
    assert client.get("/api/v1/sales-plans?period=2025-08", headers=marta).json == []
    refused = client.post("/api/v1/sales-plans", json=body, headers=rosa)
    assert (refused.status_code, refused.json["error"]["code"]) == (403, "forbidden")
    yearly = client.post("/api/v1/sales-plans", json={**body, "period": "2025"}, headers=marta)
    assert (yearly.status_code, yearly.json["error"]["code"]) == (422, "invalid")
    assert client.post("/api/v1/sales-plans", json={**body, "metric": "deals"}, headers=marta).status_code == 422
    assert client.delete(f"/api/v1/sales-plans/{created.json['id']}", headers=rosa).status_code == 403
    assert client.delete(f"/api/v1/sales-plans/{created.json['id']}", headers=marta).status_code == 204
    assert client.delete(f"/api/v1/sales-plans/{created.json['id']}", headers=marta).status_code == 404


def test_the_openapi_document_describes_every_report_and_its_errors(client):
    spec = client.get("/api/openapi.json").get_json()
    for report in REPORTS:
        operation = spec["paths"][f"/api/v1/reports/{report}"]["get"]
        assert {"200", "401", "403", "404"} <= set(operation["responses"]), report
        assert operation["security"] == [{"BearerAuth": []}]
    assert "422" in spec["paths"]["/api/v1/reports/funnel"]["get"]["responses"]
    plans = spec["paths"]["/api/v1/sales-plans"]
    assert set(plans) == {"get", "post"} and {"200", "201", "403", "422"} <= set(plans["post"]["responses"])
    assert "204" in spec["paths"]["/api/v1/sales-plans/{plan_id}"]["delete"]["responses"]
    schemas = spec["components"]["schemas"]
    copies = [name for name in schemas if name[-1].isdigit() and schemas.get(name.rstrip("0123456789")) == schemas[name]]
    assert not copies
