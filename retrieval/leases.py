"""Work a process runs in the background while holding a lease on its database row.

Ingest jobs (`retrieval.jobs`) and site sync runs (`retrieval.site_sync.worker`) share this
loop: each task runs in one worker thread, one at a time; while it runs, a heartbeat thread
pushes the row's `lease_expires_at` forward every third of the lease, as long as the row's
`lease_owner` is still this process. When the process dies the renewals stop and the lease
lapses, which is how another process tells a dead task from a slow one. Every change a task
makes to its row is conditional on the lease (`update_held`), so a task taken over elsewhere
cannot overwrite the new owner's state.
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
from typing import Any

from sqlalchemy import update

from assistant.db import Database
from assistant.domain import IngestJob, SiteSyncRun
from assistant.domain.base import utcnow

log = logging.getLogger(__name__)


# The tables whose rows a process holds by lease: each has `id`, `lease_owner` and
# `lease_expires_at`.
LeasedRow = IngestJob | SiteSyncRun


def new_owner() -> str:
    """A lease owner naming this process: host, pid, and a random part for this holder."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def update_held(
    database: Database, table: type[LeasedRow], row_id: str, owner: str, **values: Any
) -> bool:
    """Change the row while `owner` holds it; False when it no longer does."""
    with database.transaction() as session:
        result = session.execute(
            update(table)
            .where(table.id == row_id, table.lease_owner == owner)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    return getattr(result, "rowcount", 0) == 1


class LeaseHolder:
    """Runs one process's leased tasks in a worker thread and keeps their leases alive."""

    def __init__(
        self, database: Database, table: type[LeasedRow], lease_s: float, name: str
    ) -> None:
        self.database = database
        self.table = table
        self.lease_s = lease_s
        self.name = name
        self.owner = new_owner()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._futures: dict[str, Future[None]] = {}
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._heartbeat: threading.Thread | None = None

    def lease_end(self) -> datetime:
        """When a lease taken or renewed now runs out."""
        return utcnow() + timedelta(seconds=self.lease_s)

    def update(self, row_id: str, **values: Any) -> bool:
        """Change a row this process holds; False when it no longer holds it."""
        return update_held(self.database, self.table, row_id, self.owner, **values)

    def start(self, row_id: str, run: Callable[[], None]) -> None:
        """Run `run` in the worker thread, renewing the lease on `row_id` until it returns."""
        with self._lock:
            self._held.add(row_id)
            if self._heartbeat is None:
                self._heartbeat = threading.Thread(
                    target=self._renew_leases, name=f"{self.name}-leases", daemon=True
                )
                self._heartbeat.start()
            self._futures[row_id] = self._executor.submit(self._run, row_id, run)

    def wait(self, row_id: str, timeout: float | None = None) -> None:
        """Block until a task started by this holder has finished (its exception re-raised)."""
        with self._lock:
            future = self._futures.get(row_id)
        if future is not None:
            future.result(timeout=timeout)

    def shutdown(self) -> None:
        """Finish the tasks started and stop the renewals."""
        self._executor.shutdown(wait=True)
        self._stopping.set()
        if self._heartbeat is not None:
            self._heartbeat.join()

    def _run(self, row_id: str, run: Callable[[], None]) -> None:
        try:
            run()
        finally:
            with self._lock:
                self._held.discard(row_id)

    def _renew_leases(self) -> None:
        table = self.table
        while not self._stopping.wait(self.lease_s / 3):
            with self._lock:
                held = list(self._held)
            if not held:
                continue
            try:
                with self.database.transaction() as session:
                    session.execute(
                        update(table)
                        .where(table.id.in_(held), table.lease_owner == self.owner)
                        .values(lease_expires_at=self.lease_end())
                        .execution_options(synchronize_session=False)
                    )
            except Exception:  # a database hiccup: the next beat tries again
                log.exception("renewing %s leases failed", self.name)
