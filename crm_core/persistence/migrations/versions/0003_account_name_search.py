"""account name search served by an index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:40:00

A typed word may sit anywhere in an account's name, so name lookups run LIKE '%word%',
which a B-tree cannot serve. PostgreSQL gets a pg_trgm GIN index on accounts.search_name
(skipped with a warning where the pg_trgm extension cannot be created); SQLite gets an
FTS5 trigram table over the same column, kept in step by triggers. See
crm_core/persistence/name_search.py.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")

SQLITE_UP = [
    "CREATE VIRTUAL TABLE account_name_trigrams USING fts5("
    "search_name, content='accounts', content_rowid='id', tokenize='trigram')",
    "INSERT INTO account_name_trigrams(account_name_trigrams) VALUES ('rebuild')",
    "CREATE TRIGGER accounts_name_trigrams_insert AFTER INSERT ON accounts BEGIN "
    "INSERT INTO account_name_trigrams(rowid, search_name) VALUES (new.id, new.search_name); END",
    "CREATE TRIGGER accounts_name_trigrams_delete AFTER DELETE ON accounts BEGIN "
    "INSERT INTO account_name_trigrams(account_name_trigrams, rowid, search_name) "
    "VALUES ('delete', old.id, old.search_name); END",
    "CREATE TRIGGER accounts_name_trigrams_update AFTER UPDATE OF search_name ON accounts BEGIN "
    "INSERT INTO account_name_trigrams(account_name_trigrams, rowid, search_name) "
    "VALUES ('delete', old.id, old.search_name); "
    "INSERT INTO account_name_trigrams(rowid, search_name) VALUES (new.id, new.search_name); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS accounts_name_trigrams_update",
    "DROP TRIGGER IF EXISTS accounts_name_trigrams_delete",
    "DROP TRIGGER IF EXISTS accounts_name_trigrams_insert",
    "DROP TABLE IF EXISTS account_name_trigrams",
]


def _pg_trgm_schema(connection: sa.Connection) -> str | None:
    """The schema holding pg_trgm, creating the extension in public when it is missing."""
    find = sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                   "WHERE e.extname = 'pg_trgm'")
    schema = connection.execute(find).scalar()
    if schema is None:
        try:
            with connection.begin_nested():
                connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"))
        except sa.exc.DBAPIError as exc:
            logger.warning("pg_trgm is not available (%s): account names are searched without an index",
                           str(exc.orig).splitlines()[0])
            return None
        schema = connection.execute(find).scalar()
    return schema


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif connection.dialect.name == "postgresql":
        schema = _pg_trgm_schema(connection)
        if schema is not None:
            op.execute(f'CREATE INDEX ix_accounts_search_name_trgm ON accounts '
                       f'USING gin (search_name "{schema}".gin_trgm_ops)')


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif connection.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_accounts_search_name_trgm")
