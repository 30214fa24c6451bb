"""Every user-facing string of Rumbo in Spanish and English, looked up by key.

The catalog is split by area (`texts/catalog/<area>.py`, each a `CATALOG` dict of
key -> {"es": ..., "en": ...}); keys are unique across areas. Values are
`str.format` templates. Dates, times, money and numbers go through
`texts.formatting`, never through hand-written formats.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from texts import catalog as _catalog_package

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"


def language_of(language: str | None) -> str:
    """The supported language for a user setting (Spanish unless English)."""
    return "en" if language == "en" else DEFAULT_LANGUAGE


@cache
def catalog() -> dict[str, dict[str, str]]:
    """The whole catalog, merged from every area module; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(_catalog_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{_catalog_package.__name__}.{module_info.name}")
        for key, translations in module.CATALOG.items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined twice (again in {module_info.name})")
            merged[key] = translations
    return merged


def t(key: str, language: str | None, /, **values: object) -> str:
    """The text for `key` in the user's language, with `values` filled in."""
    template = catalog()[key][language_of(language)]
    return template.format(**values) if values else template


def translations(key: str) -> dict[str, str]:
    """Every language's text for `key`, e.g. as defaults a company may override per language."""
    return dict(catalog()[key])
