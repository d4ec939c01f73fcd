"""`webhooks deliver`: send the due webhook deliveries once (what the API's job does on a timer)."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.context import console, database, settings

webhooks_app = typer.Typer(help="Outgoing webhooks to merchants.", no_args_is_help=True)


@webhooks_app.command("deliver")
def deliver(
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Most deliveries to try.")] = 500,
) -> None:
    """Send the deliveries that are due now and print what became of them."""
    from assistant.webhooks import deliver_due

    report = deliver_due(database(), settings(), limit=limit)
    console.print(
        f"Webhooks: {report.delivered} delivered, {report.retried} to retry, "
        f"{report.failed} failed."
    )
