"""`sync-site`: read the store's own site into its knowledge base now, with progress shown.

The sync is recorded as a run like one started from the API (trigger `cli`), so it waits for
no one and is refused while another sync of the store runs. Exit codes: 0 every page read
synced; 1 the sync could not start or failed (the message says why); 2 a bad setting;
3 the sync finished but some pages failed (they are listed; their old versions stay);
130 stopped with Ctrl+C (recorded `interrupted`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer
from rich.markup import escape

from assistant.cli.context import console, database, err_console, settings
from assistant.cli.ingest import knowledge
from assistant.errors import InvalidInputError

if TYPE_CHECKING:
    from assistant.domain import SiteSyncRun
    from retrieval.site_sync.sync import SyncReport

EXIT_PAGES_FAILED = 3
EXIT_INTERRUPTED = 130
LISTED = 10  # failures, removals and skipped pages printed per kind
SITEMAP_SUFFIXES = (".xml", ".xml.gz")


def split_urls(urls: list[str]) -> tuple[str | None, list[str]]:
    """`--url` values as (a sitemap, start URLs): a path ending in .xml or .xml.gz is a
    sitemap, anything else a page to crawl from.

    Raises:
        InvalidInputError: more than one sitemap, or a sitemap given with start URLs.
    """
    sitemaps = [url for url in urls if urlsplit(url).path.lower().endswith(SITEMAP_SUFFIXES)]
    starts = [url for url in urls if url not in sitemaps]
    if len(sitemaps) > 1 or (sitemaps and starts):
        raise InvalidInputError(
            "give one sitemap (a .xml or .xml.gz URL) or start pages to crawl from, not both"
        )
    return (sitemaps[0] if sitemaps else None), starts


def progress_line(report: SyncReport) -> str:
    """'12 pages read; so far 3 added, 1 changed, 7 unchanged, 1 failed · https://...'.

    Pages are indexed a few at a time, so the counts trail the pages read."""
    verb = "would be " if report.dry_run else ""
    line = (
        f"{report.seen} pages read; so far {report.added} {verb}added, {report.changed} "
        f"{verb}changed, {report.unchanged} unchanged, {report.failed} failed"
    )
    if report.current_url:
        line += f" · {report.current_url}"
    return escape(line)


def print_entries(title: str, entries: list[dict[str, str]], total: int) -> None:
    """A few `url: reason` lines under a title, and how many more there are."""
    if not total:
        return
    console.print(f"[bold]{title}[/bold] ({total})")
    for entry in entries[:LISTED]:
        console.print(f"  {escape(entry['url'])}: {escape(entry['reason'])}", soft_wrap=True)
    if total > LISTED:
        console.print(f"  ... and {total - LISTED} more (GET the run from the API for all)")


def print_run(run: SiteSyncRun) -> None:
    """The run's outcome: the counts, then failures, removals and skipped pages."""
    from retrieval.site_sync.sync import SyncReport

    report = SyncReport(
        seen=run.pages_seen,
        added=run.pages_added,
        changed=run.pages_changed,
        unchanged=run.pages_unchanged,
        removed=run.pages_removed,
        failed=run.pages_failed,
        skipped=run.pages_skipped,
        dry_run=run.dry_run,
    )
    style = {"succeeded": "green", "failed": "red"}.get(run.status, "yellow")
    kind = "Dry run" if run.dry_run else "Sync"
    console.print(
        f"{kind} {run.id}: [{style}]{run.status}[/{style}]. {report.summary()}", soft_wrap=True
    )
    print_entries("Failed (kept as they were)", list(run.failures), run.pages_failed)
    removed = "Would be removed" if run.dry_run else "Removed"
    print_entries(removed, list(run.removed), run.pages_removed)
    print_entries("Skipped", list(run.skipped), run.pages_skipped)


def sync_site(
    store: Annotated[str, typer.Argument(help="Store id.")],
    url: Annotated[
        list[str] | None,
        typer.Option(
            help="Repeatable: a sitemap (.xml, .xml.gz) or pages to crawl from, instead of the "
            "store's site_sync setting."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Say what would be added, changed and removed; write nothing.")
    ] = False,
    max_pages: Annotated[
        int | None, typer.Option(min=1, max=5_000, help="Most pages to read this time.")
    ] = None,
) -> None:
    """Sync the store's own site (sitemap or crawl, its hosts only, robots.txt respected).

    Exit codes: 0 synced; 1 could not sync; 2 bad setting; 3 some pages failed; 130 stopped.
    """
    from assistant.domain.store_settings import settings_of
    from assistant.stores import get_store
    from retrieval.site_sync.plan import plan_for
    from retrieval.site_sync.runs import get_run
    from retrieval.site_sync.worker import SiteSyncWorker

    current, db = settings(), database()
    sitemap_url, start_urls = split_urls(url or [])
    with db.session() as session:
        store_settings = settings_of(get_store(session, store))
    plan = plan_for(
        store_settings, sitemap_url=sitemap_url, start_urls=start_urls, max_pages=max_pages
    )
    leading = plan.sitemap_url or ", ".join(plan.start_urls)
    mode = "sitemap" if plan.sitemap_url else "crawl from"
    console.print(
        f"{'Dry run of' if dry_run else 'Syncing'} {escape(store)}: {mode} {escape(leading)} "
        f"(hosts {escape(', '.join(sorted(plan.hosts)))}, at most {plan.max_pages} pages)",
        soft_wrap=True,
    )
    worker = SiteSyncWorker(knowledge, db, current)
    interrupted = False
    with console.status("Starting...") as status:
        try:
            run_id = worker.start(
                store,
                plan,
                trigger="cli",
                dry_run=dry_run,
                progress=lambda report: status.update(progress_line(report)),
            )
            worker.wait(run_id)
        except KeyboardInterrupt:
            interrupted = True
            status.update("Stopping after the current page...")
        finally:
            worker.shutdown()
    if interrupted:
        err_console.print("[yellow]stopped:[/yellow] the sync was interrupted; run it again")
        raise typer.Exit(code=EXIT_INTERRUPTED)
    with db.session() as session:
        run = get_run(session, store, run_id)
        print_run(run)
        status_name, error, failed = run.status, run.error, run.pages_failed
    if status_name != "succeeded":
        err_console.print(f"[red]error:[/red] {escape(error or status_name)}")
        raise typer.Exit(code=1)
    if failed:
        raise typer.Exit(code=EXIT_PAGES_FAILED)


def register(app: typer.Typer) -> None:
    """Add `sync-site` to the root command."""
    app.command("sync-site")(sync_site)
