"""Word-in-name conditions on accounts that an index answers, on both databases.

A typed word may sit anywhere in a name ("martillo" in "ferreteria el martillo"), which a
B-tree cannot serve: `LIKE '%martillo%'` reads every account. PostgreSQL answers it from a
pg_trgm GIN index on `accounts.search_name`, so the plain LIKE stays. SQLite answers it from
`account_name_trigrams`, an FTS5 table with the trigram tokenizer kept in step with
`accounts` by triggers, queried with one phrase per word. Trigrams need three letters:
shorter words fall back to LIKE. Both tables are created by migration 0003.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, column, literal, literal_column, or_, select, table

from crm_core.persistence.models import Account

TRIGRAMS = "account_name_trigrams"
PG_TRIGRAM_INDEX = "ix_accounts_search_name_trgm"
_TRIGRAM_TABLE = table(TRIGRAMS, column("rowid"))


def _phrase(word: str) -> str:
    # search keys hold letters, digits and spaces only; a quote would be doubled all the same
    return '"' + word.replace('"', '""') + '"'


def _indexed(words: list[str], joiner: str) -> ColumnElement[bool]:
    query = f" {joiner} ".join(_phrase(w) for w in words)
    match = literal_column(TRIGRAMS).op("MATCH")(literal(query))
    return Account.id.in_(select(_TRIGRAM_TABLE.c.rowid).where(match))


def _like(word: str) -> ColumnElement[bool]:
    return Account.search_name.contains(word, autoescape=True)


def holds_all(dialect: str, words: list[str]) -> ColumnElement[bool]:
    """Accounts whose search name holds every word."""
    if dialect != "sqlite":
        return and_(*[_like(w) for w in words])
    long_words = [w for w in words if len(w) >= 3]
    short = [_like(w) for w in words if len(w) < 3]
    return and_(_indexed(long_words, "AND"), *short) if long_words else and_(*short)


def holds(dialect: str, word: str) -> ColumnElement[bool]:
    """Accounts whose search name holds the word."""
    return holds_all(dialect, [word])


def holds_any(dialect: str, words: list[str]) -> ColumnElement[bool]:
    """Accounts whose search name holds at least one of the words."""
    if dialect != "sqlite":
        return or_(*[_like(w) for w in words])
    long_words = [w for w in words if len(w) >= 3]
    short = [_like(w) for w in words if len(w) < 3]
    return or_(_indexed(long_words, "OR"), *short) if long_words else or_(*short)


def described_by_models(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's include_object: leave out the search structures the models do not describe."""
    if type_ == "table" and name and name.startswith(TRIGRAMS):
        return False
    return not (type_ == "index" and name == PG_TRIGRAM_INDEX)
