"""`stores create` and `keys create`."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.context import console, database
from assistant.security import SCOPES

stores_app = typer.Typer(help="Manage stores.", no_args_is_help=True)
keys_app = typer.Typer(help="Manage merchant API keys.", no_args_is_help=True)


@stores_app.command("create")
def stores_create(
    store_id: Annotated[str, typer.Argument(help="Lowercase slug, e.g. 'acme'.")],
    name: Annotated[str, typer.Option(help="Display name.")],
    currency: Annotated[str, typer.Option(help="ISO 4217 code.")] = "USD",
    timezone: Annotated[str, typer.Option(help="IANA time zone for business hours.")] = "UTC",
    with_key: Annotated[bool, typer.Option(help="Also create an admin API key.")] = True,
) -> None:
    """Create a store (and, by default, its first admin key)."""
    from assistant.stores import create_api_key, create_store

    with database().transaction() as session:
        store = create_store(session, store_id, name, currency=currency, timezone=timezone)
        secret = None
        if with_key:
            _key, secret = create_api_key(session, store.id, "initial admin key", ["admin"])
    console.print(f"[green]Store created:[/green] {store_id} ({name}, {currency})")
    if secret:
        _show_secret(secret, ["admin"])


@keys_app.command("create")
def keys_create(
    store: Annotated[str, typer.Option(help="Store id.")],
    scope: Annotated[list[str], typer.Option(help=f"Repeatable; one of {list(SCOPES)}.")],
    name: Annotated[str, typer.Option(help="A label for the key.")] = "cli key",
) -> None:
    """Create an API key; the secret is printed once and never stored."""
    from assistant.stores import create_api_key

    with database().transaction() as session:
        _key, secret = create_api_key(session, store, name, scope)
    _show_secret(secret, scope)


def _show_secret(secret: str, scopes: list[str]) -> None:
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_row("API key", f"[bold]{secret}[/bold]")
    table.add_row("Scopes", ", ".join(scopes))
    console.print(table)
    console.print("[yellow]Store it now: it will not be shown again.[/yellow]")
