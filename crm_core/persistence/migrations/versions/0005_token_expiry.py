"""API tokens may expire

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:30:00

An API token can carry an expiry time; tokens without one stay valid until revoked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import crm_core.persistence.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_tokens') as batch:
        batch.add_column(sa.Column('expires_at', crm_core.persistence.types.UTCDateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('api_tokens') as batch:
        batch.drop_column('expires_at')
