"""Merchant endpoints for syncing the store's own site into its knowledge base: start a sync or
a dry run (in the background, one at a time per store), list the runs, follow one. What is read
and how often is the store setting `site_sync` (`PATCH /settings`). Every endpoint needs an
admin key of the path's store."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, Field

from assistant.api.deps import AdminOfStore, DatabaseDep, SiteSyncDep
from assistant.domain import SiteSyncState
from assistant.domain.store_settings import SiteSyncSettings, settings_of
from assistant.stores import get_store
from retrieval.site_sync.plan import plan_for
from retrieval.site_sync.runs import SiteSyncRunPublic, get_run, list_runs

router = APIRouter(prefix="/v1/stores/{store_id}/site-sync", tags=["site sync"])
RunPath = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9a-f]+$")]


class SiteSyncStart(BaseModel):
    """What to sync now; left out, the store's `site_sync` setting decides."""

    dry_run: bool = Field(
        default=False,
        description="Only say what would be added, changed and removed; nothing is written and "
        "the schedule is left as it was.",
    )
    sitemap_url: str | None = Field(
        default=None,
        max_length=500,
        description="A sitemap to read instead of the stored one.",
        examples=["https://shop.example/sitemap.xml"],
    )
    start_urls: list[Annotated[str, Field(max_length=500)]] = Field(
        default_factory=list,
        max_length=20,
        description="Pages to crawl from instead of the stored ones (when no sitemap is given).",
    )
    max_pages: int | None = Field(
        default=None, ge=1, le=5_000, description="Most pages to read; null: the stored limit."
    )


class SiteSyncStatus(BaseModel):
    """The store's site sync: its setting, the run in progress and the next scheduled run."""

    settings: SiteSyncSettings | None = Field(
        description="The store's `site_sync` setting; null: site sync is not set up."
    )
    active_run_id: str | None = Field(description="The run in progress, if any.")
    next_run_at: datetime | None = Field(
        description="When the schedule starts the next sync (null: at the next poll when a "
        "schedule is set, never without one)."
    )


class SiteSyncAccepted(BaseModel):
    """A sync started in the background; poll `run` at `poll_url`."""

    run: SiteSyncRunPublic
    poll_url: str


@router.get("", summary="Read the store's site sync state")
def site_sync_status(store_id: str, _key: AdminOfStore, database: DatabaseDep) -> SiteSyncStatus:
    """The `site_sync` setting, the run holding the store now, and the next scheduled time."""
    with database.session() as session:
        store = get_store(session, store_id)
        state = session.get(SiteSyncState, store_id)
        return SiteSyncStatus(
            settings=settings_of(store).site_sync,
            active_run_id=state.active_run_id if state else None,
            next_run_at=state.next_run_at if state else None,
        )


@router.post(
    "/runs",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start a site sync or a dry run",
    responses={
        409: {"description": "A sync of this store is already running."},
        422: {"description": "Nothing to sync, or a URL that is not on the store's hosts."},
    },
)
def start_site_sync(
    store_id: str,
    body: SiteSyncStart,
    response: Response,
    _key: AdminOfStore,
    database: DatabaseDep,
    worker: SiteSyncDep,
) -> SiteSyncAccepted:
    """Start reading the store's site in the background (202 with the run to poll).

    Pages come from the sitemap or start URLs (the body's, else the stored setting), only from
    the store's hosts, as robots.txt allows. Changed pages replace their old version
    atomically; pages gone from the site are removed. With `dry_run` nothing is written.
    """
    with database.session() as session:
        store_settings = settings_of(get_store(session, store_id))
    plan = plan_for(
        store_settings,
        sitemap_url=body.sitemap_url,
        start_urls=body.start_urls,
        max_pages=body.max_pages,
    )
    run_id = worker.start(store_id, plan, dry_run=body.dry_run)
    poll_url = f"/v1/stores/{store_id}/site-sync/runs/{run_id}"
    response.headers["Location"] = poll_url
    with database.session() as session:
        run = SiteSyncRunPublic.model_validate(get_run(session, store_id, run_id))
    return SiteSyncAccepted(run=run, poll_url=poll_url)


@router.get("/runs", summary="List the store's site sync runs")
def site_sync_runs(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[SiteSyncRunPublic]:
    """The runs, newest first, with their progress, counts and the reasons pages failed."""
    with database.session() as session:
        get_store(session, store_id)
        return [
            SiteSyncRunPublic.model_validate(run) for run in list_runs(session, store_id, limit)
        ]


@router.get("/runs/{run_id}", summary="Read one site sync run")
def site_sync_run(
    store_id: str, run_id: RunPath, _key: AdminOfStore, database: DatabaseDep
) -> SiteSyncRunPublic:
    """One run: `current_url` and the counts while it runs, the outcome after."""
    with database.session() as session:
        return SiteSyncRunPublic.model_validate(get_run(session, store_id, run_id))
