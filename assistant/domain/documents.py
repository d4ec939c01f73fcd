"""Merchant documents, their retrieval passages, and ingestion jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, Timestamped, new_public_id

DOCUMENT_TYPES = ("product", "faq", "policy", "other")
DOCUMENT_STATUSES = ("pending", "indexing", "ready", "failed")
INGEST_JOB_STATUSES = ("queued", "running", "succeeded", "failed", "interrupted")


class Document(StoreScoped, Timestamped, Base):
    """A document as the merchant uploaded it; `version` grows on each changed upload.

    `active_version` is the version retrieval may return; it moves only once the new version's
    passages are fully indexed, so a shopper never sees half a document.
    """

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("store_id", "source"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_public_id)
    doc_type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(500))
    mime_type: Mapped[str | None] = mapped_column(String(100), default=None)
    content_hash: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    active_version: Mapped[int | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    chunk_count: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)


class Passage(StoreScoped, Base):
    """One retrievable chunk of a document version; the source of truth for the indexes."""

    __tablename__ = "passages"
    __table_args__ = (UniqueConstraint("document_id", "version", "position"),)

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    position: Mapped[int]
    doc_type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    section: Mapped[str | None] = mapped_column(String(300), default=None)
    text: Mapped[str] = mapped_column(Text)
    token_count: Mapped[int] = mapped_column(Integer, default=0)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)


class IngestJob(StoreScoped, Timestamped, Base):
    """A background ingestion whose progress a merchant can poll.

    A queued or running job is leased by the process that will run it (`lease_owner`), which
    renews `lease_expires_at` while it lives; a job whose lease ran out belongs to a process
    that died and is marked `interrupted`, to be retried from the files kept with it.
    """

    __tablename__ = "ingest_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_public_id)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64), default=None)
    lease_expires_at: Mapped[datetime | None] = mapped_column(default=None)


class IngestJobFile(Base):
    """One file of a job, kept until the job succeeds so that it can be run again."""

    __tablename__ = "ingest_job_files"
    __table_args__ = (UniqueConstraint("job_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(
        ForeignKey("ingest_jobs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    source: Mapped[str] = mapped_column(String(500))
    doc_type: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str | None] = mapped_column(String(500), default=None)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    data: Mapped[bytes] = mapped_column(LargeBinary)
