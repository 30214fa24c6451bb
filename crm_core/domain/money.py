"""Amounts as reps type them: 5000, $5,000, 12k, 3.500 €, USD 800, 8 mil."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_CURRENCY_WORDS = {
    "$": None, "usd": "USD", "us$": "USD", "dolares": "USD", "dólares": "USD", "dollars": "USD",
    "€": "EUR", "eur": "EUR", "euros": "EUR", "clp": "CLP", "mxn": "MXN", "cop": "COP",
    "pen": "PEN", "ars": "ARS", "pesos": None, "soles": "PEN", "£": "GBP", "gbp": "GBP",
}
_MULTIPLIERS = {"k": 1_000, "mil": 1_000, "m": 1_000_000, "mm": 1_000_000, "millones": 1_000_000,
                "millon": 1_000_000, "millón": 1_000_000, "million": 1_000_000, "lucas": 1_000}
_PATTERN = re.compile(
    r"(?P<pre>us\$|usd|eur|clp|mxn|cop|pen|ars|gbp|\$|€|£)?\s*"
    r"(?P<num>\d[\d.,]*)\s*"
    r"(?P<mult>millones|million|millón|millon|lucas|mil|mm|k|m)?\b\s*"
    r"(?P<post>usd|eur|euros|clp|mxn|cop|pen|ars|gbp|dólares|dolares|dollars|pesos|soles|€|£)?",
    re.IGNORECASE,
)


def _number(text: str) -> Decimal:
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif dots or commas:
        sep = "." if dots else ","
        groups = text.split(sep)
        if all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3 and groups[0]:
            text = text.replace(sep, "")
        elif len(groups) == 2:
            text = text.replace(sep, ".")
        else:
            raise InvalidOperation(text)
    return Decimal(text)


def parse_amount(text: str) -> tuple[Decimal, str | None] | None:
    """The amount and its currency code (None when not said), or None when there is no amount."""
    match = _PATTERN.search(text.strip())
    if not match:
        return None
    try:
        value = _number(match.group("num").rstrip(".,"))
    except InvalidOperation:
        return None
    mult = (match.group("mult") or "").lower()
    value *= _MULTIPLIERS.get(mult, 1)
    currency = None
    for word in (match.group("pre"), match.group("post")):
        if word:
            currency = _CURRENCY_WORDS.get(word.lower(), currency) or currency
    return value.quantize(Decimal("0.01")), currency


def parse_exact_amount(text: str) -> tuple[Decimal, str | None] | None:
    """Like `parse_amount`, for a cell that must hold an amount and nothing else."""
    match = _PATTERN.fullmatch(text.strip())
    if not match:
        return None
    return parse_amount(match.group(0))
