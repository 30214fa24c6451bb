"""Rate limits, link-code lockout, token expiry and revocation, security headers, file modes, quiet loggers."""

from __future__ import annotations

import logging
import os
import stat
from datetime import timedelta

import pytest
from click.testing import CliRunner

from bot import security
from bot.app import create_app
from bot.cli import main as cli
from bot.settings import Settings
from crm_core.bootstrap import bootstrap
from crm_core.errors import InvalidInput
from crm_core.persistence.models import LinkCode
from crm_core.persistence.types import utcnow
from crm_core.services import users
from crm_core.services.common import SYSTEM


def _limited(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json()["error"]["code"] == "too_many_requests"


def test_widget_sessions_are_limited_per_address(client):
    answers = [client.post("/widget/session", json={}) for _ in range(21)]
    assert {a.status_code for a in answers[:20]} == {200}
    _limited(answers[20])
    other = client.post("/widget/session", json={}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 200


def test_the_api_is_limited_per_token(core, people, tokens, monkeypatch):
    monkeypatch.setattr(security, "API_LIMIT", "3/minute")
    app = create_app(Settings(database_url=core.engine.url.render_as_string(hide_password=False),
                              secret_key="s"), core=core)
    client = app.test_client()
    rosa, raul = tokens.headers(people.rep), tokens.headers(people.rep2)
    assert [client.get("/api/v1/users/me", headers=rosa).status_code for _ in range(3)] == [200] * 3
    _limited(client.get("/api/v1/users/me", headers=rosa))
    assert client.get("/api/v1/users/me", headers=raul).status_code == 200


def test_link_codes_lock_out_an_identity_after_five_wrong_codes(core, people):
    code = users.create_link_code(core.uow(), SYSTEM, people.rep2.email)
    for attempt in range(5):
        with pytest.raises(InvalidInput):
            users.redeem_link_code(core.uow(), f"{attempt:08d}" if f"{attempt:08d}" != code else "99999999",
                                   "telegram", "555")
    with pytest.raises(InvalidInput) as locked:
        users.redeem_link_code(core.uow(), code, "telegram", "555")
    assert locked.value.details.get("locked") is True
    assert users.redeem_link_code(core.uow(), code, "telegram", "556").id == people.rep2.id


def test_link_codes_are_stored_as_an_hmac_keyed_by_the_secret(core, people):
    users.use_secret("first-secret")
    code = users.create_link_code(core.uow(), SYSTEM, people.rep2.email)
    with core.uow() as uow:
        stored = uow.session.query(LinkCode).one().code_hash
    import hashlib

    assert stored != hashlib.sha256(code.encode()).hexdigest()
    users.use_secret("another-secret")
    with pytest.raises(InvalidInput):
        users.redeem_link_code(core.uow(), code, "telegram", "777")
    users.use_secret("first-secret")
    assert users.redeem_link_code(core.uow(), code, "telegram", "778").id == people.rep2.id


def test_expired_and_revoked_tokens_are_401(core, people, client):
    soon = users.create_token(core.uow(), SYSTEM, people.rep.email, expires_at=utcnow() + timedelta(seconds=60))
    later = users.create_token(core.uow(), SYSTEM, people.rep.email, label="ci")
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {soon}"}).status_code == 200
    with core.engine.begin() as connection:
        from sqlalchemy import update

        from crm_core.persistence.models import ApiToken

        connection.execute(update(ApiToken).where(ApiToken.label == "").values(expires_at=utcnow() - timedelta(1)))
    expired = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {soon}"})
    assert expired.status_code == 401 and expired.get_json()["error"]["code"] == "unauthorized"
    listed = users.list_tokens(core.uow(), SYSTEM, people.rep.email)
    assert [t.state for t in listed] == ["active", "expired"]
    users.revoke_token(core.uow(), SYSTEM, listed[0].id)
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {later}"}).status_code == 401


def test_admins_issue_tokens_over_the_api_and_others_cannot(core, people, client, tokens):
    admin, manager = tokens.headers(people.admin), tokens.headers(people.manager)
    body = {"email": people.rep.email, "label": "robot", "expires_at": (utcnow() + timedelta(days=1)).isoformat()}
    created = client.post("/api/v1/tokens", json=body, headers=admin)
    assert created.status_code == 201
    token = created.get_json()["token"]
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).get_json()["id"] == \
        people.rep.id
    assert client.post("/api/v1/tokens", json=body, headers=manager).status_code == 403
    listed = client.get("/api/v1/tokens", headers=admin).get_json()["items"]
    assert "token" not in listed[0] and listed[0]["label"] == "robot"
    revoked = client.post(f"/api/v1/tokens/{listed[0]['id']}/revoke", headers=admin).get_json()
    assert revoked["state"] == "revoked"
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_token_list_and_revoke_on_the_command_line(core, people, database_url):
    users.create_token(core.uow(), SYSTEM, people.rep.email, label="laptop")
    env = {"DATABASE_URL": database_url, "RUMBO_SECRET_KEY": "cli-secret"}
    listed = CliRunner().invoke(cli, ["token", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    line = next(row for row in listed.output.splitlines() if "laptop" in row)
    assert "active" in line and "expires never" in line
    revoked = CliRunner().invoke(cli, ["token", "revoke", line.split("\t")[0]], env=env)
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert "revoked" in CliRunner().invoke(cli, ["token", "list"], env=env).output
    assert CliRunner().invoke(cli, ["token", "revoke", "424242"], env=env).exit_code == 1


def test_html_and_json_answers_carry_security_headers(people, client, tokens):
    page = client.get("/chat")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    api = client.get("/api/v1/users/me", headers=tokens.headers(people.rep))
    for response in (page, api, client.get("/health")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_sqlite_file_is_owner_only_from_creation(tmp_path):
    path = tmp_path / "fresh" / "rumbo.db"
    core = bootstrap(f"sqlite:///{path}")
    with core.engine.connect():
        pass
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    core.engine.dispose()


def test_http_client_loggers_never_print_a_bot_token(caplog):
    security.quiet_http_loggers()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot123:ABC-def/getMe")
        logging.getLogger("httpx").warning("failed https://api.telegram.org/bot123:ABC-def/sendMessage")
    assert "123:ABC-def" not in caplog.text
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING


def test_gateway_workers_share_counters_through_redis(core, monkeypatch):
    import uuid

    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 6379")
    monkeypatch.setenv("RATE_LIMIT_STORAGE_URL", url)
    monkeypatch.setenv("RATE_LIMIT_KEY_PREFIX", f"rumbo-test-{uuid.uuid4().hex[:8]}")
    settings = Settings(database_url=core.engine.url.render_as_string(hide_password=False), secret_key="s")
    one, two = (create_app(settings, core=core).test_client() for _ in range(2))
    answers = [(one if i % 2 else two).post("/widget/session", json={}) for i in range(21)]
    assert {a.status_code for a in answers[:20]} == {200}
    _limited(answers[20])
