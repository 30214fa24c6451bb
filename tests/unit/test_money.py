"""Amounts as reps type them."""

from decimal import Decimal

import pytest

from crm_core.domain.money import parse_amount


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("5000", "5000", None),
        ("$5,000", "5000", None),
        ("12k", "12000", None),
        ("3.500 €", "3500", "EUR"),
        ("USD 800", "800", "USD"),
        ("8 mil", "8000", None),
        ("1.250,50 EUR", "1250.50", "EUR"),
        ("2.5k", "2500", None),
        ("$ 1,200.75", "1200.75", None),
        ("1,5 millones de pesos", "1500000", None),
    ],
)
def test_parse_amount_understands_common_spellings(text, value, currency):
    assert parse_amount(text) == (Decimal(value).quantize(Decimal("0.01")), currency)


def test_parse_amount_without_digits_is_none():
    assert parse_amount("mucho dinero") is None
