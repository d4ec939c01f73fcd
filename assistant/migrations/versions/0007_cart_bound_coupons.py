"""cart-bound coupons: who issued a coupon, and the one cart an assistant's coupon is for

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('coupons', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('origin', sa.String(length=16), nullable=False, server_default='merchant')
        )
        batch_op.add_column(sa.Column('cart_id', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_coupons_cart_id'), ['cart_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_coupons_cart_id_carts'), 'carts', ['cart_id'], ['id'],
            ondelete='CASCADE',
        )


def downgrade() -> None:
    with op.batch_alter_table('coupons', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_coupons_cart_id_carts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_coupons_cart_id'))
        batch_op.drop_column('cart_id')
        batch_op.drop_column('origin')
