"""Opportunity invariants and the chat's answers to domain errors, by class."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions.common import known_problem
from crm_core.domain import opportunities as rules
from crm_core.errors import (
    Conflict,
    ContactNotFound,
    InvalidInput,
    Missing,
    NotFound,
    OpportunityNotFound,
    TaskClosed,
    TaskNotFound,
)


def test_value_currency_origin_contact_and_lost_reason_are_checked_once() -> None:
    assert rules.checked_value("12.50") == Decimal("12.50")
    with pytest.raises(InvalidInput):
        rules.checked_value(-1)
    assert rules.checked_currency(" eur ") == "EUR"
    with pytest.raises(InvalidInput):
        rules.checked_currency("EURO")
    rules.check_origin(None)
    rules.check_origin("campaign")
    with pytest.raises(InvalidInput):
        rules.check_origin("rumour")
    rules.check_contact(7, 3, 3)
    for elsewhere in (4, None):
        with pytest.raises(ContactNotFound):
            rules.check_contact(7, elsewhere, 3)
    rules.check_lost_reason("won", None)
    with pytest.raises(Missing) as missing:
        rules.check_lost_reason("lost", "  ")
    assert missing.value.field == "reason" and missing.value.code == "invalid"


def test_the_chat_answers_an_error_by_its_class_not_its_text() -> None:
    assert known_problem(TaskNotFound("anything at all")) == "utter_error_task_not_found"
    assert known_problem(OpportunityNotFound("opportunity not found")) == "utter_error_opportunity_not_found"
    assert known_problem(TaskClosed("this task is already done")) == "utter_error_task_closed"
    assert known_problem(Missing("no amount", field="amount")) == "utter_ask_amount"
    assert known_problem(Missing("no reason", field="reason")) == "utter_ask_reason"
    assert known_problem(NotFound("task not found")) is None  # the general "not found" answer
    assert known_problem(Conflict("this task is already done")) is None
