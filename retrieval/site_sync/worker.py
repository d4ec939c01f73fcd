"""Site syncs in a background thread, one at a time, each holding a lease; and the schedule.

The API process starts a sync when a merchant asks (`start`) and, every
`site_sync_poll_interval_s`, starts the scheduled syncs that are due (`start_due`): each store
whose `site_sync.interval_hours` is set is claimed by a conditional update, so with several
instances a due sync starts once. The knowledge base (and its models) is asked for only when a
sync actually runs.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta

from sqlalchemy import select, update

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import SiteSyncRun, Store
from assistant.domain.base import utcnow
from assistant.domain.store_settings import parse_settings
from assistant.errors import ConflictError, InvalidInputError, SalesAssistantError
from retrieval.knowledge import KnowledgeBase
from retrieval.site_sync.plan import SyncPlan, plan_for
from retrieval.site_sync.runs import (
    claim_run,
    finish_run,
    interrupt_expired_runs,
    report_values,
    update_run,
)
from retrieval.site_sync.sync import SiteSync, SyncProgress, SyncReport

log = logging.getLogger(__name__)


class SiteSyncWorker:
    """Runs one process's site syncs."""

    def __init__(
        self,
        knowledge: Callable[[], KnowledgeBase],
        database: Database,
        settings: Settings,
        *,
        syncer: Callable[[KnowledgeBase], SiteSync] | None = None,
        lease_s: float | None = None,
    ) -> None:
        self._knowledge = knowledge
        self.database = database
        self.settings = settings
        self._make_syncer = syncer or (lambda kb: SiteSync.from_settings(kb, settings))
        self.lease_s = lease_s or settings.ingest_lease_s
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-sync")
        self._futures: dict[str, Future[None]] = {}
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._heartbeat: threading.Thread | None = None

    # --- starting ------------------------------------------------------------------------

    def start(
        self,
        store_id: str,
        plan: SyncPlan,
        *,
        trigger: str = "manual",
        progress: SyncProgress | None = None,
    ) -> str:
        """Record a run of `plan` and start it; its id. ConflictError if one is running."""
        interrupt_expired_runs(self.database)
        run_id = claim_run(
            self.database,
            store_id,
            trigger=trigger,
            options=plan.as_options(),
            owner=self.owner,
            lease_s=self.lease_s,
            interval_hours=self._interval(store_id),
        )
        if run_id is None:
            raise ConflictError(
                "a site sync of this store is already running; wait for it to finish",
                details={"store_id": store_id},
            )
        self._submit(run_id, store_id, plan, progress)
        return run_id

    def start_due(self, now: datetime | None = None) -> list[str]:
        """Start every scheduled sync that is due and not running; the runs started."""
        interrupt_expired_runs(self.database, now)
        started = []
        with self.database.session() as session:
            stores = session.execute(select(Store.id, Store.settings)).all()
        for store_id, raw in stores:
            store_settings = parse_settings(raw)
            schedule = store_settings.site_sync
            if schedule is None or schedule.interval_hours is None:
                continue
            try:
                plan = plan_for(store_settings)
            except InvalidInputError:
                continue  # a schedule with nothing to read: the settings say why when saved
            run_id = claim_run(
                self.database,
                store_id,
                trigger="schedule",
                options=plan.as_options(),
                owner=self.owner,
                lease_s=self.lease_s,
                interval_hours=schedule.interval_hours,
                due_only=True,
                now=now,
            )
            if run_id is not None:
                self._submit(run_id, store_id, plan, None)
                started.append(run_id)
        return started

    def wait(self, run_id: str, timeout: float | None = None) -> None:
        """Block until a run started by this process has finished."""
        with self._lock:
            future = self._futures.get(run_id)
        if future is not None:
            future.result(timeout=timeout)

    def shutdown(self) -> None:
        """Finish the running sync and stop the lease renewals."""
        self._executor.shutdown(wait=True)
        self._stopping.set()
        if self._heartbeat is not None:
            self._heartbeat.join()

    def _interval(self, store_id: str) -> float | None:
        with self.database.session() as session:
            raw = session.scalar(select(Store.settings).where(Store.id == store_id))
        schedule = parse_settings(raw).site_sync
        return schedule.interval_hours if schedule is not None else None

    # --- running -------------------------------------------------------------------------

    def _lease_end(self) -> datetime:
        return utcnow() + timedelta(seconds=self.lease_s)

    def _submit(
        self, run_id: str, store_id: str, plan: SyncPlan, progress: SyncProgress | None
    ) -> None:
        with self._lock:
            self._held.add(run_id)
            if self._heartbeat is None:
                self._heartbeat = threading.Thread(
                    target=self._renew_leases, name="site-sync-leases", daemon=True
                )
                self._heartbeat.start()
            self._futures[run_id] = self._executor.submit(
                self._run, run_id, store_id, plan, progress
            )

    def _renew_leases(self) -> None:
        while not self._stopping.wait(self.lease_s / 3):
            with self._lock:
                held = list(self._held)
            if not held:
                continue
            try:
                with self.database.transaction() as session:
                    session.execute(
                        update(SiteSyncRun)
                        .where(SiteSyncRun.id.in_(held), SiteSyncRun.lease_owner == self.owner)
                        .values(lease_expires_at=self._lease_end())
                        .execution_options(synchronize_session=False)
                    )
            except Exception:  # a database hiccup: the next beat tries again
                log.exception("renewing site sync leases failed")

    def _run(
        self, run_id: str, store_id: str, plan: SyncPlan, progress: SyncProgress | None
    ) -> None:
        try:
            self._run_held(run_id, store_id, plan, progress)
        finally:
            with self._lock:
                self._held.discard(run_id)

    def _run_held(
        self, run_id: str, store_id: str, plan: SyncPlan, progress: SyncProgress | None
    ) -> None:
        if not update_run(self.database, run_id, self.owner, status="running", started_at=utcnow()):
            return  # interrupted and freed elsewhere before it started
        report = SyncReport()

        def record(current: SyncReport) -> None:
            nonlocal report
            report = current
            update_run(
                self.database,
                run_id,
                self.owner,
                lease_expires_at=self._lease_end(),
                **report_values(current),
            )
            if progress is not None:
                progress(current)

        try:
            syncer = self._make_syncer(self._knowledge())
            report = syncer.run(store_id, plan, progress=record, run_id=run_id)
        except SalesAssistantError as exc:
            finish_run(self.database, run_id, self.owner, report, exc.message)
            return
        except Exception as exc:  # a run must end in a final state whatever went wrong
            log.exception("site sync %s failed", run_id)
            finish_run(self.database, run_id, self.owner, report, f"{type(exc).__name__}: {exc}")
            return
        finish_run(self.database, run_id, self.owner, report)
