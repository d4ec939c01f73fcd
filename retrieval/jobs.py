"""Background ingestion: large uploads run in a worker thread, their progress in `ingest_jobs`.

The chat API never waits for them: the upload returns a job id at once, and the merchant polls
the job. Embedding runs in native code that releases the interpreter lock, so the worker does
not hold up requests.

A job's files are kept with it (`ingest_job_files`) until it succeeds, and a queued or running
job is leased by its process, which renews the lease every third of `ingest_lease_s` (the loop
in `retrieval.leases`, shared with site sync). When the process dies the renewals stop: every
API process (and `serve` at start-up) marks jobs whose lease ran out `interrupted`, and `retry`
runs one again from its files, in this process. Running a job again duplicates nothing: a file
already ingested is `unchanged` (same content hash), and one cut off half-way has its leftovers
removed before it is indexed again (see `retrieval.ingest`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from assistant.db import Database
from assistant.domain import IngestJob, IngestJobFile
from assistant.domain.base import utcnow
from assistant.errors import ConflictError, NotFoundError
from retrieval.formats import ParseOptions
from retrieval.ingest import IngestOutcome, SourceFile
from retrieval.knowledge import KnowledgeBase
from retrieval.leases import LeaseHolder
from retrieval.parsers.profiles.common import ImportRules

log = logging.getLogger(__name__)

RETRYABLE = ("interrupted", "failed")


class IngestJobPublic(BaseModel):
    """A job as the merchant polls it: status, passages done of total, and the outcome."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    store_id: str
    status: str
    total: int
    done: int
    result: dict[str, Any]
    error: str | None
    attempts: int
    created_at: datetime
    updated_at: datetime


def get_job(session: Session, store_id: str, job_id: str) -> IngestJob:
    """The store's job, or NotFoundError (also for another store's job)."""
    job = session.get(IngestJob, job_id)
    if job is None or job.store_id != store_id:
        raise NotFoundError(f"no ingest job {job_id!r} in this store")
    return job


def list_jobs(
    session: Session, store_id: str, status: str | None = None, limit: int = 50
) -> list[IngestJob]:
    """The store's jobs, newest first."""
    query = select(IngestJob).where(IngestJob.store_id == store_id)
    if status is not None:
        query = query.where(IngestJob.status == status)
    return list(session.scalars(query.order_by(IngestJob.created_at.desc()).limit(limit)))


def interrupt_expired(database: Database, now: datetime | None = None) -> list[str]:
    """Mark queued and running jobs whose lease ran out `interrupted`; their ids.

    Jobs from before leases existed have none: one not touched for a day is taken as dead.
    """
    now = now or utcnow()
    expired = or_(
        IngestJob.lease_expires_at < now,
        (IngestJob.lease_expires_at.is_(None)) & (IngestJob.updated_at < now - timedelta(days=1)),
    )
    live = IngestJob.status.in_(("queued", "running"))
    with database.session() as session:
        candidates = list(session.scalars(select(IngestJob.id).where(live, expired)))
    interrupted = []
    for job_id in candidates:
        with database.transaction() as session:
            # Conditional: a process that renewed its lease meanwhile keeps its job.
            result = session.execute(
                update(IngestJob)
                .where(IngestJob.id == job_id, live, expired)
                .values(
                    status="interrupted",
                    lease_owner=None,
                    lease_expires_at=None,
                    error="the process running this job stopped before it finished; retry it",
                )
                .execution_options(synchronize_session=False)
            )
        if getattr(result, "rowcount", 0) == 1:
            interrupted.append(job_id)
    if interrupted:
        log.warning("ingest jobs interrupted (their process stopped): %s", ", ".join(interrupted))
    return interrupted


def _file_row(job_id: str, position: int, file: SourceFile) -> IngestJobFile:
    options = {
        "column_map": dict(file.options.column_map),
        "skip_invalid": file.options.skip_invalid,
        "max_tokens": file.options.max_tokens,
        "import_rules": file.options.import_rules.as_dict(),
        "doc_type_reason": file.doc_type_reason,
    }
    return IngestJobFile(
        job_id=job_id,
        position=position,
        source=file.source,
        doc_type=file.doc_type,
        filename=file.filename,
        options=options,
        data=file.data,
    )


def _source_file(row: IngestJobFile) -> SourceFile:
    options = ParseOptions(
        column_map=dict(row.options.get("column_map") or {}),
        skip_invalid=bool(row.options.get("skip_invalid", False)),
        max_tokens=int(row.options.get("max_tokens") or ParseOptions().max_tokens),
    )
    rules = ImportRules.from_dict(row.options.get("import_rules") or {})
    options = replace(
        options,
        profile=rules.profile,
        option_patterns=rules.option_patterns,
        exclude=rules.exclude,
        in_stock_quantity=rules.in_stock_quantity,
    )
    return SourceFile(
        row.source,
        row.data,
        row.doc_type,  # type: ignore[arg-type]
        options,
        filename=row.filename,
        doc_type_reason=row.options.get("doc_type_reason"),
    )


class IngestJobs:
    """Runs ingestion jobs one at a time in a background thread, holding a lease on each."""

    def __init__(self, knowledge: KnowledgeBase, lease_s: float | None = None) -> None:
        self.knowledge = knowledge
        self.leases = LeaseHolder(
            knowledge.database, IngestJob, lease_s or knowledge.settings.ingest_lease_s, "ingest"
        )

    @property
    def database(self) -> Database:
        """Where the jobs are recorded."""
        return self.knowledge.database

    @property
    def owner(self) -> str:
        """The lease owner this process writes on the jobs it runs."""
        return self.leases.owner

    @property
    def lease_s(self) -> float:
        """Seconds a job's lease lasts without renewal."""
        return self.leases.lease_s

    def submit(self, store_id: str, files: Sequence[SourceFile]) -> IngestJob:
        """Record a queued job with its files and start it; returns the job row."""
        with self.database.transaction() as session:
            job = IngestJob(
                store_id=store_id,
                status="queued",
                total=0,
                done=0,
                result={},
                lease_owner=self.owner,
                lease_expires_at=self.leases.lease_end(),
            )
            session.add(job)
            session.flush()
            session.add_all(_file_row(job.id, n, file) for n, file in enumerate(files))
        self._start(job.id)
        return job

    def retry(self, store_id: str, job_id: str) -> IngestJob:
        """Queue an interrupted or failed job again, in this process; ConflictError otherwise."""
        with self.database.transaction() as session:
            job = get_job(session, store_id, job_id)
            if job.status not in RETRYABLE:
                raise ConflictError(
                    f"ingest job {job_id!r} is {job.status}; only an interrupted or failed job "
                    "can be retried",
                    details={"status": job.status},
                )
            kept = session.scalar(select(IngestJobFile.id).where(IngestJobFile.job_id == job_id))
            if kept is None:
                raise ConflictError(
                    f"ingest job {job_id!r} kept no files to run again: upload them again"
                )
            claimed = session.execute(
                update(IngestJob)
                .where(IngestJob.id == job_id, IngestJob.status.in_(RETRYABLE))
                .values(
                    status="queued",
                    error=None,
                    done=0,
                    lease_owner=self.owner,
                    lease_expires_at=self.leases.lease_end(),
                )
                .execution_options(synchronize_session=False)
            )
            if getattr(claimed, "rowcount", 0) != 1:
                raise ConflictError(f"ingest job {job_id!r} was retried by someone else")
        self._start(job_id)
        with self.database.session() as session:
            return get_job(session, store_id, job_id)

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        """Block until a job started by this process has finished."""
        self.leases.wait(job_id, timeout)

    def shutdown(self) -> None:
        """Finish running jobs and stop the worker and the lease renewals."""
        self.leases.shutdown()

    def _start(self, job_id: str) -> None:
        self.leases.start(job_id, lambda: self._run_held(job_id))

    def _update(self, job_id: str, **values: Any) -> bool:
        """Change the job while this process holds it; False when it no longer does."""
        return self.leases.update(job_id, **values)

    # --- running -----------------------------------------------------------------------------

    def _run_held(self, job_id: str) -> None:
        if not self._update(job_id, status="running", attempts=IngestJob.attempts + 1):
            return  # interrupted and taken over elsewhere before it started
        with self.database.session() as session:
            job = session.get(IngestJob, job_id)
            assert job is not None
            store_id = job.store_id
            rows = session.scalars(
                select(IngestJobFile)
                .where(IngestJobFile.job_id == job_id)
                .order_by(IngestJobFile.position)
            )
            files = [_source_file(row) for row in rows]
        last_reported = -1

        def progress(done: int, total: int, _source: str) -> None:
            nonlocal last_reported
            # One small write per embedding batch or file, not per passage.
            if done != last_reported:
                last_reported = done
                self._update(
                    job_id, done=done, total=total, lease_expires_at=self.leases.lease_end()
                )

        try:
            outcomes = self.knowledge.ingest(store_id, files, progress)
        except Exception as exc:  # a job must end in a final state whatever went wrong
            log.exception("ingest job %s failed", job_id)
            error = f"{type(exc).__name__}: {exc}"[:2000]
            self._update(
                job_id, status="failed", error=error, lease_owner=None, lease_expires_at=None
            )
            return
        failed = [outcome for outcome in outcomes if outcome.status in ("rejected", "failed")]
        status = "failed" if failed and len(failed) == len(outcomes) else "succeeded"
        finished = self._update(
            job_id,
            status=status,
            result=summarise(outcomes),
            error="; ".join(outcome.error or "" for outcome in failed)[:2000] or None,
            lease_owner=None,
            lease_expires_at=None,
        )
        if finished and status == "succeeded":
            with self.database.transaction() as session:
                session.execute(delete(IngestJobFile).where(IngestJobFile.job_id == job_id))


def summarise(outcomes: Sequence[IngestOutcome]) -> dict[str, Any]:
    """Counts per status and every file's outcome."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return {"counts": counts, "files": [outcome.as_dict() for outcome in outcomes]}
