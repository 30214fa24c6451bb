"""Amounts as reps type them."""

from decimal import Decimal

import pytest

from crm_core.domain.money import Amount, parse_amount, read_amount, resolve_currency


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


@pytest.mark.parametrize(
    ("text", "value", "named"),
    [
        ("12 millones", "12000000", None),
        ("12M", "12000000", None),
        ("12 palos", "12000000", None),
        ("3,5k", "3500", None),
        ("8 mil", "8000", None),
        ("USD 800", "800", "USD"),
        ("US$ 1.500", "1500", "USD"),
        ("20 lucas", "20000", "CLP"),
        ("500 euros", "500", "EUR"),
        ("€2.000", "2000", "EUR"),
        ("3000 soles", "3000", "PEN"),
        ("10 mil reales", "10000", "BRL"),
        ("5 millones de pesos", "5000000", "peso"),
        ("4000 pesos", "4000", "peso"),
        ("800 dolares", "800", "USD"),
        ("50 thousand pesos", "50000", "peso"),
    ],
)
def test_read_amount_keeps_the_currency_the_rep_named(text, value, named):
    amount = read_amount(text)
    assert amount == Amount(Decimal(value).quantize(Decimal("0.01")), named)


@pytest.mark.parametrize(
    ("named", "country", "existing", "team", "stored"),
    [
        ("peso", "CO", [], "CLP", "COP"),
        ("peso", "CL", [], "USD", "CLP"),
        ("peso", None, ["MXN"], "CLP", "MXN"),
        ("peso", None, [], None, "CLP"),
        ("EUR", "CL", ["CLP"], "CLP", "EUR"),
        (None, "CO", ["USD"], "CLP", "COP"),
        (None, None, ["USD", "USD"], "CLP", "USD"),
        (None, None, [], "MXN", "MXN"),
        (None, None, [], None, "CLP"),
        (None, "US", [], "CLP", "USD"),
    ],
)
def test_the_named_currency_wins_then_the_account_then_the_team(named, country, existing, team, stored):
    assert resolve_currency(named, country=country, account_currencies=existing, team_currency=team) == stored
