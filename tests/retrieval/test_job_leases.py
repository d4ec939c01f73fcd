"""A job whose process died is found by its lapsed lease, and runs again without duplicates."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import IngestJob, IngestJobFile, Passage
from assistant.domain.base import utcnow
from assistant.errors import ConflictError
from retrieval.embeddings.base import Vectors
from retrieval.jobs import IngestJobs, get_job, interrupt_expired
from retrieval.knowledge import KnowledgeBase
from tests.factories import make_store
from tests.retrieval.conftest import (
    STORE,
    DyingEmbedder,
    HashingEmbedder,
    ProcessKilled,
    markdown,
    source,
)

RETURNS = markdown("Returns", {f"Rule {n}": f"Returns rule {n} for boots." for n in range(4)})
SHIPPING = markdown("Shipping", {f"Zone {n}": f"Shipping zone {n} takes days." for n in range(3)})


def job_row(database: Database, **values: object) -> str:
    with database.transaction() as session:
        job = IngestJob(store_id=STORE, total=0, done=0, result={}, **values)
        session.add(job)
        session.flush()
        return job.id


def status_of(database: Database, job_id: str) -> IngestJob:
    with database.session() as session:
        return get_job(session, STORE, job_id)


def passages(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Passage)) or 0


@pytest.fixture
def embedder() -> DyingEmbedder:
    return DyingEmbedder()


def test_a_running_job_whose_lease_ran_out_is_interrupted(knowledge: KnowledgeBase) -> None:
    dead = job_row(
        knowledge.database,
        status="running",
        lease_owner="gone-host:4242:abcd",
        lease_expires_at=utcnow() - timedelta(seconds=1),
    )
    alive = job_row(
        knowledge.database,
        status="running",
        lease_owner="other-host:7:ef01",
        lease_expires_at=utcnow() + timedelta(minutes=1),
    )

    assert interrupt_expired(knowledge.database) == [dead]

    interrupted = status_of(knowledge.database, dead)
    assert interrupted.status == "interrupted"
    assert interrupted.error is not None and "retry" in interrupted.error
    assert status_of(knowledge.database, alive).status == "running"


def test_a_job_from_before_leases_is_interrupted_once_a_day_old(
    knowledge: KnowledgeBase,
) -> None:
    old = job_row(knowledge.database, status="running")
    assert interrupt_expired(knowledge.database) == []
    assert interrupt_expired(knowledge.database, utcnow() + timedelta(days=2)) == [old]


def test_a_finished_job_is_never_interrupted(knowledge: KnowledgeBase) -> None:
    job_row(knowledge.database, status="succeeded", lease_expires_at=utcnow() - timedelta(hours=1))
    assert interrupt_expired(knowledge.database) == []


class GatedEmbedder(HashingEmbedder):
    """Waits for the test to open the gate before embedding anything."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.waiting = threading.Event()

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        self.waiting.set()
        self.gate.wait(timeout=60)
        return super().embed_documents(texts)


def test_a_running_job_renews_its_lease_while_it_works(
    knowledge: KnowledgeBase, database: Database
) -> None:
    gated = GatedEmbedder()
    slow = KnowledgeBase(knowledge.settings, database, embedder=gated)
    jobs = IngestJobs(slow, lease_s=1.0)
    job = jobs.submit(STORE, [source("policies/returns.md", RETURNS)])
    try:
        assert gated.waiting.wait(timeout=60)
        first = status_of(database, job.id).lease_expires_at
        assert first is not None
        renewed: datetime | None = first
        deadline = time.monotonic() + 30
        while renewed == first and time.monotonic() < deadline:
            time.sleep(0.1)
            renewed = status_of(database, job.id).lease_expires_at
        assert renewed is not None and renewed > first
        assert interrupt_expired(database) == []
    finally:
        gated.gate.set()
        jobs.wait(job.id, timeout=60)
        jobs.shutdown()
    assert status_of(database, job.id).status == "succeeded"


def test_an_interrupted_job_is_retried_without_duplicating_passages(
    knowledge: KnowledgeBase, embedder: DyingEmbedder
) -> None:
    files = [source("policies/returns.md", RETURNS), source("policies/shipping.md", SHIPPING)]
    calls_before_death = embedder.calls + 1  # the first file embeds, the second dies

    class DiesOnSecondFile(DyingEmbedder):
        def embed_documents(self, texts: Sequence[str]) -> Vectors:
            embedder.die = embedder.calls >= calls_before_death
            return embedder.embed_documents(texts)

    knowledge.embedder = knowledge.ingestor.embedder = DiesOnSecondFile()
    dying_process = IngestJobs(knowledge, lease_s=5.0)
    job = dying_process.submit(STORE, files)
    with pytest.raises(ProcessKilled):
        dying_process.wait(job.id, timeout=60)
    dying_process.shutdown()
    assert status_of(knowledge.database, job.id).status == "running"  # as a SIGKILL leaves it

    later = utcnow() + timedelta(seconds=6)
    assert interrupt_expired(knowledge.database, later) == [job.id]
    embedder.die = False
    knowledge.embedder = knowledge.ingestor.embedder = embedder
    next_process = IngestJobs(knowledge)
    retried = next_process.retry(STORE, job.id)
    assert retried.status in ("queued", "running", "succeeded")
    next_process.wait(job.id, timeout=60)
    next_process.shutdown()

    finished = status_of(knowledge.database, job.id)
    assert (finished.status, finished.attempts) == ("succeeded", 2)
    assert passages(knowledge.database) == 7
    assert knowledge.vectors.count(STORE) == 7
    assert len(knowledge.search(STORE, "returns rule 2 for boots").hits) >= 1
    with knowledge.database.session() as session:
        kept = session.scalar(select(func.count()).select_from(IngestJobFile))
    assert kept == 0  # the files go once the job has succeeded


def test_only_an_interrupted_or_failed_job_can_be_retried(knowledge: KnowledgeBase) -> None:
    jobs = IngestJobs(knowledge)
    job = jobs.submit(STORE, [source("policies/returns.md", RETURNS)])
    jobs.wait(job.id, timeout=60)
    with pytest.raises(ConflictError, match="succeeded"):
        jobs.retry(STORE, job.id)
    jobs.shutdown()


def test_a_job_without_kept_files_cannot_be_retried(knowledge: KnowledgeBase) -> None:
    legacy = job_row(knowledge.database, status="interrupted")
    with pytest.raises(ConflictError, match="upload them again"):
        IngestJobs(knowledge).retry(STORE, legacy)


# A real process, really killed: the job stays 'running' with nobody renewing its lease.
_CHILD = """
import sys, time
from pathlib import Path
from assistant.config import Settings
from assistant.config import Settings
from assistant.db import Database
from retrieval.ingest import SourceFile
from retrieval.jobs import IngestJobs
from retrieval.knowledge import KnowledgeBase
from tests.retrieval.conftest import HashingEmbedder

data_dir, database_url, marker = sys.argv[1:4]

class StallsOnSecondFile(HashingEmbedder):
    def embed_documents(self, texts):
        if self.calls >= 1:
            Path(marker).write_text("stalled")
            time.sleep(600)
        return super().embed_documents(texts)

settings = Settings(data_dir=Path(data_dir), database_url=database_url, _env_file=None)
knowledge = KnowledgeBase(settings, Database(settings), embedder=StallsOnSecondFile())
jobs = IngestJobs(knowledge, lease_s=2.0)
files = [SourceFile(name, Path(marker).with_name(name).read_bytes(), "policy")
         for name in ("returns.md", "shipping.md")]
job = jobs.submit("shop", files)
print(job.id, flush=True)
jobs.wait(job.id)
"""


def test_a_job_of_a_killed_process_is_interrupted_and_completed_by_another(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    with database.transaction() as session:
        make_store(session, STORE)
    (tmp_path / "returns.md").write_bytes(RETURNS)
    (tmp_path / "shipping.md").write_bytes(SHIPPING)
    marker = tmp_path / "stalled"
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(settings.data_dir), database.url, str(marker)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        job_id = child.stdout.readline().strip()
        deadline = time.monotonic() + 120
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the child never reached the second file"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
    assert status_of(database, job_id).status == "running"

    knowledge = KnowledgeBase(settings, database, embedder=HashingEmbedder())
    assert interrupt_expired(database, utcnow() + timedelta(seconds=3)) == [job_id]
    jobs = IngestJobs(knowledge)
    jobs.retry(STORE, job_id)
    jobs.wait(job_id, timeout=60)
    jobs.shutdown()

    assert status_of(database, job_id).status == "succeeded"
    assert passages(database) == 7
    assert knowledge.vectors.count(STORE) == 7
