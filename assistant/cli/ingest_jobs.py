"""`ingest-jobs list|retry`: background ingestions, and running an interrupted one again."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from assistant.cli.context import console, database
from assistant.cli.ingest import knowledge, summary_line

ingest_jobs_app = typer.Typer(help="Background ingestion jobs.", no_args_is_help=True)
StatusChoice = Literal["queued", "running", "succeeded", "failed", "interrupted"]


@ingest_jobs_app.command("list")
def list_command(
    store: Annotated[str, typer.Option(help="Store id.")],
    status: Annotated[StatusChoice | None, typer.Option(help="Only jobs in this state.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Most jobs to show.")] = 50,
) -> None:
    """The store's jobs, newest first (jobs whose process died are shown `interrupted`)."""
    from rich.markup import escape
    from rich.table import Table

    from assistant.stores import get_store
    from retrieval.jobs import interrupt_expired, list_jobs

    db = database()
    interrupt_expired(db)
    table = Table(title=f"Ingest jobs of {escape(store)}")
    table.add_column("Job", no_wrap=True)  # an id is copied whole into `retry`
    table.add_column("Status", no_wrap=True)
    for column in ("Passages", "Attempts", "Updated"):
        table.add_column(column)
    with db.session() as session:
        get_store(session, store)
        for job in list_jobs(session, store, status, limit):
            table.add_row(
                job.id,
                job.status,
                f"{job.done}/{job.total}",
                str(job.attempts),
                job.updated_at.strftime("%Y-%m-%d %H:%M"),
            )
    console.print(table)


@ingest_jobs_app.command("retry")
def retry_command(
    job_id: Annotated[str, typer.Argument(help="The job's id.")],
    store: Annotated[str, typer.Option(help="Store id.")],
) -> None:
    """Run an interrupted or failed job again here, from the files kept with it."""
    from retrieval.ingest import IngestOutcome
    from retrieval.jobs import IngestJobs, get_job, interrupt_expired

    db = database()
    interrupt_expired(db)
    jobs = IngestJobs(knowledge())
    try:
        jobs.retry(store, job_id)
        jobs.wait(job_id)
    finally:
        jobs.shutdown()
    with db.session() as session:
        job = get_job(session, store, job_id)
        status, files = job.status, list(job.result.get("files", []))
    outcomes = [
        IngestOutcome(f["source"], f["status"], f["doc_type"], passages=f["passages"])
        for f in files
    ]
    console.print(f"Job {job_id}: [bold]{status}[/bold]. {summary_line(outcomes)}")
    if status != "succeeded":
        raise typer.Exit(code=1)
