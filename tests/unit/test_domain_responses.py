"""Every response in domain.yml speaks Spanish and English, and both say the same things.

A response's English variant carries the condition `slot language = en`; the Spanish one has
no condition (Rasa falls back to it for Spanish and for any other language).
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
RESPONSES: dict[str, list[dict[str, Any]]] = YAML(typ="safe").load((ROOT / "domain.yml").read_text())["responses"]


def _language(variant: dict[str, Any]) -> str | None:
    """The language a variant is for: "es" without a condition, the slot value with one, else None."""
    conditions = variant.get("condition") or []
    if not conditions:
        return "es"
    if len(conditions) == 1 and conditions[0].get("type") == "slot" and conditions[0].get("name") == "language":
        return str(conditions[0].get("value"))
    return None


def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _payloads(variant: dict[str, Any]) -> list[str]:
    return [button["payload"] for button in variant.get("buttons") or []]


def test_every_response_has_one_spanish_and_one_english_variant() -> None:
    assert len(RESPONSES) > 100
    languages = {name: sorted(str(_language(variant)) for variant in variants)
                 for name, variants in RESPONSES.items()}
    assert {name: found for name, found in languages.items() if found != ["en", "es"]} == {}


def test_both_languages_take_the_same_values_and_buttons() -> None:
    differing = []
    for name, variants in RESPONSES.items():
        by_language = {_language(variant): variant for variant in variants}
        spanish, english = by_language.get("es", {}), by_language.get("en", {})
        if not (spanish.get("text") and english.get("text")) \
                or _fields(spanish["text"]) != _fields(english["text"]) \
                or _payloads(spanish) != _payloads(english):
            differing.append(name)
    assert differing == []
