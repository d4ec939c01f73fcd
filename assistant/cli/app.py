"""Entry point: the root command and the foundation subcommands."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant import __version__
from assistant.cli import bench_understanding  # noqa: F401 (adds `bench understanding`)
from assistant.cli import chat as chat_commands
from assistant.cli import ingest as ingest_commands
from assistant.cli import ingest_jobs as ingest_jobs_commands
from assistant.cli import payments as payments_commands
from assistant.cli import site_sync as site_sync_commands
from assistant.cli import stores as stores_commands
from assistant.cli import webhooks as webhooks_commands
from assistant.cli.context import console, database, err_console, settings
from assistant.cli.evals import eval_app
from assistant.errors import ConfigurationError, SalesAssistantError

# Commands import what they need when they run: `--help` loads none of the service.

app = typer.Typer(
    name="sales-assistant",
    help="A self-hostable sales assistant for online shops.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(stores_commands.stores_app, name="stores")
app.add_typer(stores_commands.keys_app, name="keys")
ingest_commands.register(app)
chat_commands.register(app)
app.add_typer(eval_app, name="eval")
app.add_typer(webhooks_commands.webhooks_app, name="webhooks")
app.add_typer(ingest_jobs_commands.ingest_jobs_app, name="ingest-jobs")
app.add_typer(payments_commands.payments_app, name="payments")
site_sync_commands.register(app)


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


@app.command()
def init() -> None:
    """Create the data directory and the database, and run migrations."""
    current = settings()
    database()
    console.print(f"[green]Database ready[/green] at {current.resolved_database_url}")
    console.print(f"Data directory: {current.data_dir.resolve()}")


@app.command("load-demo")
def load_demo() -> None:
    """Load (or refresh) the demo store; running it twice duplicates nothing."""
    from assistant.demo import DEMO_STORE_ID, load_demo_documents, load_demo_tables

    db = database()
    with console.status("Loading the demo store..."), db.transaction() as session:
        result = load_demo_tables(session)
    verb = "created" if result.created_store else "refreshed"
    changes = result.catalog
    console.print(
        f"[green]Demo store {verb}[/green] (id [bold]{DEMO_STORE_ID}[/bold]): "
        f"{changes.products_added} products added, {changes.products_updated} updated, "
        f"{changes.variants_added + changes.variants_updated} variants."
    )
    with console.status("Indexing the demo documents..."):
        outcomes = load_demo_documents(ingest_commands.knowledge())
    console.print(f"[green]Knowledge base:[/green] {ingest_commands.summary_line(outcomes)}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
) -> None:
    """Serve the API (and the web pages) with uvicorn."""
    import uvicorn

    from assistant.serving import check_workers, uvicorn_limits
    from retrieval.jobs import interrupt_expired
    from retrieval.site_sync.runs import interrupt_expired_runs

    current = settings()
    processes = workers or current.workers
    check_workers(current, processes)
    interrupt_expired(database())
    interrupt_expired_runs(database())
    uvicorn.run(
        "assistant.api.app:app_factory",
        factory=True,
        host=host or current.host,
        port=port or current.port,
        workers=processes,
        log_level=current.log_level.lower(),
        **uvicorn_limits(current),
    )


# The demo prints a fresh agent key for the console on every start, revoking the previous one.
DEMO_AGENT_KEY = "demo console"


@app.command()
def demo(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Initialise, load the demo store and serve it; prints the URLs to open."""
    from assistant.demo import DEMO_STORE_ID
    from assistant.stores import replace_named_key

    init()
    load_demo()
    current = settings()
    with database().transaction() as session:
        _, agent_secret = replace_named_key(session, DEMO_STORE_ID, DEMO_AGENT_KEY, ["agent"])
    base = f"http://{host or current.host}:{port or current.port}"
    console.print("\n[bold]Open:[/bold]")
    console.print(f"  Storefront    {base}/store/{DEMO_STORE_ID}")
    console.print(f"  Console       {base}/console  (store {DEMO_STORE_ID})")
    console.print(f"  Agent key     {agent_secret}", soft_wrap=True)
    console.print(f"  API docs      {base}/docs")
    console.print(f"  Health        {base}/healthz")
    console.print("Press Ctrl+C to stop.\n")
    serve(host=host, port=port, workers=1)


def main() -> None:
    """Console-script entry: domain errors become one readable line and a non-zero exit."""
    try:
        app()
    except ConfigurationError as exc:
        err_console.print(f"[red]error:[/red] {exc.message}")
        sys.exit(2)
    except SalesAssistantError as exc:
        err_console.print(f"[red]error:[/red] {exc.message}")
        sys.exit(1)


if __name__ == "__main__":
    main()
