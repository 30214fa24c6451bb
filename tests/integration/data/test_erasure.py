"""GDPR: erasing a contact leaves none of its data in any table; export returns all of it; retention."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import JSON, String, Text, select
from sqlalchemy.types import TypeDecorator

from crm_core.errors import PermissionDenied
from crm_core.persistence.models import (
    AuditEntry,
    Base,
    Conversation,
    InboundEvent,
    InboxJob,
    Message,
)
from crm_core.services import accounts, activities, contacts, erasure, opportunities
from crm_core.services.common import SYSTEM, Actor

NAME, EMAIL, PHONE = "Josefina Ñúñez Vidal", "josefina.nunez@cliente.example", "+56 9 8765 4321"
DIGITS = "56987654321"


def _text_columns(table: Any) -> list[Any]:
    out = []
    for col in table.columns:
        kind = col.type.impl_instance if isinstance(col.type, TypeDecorator) else col.type
        if isinstance(kind, (String, Text, JSON)):
            out.append(col)
    return out


def full_text_scan(core, *needles: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every table.column whose value (decoded JSON included) contains one of the needles."""
    hits = []
    with core.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            cols = _text_columns(table)
            if not cols:
                continue
            for row in connection.execute(select(*cols)):
                for col, value in zip(cols, row, strict=True):
                    if value is None:
                        continue
                    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    for needle in needles:
                        if needle.lower() in text.lower():
                            hits.append(f"{table.name}.{col.name}")
    return hits


@pytest.fixture
def person(core, people):  # type: ignore[no-untyped-def]
    """A customer with a WhatsApp conversation, raw payloads, an activity and a deal that mention her."""
    rep = Actor(people.rep.id, "api")
    account = accounts.create_account(core.uow(), rep, name="Panadería Central", country="CL")
    contact = contacts.add_contact(core.uow(), rep, account_id=account.id, name=NAME, email=EMAIL, phone=PHONE,
                                   handles={"instagram": "@josefina_panes"})
    contacts.update_contact(core.uow(), rep, contact.id, role="Gerente de compras")
    activities.log_activity(core.uow(), rep, account_id=account.id, type="call", contact_id=contact.id,
                            outcome=f"Hablé con {NAME}; pide cotización a {EMAIL}")
    opportunities.open_opportunity(core.uow(), rep, account_id=account.id, value=100, currency="CLP",
                                   title=f"Pan para {NAME}")
    payload = {"entry": [{"changes": [{"value": {"contacts": [{"profile": {"name": NAME}, "wa_id": DIGITS}],
                                                 "messages": [{"from": DIGITS, "text": {"body": "hola"}}]}}]}]}
    with core.uow() as uow:
        conversation = Conversation(channel="whatsapp", thread_key=DIGITS, contact_id=contact.id,
                                    account_id=account.id, subject=None)
        uow.session.add(conversation)
        uow.flush()
        uow.session.add_all([
            Message(conversation_id=conversation.id, channel="whatsapp", direction="in",
                    text=f"Soy {NAME}, mi correo es {EMAIL}", external_id="wamid.1", meta={"from": DIGITS}),
            Message(conversation_id=conversation.id, channel="whatsapp", direction="out",
                    text=f"Hola {NAME}, le escribimos al {PHONE}", external_id="wamid.2",
                    delivery_status="sent", author_id=people.rep.id),
            InboxJob(channel="whatsapp", external_id="wamid.1", kind="message", payload=payload, state="done"),
            InboundEvent(source="slack", external_id="Ev1", sender="U0ROSA", state="done",
                         payload={"text": f"registra llamada con {NAME}"}),
        ])
        uow.commit()
    return contact


def test_erasure_leaves_no_name_email_or_phone_in_any_table(core, people, person):
    assert full_text_scan(core, NAME, EMAIL, PHONE, DIGITS)  # the scan does find them before
    erasure.erase_contact(core.uow(), Actor(people.admin.id, "api"), person.id)
    assert full_text_scan(core, NAME, EMAIL, PHONE, DIGITS, "josefina") == []
    with core.uow() as uow:
        tombstone = uow.session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "contact", AuditEntry.entity_id == person.id, AuditEntry.action == "erase")).one()
        assert tombstone.actor_id == people.admin.id and tombstone.changes == {}
        assert tombstone.at is not None
        # the history around the person stays: the conversation and its two messages, blanked
        conversation = uow.session.scalars(select(Conversation)).one()
        assert conversation.contact_id == person.id
        assert [m.text for m in uow.session.scalars(select(Message).order_by(Message.id))] == ["", ""]
        assert uow.session.scalars(select(InboxJob)).one().payload == {}


def test_only_admins_erase_or_export(core, people, person):
    for who in (people.rep, people.manager):
        with pytest.raises(PermissionDenied):
            erasure.erase_contact(core.uow(), Actor(who.id, "api"), person.id)
        with pytest.raises(PermissionDenied):
            erasure.export_contact(core.uow(), Actor(who.id, "api"), person.id)


def test_export_holds_everything_about_the_person(core, people, person):
    data = erasure.export_contact(core.uow(), Actor(people.admin.id, "api"), person.id)
    assert data["contact"]["email"] == EMAIL and data["contact"]["phone"] == PHONE
    assert [m["text"] for m in data["conversations"][0]["messages"]][0].startswith("Soy ")
    assert data["activities"][0]["contact_id"] == person.id
    assert {entry["action"] for entry in data["audit"]} == {"create", "update"}
    assert {row["external_id"] for row in data["raw_intake"]} == {"wamid.1", "Ev1"}
    json.dumps(data)  # JSON as it is


def test_retention_blanks_old_handled_payloads_only(core, people, person):
    old = datetime.now(UTC) - timedelta(days=40)
    with core.uow() as uow:
        uow.session.add_all([
            InboxJob(channel="email", external_id="old-done", kind="message", payload={"x": 1}, state="done",
                     received_at=old),
            InboxJob(channel="email", external_id="old-pending", kind="message", payload={"x": 2},
                     state="pending", received_at=old),
        ])
        uow.commit()
    assert erasure.purge_intake_payloads(core.uow(), 30) == 1
    assert erasure.purge_intake_payloads(core.uow(), 30) == 0
    with core.uow() as uow:
        payloads = {j.external_id: j.payload for j in uow.session.scalars(select(InboxJob))}
    assert payloads == {"wamid.1": payloads["wamid.1"], "old-done": {}, "old-pending": {"x": 2}}
    assert payloads["wamid.1"]  # a recent one is kept


def test_erase_and_export_over_the_api(core, people, person, client, tokens):
    admin = tokens.headers(people.admin)
    assert client.post(f"/api/v1/contacts/{person.id}/erase", headers=tokens.headers(people.rep)).status_code == 403
    exported = client.get(f"/api/v1/contacts/{person.id}/export", headers=admin)
    assert exported.status_code == 200 and exported.json["contact"]["name"] == NAME
    erased = client.post(f"/api/v1/contacts/{person.id}/erase", headers=admin)
    assert erased.status_code == 200 and erased.json["erased"] is True
    assert client.get(f"/api/v1/contacts/{person.id}/export", headers=admin).json["contact"]["email"] is None
    assert client.post(f"/api/v1/contacts/{person.id}/erase", headers=admin).status_code == 422


def test_erasure_of_unknown_contact_is_not_found(core, people):
    from crm_core.errors import NotFound

    with pytest.raises(NotFound):
        erasure.erase_contact(core.uow(), SYSTEM, 999)
