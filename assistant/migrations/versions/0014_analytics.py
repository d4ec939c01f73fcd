"""analytics: one CSAT rating per conversation with its resolver, products shown or carted per
conversation, knowledge gaps, and indexes for per-store date-range queries

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

from assistant.domain.base import UTCDateTime

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_off_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column('first_agent_reply_at', UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column('assisted_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reopened_at', UTCDateTime(timezone=True), nullable=True))
    # Conversations that already exist get what their handoffs and messages say.
    op.execute(
        'UPDATE conversations SET handed_off_at = (SELECT MIN(handoffs.requested_at) '
        'FROM handoffs WHERE handoffs.conversation_id = conversations.id)'
    )
    op.execute(
        "UPDATE conversations SET first_agent_reply_at = (SELECT MIN(messages.created_at) "
        "FROM messages WHERE messages.conversation_id = conversations.id "
        "AND messages.role = 'agent')"
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('resolver', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('updated_at', UTCDateTime(timezone=True), nullable=True))
    _backfill_reopened()
    op.create_index(
        'uq_feedback_conversation_rating',
        'feedback',
        ['conversation_id'],
        unique=True,
        sqlite_where=sa.text('message_id IS NULL'),
        postgresql_where=sa.text('message_id IS NULL'),
    )
    op.create_table(
        'conversation_products',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=32), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ['conversation_id'], ['conversations.id'],
            name=op.f('fk_conversation_products_conversation_id_conversations'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['product_id'], ['products.id'],
            name=op.f('fk_conversation_products_product_id_products'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'],
            name=op.f('fk_conversation_products_store_id_stores'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_products')),
        sa.UniqueConstraint(
            'conversation_id', 'product_id', 'kind',
            name=op.f('uq_conversation_products_conversation_id_product_id_kind'),
        ),
    )
    op.create_index(
        op.f('ix_conversation_products_conversation_id'), 'conversation_products',
        ['conversation_id'],
    )
    op.create_index(
        op.f('ix_conversation_products_store_id'), 'conversation_products', ['store_id']
    )
    op.create_index(
        'ix_conversation_products_store_created', 'conversation_products',
        ['store_id', 'created_at'],
    )
    op.create_table(
        'knowledge_gaps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=32), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=64), nullable=True),
        sa.Column('confidence', sa.Double(), nullable=True),
        sa.Column('language', sa.String(length=16), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ['conversation_id'], ['conversations.id'],
            name=op.f('fk_knowledge_gaps_conversation_id_conversations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'],
            name=op.f('fk_knowledge_gaps_store_id_stores'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_gaps')),
    )
    op.create_index(
        op.f('ix_knowledge_gaps_conversation_id'), 'knowledge_gaps', ['conversation_id']
    )
    op.create_index(op.f('ix_knowledge_gaps_store_id'), 'knowledge_gaps', ['store_id'])
    op.create_index(
        'ix_knowledge_gaps_store_created', 'knowledge_gaps', ['store_id', 'created_at']
    )
    op.create_index(
        'ix_conversations_store_created', 'conversations', ['store_id', 'created_at']
    )
    op.create_index('ix_handoffs_store_requested', 'handoffs', ['store_id', 'requested_at'])
    op.create_index('ix_orders_store_placed', 'orders', ['store_id', 'placed_at'])
    op.create_index('ix_conversations_customer', 'conversations', ['customer_id'])
    op.create_index('ix_orders_session', 'orders', ['session_id'])


def downgrade() -> None:
    op.drop_index('ix_orders_session', table_name='orders')
    op.drop_index('ix_conversations_customer', table_name='conversations')
    op.drop_index('ix_orders_store_placed', table_name='orders')
    op.drop_index('ix_handoffs_store_requested', table_name='handoffs')
    op.drop_index('ix_conversations_store_created', table_name='conversations')
    op.drop_table('knowledge_gaps')
    op.drop_table('conversation_products')
    op.drop_index('uq_feedback_conversation_rating', table_name='feedback')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('resolver')
        batch_op.drop_column('resolved_by')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('reopened_at')
        batch_op.drop_column('assisted_at')
        batch_op.drop_column('first_agent_reply_at')
        batch_op.drop_column('handed_off_at')


def _backfill_reopened() -> None:
    """Resolved conversations the same session or customer followed within 7 days."""
    conversations = sa.table(
        'conversations',
        sa.column('id', sa.String()),
        sa.column('session_id', sa.String()),
        sa.column('customer_id', sa.Integer()),
        sa.column('created_at', UTCDateTime(timezone=True)),
        sa.column('resolved_at', UTCDateTime(timezone=True)),
        sa.column('reopened_at', UTCDateTime(timezone=True)),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            conversations.c.id,
            conversations.c.session_id,
            conversations.c.customer_id,
            conversations.c.created_at,
            conversations.c.resolved_at,
        )
    ).all()
    starts: dict[tuple[str, object], list[tuple[object, str]]] = {}
    for row in rows:
        starts.setdefault(('s', row.session_id), []).append((row.created_at, row.id))
        if row.customer_id is not None:
            starts.setdefault(('c', row.customer_id), []).append((row.created_at, row.id))
    window = timedelta(days=7)
    for row in rows:
        if row.resolved_at is None:
            continue
        later = [
            started
            for key in (('s', row.session_id), ('c', row.customer_id))
            for started, other in starts.get(key, [])
            if other != row.id and row.resolved_at <= started <= row.resolved_at + window
        ]
        if later:
            bind.execute(
                conversations.update()
                .where(conversations.c.id == row.id)
                .values(reopened_at=min(later))
            )
