"""payment events: what each provider event did, one row per (store, provider, event id)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from assistant.domain.base import UTCDateTime


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'payment_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('provider', sa.String(length=32), nullable=False),
        sa.Column('event_id', sa.String(length=200), nullable=False),
        sa.Column('type', sa.String(length=32), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=True),
        sa.Column('order_number', sa.String(length=32), nullable=True),
        sa.Column('amount_minor', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('occurred_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('received_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('outcome', sa.String(length=32), nullable=False),
        sa.Column('needs_attention', sa.Boolean(), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ['order_id'], ['orders.id'], name=op.f('fk_payment_events_order_id_orders'),
            ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'], name=op.f('fk_payment_events_store_id_stores'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_events')),
        sa.UniqueConstraint(
            'store_id', 'provider', 'event_id',
            name=op.f('uq_payment_events_store_id_provider_event_id'),
        ),
    )
    with op.batch_alter_table('payment_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_events_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_events_store_id'), ['store_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('payment_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_events_store_id'))
        batch_op.drop_index(batch_op.f('ix_payment_events_order_id'))
    op.drop_table('payment_events')
