"""Background ingestion: large uploads run in a worker thread, their progress in `ingest_jobs`.

The chat API never waits for them: the upload returns a job id at once, and the merchant polls
the job. Embedding runs in native code that releases the interpreter lock, so the worker does
not hold up requests. A job whose process is killed stays `running`; ingesting the same file
again completes the work (see `retrieval.ingest`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from assistant.domain import IngestJob
from assistant.errors import NotFoundError
from retrieval.ingest import IngestOutcome, SourceFile
from retrieval.knowledge import KnowledgeBase

log = logging.getLogger(__name__)


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
    created_at: datetime
    updated_at: datetime


def get_job(session: Session, store_id: str, job_id: str) -> IngestJob:
    """The store's job, or NotFoundError (also for another store's job)."""
    job = session.get(IngestJob, job_id)
    if job is None or job.store_id != store_id:
        raise NotFoundError(f"no ingest job {job_id!r} in this store")
    return job


class IngestJobs:
    """Runs ingestion jobs one at a time in a background thread."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def submit(self, store_id: str, files: Sequence[SourceFile]) -> IngestJob:
        """Record a queued job and start it; returns the job row."""
        database = self.knowledge.database
        with database.transaction() as session:
            job = IngestJob(store_id=store_id, status="queued", total=0, done=0, result={})
            session.add(job)
            session.flush()
        future = self._executor.submit(self._run, job.id, store_id, list(files))
        with self._lock:
            self._futures[job.id] = future
        return job

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        """Block until a job submitted by this process has finished."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout)

    def shutdown(self) -> None:
        """Finish running jobs and stop the worker."""
        self._executor.shutdown(wait=True)

    def _update(self, job_id: str, **values: Any) -> None:
        with self.knowledge.database.transaction() as session:
            job = session.get(IngestJob, job_id)
            if job is not None:
                for name, value in values.items():
                    setattr(job, name, value)

    def _run(self, job_id: str, store_id: str, files: list[SourceFile]) -> None:
        self._update(job_id, status="running")
        last_reported = -1

        def progress(done: int, total: int, _source: str) -> None:
            nonlocal last_reported
            # One small write per embedding batch or file, not per passage.
            if done != last_reported:
                last_reported = done
                self._update(job_id, done=done, total=total)

        try:
            outcomes = self.knowledge.ingest(store_id, files, progress)
        except Exception as exc:  # a job must end in a final state whatever went wrong
            log.exception("ingest job %s failed", job_id)
            self._update(job_id, status="failed", error=f"{type(exc).__name__}: {exc}"[:2000])
            return
        failed = [outcome for outcome in outcomes if outcome.status in ("rejected", "failed")]
        self._update(
            job_id,
            status="failed" if failed and len(failed) == len(outcomes) else "succeeded",
            result=summarise(outcomes),
            error="; ".join(outcome.error or "" for outcome in failed)[:2000] or None,
        )


def summarise(outcomes: Sequence[IngestOutcome]) -> dict[str, Any]:
    """Counts per status and every file's outcome."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return {"counts": counts, "files": [outcome.as_dict() for outcome in outcomes]}
