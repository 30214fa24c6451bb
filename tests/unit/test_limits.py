"""The bounds every stored value keeps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm_core.domain import limits


def test_text_rules_keep_newlines_and_tabs_and_refuse_other_controls():
    assert limits.text_problem("línea\nsegunda\ttab\r\n", 50) is None
    assert limits.text_problem("a\x00b", 50) and limits.text_problem("a\x1bb", 50)
    assert limits.text_problem("x" * 51, 50) == "at most 50 characters"
    assert limits.text_problem("\ud800", 50)
    assert limits.strip_controls("Fe\x00rre\x1bte\nría\ud800") == "Ferrete\nría"


def test_amounts_days_and_ids_have_ranges():
    assert limits.amount_problem(Decimal("999999999999.99")) is None
    assert limits.amount_problem(10**12) and limits.amount_problem(-1)
    assert limits.amount_problem(float("inf")) and limits.amount_problem("x")
    assert limits.day_problem(date(2024, 2, 29)) is None
    assert limits.day_problem(date(9999, 12, 31)) and limits.day_problem(date(1, 1, 1))
    assert limits.id_problem(2**31 - 1) is None
    assert limits.id_problem(2**31) and limits.id_problem(0) and limits.id_problem(True)
    assert limits.CUSTOM_KEY.match("tamaño") is None and limits.CUSTOM_KEY.match("size_2")
