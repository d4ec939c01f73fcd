"""Syncs run in the background, one at a time per store, and on the store's schedule: with
several processes polling the schedule, a due sync starts once."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from assistant.domain import SiteSyncRun, SiteSyncState, Store
from assistant.domain.base import utcnow
from assistant.errors import ConflictError
from retrieval.knowledge import KnowledgeBase
from retrieval.site_sync.plan import SyncPlan
from retrieval.site_sync.runs import active_run_id, get_run
from retrieval.site_sync.sync import SiteSync, SyncProgress, SyncReport
from retrieval.site_sync.worker import SiteSyncWorker
from tests.retrieval.conftest import STORE
from tests.retrieval.site_sync.conftest import Site, sitemap_plan, syncer


class GatedSync(SiteSync):
    """A real sync that waits for the test to open the gate before reading the site."""

    def __init__(self, knowledge: KnowledgeBase, gate: threading.Event) -> None:
        real = syncer(knowledge)
        super().__init__(knowledge, real.limits, real.allowed_hosts)
        self.gate = gate
        self.waiting = threading.Event()

    def run(
        self,
        store_id: str,
        plan: SyncPlan,
        *,
        dry_run: bool = False,
        progress: SyncProgress | None = None,
        run_id: str | None = None,
    ) -> SyncReport:
        self.waiting.set()
        self.gate.wait(timeout=60)
        return super().run(store_id, plan, dry_run=dry_run, progress=progress, run_id=run_id)


def worker_of(knowledge: KnowledgeBase, **kwargs: Any) -> SiteSyncWorker:
    return SiteSyncWorker(
        lambda: knowledge,
        knowledge.database,
        knowledge.settings,
        syncer=kwargs.pop("syncer", syncer),
        **kwargs,
    )


def schedule(knowledge: KnowledgeBase, site: Site, interval_hours: float | None = 24) -> None:
    with knowledge.database.transaction() as session:
        store = session.get(Store, STORE)
        assert store is not None
        store.settings = {
            **(store.settings or {}),
            "site_sync": {
                "sitemap_url": site.url("/sitemap.xml"),
                "interval_hours": interval_hours,
            },
        }


def run_of(knowledge: KnowledgeBase, run_id: str) -> SiteSyncRun:
    with knowledge.database.session() as session:
        return get_run(session, STORE, run_id)


def test_a_started_sync_runs_in_the_background_and_records_its_counts(
    knowledge: KnowledgeBase, site: Site
) -> None:
    worker = worker_of(knowledge)
    try:
        run_id = worker.start(STORE, sitemap_plan(site))
        worker.wait(run_id, timeout=60)
    finally:
        worker.shutdown()

    run = run_of(knowledge, run_id)
    assert (run.status, run.trigger, run.dry_run) == ("succeeded", "manual", False)
    assert (run.pages_seen, run.pages_added, run.pages_failed, run.pages_skipped) == (8, 4, 2, 2)
    assert run.started_at is not None and run.finished_at is not None
    assert run.lease_owner is None


def test_a_second_sync_of_a_store_is_refused_while_one_runs(
    knowledge: KnowledgeBase, site: Site
) -> None:
    gate = threading.Event()
    gated = GatedSync(knowledge, gate)
    worker = worker_of(knowledge, syncer=lambda _kb: gated)
    try:
        first = worker.start(STORE, sitemap_plan(site))
        assert gated.waiting.wait(timeout=60)
        with pytest.raises(ConflictError, match="already running"):
            worker.start(STORE, sitemap_plan(site))
        gate.set()
        worker.wait(first, timeout=60)
        again = worker.start(STORE, sitemap_plan(site))  # the store is free once it ends
        worker.wait(again, timeout=60)
    finally:
        gate.set()
        worker.shutdown()
    assert run_of(knowledge, again).pages_unchanged == 4


def test_a_dry_run_writes_nothing_and_leaves_the_schedule_alone(
    knowledge: KnowledgeBase, site: Site
) -> None:
    schedule(knowledge, site)
    worker = worker_of(knowledge)
    try:
        run_id = worker.start(STORE, sitemap_plan(site), dry_run=True)
        worker.wait(run_id, timeout=60)
    finally:
        worker.shutdown()

    run = run_of(knowledge, run_id)
    assert (run.status, run.dry_run, run.pages_added) == ("succeeded", True, 4)
    with knowledge.database.session() as session:
        state = session.get(SiteSyncState, STORE)
        assert state is not None and state.next_run_at is None  # still due
    assert knowledge.search(STORE, "returns within 30 days").hits == []


def test_a_due_sync_starts_once_however_many_processes_poll(
    knowledge: KnowledgeBase, site: Site
) -> None:
    schedule(knowledge, site)
    workers = [worker_of(knowledge) for _ in range(3)]
    started: list[str] = []
    barrier = threading.Barrier(len(workers))

    def poll(worker: SiteSyncWorker) -> None:
        barrier.wait(timeout=30)
        started.extend(worker.start_due())

    threads = [threading.Thread(target=poll, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert len(started) == 1
        for worker in workers:
            worker.wait(started[0], timeout=60)
    finally:
        for worker in workers:
            worker.shutdown()
    run = run_of(knowledge, started[0])
    assert (run.status, run.trigger, run.pages_added) == ("succeeded", "schedule", 4)


def test_a_scheduled_sync_is_due_again_one_interval_later(
    knowledge: KnowledgeBase, site: Site
) -> None:
    schedule(knowledge, site, interval_hours=6)
    worker = worker_of(knowledge)
    try:
        (first,) = worker.start_due()
        worker.wait(first, timeout=60)
        assert worker.start_due() == []  # not due yet
        assert worker.start_due(utcnow() + timedelta(hours=5)) == []
        (second,) = worker.start_due(utcnow() + timedelta(hours=6, minutes=1))
        worker.wait(second, timeout=60)
    finally:
        worker.shutdown()
    assert run_of(knowledge, second).pages_unchanged == 4


def test_a_store_without_a_schedule_is_never_synced_by_the_poll(
    knowledge: KnowledgeBase, site: Site
) -> None:
    schedule(knowledge, site, interval_hours=None)
    worker = worker_of(knowledge)
    try:
        assert worker.start_due() == []
    finally:
        worker.shutdown()
    with knowledge.database.session() as session:
        assert session.scalars(select(SiteSyncRun)).all() == []


def test_a_run_whose_process_died_frees_the_store(knowledge: KnowledgeBase, site: Site) -> None:
    gate = threading.Event()
    gated = GatedSync(knowledge, gate)
    dying = worker_of(knowledge, syncer=lambda _kb: gated, lease_s=1.0)
    stuck = dying.start(STORE, sitemap_plan(site))
    assert gated.waiting.wait(timeout=60)
    # The process "dies": its lease is no longer renewed and has run out.
    with knowledge.database.transaction() as session:
        row = session.get(SiteSyncRun, stuck)
        assert row is not None
        row.lease_owner = "gone-host:1:dead"
        row.lease_expires_at = utcnow() - timedelta(seconds=1)
    worker = worker_of(knowledge)
    try:
        run_id = worker.start(STORE, sitemap_plan(site))
        worker.wait(run_id, timeout=60)
    finally:
        gate.set()
        dying.shutdown()
        worker.shutdown()
    assert run_of(knowledge, stuck).status == "interrupted"
    assert run_of(knowledge, run_id).status == "succeeded"


def test_a_sync_running_when_the_process_stops_ends_interrupted(
    knowledge: KnowledgeBase, site: Site
) -> None:
    gate = threading.Event()
    gated = GatedSync(knowledge, gate)
    worker = worker_of(knowledge, syncer=lambda _kb: gated)
    run_id = worker.start(STORE, sitemap_plan(site))
    assert gated.waiting.wait(timeout=60)
    stopping = threading.Thread(target=worker.shutdown)
    stopping.start()
    deadline = time.monotonic() + 30
    while not worker.stopping and time.monotonic() < deadline:
        time.sleep(0.01)
    gate.set()
    stopping.join(timeout=60)

    run = run_of(knowledge, run_id)
    assert run.status == "interrupted"
    assert run.error is not None and "stopped" in run.error
    assert run.pages_seen == 1  # it stopped after the first page
    assert active_run_id(knowledge.database, STORE) is None
