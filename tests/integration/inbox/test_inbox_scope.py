"""The inbox keeps teams apart: the intake queue, assigning conversations, and identities only claimed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from crm_core.bootstrap import Core
from crm_core.errors import InvalidInput, NotFound
from crm_core.persistence.models import Contact, Conversation, User
from crm_core.read_models.inbox import UNVERIFIED_MARK, IncomingMessage
from crm_core.services import accounts, contacts, inbox, users
from crm_core.services.common import SYSTEM

OPEN = datetime(2024, 11, 12, 14, 0, tzinfo=UTC)  # a Tuesday, 11:00 in Santiago


def wa(external_id: str, phone: str) -> IncomingMessage:
    return IncomingMessage(channel="whatsapp", external_id=external_id, thread_key=phone, text="hola",
                           sender_name="Cliente", phone=phone)


def routed_job(core: Core, external_id: str, phone: str) -> None:
    """A WhatsApp payload stored, then routed into a conversation, as the worker does."""
    inbox.enqueue(core.uow(), "whatsapp", [(external_id, "message", {"id": external_id})])
    inbox.receive(core.uow(), wa(external_id, phone), now=OPEN)
    job = next(j for j in inbox.claim_jobs(core.uow()) if j.external_id == external_id)
    inbox.complete_jobs(core.uow(), [job.id])


def dead_job(core: Core, external_id: str) -> int:
    """A payload that never routed and ended in the dead letters."""
    inbox.enqueue(core.uow(), "whatsapp", [(external_id, "message", {"not": "a message"})])
    job = next(j for j in inbox.claim_jobs(core.uow()) if j.external_id == external_id)
    assert inbox.fail_job(core.uow(), job.id, "KeyError: 'id'", max_attempts=0) == "dead"
    return job.id


def sur_customer(core: Core, people, phone: str = "+56977776666") -> int:
    """An account of team Sur with a contact reachable on WhatsApp."""
    sofia = people.actor(people.other_rep)
    account = accounts.create_account(core.uow(), sofia, name="Ferretería del Sur", status="client")
    contacts.add_contact(core.uow(), sofia, account_id=account.id, name="Pedro Sur", phone=phone)
    return account.id


@pytest.fixture
def sur_manager(core: Core, people):
    return users.add_user(core.uow(), SYSTEM, name="Sara", email="sara@rumbo.test", role="manager", team="Sur")


def external_ids(page) -> set[str]:
    return {job.external_id for job in page.items}


def test_a_manager_sees_only_their_teams_queue_and_dead_letters(core: Core, people, sur_manager) -> None:
    sur_customer(core, people)
    rosa = people.actor(people.rep)
    norte = accounts.create_account(core.uow(), rosa, name="Ferretería del Norte", status="client")
    contacts.add_contact(core.uow(), rosa, account_id=norte.id, name="Nora", phone="+56955554444")
    routed_job(core, "wamid.sur", "56977776666")
    routed_job(core, "wamid.norte", "56955554444")
    marta, sara = people.actor(people.manager), people.actor(sur_manager)

    assert external_ids(inbox.list_jobs(core.uow(), marta)) == {"wamid.norte"}
    assert external_ids(inbox.list_jobs(core.uow(), sara)) == {"wamid.sur"}
    assert external_ids(inbox.list_jobs(core.uow(), people.actor(people.admin))) == {"wamid.sur", "wamid.norte"}

    # A dead letter never routed belongs to the inbox's team once the inbox has one.
    inbox.update_settings(core.uow(), people.actor(people.admin), team_id=users.get_user(core.uow(), people.rep.id).team_id)
    broken = dead_job(core, "wamid.broken")
    assert external_ids(inbox.list_jobs(core.uow(), marta, state="dead")) == {"wamid.broken"}
    assert inbox.list_jobs(core.uow(), sara, state="dead").items == []
    with pytest.raises(NotFound):
        inbox.retry_job(core.uow(), sara, broken)
    assert inbox.retry_job(core.uow(), marta, broken).state == "pending"


def test_a_conversation_is_assigned_only_to_an_active_user_of_its_team(core: Core, people) -> None:
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Constructora Andes", status="client")
    contacts.add_contact(core.uow(), rosa, account_id=account.id, name="Lucía", phone="+56912345678")
    conversation = inbox.receive(core.uow(), wa("wamid.1", "56912345678"), now=OPEN).conversation
    marta = people.actor(people.manager)
    with core.uow() as uow:
        uow.session.get(User, people.rep2.id).active = False
        uow.commit()

    for actor in (marta, people.actor(people.admin), rosa):
        with pytest.raises(InvalidInput):  # another team's rep: the same answer as for nobody
            inbox.reassign_conversation(core.uow(), actor, conversation.id, people.other_rep.id)
    with pytest.raises(InvalidInput):
        inbox.reassign_conversation(core.uow(), marta, conversation.id, people.rep2.id)  # inactive
    with pytest.raises(InvalidInput):
        inbox.reassign_conversation(core.uow(), marta, conversation.id, 10**6)  # no such user
    moved = inbox.reassign_conversation(core.uow(), marta, conversation.id, people.manager.id)
    assert moved.assignee_id == people.manager.id
    with core.uow() as uow:
        assert uow.session.get(Conversation, conversation.id).assignee_id == people.manager.id


def test_rotation_reassigns_within_the_conversations_team(core: Core, people) -> None:
    account_id = sur_customer(core, people)
    conversation = inbox.receive(core.uow(), wa("wamid.1", "56977776666"), now=OPEN).conversation
    assert conversation.account_id == account_id and conversation.assignee_id == people.other_rep.id
    with pytest.raises(InvalidInput):  # Sofia is the only rep of Sur: nobody else in rotation
        inbox.reassign_conversation(core.uow(), people.actor(people.admin), conversation.id)


def widget(external_id: str, visitor: str, *, name: str | None = None, email: str | None = None,
           phone: str | None = None) -> IncomingMessage:
    return IncomingMessage(channel="widget", external_id=external_id, thread_key=visitor, text="hola",
                           sender_name=name, email=email, phone=phone, handle=visitor)


def test_a_widget_visitor_typing_a_known_email_never_changes_that_contact(core: Core, people) -> None:
    rosa = people.actor(people.rep)
    account = accounts.create_account(core.uow(), rosa, name="Constructora Andes", status="client")
    lucia = contacts.add_contact(core.uow(), rosa, account_id=account.id, name="Lucía Fernández",
                                 email="lucia@andes.cl", phone="+56912345678")
    claimed = widget("w1", "visitor-1", name="system", email="Lucia@Andes.cl", phone="+56900000000")

    received = inbox.receive(core.uow(), claimed, now=OPEN)
    inbox.update_contact_details(core.uow(), "widget", "visitor-1", name="system", email="lucia@andes.cl",
                                 phone="+56900000000")
    again = inbox.receive(core.uow(), widget("w2", "visitor-1", name="system", phone="+56900000000"), now=OPEN)

    assert received.conversation.contact_id == lucia.id and not received.new_lead
    assert not received.conversation.identity_verified and not again.conversation.identity_verified
    assert received.contact_name.startswith(UNVERIFIED_MARK) and "system" in received.contact_name
    pending = inbox.pending_conversations(core.uow(), rosa, now=OPEN)
    assert [p.contact_name.startswith(UNVERIFIED_MARK) for p in pending] == [True]
    with core.uow() as uow:
        contact = uow.session.get(Contact, lucia.id)
        assert (contact.name, contact.email, contact.phone, contact.handles) == (
            "Lucía Fernández", "lucia@andes.cl", "+56912345678", {})
        assert uow.session.scalars(select(Conversation.identity_verified)).all() == [False]


def test_a_new_widget_visitor_is_their_own_verified_lead_and_may_fill_it_in(core: Core, people) -> None:
    received = inbox.receive(core.uow(), widget("w1", "visitor-2"), now=OPEN)
    assert received.new_lead and received.conversation.identity_verified
    assert not received.contact_name.startswith(UNVERIFIED_MARK)
    # the form's details arrive with a later message and join its transaction
    again = inbox.receive(core.uow(), widget("w2", "visitor-2", name="Ana Pérez", email="ana@mail.cl"), now=OPEN)
    assert again.conversation.identity_verified and again.contact_name == "Ana Pérez"
    inbox.update_contact_details(core.uow(), "widget", "visitor-2", phone="+56 9 8765 4321")
    with core.uow() as uow:
        contact = uow.session.get(Contact, received.conversation.contact_id)
        assert (contact.name, contact.email, contact.phone) == ("Ana Pérez", "ana@mail.cl", "+56987654321")
