"""Site syncs in a background thread, one at a time, each holding a lease; and the schedule.

The API process starts a sync when a merchant asks (`start`) and, every
`site_sync_poll_interval_s`, starts the scheduled syncs that are due (`start_due`): each store
whose `site_sync.interval_hours` is set is claimed by a conditional update, so with several
instances a due sync starts once. The knowledge base (and its models) is asked for only when a
sync actually runs. The thread, the lease and its renewal are `retrieval.leases`, shared with
ingest jobs; a process shutting down stops its sync at the next page, recorded `interrupted`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import SiteSyncRun, Store
from assistant.domain.base import utcnow
from assistant.domain.store_settings import parse_settings
from assistant.errors import ConflictError, InvalidInputError, SalesAssistantError
from retrieval.knowledge import KnowledgeBase
from retrieval.leases import LeaseHolder
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


class SyncStoppedError(SalesAssistantError, code="site_sync_stopped"):
    """The process is shutting down: the sync stops between two pages."""


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
        self.leases = LeaseHolder(
            database, SiteSyncRun, lease_s or settings.ingest_lease_s, "site-sync"
        )
        self._stopping = threading.Event()

    @property
    def owner(self) -> str:
        """The lease owner this process writes on the runs it holds."""
        return self.leases.owner

    @property
    def lease_s(self) -> float:
        """Seconds a run's lease lasts without renewal."""
        return self.leases.lease_s

    # --- starting ------------------------------------------------------------------------

    def start(
        self,
        store_id: str,
        plan: SyncPlan,
        *,
        trigger: str = "manual",
        dry_run: bool = False,
        progress: SyncProgress | None = None,
    ) -> str:
        """Record a run of `plan` and start it; its id. ConflictError if one is running.

        A real run also sets the store's next scheduled run one interval from now; a dry run
        (`dry_run`: say what would change, write nothing) leaves the schedule alone.
        """
        interrupt_expired_runs(self.database)
        run_id = claim_run(
            self.database,
            store_id,
            trigger=trigger,
            options={**plan.as_options(), "dry_run": dry_run},
            owner=self.owner,
            lease_s=self.lease_s,
            interval_hours=self._interval(store_id),
            reschedule=not dry_run,
        )
        if run_id is None:
            raise ConflictError(
                "a site sync of this store is already running; wait for it to finish",
                details={"store_id": store_id},
            )
        self._submit(run_id, store_id, plan, progress, dry_run=dry_run)
        return run_id

    def start_due(self, now: datetime | None = None) -> list[str]:
        """Start every scheduled sync that is due and not running; the runs started."""
        interrupt_expired_runs(self.database, now)
        started = []
        with self.database.session() as session:
            stores = session.execute(select(Store.id, Store.settings)).all()
        for store_id, raw in stores:
            try:
                run_id = self._start_if_due(store_id, raw, now)
            except Exception:  # one store's bad settings or a hiccup must not stop the others
                log.exception("starting the scheduled site sync of %s failed", store_id)
                continue
            if run_id is not None:
                started.append(run_id)
        return started

    def _start_if_due(
        self, store_id: str, raw: dict[str, Any] | None, now: datetime | None
    ) -> str | None:
        store_settings = parse_settings(raw)
        schedule = store_settings.site_sync
        if schedule is None or schedule.interval_hours is None:
            return None
        try:
            plan = plan_for(store_settings)
        except InvalidInputError:
            return None  # a schedule with nothing to read: the settings say why when saved
        run_id = claim_run(
            self.database,
            store_id,
            trigger="schedule",
            options={**plan.as_options(), "dry_run": False},
            owner=self.owner,
            lease_s=self.lease_s,
            interval_hours=schedule.interval_hours,
            due_only=True,
            now=now,
        )
        if run_id is not None:
            self._submit(run_id, store_id, plan, None)
        return run_id

    def wait(self, run_id: str, timeout: float | None = None) -> None:
        """Block until a run started by this process has finished."""
        self.leases.wait(run_id, timeout)

    @property
    def stopping(self) -> bool:
        """Whether `shutdown` was called: a running sync stops at its next page."""
        return self._stopping.is_set()

    def shutdown(self) -> None:
        """Stop the running sync at its next page (recorded `interrupted`) and the renewals."""
        self._stopping.set()
        self.leases.shutdown()

    def _interval(self, store_id: str) -> float | None:
        with self.database.session() as session:
            raw = session.scalar(select(Store.settings).where(Store.id == store_id))
        schedule = parse_settings(raw).site_sync
        return schedule.interval_hours if schedule is not None else None

    # --- running -------------------------------------------------------------------------

    def _submit(
        self,
        run_id: str,
        store_id: str,
        plan: SyncPlan,
        progress: SyncProgress | None,
        *,
        dry_run: bool = False,
    ) -> None:
        self.leases.start(run_id, lambda: self._run_held(run_id, store_id, plan, progress, dry_run))

    def _run_held(
        self,
        run_id: str,
        store_id: str,
        plan: SyncPlan,
        progress: SyncProgress | None,
        dry_run: bool,
    ) -> None:
        if not update_run(self.database, run_id, self.owner, status="running", started_at=utcnow()):
            return  # interrupted and freed elsewhere before it started
        report = SyncReport()

        def record(current: SyncReport) -> None:
            nonlocal report
            report = current
            if self._stopping.is_set():
                raise SyncStoppedError("the service stopped during the sync; start it again")
            update_run(
                self.database,
                run_id,
                self.owner,
                lease_expires_at=self.leases.lease_end(),
                **report_values(current),
            )
            if progress is not None:
                progress(current)

        try:
            syncer = self._make_syncer(self._knowledge())
            report = syncer.run(store_id, plan, dry_run=dry_run, progress=record, run_id=run_id)
        except SyncStoppedError as exc:
            finish_run(self.database, run_id, self.owner, report, exc.message, "interrupted")
            return
        except SalesAssistantError as exc:
            finish_run(self.database, run_id, self.owner, report, exc.message)
            return
        except Exception as exc:  # a run must end in a final state whatever went wrong
            log.exception("site sync %s failed", run_id)
            finish_run(self.database, run_id, self.owner, report, f"{type(exc).__name__}: {exc}")
            return
        finish_run(self.database, run_id, self.owner, report)
