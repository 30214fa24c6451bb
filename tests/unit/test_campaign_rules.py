"""Campaign rules on plain values: stage definitions, when an opportunity moves on, cost and ROI."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_core.domain import campaigns as rules


def test_a_stage_is_parsed_with_its_defaults():
    stage = rules.StageSpec.parse({"name": " Llamada ", "task_type": "call", "marginal_cost": 12.5})
    assert (stage.name, stage.performer, stage.rule, stage.attempts, stage.delay_days) == (
        "Llamada", "rep", "attempts", 1, 0)
    assert stage.marginal_cost == Decimal("12.50")
    assert rules.StageSpec.parse({"name": "Correo", "task_type": "email", "rule": "reply"}).attempts is None


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "", "task_type": "call"}, "needs a name"),
    ({"name": "x", "task_type": "visit", "performer": "automatic", "body": "hola"}, "only SMS and email"),
    ({"name": "x", "task_type": "email", "performer": "automatic"}, "needs the text"),
    ({"name": "x", "task_type": "call", "attempts": True}, "whole number of attempts"),
    ({"name": "x", "task_type": "call", "delay_days": -1}, "delay_days"),
    ({"name": "x", "task_type": "call", "marginal_cost": "mucho"}, "not a number"),
    ({"name": "x", "task_type": "call", "colour": "red"}, "unknown stage fields"),
])
def test_broken_stage_rules_are_named(data, message):
    with pytest.raises(rules.StageError, match=message):
        rules.StageSpec.parse(data)


def test_an_opportunity_moves_on_after_n_attempts_or_a_positive_reply():
    assert rules.after_task("attempts", 3, 1, False) == rules.Step(advance=False, retry=True)
    assert rules.after_task("attempts", 3, 3, False) == rules.Step(advance=True, retry=False)
    assert rules.after_task("reply", None, 1, False) == rules.Step(advance=False, retry=False)
    assert rules.after_task("reply", None, 1, True) == rules.Step(advance=True, retry=False)
    assert rules.after_task("manual", None, 5, True) == rules.Step(advance=False, retry=False)
    assert rules.activity_type("interview") == "meeting"


def test_cost_is_global_plus_marginal_times_tasks_and_roi_needs_a_cost():
    spent = rules.cost(Decimal(1000), [(Decimal(10), 3), (Decimal(50), 1)])
    assert spent == Decimal("1080.00")
    assert rules.roi(Decimal(3000), spent) == Decimal("1.7778")
    assert rules.roi_percent(rules.roi(Decimal(3000), spent)) == 178
    assert rules.roi_percent(rules.roi(Decimal(0), Decimal(500))) == -100
    assert rules.roi(Decimal(100), Decimal(0)) is None and rules.roi_percent(None) is None
    assert rules.share_percent(3, 4) == 75 and rules.share_percent(1, 0) is None


def test_an_automatic_message_fills_in_only_contact_and_account():
    text = rules.fill("Hola {contact}, novedades para {account} {otro}", contact="Lucía", account="Andes")
    assert text == "Hola Lucía, novedades para Andes {otro}"
