"""The gateway's own behaviour: health, auth, error envelope, body limit, OpenAPI document."""

from __future__ import annotations

import pytest


def assert_error(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_health_reports_the_database(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_answers_503_when_the_database_is_unreachable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.app import create_app
    from bot.settings import Settings
    from crm_core.bootstrap import bootstrap

    # A directory cannot be opened as an SQLite database, so every connection fails.
    core = bootstrap(f"sqlite:///{tmp_path}")
    app = create_app(Settings(database_url="sqlite://", secret_key="x"), core=core)
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_missing_token_is_401(client) -> None:  # type: ignore[no-untyped-def]
    assert_error(client.get("/api/v1/accounts"), 401, "unauthorized")


@pytest.mark.parametrize("header", ["Bearer rmb_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer "])
def test_bad_token_is_401(client, people, header: str) -> None:  # type: ignore[no-untyped-def]
    assert_error(client.get("/api/v1/accounts", headers={"Authorization": header}), 401, "unauthorized")


def test_valid_token_identifies_the_user(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/users/me", headers=tokens.headers(people.rep))
    assert response.status_code == 200
    assert response.get_json()["email"] == people.rep.email


def test_users_list_is_limited_to_the_callers_team(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    emails = {u["email"] for u in client.get("/api/v1/users", headers=tokens.headers(people.other_rep)).get_json()}
    assert emails == {people.other_rep.email}


def test_unknown_api_route_is_404_in_the_envelope(client) -> None:  # type: ignore[no-untyped-def]
    assert_error(client.get("/api/v2/nothing"), 404, "not_found")


def test_wrong_method_is_405_in_the_envelope(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    assert_error(client.delete("/api/v1/accounts", headers=tokens.headers(people.rep)), 405,
                 "method_not_allowed")


def test_body_over_one_mebibyte_is_413(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    body = '{"name": "' + "x" * (1024 * 1024) + '"}'
    response = client.post("/api/v1/accounts", data=body, content_type="application/json",
                           headers=tokens.headers(people.rep))
    assert_error(response, 413, "payload_too_large")
    listed = client.get("/api/v1/accounts", headers=tokens.headers(people.rep)).get_json()
    assert listed["total"] == 0


def test_malformed_json_is_400(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/accounts", data='{"name": ', content_type="application/json",
                           headers=tokens.headers(people.rep))
    assert_error(response, 400, "bad_request")


def test_validation_error_names_the_fields(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/accounts", json={"sector": "retail", "colour": "red"},
                           headers=tokens.headers(people.rep))
    error = assert_error(response, 422, "validation_error")
    assert set(error["details"]["json"]) == {"name", "colour"}


def test_invalid_query_parameter_is_422(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/accounts?limit=zero", headers=tokens.headers(people.rep))
    error = assert_error(response, 422, "validation_error")
    assert "limit" in error["details"]["query"]


def test_openapi_document_lists_every_resource(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    paths = spec["paths"]
    for path in ("/api/v1/accounts", "/api/v1/accounts/{account_id}", "/api/v1/accounts/{account_id}/status",
                 "/api/v1/accounts/{account_id}/summary", "/api/v1/accounts/resolve", "/api/v1/contacts",
                 "/api/v1/contacts/{contact_id}", "/api/v1/opportunities",
                 "/api/v1/opportunities/{opportunity_id}/win", "/api/v1/opportunities/{opportunity_id}/lose",
                 "/api/v1/opportunities/{opportunity_id}/stage", "/api/v1/activities", "/api/v1/tasks",
                 "/api/v1/tasks/{task_id}", "/api/v1/tasks/{task_id}/complete",
                 "/api/v1/tasks/{task_id}/reschedule", "/api/v1/tasks/{task_id}/reassign", "/api/v1/agenda",
                 "/api/v1/audit", "/api/v1/users", "/api/v1/users/me", "/api/v1/statuses",
                 "/api/v1/statuses/{key}", "/api/v1/statuses/order", "/api/v1/custom-fields"):
        assert path in paths, path
    assert set(paths["/api/v1/accounts"]) == {"get", "post"}
    assert paths["/api/v1/tasks"]["get"]["security"] == [{"BearerAuth": []}]
    account = spec["components"]["schemas"]["AccountOut"]["properties"]
    assert {"id", "name", "status", "sector", "country", "owner_id", "source"} <= set(account)
    schemas = spec["components"]["schemas"]
    copies = [name for name in schemas if name[-1].isdigit() and schemas.get(name.rstrip("0123456789")) == schemas[name]]
    assert not copies, "a schema used nested and at top level should appear once"
