"""Matching what a rep typed ("acme") to account names ("Acme Corp", "ACME Logística")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")

SURE_SCORE = 88.0
MARGIN = 8.0
CANDIDATE_SCORE = 62.0
MAX_CANDIDATES = 5


def search_key(text: str) -> str:
    """Lowercase, accent-free, punctuation-free form used for lookups."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _PUNCTUATION.sub(" ", plain.lower())
    return _SPACES.sub(" ", plain).strip()


@dataclass(frozen=True)
class Scored:
    id: int
    name: str
    score: float


def rank(query: str, names: Iterable[tuple[int, str]]) -> list[Scored]:
    """Rank candidate (id, name) pairs by similarity to the query, best first."""
    return rank_keyed(query, [(account_id, name, search_key(name)) for account_id, name in names])


def rank_keyed(query: str, names: Iterable[tuple[int, str, str]]) -> list[Scored]:
    """Like `rank`, for (id, name, search key) rows whose keys are already stored."""
    choices: dict[int, str] = {}
    keys: dict[int, str] = {}
    for account_id, name, name_key in names:
        choices[account_id], keys[account_id] = name, name_key
    key = search_key(query)
    if not key or not choices:
        return []
    found = process.extract(
        key, keys, scorer=fuzz.WRatio, processor=utils.default_process, limit=MAX_CANDIDATES * 4
    )
    scored = [Scored(account_id, choices[account_id], float(score)) for _, score, account_id in found]
    exact = [s for s in scored if keys[s.id] == key]
    if exact:
        boosted = [Scored(s.id, s.name, 100.0) for s in exact]
        return boosted + [s for s in scored if keys[s.id] != key and s.score < 100.0]
    return sorted(scored, key=lambda s: (-s.score, len(s.name), s.id))


def pick(ranked: list[Scored]) -> tuple[Scored | None, list[Scored]]:
    """One sure match, or the candidates worth offering (never a guess between close names)."""
    good = [s for s in ranked if s.score >= CANDIDATE_SCORE][:MAX_CANDIDATES]
    if not good:
        return None, []
    best = good[0]
    runner_up = good[1].score if len(good) > 1 else 0.0
    if best.score >= SURE_SCORE and best.score - runner_up >= MARGIN:
        return best, []
    if best.score == 100.0 and runner_up < 100.0:
        return best, []
    return None, good
