"""The shop's own site as synced into the knowledge base: its pages, the sync runs, and the
per-store state that keeps one run at a time and the schedule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, Timestamped, new_public_id

SITE_SYNC_RUN_STATUSES = ("queued", "running", "succeeded", "failed", "interrupted")
SITE_SYNC_TRIGGERS = ("manual", "schedule", "cli")


class SitePage(StoreScoped, Timestamped, Base):
    """One page of the store's site that is in the knowledge base as the document `url`.

    `etag` and `last_modified` are what the site sent with the indexed version, for a
    conditional GET next time; `links` are the page's on-site links, so a crawl can go on
    through a page that answered 304 Not Modified.
    """

    __tablename__ = "site_pages"
    __table_args__ = (UniqueConstraint("store_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    document_id: Mapped[str | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), default=None
    )
    etag: Mapped[str | None] = mapped_column(String(300), default=None)
    last_modified: Mapped[str | None] = mapped_column(String(100), default=None)
    links: Mapped[list[Any]] = mapped_column(default=list)
    last_run_id: Mapped[str | None] = mapped_column(String(32), default=None)


class SiteSyncRun(StoreScoped, Timestamped, Base):
    """One sync of a store's site: what it was asked to read, its progress and its counts.

    A queued or running run is leased by the process running it, like an ingest job; a run
    whose lease ran out is marked `interrupted`. `failures`, `skipped` and `removed` hold
    `{"url", "reason"}` entries (the first few hundred).
    """

    __tablename__ = "site_sync_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_public_id)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    trigger: Mapped[str] = mapped_column(String(16), default="manual")
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    current_url: Mapped[str | None] = mapped_column(String(500), default=None)
    pages_seen: Mapped[int] = mapped_column(default=0)
    pages_added: Mapped[int] = mapped_column(default=0)
    pages_changed: Mapped[int] = mapped_column(default=0)
    pages_unchanged: Mapped[int] = mapped_column(default=0)
    pages_removed: Mapped[int] = mapped_column(default=0)
    pages_failed: Mapped[int] = mapped_column(default=0)
    pages_skipped: Mapped[int] = mapped_column(default=0)
    failures: Mapped[list[Any]] = mapped_column(default=list)
    skipped: Mapped[list[Any]] = mapped_column(default=list)
    removed: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    lease_owner: Mapped[str | None] = mapped_column(String(64), default=None)
    lease_expires_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def dry_run(self) -> bool:
        """Whether the run only says what would change (recorded in its options)."""
        return bool((self.options or {}).get("dry_run"))


class SiteSyncState(Base):
    """Per store: the run in progress (one at a time) and when the next scheduled run is due.

    Both are claimed with conditional updates, so of several API processes only one starts a
    given run.
    """

    __tablename__ = "site_sync_states"

    store_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True
    )
    active_run_id: Mapped[str | None] = mapped_column(String(32), default=None)
    next_run_at: Mapped[datetime | None] = mapped_column(default=None)
