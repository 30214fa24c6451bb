"""sales plans: a rep's target per month or quarter, and indexes for the sales reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:40:00

Rep performance counts a team's activities per rep and type over a year: an index on
(author_id, occurred_at, type) answers it from the index alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import crm_core.persistence.types

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sales_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('grain', sa.String(length=8), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=8), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('target', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', crm_core.persistence.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', crm_core.persistence.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_sales_plans_set_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sales_plans_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_plans')),
    sa.UniqueConstraint('user_id', 'period_start', 'grain', 'metric', 'currency', name='uq_sales_plans_user_period_metric')
    )
    op.create_index('ix_sales_plans_period', 'sales_plans', ['period_start', 'grain'], unique=False)
    op.create_index('ix_activities_author_occurred_type', 'activities', ['author_id', 'occurred_at', 'type'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_activities_author_occurred_type', table_name='activities')
    op.drop_index('ix_sales_plans_period', table_name='sales_plans')
    op.drop_table('sales_plans')
