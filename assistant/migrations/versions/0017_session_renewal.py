"""session renewal: a new shopper session names the expired one of the same browser

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0017'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('shopper_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renewed_from', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_shopper_sessions_renewed_from'), ['renewed_from']
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_shopper_sessions_renewed_from_shopper_sessions'),
            'shopper_sessions',
            ['renewed_from'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade() -> None:
    with op.batch_alter_table('shopper_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_shopper_sessions_renewed_from_shopper_sessions'), type_='foreignkey'
        )
        batch_op.drop_constraint(batch_op.f('uq_shopper_sessions_renewed_from'), type_='unique')
        batch_op.drop_column('renewed_from')
