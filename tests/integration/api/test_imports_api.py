"""`POST /api/v1/imports/{kind}` and `GET /api/v1/exports/{kind}.csv` through the real app."""

from __future__ import annotations

import io
from typing import Any

from bot import spreadsheets
from bot.api import imports as import_routes


def upload(client, headers: dict[str, Any], kind: str, body: bytes, filename: str = "cuentas.csv",  # type: ignore[no-untyped-def]
           query: str = ""):
    return client.post(f"/api/v1/imports/{kind}{query}", headers=headers,
                       data={"file": (io.BytesIO(body), filename)}, content_type="multipart/form-data")


ACCOUNTS = "\ufeffname;status;country;owner_email\nFerretería El Martillo;lead;CL;rosa@rumbo.test\n".encode()


def test_an_admin_imports_a_file_and_gets_the_report(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    admin = tokens.headers(people.admin)
    dry = upload(client, admin, "accounts", ACCOUNTS, query="?dry_run=true")
    assert dry.status_code == 200, dry.get_data(as_text=True)
    assert {k: dry.get_json()[k] for k in ("dry_run", "written", "created")} == {
        "dry_run": True, "written": False, "created": 1}
    assert client.get("/api/v1/accounts", headers=admin).get_json()["total"] == 0
    response = upload(client, admin, "accounts", ACCOUNTS)
    assert response.status_code == 200
    report = response.get_json()
    assert (report["written"], report["created"], report["errors"]) == (True, 1, [])
    account_id = report["outcomes"][0]["id"]
    account = client.get(f"/api/v1/accounts/{account_id}", headers=admin).get_json()
    assert (account["name"], account["owner_id"]) == ("Ferretería El Martillo", people.rep.id)
    history = client.get(f"/api/v1/audit?entity=account&entity_id={account_id}", headers=admin).get_json()
    assert [(e["action"], e["channel"], e["actor_id"]) for e in history["items"]] == [
        ("create", "api", people.admin.id)]
    again = upload(client, admin, "accounts", ACCOUNTS).get_json()
    assert (again["created"], again["unchanged"]) == (0, 1)


def test_invalid_rows_are_422_with_every_error_in_details(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    body = b"name,status,value\nAcme,ganado,12k\n,lead,\n"
    response = upload(client, tokens.headers(people.admin), "accounts", body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert (error["code"], error["message"]) == ("invalid", "cuentas.csv has invalid rows; nothing was written")
    assert error["details"]["errors"] == [
        {"line": 1, "column": "value", "message": "unknown column 'value' (columns: id, name, status, sector, "
         "country, owner_id, owner_email, territory_id, territory, source, shared, created_at, converted_at)"}]
    rows = upload(client, tokens.headers(people.admin), "accounts", b"name,status\nAcme,ganado\n,lead\n")
    details = rows.get_json()["error"]["details"]
    assert [(e["line"], e["column"]) for e in details["errors"]] == [(2, "status"), (3, "name")]
    assert (details["written"], details["rows"]) == (False, 2)


def test_a_rep_may_not_import_or_export(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    rep = tokens.headers(people.rep)
    refused = upload(client, rep, "accounts", ACCOUNTS)
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (403, "forbidden")
    assert client.get("/api/v1/exports/accounts.csv", headers=rep).status_code == 403
    assert upload(client, tokens.headers(people.manager), "users", b"name,email,role\nX,x@rumbo.test,rep\n").status_code == 403


def test_uploads_that_are_too_big_or_not_a_sheet_are_refused(client, people, tokens, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    admin = tokens.headers(people.admin)
    huge = upload(client, admin, "accounts", b"name\n" + b"Cuenta muy larga\n" * 70_000)
    assert (huge.status_code, huge.get_json()["error"]["code"]) == (413, "payload_too_large")
    monkeypatch.setattr(import_routes, "MAX_ROWS", 5)
    many = upload(client, admin, "accounts", b"name\n" + b"x\n" * 6)
    assert (many.status_code, many.get_json()["error"]["code"]) == (413, "payload_too_large")
    wrong = upload(client, admin, "accounts", b"PK\x03\x04", filename="cuentas.xls")
    assert (wrong.status_code, wrong.get_json()["error"]["details"]["valid"]) == (422, [".csv", ".xlsx"])
    assert upload(client, admin, "sprints", ACCOUNTS).status_code == 404
    missing = client.post("/api/v1/imports/accounts", headers=admin, data={}, content_type="multipart/form-data")
    assert missing.status_code == 422


def test_an_export_is_csv_that_the_import_reads_back(client, people, tokens) -> None:  # type: ignore[no-untyped-def]
    admin = tokens.headers(people.admin)
    upload(client, admin, "accounts", ACCOUNTS)
    response = client.get("/api/v1/exports/accounts.csv", headers=admin)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="accounts.csv"'
    sheet = spreadsheets.read_csv(response.get_data())
    assert [(r.values["name"], r.values["owner_email"]) for r in sheet.rows] == [
        ("Ferretería El Martillo", "rosa@rumbo.test")]
    again = upload(client, admin, "accounts", response.get_data(), filename="accounts.csv").get_json()
    assert (again["unchanged"], again["created"]) == (1, 0)
    users_csv = client.get("/api/v1/exports/users.csv", headers=admin).get_data(as_text=True)
    assert users_csv.splitlines()[0] == "\ufeffid,name,email,role,team,language,timezone,active"
    assert "rmb_" not in users_csv and "U0ROSA" not in users_csv
    exported = client.get("/api/v1/audit?entity=export", headers=admin).get_json()["items"]
    assert [(e["action"], e["actor_id"], e["channel"]) for e in exported] == [
        ("users", people.admin.id, "api"), ("accounts", people.admin.id, "api")]


def test_the_openapi_document_describes_import_and_export(client) -> None:  # type: ignore[no-untyped-def]
    paths = client.get("/api/openapi.json").get_json()["paths"]
    upload_operation = paths["/api/v1/imports/{kind}"]["post"]
    assert "multipart/form-data" in upload_operation["requestBody"]["content"]
    assert {"200", "413", "422", "401"} <= set(upload_operation["responses"])
    assert "text/csv" in paths["/api/v1/exports/{kind}.csv"]["get"]["responses"]["200"]["content"]
