"""The text catalog: every key in both languages, every template fillable in both, every key in use."""

from __future__ import annotations

import re
import string
from datetime import UTC
from pathlib import Path

import texts
from texts.formatting import day_text, money_text, number_text, progress_bar, when_text

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("bot", "actions", "crm_core", "connectors", "texts")
# A key written as the first argument of t() or translations(), as a plain string literal.
LOOKUP = re.compile(r"""\b(?:t|translations)\(\s*["']([A-Za-z0-9_.]+)["']""")
QUOTED = re.compile(r"""["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")
# Words every part may use (yes, no, cancel): on offer, so not dead while no part uses them yet.
SHARED_AREA = "common."


class _AnyValue:
    """Fills any placeholder, whatever format spec it carries ({value:+d} as well as {name})."""

    def __format__(self, spec: str) -> str:
        return "x"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _product_sources() -> dict[Path, str]:
    return {path: path.read_text() for package in PRODUCT for path in (ROOT / package).rglob("*.py")
            if "catalog" not in path.parts and "migrations" not in path.parts}


def test_every_key_has_every_language() -> None:
    missing = {key: sorted(set(texts.LANGUAGES) - set(forms)) for key, forms in texts.catalog().items()
               if set(forms) != set(texts.LANGUAGES)}
    assert missing == {}


def test_both_languages_take_the_same_values() -> None:
    differing = {key for key, forms in texts.catalog().items()
                 if len({frozenset(_fields(template)) for template in forms.values()}) != 1}
    assert differing == set()


def test_every_template_fills_in_both_languages() -> None:
    for key, forms in texts.catalog().items():
        for language, template in forms.items():
            filled = texts.t(key, language, **{name: _AnyValue() for name in _fields(template)})
            assert "{" not in filled.replace("{{", ""), (key, language)


def test_every_key_the_product_looks_up_exists() -> None:
    looked_up = {(path.relative_to(ROOT).as_posix(), key) for path, source in _product_sources().items()
                 for key in LOOKUP.findall(source)}
    assert looked_up, "the pattern finds no lookups: it no longer matches how the code calls t()"
    assert {(path, key) for path, key in looked_up if key not in texts.catalog()} == set()


# `t(f"scheduler.{key}")` in a module's own text helper, which is then called with "agenda.empty"
WRAPPED = re.compile(r"""f["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\.\{""")
# a whole area read at once, e.g. the chart labels: `name.removeprefix("charts.")`
WHOLE_AREA = re.compile(r"""removeprefix\(["']([a-z][a-z0-9_]*\.)["']\)""")


def _used(key: str, quoted: set[str], wrapped: set[str], whole: set[str]) -> bool:
    if key in quoted or key.startswith(SHARED_AREA) or any(key.startswith(area) for area in whole):
        return True
    return any(key.startswith(prefix + ".") and key[len(prefix) + 1:] in quoted for prefix in wrapped)


def test_every_key_is_used_by_the_product() -> None:
    sources = _product_sources().values()
    quoted = {key for source in sources for key in QUOTED.findall(source)}
    quoted |= {word for source in sources for word in re.findall(r"""["']([a-z][a-z0-9_]*)["']""", source)}
    wrapped = {prefix for source in sources for prefix in WRAPPED.findall(source)}
    whole = {area for source in sources for area in WHOLE_AREA.findall(source)}
    unused = {key for key in texts.catalog() if not _used(key, quoted, wrapped, whole)}
    assert sorted(unused) == []


def test_unknown_language_falls_back_to_spanish() -> None:
    assert texts.t("common.yes", "fr") == texts.t("common.yes", "es") == "Sí"


def test_translations_give_every_language_and_a_copy() -> None:
    ack = texts.translations("autoreply.ack")
    assert set(ack) == set(texts.LANGUAGES)
    ack["es"] = "cambiado"
    assert texts.translations("autoreply.ack")["es"] != "cambiado"


def test_assistant_lines_read_as_before() -> None:
    assert texts.t("assistant.signed_percent", "es", value=197) == "+197%"
    assert texts.t("assistant.signed_percent", "en", value=-100) == "-100%"
    assert texts.t("assistant.task.line_with_account", "es", when="hoy", what="Llamar", account="Acme") == \
        "• hoy — Llamar · Acme"
    assert texts.t("assistant.my_campaign.task", "en", label="Visit") == "   – Visit"


def test_formatter_writes_days_times_numbers_and_money_per_language() -> None:
    from datetime import date, datetime
    from decimal import Decimal

    moment = datetime(2025, 11, 25, 12, 0, tzinfo=UTC)
    assert when_text(moment, "es", "America/Santiago") == "martes 25 de noviembre a las 9:00"
    assert when_text(moment, "en", "America/Santiago") == "Tuesday, November 25 at 9:00\u202fAM"
    assert day_text(date(2025, 11, 25), None) == "martes 25 de noviembre"
    assert number_text(Decimal("12345.5"), "es") == "12.345,5"
    assert number_text(12345, "en") == "12,345"
    assert money_text(Decimal("3000"), "EUR", "es") == "3.000,00\xa0€"
    assert money_text(5000, "USD", "en") == "$5,000.00"
    assert progress_bar(62) == "▓▓▓▓▓▓░░░░ 62%"
