"""Amounts as reps type them (5000, $5,000, 12k, 3.500 €, USD 800, 8 mil, 12 palos) and which currency they are in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# "pesos" names no code on its own: it is the peso of the account's country.
PESO = "peso"
# The demo company sells in Chile; a team without a currency of its own uses it.
DEFAULT_TEAM_CURRENCY = "CLP"

_CURRENCY_WORDS = {
    "$": None, "usd": "USD", "us$": "USD", "u$s": "USD", "dolares": "USD", "dólares": "USD", "dolar": "USD",
    "dólar": "USD", "dollars": "USD", "dollar": "USD", "bucks": "USD", "verdes": "USD",
    "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR", "clp": "CLP", "mxn": "MXN", "cop": "COP",
    "pen": "PEN", "ars": "ARS", "brl": "BRL", "uyu": "UYU", "gbp": "GBP", "£": "GBP", "r$": "BRL",
    "pesos": PESO, "peso": PESO, "soles": "PEN", "sol": "PEN", "reales": "BRL", "reais": "BRL", "real": "BRL",
    "lucas": "CLP", "luca": "CLP", "libras": "GBP", "pounds": "GBP",
}
_MULTIPLIERS = {"k": 1_000, "mil": 1_000, "m": 1_000_000, "mm": 1_000_000, "millones": 1_000_000,
                "millon": 1_000_000, "millón": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
                "lucas": 1_000, "luca": 1_000, "palos": 1_000_000, "palo": 1_000_000, "mill": 1_000_000,
                "thousand": 1_000, "thousands": 1_000, "grand": 1_000}
_PRE = r"us\$|u\$s|usd|eur|clp|mxn|cop|pen|ars|brl|uyu|gbp|r\$|\$|€|£"
_POST = (r"usd|eur|euros?|clp|mxn|cop|pen|ars|brl|uyu|gbp|d[oó]lares|d[oó]lar|dollars?|bucks|verdes|pesos?|"
         r"soles|sol|reales|reais|real|libras|pounds|lucas|luca|€|£")
_PATTERN = re.compile(
    rf"(?P<pre>{_PRE})?\s*"
    r"(?P<num>\d[\d.,]*)\s*"
    r"(?P<mult>millones|millions|million|millón|millon|mill|thousands|thousand|grand|lucas|luca|palos|palo|mil|mm|k|m)?"
    r"\b\s*"
    rf"(?:de\s+|of\s+)?(?P<post>{_POST})?(?!\w)",
    re.IGNORECASE,
)

# The currency of each country's accounts, by ISO 3166 code.
COUNTRY_CURRENCY = {
    "CL": "CLP", "CO": "COP", "MX": "MXN", "AR": "ARS", "UY": "UYU", "PE": "PEN", "BR": "BRL", "BO": "BOB",
    "PY": "PYG", "EC": "USD", "SV": "USD", "PA": "USD", "US": "USD", "CR": "CRC", "GT": "GTQ", "DO": "DOP",
    "CU": "CUP", "PH": "PHP", "ES": "EUR", "PT": "EUR", "FR": "EUR", "DE": "EUR", "IT": "EUR", "NL": "EUR",
    "IE": "EUR", "GB": "GBP", "CA": "CAD", "VE": "VES", "HN": "HNL", "NI": "NIO",
}
PESO_CURRENCIES = frozenset({"CLP", "COP", "MXN", "ARS", "UYU", "DOP", "CUP", "PHP"})


@dataclass(frozen=True)
class Amount:
    """An amount as typed: its value and the currency named (a code, PESO, or None when none was said)."""

    value: Decimal
    named: str | None


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


def read_amount(text: str) -> Amount | None:
    """The amount in `text` and the currency the rep named, or None when there is no amount."""
    match = _PATTERN.search(text.strip())
    if not match:
        return None
    try:
        value = _number(match.group("num").rstrip(".,"))
    except InvalidOperation:
        return None
    mult = (match.group("mult") or "").lower()
    value *= _MULTIPLIERS.get(mult, 1)
    named = _CURRENCY_WORDS.get(mult) if mult in ("lucas", "luca") else None
    for word in (match.group("pre"), match.group("post")):
        if word:
            named = _CURRENCY_WORDS.get(word.lower(), named) or named
    return Amount(value.quantize(Decimal("0.01")), named)


def amount_text(text: str) -> str | None:
    """The piece of a sentence that is an amount ("por 3,5k", "5k opportunity" -> "3,5k", "5k"), or None."""
    for match in _PATTERN.finditer(text or ""):
        if match.group("pre") or match.group("mult") or match.group("post") or len(match.group("num")) >= 3:
            return match.group(0).strip()
    return None


def parse_amount(text: str) -> tuple[Decimal, str | None] | None:
    """The amount and its currency code (None when not said, or a bare "pesos"), or None without an amount."""
    amount = read_amount(text)
    if amount is None:
        return None
    return amount.value, amount.named if amount.named != PESO else None


def parse_exact_amount(text: str) -> tuple[Decimal, str | None] | None:
    """Like `parse_amount`, for a cell that must hold an amount and nothing else."""
    match = _PATTERN.fullmatch(text.strip())
    if not match:
        return None
    return parse_amount(match.group(0))


def resolve_currency(named: str | None, *, country: str | None, account_currencies: list[str],
                     team_currency: str | None) -> str:
    """The currency an amount is stored in.

    What the rep named wins ("pesos" is the peso of the account's country); otherwise the
    account's own currency (its country's, then that of its open opportunities); then the team's.
    """
    team = (team_currency or DEFAULT_TEAM_CURRENCY).upper()
    from_country = COUNTRY_CURRENCY.get((country or "").upper())
    if named == PESO:
        for candidate in (from_country, *account_currencies, team):
            if candidate in PESO_CURRENCIES:
                return candidate
        return DEFAULT_TEAM_CURRENCY
    if named:
        return named
    if from_country:
        return from_country
    if account_currencies:
        return max(set(account_currencies), key=account_currencies.count)
    return team
