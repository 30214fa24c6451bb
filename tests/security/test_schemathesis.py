"""Schemathesis over every /api/v1 operation, as a manager and as a rep, on both databases.

Checked: no 5xx, every status is one the document lists, every body matches its schema. Examples
per operation are few and the whole run has a time budget, so the suite stays fast.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.exceptions import CheckFailed

from bot.app import create_app
from bot.settings import Settings
from crm_core.services import accounts, contacts, lists, opportunities, sprints, tasks, users
from crm_core.services.common import SYSTEM

schemathesis.experimental.OPEN_API_3_1.enable()  # APIFlask writes OpenAPI 3.1

CHECKS = (not_a_server_error, status_code_conformance, response_schema_conformance)
EXAMPLES_PER_OPERATION = 3
BUDGET_SECONDS = float(os.environ.get("SCHEMATHESIS_BUDGET_SECONDS", "25"))  # per database and role


def _seed(core: Any, people: Any) -> None:
    """A few records of each kind in two teams, so generated ids of 1-5 often name one."""
    for person in (people.rep, people.rep2, people.other_rep, people.manager):
        actor = people.actor(person)
        account = accounts.create_account(core.uow(), actor, name=f"Cuenta de {person.name}")
        contacts.add_contact(core.uow(), actor, account_id=account.id, name=f"Contacto {person.name}")
        opportunities.open_opportunity(core.uow(), actor, account_id=account.id, value=1000)
        tasks.schedule_task(core.uow(), actor, type="call", account_id=account.id, start_date=date.today())
        lists.create_list(core.uow(), actor, name=f"Lista {person.name}", account_ids=[account.id])
    sprints.create_sprint(core.uow(), people.actor(people.manager), name="Sprint", start=date.today(),
                          end=date.today() + timedelta(days=13), owner_id=people.rep.id)


def _run(app: Any, headers: dict[str, str], backwards: bool) -> tuple[list[str], int]:
    schema = schemathesis.from_wsgi("/api/openapi.json", app)
    failures: list[str] = []
    calls = 0
    skipped: list[str] = []
    deadline = time.monotonic() + BUDGET_SECONDS
    operations = [result.ok() for result in schema.get_all_operations()]
    # the rep walks the operations from the other end, so a run cut short by the budget still
    # leaves every operation tried by one of the two roles
    for operation in reversed(operations) if backwards else operations:
        if not operation.path.startswith("/api/v1"):
            continue
        if time.monotonic() > deadline:
            skipped.append(operation.verbose_name)
            continue

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            nonlocal calls
            calls += 1
            response = case.call_wsgi(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS)
            except CheckFailed as exc:
                failures.append(f"{case.operation.verbose_name} -> {response.status_code}: {str(exc)[:300]}")

        try:
            check()
        except Exception as exc:  # noqa: BLE001 - an operation the document makes impossible to test fails too
            failures.append(f"{operation.verbose_name} -> not testable: {type(exc).__name__}: {str(exc)[:200]}")
    print(f"{calls} calls, {len(skipped)} operations left out by the time budget: {skipped}")
    return failures, calls


@pytest.mark.timeout(240)
@pytest.mark.parametrize("role", ["manager", "rep"])
def test_every_operation_holds_to_the_document(core, people, role: str) -> None:
    _seed(core, people)
    settings_ = Settings(database_url=core.engine.url.render_as_string(hide_password=False),
                         secret_key="schemathesis-secret")
    app = create_app(settings_, core=core)
    app.config["RATELIMIT_ENABLED"] = False
    user = people.manager if role == "manager" else people.rep
    headers = {"Authorization": f"Bearer {users.create_token(core.uow(), SYSTEM, user.email)}"}
    failures, calls = _run(app, headers, backwards=role == "rep")
    assert calls > 50, "the run made too few requests to mean anything: " + "\n".join(failures[:5])
    assert failures == [], f"{len(failures)} failures:\n" + "\n".join(sorted(set(failures))[:40])
