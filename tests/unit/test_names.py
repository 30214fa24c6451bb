"""Matching typed names to accounts: one sure match or candidates, never a guess."""

from crm_core.domain.names import pick, rank, search_key

ACCOUNTS = [(1, "Acme Corp"), (2, "ACME Logística"), (3, "Ferretería El Martillo"), (4, "Panadería San José")]


def test_search_key_drops_accents_case_and_punctuation():
    assert search_key("  Ferretería  El-Martillo, S.A. ") == "ferreteria el martillo s a"


def test_a_name_shared_by_two_accounts_gives_candidates():
    match, candidates = pick(rank("acme", ACCOUNTS))
    assert match is None
    assert [c.id for c in candidates] == [1, 2]


def test_an_exact_name_wins_over_a_close_one():
    match, _ = pick(rank("acme corp", ACCOUNTS))
    assert match is not None and match.id == 1


def test_a_typo_still_finds_the_only_close_account():
    match, _ = pick(rank("ferreteria el martiyo", ACCOUNTS))
    assert match is not None and match.id == 3


def test_nothing_close_gives_nothing():
    assert pick(rank("zapatería", ACCOUNTS)) == (None, [])
