"""coupon listed: whether a coupon is among the codes told to shoppers who ask which exist

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Coupons from before this revision stay listed, as every coupon was public until now.
    with op.batch_alter_table('coupons', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('listed', sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table('coupons', schema=None) as batch_op:
        batch_op.drop_column('listed')
