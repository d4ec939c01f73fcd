"""cart recovery: the audit log of reminders and offers, a cart's recovery step, consent wording

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from assistant.domain.base import UTCDateTime


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'recovery_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cart_id', sa.String(length=32), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=True),
        sa.Column('session_id', sa.String(length=32), nullable=True),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('step', sa.Integer(), nullable=False),
        sa.Column('percent_off', sa.Integer(), nullable=False),
        sa.Column('coupon_code', sa.String(length=64), nullable=True),
        sa.Column('webhook_delivery_id', sa.Integer(), nullable=True),
        sa.Column('at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('shown_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ['cart_id'], ['carts.id'],
            name=op.f('fk_recovery_messages_cart_id_carts'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['customer_id'], ['customers.id'],
            name=op.f('fk_recovery_messages_customer_id_customers'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'],
            name=op.f('fk_recovery_messages_store_id_stores'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['webhook_delivery_id'], ['webhook_deliveries.id'],
            name=op.f('fk_recovery_messages_webhook_delivery_id_webhook_deliveries'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_messages')),
        sa.UniqueConstraint(
            'cart_id', 'step', 'channel', name=op.f('uq_recovery_messages_cart_id_step_channel')
        ),
    )
    with op.batch_alter_table('recovery_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_messages_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_recovery_messages_cart_id'), ['cart_id'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_recovery_messages_customer_id'), ['customer_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_recovery_messages_session_id'), ['session_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_recovery_messages_store_id'), ['store_id'], unique=False
        )
    with op.batch_alter_table('carts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('recovery_step', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(sa.Column('recovery_stopped', sa.String(length=16), nullable=True))
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wording', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_column('wording')
    with op.batch_alter_table('carts', schema=None) as batch_op:
        batch_op.drop_column('recovery_stopped')
        batch_op.drop_column('recovery_step')
    op.drop_table('recovery_messages')
