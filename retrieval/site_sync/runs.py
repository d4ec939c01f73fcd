"""Site sync runs in the database: claimed one at a time per store, leased while they run.

A run is claimed by a conditional update of the store's `site_sync_states` row (`active_run_id`
still empty, and for the schedule `next_run_at` passed), in the transaction that records the
run, so of several processes starting a sync at once exactly one does. The process running it
holds a lease, renewed as it goes; a run whose lease lapsed (its process died) is marked
`interrupted` and frees the store for the next one.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.db import Database
from assistant.domain import SiteSyncRun, SiteSyncState
from assistant.domain.base import new_public_id, utcnow
from assistant.errors import NotFoundError
from retrieval.leases import update_held
from retrieval.site_sync.sync import SyncReport

log = logging.getLogger(__name__)

LIVE = ("queued", "running")


class SiteSyncRunPublic(BaseModel):
    """A sync run as the merchant polls it: progress while it runs, counts and reasons after."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    store_id: str
    status: str
    trigger: str
    dry_run: bool
    options: dict[str, Any]
    started_at: datetime | None
    finished_at: datetime | None
    current_url: str | None
    pages_seen: int
    pages_added: int
    pages_changed: int
    pages_unchanged: int
    pages_removed: int
    pages_failed: int
    pages_skipped: int
    failures: list[dict[str, str]]
    skipped: list[dict[str, str]]
    removed: list[dict[str, str]]
    error: str | None
    created_at: datetime
    updated_at: datetime


def get_run(session: Session, store_id: str, run_id: str) -> SiteSyncRun:
    """The store's run, or NotFoundError (also for another store's run)."""
    run = session.get(SiteSyncRun, run_id)
    if run is None or run.store_id != store_id:
        raise NotFoundError(f"no site sync run {run_id!r} in this store")
    return run


def list_runs(session: Session, store_id: str, limit: int = 20) -> list[SiteSyncRun]:
    """The store's runs, newest first."""
    return list(
        session.scalars(
            select(SiteSyncRun)
            .where(SiteSyncRun.store_id == store_id)
            .order_by(SiteSyncRun.created_at.desc(), SiteSyncRun.id)
            .limit(limit)
        )
    )


def _ensure_state(database: Database, store_id: str) -> None:
    with database.session() as session:
        if session.get(SiteSyncState, store_id) is not None:
            return
    try:
        with database.transaction() as session:
            session.add(SiteSyncState(store_id=store_id))
    except IntegrityError:
        pass  # another process made it first


def claim_run(
    database: Database,
    store_id: str,
    *,
    trigger: str,
    options: dict[str, Any],
    owner: str,
    lease_s: float,
    interval_hours: float | None,
    due_only: bool = False,
    reschedule: bool = True,
    now: datetime | None = None,
) -> str | None:
    """Record a queued run if the store has none running (and, with `due_only`, its scheduled
    time has come); its id, or None when another run holds the store or it is not due.

    With `reschedule` the next scheduled run is set one interval from now (none without an
    interval); a dry run leaves it as it was."""
    now = now or utcnow()
    _ensure_state(database, store_id)
    conditions = [SiteSyncState.store_id == store_id, SiteSyncState.active_run_id.is_(None)]
    if due_only:
        conditions.append(
            or_(SiteSyncState.next_run_at.is_(None), SiteSyncState.next_run_at <= now)
        )
    run_id = new_public_id()
    next_run = now + timedelta(hours=interval_hours) if interval_hours else None
    with database.transaction() as session:
        claimed = session.execute(
            update(SiteSyncState)
            .where(*conditions)
            .values(active_run_id=run_id, **({"next_run_at": next_run} if reschedule else {}))
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            return None
        session.add(
            SiteSyncRun(
                id=run_id,
                store_id=store_id,
                status="queued",
                trigger=trigger,
                options=options,
                lease_owner=owner,
                lease_expires_at=now + timedelta(seconds=lease_s),
            )
        )
    return run_id


def reschedule_site_sync(session: Session, store_id: str) -> None:
    """The store's sync interval changed: its next scheduled run is due at the next poll (in
    `session`, so it happens with the change or not at all)."""
    session.execute(
        update(SiteSyncState)
        .where(SiteSyncState.store_id == store_id)
        .values(next_run_at=None)
        .execution_options(synchronize_session=False)
    )


def active_run_id(database: Database, store_id: str) -> str | None:
    """The run holding the store now, if any."""
    with database.session() as session:
        state = session.get(SiteSyncState, store_id)
        return state.active_run_id if state is not None else None


def update_run(database: Database, run_id: str, owner: str, **values: Any) -> bool:
    """Change a run while `owner` holds it; False when it no longer does."""
    return update_held(database, SiteSyncRun, run_id, owner, **values)


def report_values(report: SyncReport) -> dict[str, Any]:
    """The run's columns for a report."""
    counts = report.counts()
    return {
        "current_url": (report.current_url or "")[:500] or None,
        **{f"pages_{name}": value for name, value in counts.items()},
        "failures": list(report.failures),
        "skipped": list(report.skipped_pages),
        "removed": list(report.removed_pages),
    }


def finish_run(
    database: Database,
    run_id: str,
    owner: str,
    report: SyncReport,
    error: str | None = None,
    status: str | None = None,
) -> bool:
    """Record the outcome and free the store for the next run; False if the lease was lost.

    The status is `failed` with an error and `succeeded` without, unless given."""
    values = report_values(report)
    values.update(
        status=status or ("failed" if error else "succeeded"),
        error=error[:2000] if error else None,
        finished_at=utcnow(),
        current_url=None,
        lease_owner=None,
        lease_expires_at=None,
    )
    finished = update_run(database, run_id, owner, **values)
    _free_store(database, run_id)
    return finished


def _free_store(database: Database, run_id: str) -> None:
    with database.transaction() as session:
        session.execute(
            update(SiteSyncState)
            .where(SiteSyncState.active_run_id == run_id)
            .values(active_run_id=None)
            .execution_options(synchronize_session=False)
        )


def interrupt_expired_runs(database: Database, now: datetime | None = None) -> list[str]:
    """Mark queued and running runs whose lease ran out `interrupted`, freeing their stores."""
    now = now or utcnow()
    expired = (SiteSyncRun.status.in_(LIVE), SiteSyncRun.lease_expires_at < now)
    with database.session() as session:
        candidates = list(session.scalars(select(SiteSyncRun.id).where(*expired)))
    interrupted = []
    for run_id in candidates:
        with database.transaction() as session:
            result = session.execute(
                update(SiteSyncRun)
                .where(SiteSyncRun.id == run_id, *expired)
                .values(
                    status="interrupted",
                    lease_owner=None,
                    lease_expires_at=None,
                    finished_at=now,
                    error="the process running this sync stopped before it finished",
                )
                .execution_options(synchronize_session=False)
            )
        if getattr(result, "rowcount", 0) == 1:
            interrupted.append(run_id)
            _free_store(database, run_id)
    if interrupted:
        log.warning(
            "site sync runs interrupted (their process stopped): %s", ", ".join(interrupted)
        )
    return interrupted
