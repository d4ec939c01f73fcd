"""bargaining: variant costs, per-category and per-product limits, the log of offers

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from assistant.domain.base import UTCDateTime


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost_minor', sa.BigInteger(), nullable=True))
    op.create_table(
        'bargaining_rules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=True),
        sa.Column('product_id', sa.Integer(), nullable=True),
        sa.Column('limits', sa.JSON(), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            '(category_id IS NULL) <> (product_id IS NULL)',
            name=op.f('ck_bargaining_rules_one_category_or_product'),
        ),
        sa.ForeignKeyConstraint(
            ['category_id'], ['categories.id'],
            name=op.f('fk_bargaining_rules_category_id_categories'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['product_id'], ['products.id'],
            name=op.f('fk_bargaining_rules_product_id_products'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'],
            name=op.f('fk_bargaining_rules_store_id_stores'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bargaining_rules')),
        sa.UniqueConstraint(
            'store_id', 'category_id', name=op.f('uq_bargaining_rules_store_id_category_id')
        ),
        sa.UniqueConstraint(
            'store_id', 'product_id', name=op.f('uq_bargaining_rules_store_id_product_id')
        ),
    )
    with op.batch_alter_table('bargaining_rules', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_bargaining_rules_store_id'), ['store_id'], unique=False
        )
    op.create_table(
        'bargain_offers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=64), nullable=False),
        sa.Column('session_id', sa.String(length=32), nullable=True),
        sa.Column('cart_id', sa.String(length=32), nullable=True),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('refusal', sa.String(length=32), nullable=True),
        sa.Column('offered', sa.Boolean(), nullable=True),
        sa.Column('reason', sa.String(length=32), nullable=False),
        sa.Column('asked_percent', sa.Integer(), nullable=True),
        sa.Column('percent_off', sa.Integer(), nullable=True),
        sa.Column('ceiling_percent', sa.Integer(), nullable=False),
        sa.Column('coupon_id', sa.Integer(), nullable=True),
        sa.Column('coupon_code', sa.String(length=64), nullable=True),
        sa.Column('ends_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ['cart_id'], ['carts.id'],
            name=op.f('fk_bargain_offers_cart_id_carts'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['coupon_id'], ['coupons.id'],
            name=op.f('fk_bargain_offers_coupon_id_coupons'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['product_id'], ['products.id'],
            name=op.f('fk_bargain_offers_product_id_products'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['session_id'], ['shopper_sessions.id'],
            name=op.f('fk_bargain_offers_session_id_shopper_sessions'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['store_id'], ['stores.id'],
            name=op.f('fk_bargain_offers_store_id_stores'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bargain_offers')),
        sa.UniqueConstraint(
            'store_id', 'conversation_id', 'product_id', 'offered',
            name=op.f('uq_bargain_offers_store_id_conversation_id_product_id_offered'),
        ),
    )
    with op.batch_alter_table('bargain_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bargain_offers_store_id'), ['store_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bargain_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bargain_offers_store_id'))
    op.drop_table('bargain_offers')
    with op.batch_alter_table('bargaining_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bargaining_rules_store_id'))
    op.drop_table('bargaining_rules')
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.drop_column('cost_minor')
