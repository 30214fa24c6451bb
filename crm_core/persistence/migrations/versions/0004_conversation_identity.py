"""conversations remember whether the customer's identity was only claimed

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:50:00

A widget visitor who types a known contact's email or phone is attached to that contact but
proves nothing: `identity_verified` is false for such a conversation, and the visitor's details
never change the stored contact.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversations') as batch:
        batch.add_column(sa.Column('identity_verified', sa.Boolean(), nullable=False, server_default=sa.text('true')))


def downgrade() -> None:
    with op.batch_alter_table('conversations') as batch:
        batch.drop_column('identity_verified')
