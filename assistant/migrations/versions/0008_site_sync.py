"""site sync: the pages of a store's own site, sync runs, and the one-run-at-a-time state

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import assistant.domain.base


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('site_sync_runs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('started_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('current_url', sa.String(length=500), nullable=True),
    sa.Column('pages_seen', sa.Integer(), nullable=False),
    sa.Column('pages_added', sa.Integer(), nullable=False),
    sa.Column('pages_changed', sa.Integer(), nullable=False),
    sa.Column('pages_unchanged', sa.Integer(), nullable=False),
    sa.Column('pages_removed', sa.Integer(), nullable=False),
    sa.Column('pages_failed', sa.Integer(), nullable=False),
    sa.Column('pages_skipped', sa.Integer(), nullable=False),
    sa.Column('failures', sa.JSON(), nullable=False),
    sa.Column('skipped', sa.JSON(), nullable=False),
    sa.Column('removed', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('lease_owner', sa.String(length=64), nullable=True),
    sa.Column('lease_expires_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_site_sync_runs_store_id_stores'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_sync_runs'))
    )
    with op.batch_alter_table('site_sync_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_sync_runs_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_sync_runs_store_id'), ['store_id'], unique=False)

    op.create_table('site_sync_states',
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('active_run_id', sa.String(length=32), nullable=True),
    sa.Column('next_run_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_site_sync_states_store_id_stores'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('store_id', name=op.f('pk_site_sync_states'))
    )
    op.create_table('site_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('document_id', sa.String(length=32), nullable=True),
    sa.Column('etag', sa.String(length=300), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('last_run_id', sa.String(length=32), nullable=True),
    sa.Column('store_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', assistant.domain.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_site_pages_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_site_pages_store_id_stores'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_pages')),
    sa.UniqueConstraint('store_id', 'url', name=op.f('uq_site_pages_store_id_url'))
    )
    with op.batch_alter_table('site_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_pages_store_id'), ['store_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('site_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_pages_store_id'))

    op.drop_table('site_pages')
    op.drop_table('site_sync_states')
    with op.batch_alter_table('site_sync_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_sync_runs_store_id'))
        batch_op.drop_index(batch_op.f('ix_site_sync_runs_status'))

    op.drop_table('site_sync_runs')
