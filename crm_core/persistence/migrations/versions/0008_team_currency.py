"""a team's default currency

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:40:00

Amounts typed without a currency on an account without one of its own are stored in the
team's currency; teams without one use crm_core.domain.money.DEFAULT_TEAM_CURRENCY.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("currency", sa.String(length=3), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("currency")
