"""Undo tokens are signed, bound to one record instance and its author."""

from __future__ import annotations

from crm_core.domain.undo import UndoClaim, sign, verify

SECRET = "s3cret"


def test_a_token_round_trips_its_claim():
    claim = UndoClaim("activity", 40, 7, 1_764_600_000_000_000)
    assert verify(SECRET, sign(SECRET, claim)) == claim


def test_an_altered_or_foreign_token_is_refused():
    token = sign(SECRET, UndoClaim("activity", 40, 7, 123))
    assert verify(SECRET, token.replace(".40.", ".41.")) is None
    assert verify(SECRET, token.replace(".7.", ".8.")) is None
    assert verify("other", token) is None
    assert verify(SECRET, "40") is None
    assert verify(SECRET, "") is None
