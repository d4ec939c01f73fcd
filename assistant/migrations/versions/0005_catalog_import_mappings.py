"""catalog import mappings: the profile and rules a store's export layout was read with

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import assistant.domain.base


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('catalog_import_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('column_key', sa.String(length=64), nullable=False),
    sa.Column('profile', sa.String(length=32), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_catalog_import_mappings_store_id_stores'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_import_mappings')),
    sa.UniqueConstraint('store_id', 'column_key', name=op.f('uq_catalog_import_mappings_store_id_column_key'))
    )
    with op.batch_alter_table('catalog_import_mappings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_import_mappings_store_id'), ['store_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('catalog_import_mappings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_import_mappings_store_id'))

    op.drop_table('catalog_import_mappings')
