"""Mailchimp and Brevo: a list's contacts reach the audience, leavers are archived, unsubscribes come back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from bot import data_jobs, jobs
from bot.cli import main
from bot.data_settings import DataSettings
from crm_core.bootstrap import Core
from crm_core.persistence.models import Contact, ContactOptOut
from crm_core.services import accounts, lists, mailing_sync
from crm_core.services.common import Actor
from tests.fakes.mailing_tools import FakeBrevo, FakeMailchimp

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "webhooks"
MAILCHIMP_KEY = "0123456789abcdef0123456789abcdef-us21"
BREVO_KEY = "xkeysib-test"


@pytest.fixture
def mailchimp(monkeypatch):  # type: ignore[no-untyped-def]
    fake = FakeMailchimp(MAILCHIMP_KEY).start()
    monkeypatch.setenv("MAILCHIMP_API_KEY", MAILCHIMP_KEY)
    monkeypatch.setenv("MAILCHIMP_API_URL", f"{fake.url}/3.0")
    monkeypatch.setenv("MAILCHIMP_WEBHOOK_SECRET", "mc-secret")
    yield fake
    fake.stop()


@pytest.fixture
def brevo(monkeypatch):  # type: ignore[no-untyped-def]
    fake = FakeBrevo(BREVO_KEY).start()
    monkeypatch.setenv("BREVO_API_KEY", BREVO_KEY)
    monkeypatch.setenv("BREVO_API_URL", f"{fake.url}/v3")
    monkeypatch.setenv("BREVO_WEBHOOK_SECRET", "brevo-secret")
    yield fake
    fake.stop()


def rumbo(core: Core, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), obj={"core": core}, env={"RUMBO_SECRET_KEY": "test"})


@pytest.fixture
def clientes(core, people):  # type: ignore[no-untyped-def]
    """A list "Clientes 2026" of three accounts; 600 contacts with an email, one without."""
    rep = Actor(people.rep.id, "api")
    made = [accounts.create_account(core.uow(), rep, name=f"Cliente {n}", country="CL") for n in range(3)]
    with core.uow() as uow:
        for n in range(600):
            uow.session.add(Contact(account_id=made[n % 3].id, name=f"Persona {n} Apellido",
                                    email=f"persona{n}@cliente.example"))
        uow.session.add(Contact(account_id=made[0].id, name="Sin Correo"))
        uow.session.add(Contact(account_id=made[0].id, name="Compras", email="compras@panaderia.example"))
        uow.commit()
    lists.create_list(core.uow(), Actor(people.manager.id, "api"), name="Clientes 2026", public=True,
                      account_ids=[a.id for a in made])
    return made


def test_sync_mailchimp_sends_in_batches_and_archives_leavers(core, people, clientes, mailchimp):
    done = rumbo(core, "sync", "mailchimp", "--list", "Clientes 2026", "--audience", "aud123")
    assert done.exit_code == 0, done.output
    assert "601 sent" in done.output and "601/601 sent" in done.output
    assert len(mailchimp.subscribed("aud123")) == 601
    batches = mailchimp.find(lambda c: c.method == "POST")
    assert [len(c.params["members"]) for c in batches] == [500, 101]
    assert all(c.params["update_existing"] is True for c in batches)
    assert mailchimp.members["aud123"]["persona0@cliente.example"]["merge_fields"] == {"FNAME": "Persona",
                                                                                         "LNAME": "0 Apellido"}
    lists.remove_accounts(core.uow(), Actor(people.manager.id, "api"),
                          lists.list_lists(core.uow(), Actor(people.manager.id, "api"))[0].id, [clientes[2].id])
    again = rumbo(core, "sync", "mailchimp", "--list", "Clientes 2026", "--audience", "aud123")
    assert again.exit_code == 0, again.output
    assert "200 archived" in again.output
    assert len(mailchimp.subscribed("aud123")) == 401


def test_sync_brevo_imports_and_removes(core, people, clientes, brevo):
    done = rumbo(core, "sync", "brevo", "--list", "Clientes 2026", "--brevo-list", "7")
    assert done.exit_code == 0, done.output
    assert len(brevo.lists[7]) == 601
    imported = brevo.find(lambda c: c.path == "/v3/contacts/import")[0].params
    assert imported["listIds"] == [7] and imported["updateExistingContacts"] is True
    assert imported["jsonBody"][0]["attributes"] == {"FIRSTNAME": "Persona", "LASTNAME": "0 Apellido"}
    manager = Actor(people.manager.id, "api")
    lists.remove_accounts(core.uow(), manager, lists.list_lists(core.uow(), manager)[0].id, [clientes[1].id])
    assert rumbo(core, "sync", "brevo", "--list", "Clientes 2026", "--brevo-list", "7").exit_code == 0
    assert len(brevo.lists[7]) == 401
    removals = brevo.find(lambda c: c.path == "/v3/contacts/lists/7/contacts/remove")
    assert [len(c.params["emails"]) for c in removals] == [150, 50]


def test_brevo_unsubscribe_webhook_marks_the_contact_and_the_next_sync_leaves_it_out(
        core, people, clientes, brevo, client):
    body = json.loads((FIXTURES / "brevo_unsubscribe.json").read_text())
    assert client.post("/webhooks/brevo", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
    answer = client.post("/webhooks/brevo", json=body, headers={"Authorization": "Bearer brevo-secret"})
    assert answer.status_code == 200 and answer.json["marked"] == 1
    with core.uow() as uow:
        assert [o.source for o in uow.session.scalars(select(ContactOptOut))] == ["brevo"]
    assert rumbo(core, "sync", "brevo", "--list", "Clientes 2026", "--brevo-list", "7").exit_code == 0
    assert "compras@panaderia.example" not in brevo.lists[7]


def test_mailchimp_unsubscribe_webhook_needs_the_secret(core, people, clientes, mailchimp, client):
    form = {"type": "unsubscribe", "fired_at": "2026-11-21 08:02:11", "data[list_id]": "aud123",
            "data[email]": "Compras@Panaderia.example", "data[reason]": "manual"}
    assert client.get("/webhooks/mailchimp").status_code == 200
    assert client.post("/webhooks/mailchimp", data=form).status_code == 403
    assert client.post("/webhooks/mailchimp?secret=nope", data=form).status_code == 403
    answer = client.post("/webhooks/mailchimp?secret=mc-secret", data=form)
    assert answer.status_code == 200 and answer.json["marked"] == 1
    with core.uow() as uow:
        contact = uow.session.scalars(select(Contact).where(Contact.email == "compras@panaderia.example")).one()
        assert mailing_sync.opt_out_reason(uow.session, contact, "email") == "the contact opted out of email (mailchimp)"


def test_sync_over_the_api_and_the_daily_job(core, people, clientes, mailchimp, client, tokens):
    manager = tokens.headers(people.manager)
    body = {"provider": "mailchimp", "list": "Clientes 2026", "remote_id": "aud123"}
    assert client.post("/api/v1/mailing/sync", json=body, headers=tokens.headers(people.rep)).status_code == 403
    answer = client.post("/api/v1/mailing/sync", json=body, headers=manager)
    assert answer.status_code == 200, answer.json
    assert answer.json["sent"] == 601
    assert mailing_sync.due_syncs(core.uow()) == []
    jobs.configure(jobs.Runtime(core, notifier=None))  # type: ignore[arg-type]
    try:
        assert data_jobs.sync_mailing_lists() == 0  # it ran less than a day ago
    finally:
        jobs.configure(None)


def test_a_missing_key_or_unknown_list_is_a_clear_error(core, people, clientes, monkeypatch):
    monkeypatch.delenv("MAILCHIMP_API_KEY", raising=False)
    monkeypatch.delenv("MAILCHIMP_API_URL", raising=False)
    failed = rumbo(core, "sync", "mailchimp", "--list", "Clientes 2026", "--audience", "aud123")
    assert failed.exit_code == 1 and "MAILCHIMP_API_KEY" in failed.output
    monkeypatch.setenv("MAILCHIMP_API_KEY", MAILCHIMP_KEY)
    assert DataSettings.from_env().mailchimp_url() == "https://us21.api.mailchimp.com/3.0"


def test_a_rejected_key_fails_the_sync(core, people, clientes, mailchimp, monkeypatch):
    monkeypatch.setenv("MAILCHIMP_API_KEY", "wrong-us21")
    failed = rumbo(core, "sync", "mailchimp", "--list", "Clientes 2026", "--audience", "aud123")
    assert failed.exit_code == 1 and "HTTP 401" in failed.output
