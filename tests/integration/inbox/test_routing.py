"""Routing customer messages into the core: contacts, leads, conversations, assignment, answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crm_core.bootstrap import Core
from crm_core.errors import Conflict, PermissionDenied
from crm_core.read_models.inbox import IncomingMessage
from crm_core.services import accounts, contacts, inbox, users
from crm_core.services.common import SYSTEM, Actor

# A Tuesday at 11:00 in Santiago (UTC-3): inside the default business hours.
OPEN = datetime(2024, 11, 12, 14, 0, tzinfo=UTC)
CLOSED = datetime(2024, 11, 12, 3, 0, tzinfo=UTC)  # Tuesday 00:00 in Santiago


def wa(external_id: str, phone: str = "56912345678", text: str = "hola", name: str | None = "Camila") -> IncomingMessage:
    return IncomingMessage(channel="whatsapp", external_id=external_id, thread_key=phone, text=text,
                           sender_name=name, phone=phone)


def test_known_contact_is_matched_by_phone_in_any_format(core: Core, people) -> None:
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Ferretería El Martillo", status="client")
    contacts.add_contact(core.uow(), rosa, account_id=account.id, name="Camila", phone="+56 9 1234 5678")
    result = inbox.receive(core.uow(), wa("wamid.1"), now=OPEN)
    assert not result.new_lead
    assert (result.conversation.account_id, result.conversation.assignee_id) == (account.id, people.rep.id)


def test_known_contact_is_matched_by_lowercased_email(core: Core, people) -> None:
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Constructora Andes")
    contacts.add_contact(core.uow(), rosa, account_id=account.id, name="Lucía", email="lucia@andes.cl")
    result = inbox.receive(core.uow(), IncomingMessage(channel="email", external_id="<m1@x>",
                                                       thread_key="lucia@andes.cl", email="Lucia@Andes.CL"), now=OPEN)
    assert result.conversation.account_id == account.id and not result.new_lead


def test_conversation_goes_to_the_territory_responsible_when_the_account_has_no_owner(core: Core, people) -> None:
    territory = users.add_territory(core.uow(), SYSTEM, "Zona Centro", people.rep2.email)
    account = accounts.create_account(core.uow(), SYSTEM, name="Sin dueño", territory_id=territory)
    contacts.add_contact(core.uow(), SYSTEM, account_id=account.id, name="Pedro", phone="+56987654321")
    result = inbox.receive(core.uow(), wa("wamid.1", phone="56987654321"), now=OPEN)
    assert result.conversation.assignee_id == people.rep2.id


def test_new_leads_rotate_among_the_teams_reps(core: Core, people) -> None:
    norte = users.get_user(core.uow(), people.rep.id).team_id
    inbox.update_settings(core.uow(), people.actor(people.admin), team_id=norte)
    assignees = [inbox.receive(core.uow(), wa(f"wamid.{i}", phone=f"5691234567{i}", name=f"C{i}"), now=OPEN)
                 .conversation.assignee_id for i in range(4)]
    assert assignees == [people.rep.id, people.rep2.id, people.rep.id, people.rep2.id]


def test_one_open_conversation_per_thread_and_a_new_one_after_resolving(core: Core, people) -> None:
    first = inbox.receive(core.uow(), wa("wamid.1"), now=OPEN)
    second = inbox.receive(core.uow(), wa("wamid.2"), now=OPEN)
    assert second.conversation.id == first.conversation.id and not second.new_conversation
    inbox.resolve_conversation(core.uow(), SYSTEM, first.conversation.id)
    third = inbox.receive(core.uow(), wa("wamid.3"), now=OPEN)
    assert third.conversation.id != first.conversation.id and third.new_conversation and not third.new_lead
    assert third.conversation.contact_id == first.conversation.contact_id


def test_first_contact_gets_the_acknowledgement_in_the_customers_language(core: Core, people) -> None:
    inbox.update_settings(core.uow(), people.actor(people.admin),
                          ack_texts={"es": "¡Hola! Ya te atendemos.", "en": "Hi! We'll be right with you."})
    english = IncomingMessage(channel="telegram", external_id="9:1", thread_key="9", text="hello", handle="9",
                              language="en", sender_name="John")
    result = inbox.receive(core.uow(), english, now=OPEN)
    assert [r.text for r in result.automatic_replies] == ["Hi! We'll be right with you."]
    again = inbox.receive(core.uow(), IncomingMessage(channel="telegram", external_id="9:2", thread_key="9",
                                                       text="?", handle="9", language="en"), now=OPEN)
    assert again.automatic_replies == []


def test_out_of_hours_message_is_sent_once_per_night(core: Core, people) -> None:
    first = inbox.receive(core.uow(), wa("wamid.1"), now=CLOSED)
    second = inbox.receive(core.uow(), wa("wamid.2"), now=CLOSED + timedelta(minutes=5))
    assert [r.meta["auto"] for r in first.automatic_replies] == ["out_of_hours"]
    assert "fuera de horario" in first.automatic_replies[0].text
    assert second.automatic_replies == []


def test_whatsapp_free_text_is_refused_after_24_hours_and_the_template_offered(core: Core, people) -> None:
    inbox.update_settings(core.uow(), people.actor(people.admin), whatsapp_template="seguimiento_cotizacion")
    received = inbox.receive(core.uow(), wa("wamid.1"), now=OPEN)
    rep = Actor(received.conversation.assignee_id, "slack")
    inbox.reply(core.uow(), rep, received.conversation.id, "dentro de plazo", now=OPEN + timedelta(hours=23))
    with pytest.raises(Conflict) as refused:
        inbox.reply(core.uow(), rep, received.conversation.id, "tarde", now=OPEN + timedelta(hours=25))
    assert refused.value.details["template"] == "seguimiento_cotizacion"
    template = inbox.send_template(core.uow(), rep, received.conversation.id)
    assert (template.kind, template.meta["template"]) == ("template", "seguimiento_cotizacion")


def test_pending_lists_waiting_conversations_oldest_first_with_wait_time(core: Core, people) -> None:
    norte = users.get_user(core.uow(), people.rep.id).team_id
    inbox.update_settings(core.uow(), people.actor(people.admin), team_id=norte)
    older = inbox.receive(core.uow(), wa("wamid.1", phone="56911111111", name="Antigua"), now=OPEN)
    inbox.receive(core.uow(), wa("wamid.2", phone="56922222222", name="Otra"), now=OPEN + timedelta(minutes=5))
    newer = inbox.receive(core.uow(), wa("wamid.3", phone="56933333333", name="Nueva"), now=OPEN + timedelta(minutes=10))
    assert older.conversation.assignee_id == newer.conversation.assignee_id == people.rep.id
    pending = inbox.pending_conversations(core.uow(), people.actor(people.rep), now=OPEN + timedelta(hours=1))
    assert [(p.contact_name, p.waited_seconds) for p in pending] == [("Antigua", 3600), ("Nueva", 3000)]
    inbox.reply(core.uow(), people.actor(people.rep), older.conversation.id, "¡Hola!", now=OPEN)
    left = inbox.pending_conversations(core.uow(), people.actor(people.rep), now=OPEN + timedelta(hours=1))
    assert [p.contact_name for p in left] == ["Nueva"]
    manager_view = inbox.pending_conversations(core.uow(), people.actor(people.manager), now=OPEN + timedelta(hours=1))
    assert [p.contact_name for p in manager_view] == ["Otra", "Nueva"]


def test_a_rep_of_another_team_cannot_answer_or_read_the_conversation(core: Core, people) -> None:
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Ferretería El Martillo")
    contacts.add_contact(core.uow(), rosa, account_id=account.id, name="Camila", phone="+56912345678")
    received = inbox.receive(core.uow(), wa("wamid.1"), now=OPEN)
    with pytest.raises(PermissionDenied):
        inbox.reply(core.uow(), people.actor(people.other_rep), received.conversation.id, "hola")
    with pytest.raises(PermissionDenied):
        inbox.list_messages(core.uow(), people.actor(people.other_rep), received.conversation.id)
    assert inbox.list_conversations(core.uow(), people.actor(people.other_rep)).total == 0


def test_claim_reassign_and_resolve_are_audited(core: Core, people) -> None:
    received = inbox.receive(core.uow(), wa("wamid.1"), now=OPEN)
    conversation_id = received.conversation.id
    assert inbox.claim_conversation(core.uow(), people.actor(people.manager), conversation_id).assignee_id == people.manager.id
    moved = inbox.reassign_conversation(core.uow(), people.actor(people.manager), conversation_id, people.rep2.id)
    assert moved.assignee_id == people.rep2.id
    assert inbox.resolve_conversation(core.uow(), people.actor(people.rep2), conversation_id).status == "resolved"
    from crm_core.services import audit

    actions = [e.action for e in audit.list_audit(core.uow(), people.actor(people.admin),
                                                    entity="conversation", entity_id=conversation_id).items]
    assert {"create", "claim", "reassign", "resolve"} <= set(actions)


def test_a_job_that_keeps_failing_lands_in_the_dead_letters_and_can_be_retried(core: Core, people) -> None:
    inbox.enqueue(core.uow(), "whatsapp", [("wamid.bad", "message", {"broken": True})])
    for _ in range(inbox.MAX_ATTEMPTS):
        with core.uow() as uow:  # make the job due again without waiting for the backoff
            from sqlalchemy import update

            from crm_core.persistence.models import InboxJob
            uow.session.execute(update(InboxJob).values(next_attempt_at=OPEN))
            uow.commit()
        [job] = inbox.claim_jobs(core.uow())
        inbox.fail_job(core.uow(), job.id, "KeyError: 'message'")
    dead = inbox.list_jobs(core.uow(), people.actor(people.manager), state="dead")
    assert [j.external_id for j in dead.items] == ["wamid.bad"] and dead.items[0].attempts == inbox.MAX_ATTEMPTS
    with pytest.raises(PermissionDenied):
        inbox.list_jobs(core.uow(), people.actor(people.rep))
    assert inbox.retry_job(core.uow(), people.actor(people.admin), dead.items[0].id).state == "pending"
