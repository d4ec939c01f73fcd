"""proactive guide: the openers it posted and the shoppers who switched it off

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import assistant.domain.base


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('guide_openers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('conversation_id', sa.String(length=32), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('rule', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_guide_openers_conversation_id_conversations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_guide_openers_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_guide_openers_message_id_messages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_guide_openers_product_id_products'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['shopper_sessions.id'], name=op.f('fk_guide_openers_session_id_shopper_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_guide_openers_store_id_stores'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_openers')),
    sa.UniqueConstraint('session_id', 'subject', name=op.f('uq_guide_openers_session_id_subject'))
    )
    with op.batch_alter_table('guide_openers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_openers_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_openers_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_openers_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_openers_store_id'), ['store_id'], unique=False)

    op.create_table('guide_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_guide_opt_outs_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['shopper_sessions.id'], name=op.f('fk_guide_opt_outs_session_id_shopper_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_guide_opt_outs_store_id_stores'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_opt_outs')),
    sa.UniqueConstraint('session_id', name=op.f('uq_guide_opt_outs_session_id'))
    )
    with op.batch_alter_table('guide_opt_outs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_opt_outs_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_opt_outs_store_id'), ['store_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('guide_opt_outs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_opt_outs_store_id'))
        batch_op.drop_index(batch_op.f('ix_guide_opt_outs_customer_id'))
    op.drop_table('guide_opt_outs')

    with op.batch_alter_table('guide_openers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_openers_store_id'))
        batch_op.drop_index(batch_op.f('ix_guide_openers_session_id'))
        batch_op.drop_index(batch_op.f('ix_guide_openers_customer_id'))
        batch_op.drop_index(batch_op.f('ix_guide_openers_created_at'))
    op.drop_table('guide_openers')
