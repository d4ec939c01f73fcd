"""analytics roll-ups: per-store daily counts of the analytics figures, their keyed figures,
and the days a later write made out of date

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from assistant.domain.base import UTCDateTime

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DAY_COUNTS = (
    'conversations', 'handed_off', 'resolved', 'reopened', 'automated', 'not_replied',
    'assisted', 'converted',
)


def _store_column() -> sa.Column[str]:
    return sa.Column('store_id', sa.String(length=64), nullable=False)


def upgrade() -> None:
    # New tables only (no batch rebuild of an existing one), so nothing cascades on SQLite.
    op.create_table(
        'analytics_days',
        _store_column(),
        sa.Column('day', sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in DAY_COUNTS),
        sa.Column('rolled_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'], name=op.f('fk_analytics_days_store_id_stores'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('store_id', 'day', name=op.f('pk_analytics_days')),
    )
    op.create_table(
        'analytics_day_counts',
        _store_column(),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('figure', sa.String(length=32), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'], name=op.f('fk_analytics_day_counts_store_id_stores'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'store_id', 'day', 'figure', 'key', name=op.f('pk_analytics_day_counts')
        ),
    )
    op.create_table(
        'analytics_stale_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('marked_at', UTCDateTime(timezone=True), nullable=False),
        _store_column(),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'], name=op.f('fk_analytics_stale_days_store_id_stores'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_analytics_stale_days')),
    )
    op.create_index(
        op.f('ix_analytics_stale_days_store_id'), 'analytics_stale_days', ['store_id']
    )
    op.create_index(
        'ix_analytics_stale_days_store_day', 'analytics_stale_days', ['store_id', 'day']
    )


def downgrade() -> None:
    op.drop_index('ix_analytics_stale_days_store_day', table_name='analytics_stale_days')
    op.drop_index(op.f('ix_analytics_stale_days_store_id'), table_name='analytics_stale_days')
    op.drop_table('analytics_stale_days')
    op.drop_table('analytics_day_counts')
    op.drop_table('analytics_days')
