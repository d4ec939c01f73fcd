"""order checkout token: the secret in the link to the built-in checkout page

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Orders from before this revision have no token: the built-in page cannot open them.
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkout_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_orders_checkout_token'), ['checkout_token'])


def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_orders_checkout_token'), type_='unique')
        batch_op.drop_column('checkout_token')
