"""A customer's first message makes its lead in one transaction: a crash between steps leaves nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from crm_core.bootstrap import Core
from crm_core.persistence.models import Account, AuditEntry, Contact, Conversation, Message
from crm_core.read_models.inbox import IncomingMessage
from crm_core.services import accounts, campaigns, contacts, inbox
from crm_core.services.inbox import routing
from crm_core.uow import NestedUnitOfWork

OPEN = datetime(2024, 11, 12, 14, 0, tzinfo=UTC)  # a Tuesday, 11:00 in Santiago


class Killed(Exception):
    """The process dies here."""


def first_message() -> IncomingMessage:
    return IncomingMessage(channel="whatsapp", external_id="wamid.first", thread_key="56911112222",
                           text="hola, ¿tienen cemento?", sender_name="Camila", phone="56911112222")


def counts(core: Core) -> dict[str, int]:
    with core.uow() as uow:
        found = {model.__name__: uow.session.scalar(select(func.count()).select_from(model)) or 0
                 for model in (Account, Contact, Conversation)}
        found["Message"] = uow.session.scalar(select(func.count(Message.id)).where(Message.direction == "in")) or 0
        return found


def after(original: Callable[..., Any], calls: int = 1) -> Callable[..., Any]:
    """`original`, but the process dies right after its `calls`-th call returns."""
    seen = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        seen["n"] += 1
        if seen["n"] >= calls:
            raise Killed(original.__name__)
        return result

    return wrapper


# Each step of making a lead, and where the process is killed right after it.
STEPS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "account": lambda mp: mp.setattr(accounts, "new_account", after(accounts.new_account)),
    "contact": lambda mp: mp.setattr(contacts, "new_contact", after(contacts.new_contact)),
    # the first call picks the lead's owner, the second the conversation's assignee
    "assignment": lambda mp: mp.setattr(routing, "assignee_for", after(routing.assignee_for, calls=2)),
    "conversation": lambda mp: mp.setattr(routing, "record", after(routing.record)),
    "message": lambda mp: mp.setattr(campaigns, "record_reply", after(campaigns.record_reply)),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_crash_after_any_step_leaves_no_half_made_lead_and_the_retry_makes_one(
        core: Core, people, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    with monkeypatch.context() as patched:
        STEPS[step](patched)
        with pytest.raises(Killed):
            inbox.receive(core.uow(), first_message(), now=OPEN)
    assert counts(core) == {"Account": 0, "Contact": 0, "Conversation": 0, "Message": 0}
    with core.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEntry)
                                  .where(AuditEntry.entity.in_(("account", "contact", "conversation")))) == 0

    retried = inbox.receive(core.uow(), first_message(), now=OPEN)
    again = inbox.receive(core.uow(), first_message(), now=OPEN)  # the job retried once more
    assert retried.new_lead and retried.new_message and not again.new_message
    assert counts(core) == {"Account": 1, "Contact": 1, "Conversation": 1, "Message": 1}
    with core.uow() as uow:
        contact = uow.session.scalars(select(Contact)).one()
        conversation = uow.session.scalars(select(Conversation)).one()
        assert (conversation.contact_id, conversation.account_id) == (contact.id, contact.account_id)
        assert conversation.assignee_id is not None


def test_a_unit_of_work_inside_another_is_refused(core: Core) -> None:
    with core.uow():
        with pytest.raises(NestedUnitOfWork):
            with core.uow():
                pass
    with core.uow() as uow:  # the outer one closed cleanly
        assert uow.session.scalar(select(func.count()).select_from(Account)) == 0
