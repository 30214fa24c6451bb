"""The text catalog: every key in both languages, every template fillable in both."""

from __future__ import annotations

import string

import texts


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_has_every_language():
    missing = {key: sorted(set(texts.LANGUAGES) - set(forms)) for key, forms in texts.catalog().items()
               if set(forms) != set(texts.LANGUAGES)}
    assert missing == {}


def test_both_languages_take_the_same_values():
    differing = {key for key, forms in texts.catalog().items()
                 if len({frozenset(_fields(template)) for template in forms.values()}) != 1}
    assert differing == set()


def test_unknown_language_falls_back_to_spanish():
    assert texts.t("common.yes", "fr") == texts.t("common.yes", "es") == "Sí"
